-- GET of one fixed path (the first script argument), e.g. a list page.
local path = "/"
init = function(args)
  path = args[1] or path
end
request = function()
  return wrk.format("GET", path)
end
