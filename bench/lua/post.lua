-- POST /books with a new book each time.
local counter = 0
local thread_tag = tostring(math.random(1, 1e9))
init = function(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
  thread_tag = tostring(math.random(1, 1e9))
end
request = function()
  counter = counter + 1
  local body = '{"title":"Bench ' .. thread_tag .. '-' .. counter .. '","author":"wrk","year":2000}'
  return wrk.format("POST", "/books", {["Content-Type"] = "application/json"}, body)
end
