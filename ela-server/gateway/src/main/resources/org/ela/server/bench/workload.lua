-- wrk script of `ela proxy-bench`: wrk ... -s workload.lua -- KIND PATH
--   get    GET PATH<n>, n cycling over the 1,000 seeded ids
--   search POST PATH, a match on one of 50 words, 10 hits
--   bulk   POST PATH, 100 index actions of ~1 KB documents; each thread rewrites its own 2,000 ids
--   mixed  PATH is the index (/bench): of every 20 requests, 14 GETs, 5 searches and 1 bulk (typed 5.x paths)
-- Requests are built once per thread, so that wrk spends the same little CPU on every target.
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function gets(path, n)
  for i = 0, n - 1 do reqs[#reqs + 1] = wrk.format("GET", path .. i) end
end

function searches(path, n)
  for i = 0, n - 1 do
    reqs[#reqs + 1] = wrk.format("POST", path, { ["Content-Type"] = "application/json" },
      '{"query":{"match":{"msg":"word' .. i .. '"}},"size":10}')
  end
end

function bulks(path, n)
  local pad = string.rep("x", 960)
  for b = 0, n - 1 do
    local lines = {}
    for d = 0, 99 do
      lines[#lines + 1] = '{"index":{"_id":"b' .. ((tid * n + b) * 100 + d) .. '"}}'
      lines[#lines + 1] = '{"msg":"word' .. (d % 50) .. ' bulk","n":' .. d .. ',"pad":"' .. pad .. '"}'
    end
    reqs[#reqs + 1] = wrk.format("POST", path, { ["Content-Type"] = "application/x-ndjson" },
      table.concat(lines, "\n") .. "\n")
  end
end

function init(args)
  local kind, path = args[1], args[2]
  reqs = {}
  if kind == "get" then
    gets(path, 1000)
  elseif kind == "search" then
    searches(path, 50)
  elseif kind == "bulk" then
    bulks(path, 20)
  elseif kind == "mixed" then
    local g, s, b = {}, {}, {}
    reqs = g; gets(path .. "/doc/", 1000)
    reqs = s; searches(path .. "/_search", 50)
    reqs = b; bulks(path .. "/doc/_bulk", 20)
    reqs = {}
    for i = 0, 999 do
      local slot = i % 20
      if slot < 14 then reqs[#reqs + 1] = g[i % #g + 1]
      elseif slot < 19 then reqs[#reqs + 1] = s[i % #s + 1]
      else reqs[#reqs + 1] = b[math.floor(i / 20) % #b + 1] end
    end
  else
    error("unknown workload " .. tostring(kind))
  end
  cursor = (tid or 0) * 7
end

function request()
  cursor = cursor % #reqs + 1
  return reqs[cursor]
end

-- one machine-readable line: requests, microseconds, p50 and p99 in microseconds, non-2xx/3xx, socket errors
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("ELA-WRK %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
