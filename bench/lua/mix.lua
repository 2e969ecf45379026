-- 90% GET /books/{id} over random ids, 10% POST /books.
local max_id = 1000
local counter = 0
local thread_tag = "0"
init = function(args)
  max_id = tonumber(args[1]) or max_id
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
  thread_tag = tostring(math.random(1, 1e9))
end
request = function()
  if math.random() < 0.9 then
    return wrk.format("GET", "/books/" .. math.random(1, max_id))
  end
  counter = counter + 1
  local body = '{"title":"Mix ' .. thread_tag .. '-' .. counter .. '","author":"wrk","year":2001}'
  return wrk.format("POST", "/books", {["Content-Type"] = "application/json"}, body)
end
