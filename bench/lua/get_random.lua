-- GET /books/{id} over random ids from 1 to the seeded count (first script argument).
local max_id = 1000
init = function(args)
  max_id = tonumber(args[1]) or max_id
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end
request = function()
  return wrk.format("GET", "/books/" .. math.random(1, max_id))
end
