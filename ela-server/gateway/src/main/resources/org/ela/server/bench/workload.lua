-- wrk script of `ela proxy-bench`: wrk ... -s workload.lua -- KIND PATH
--   get    GET PATH<n>, n cycling over the 1,000 seeded ids
--   search POST PATH, a match on one of 50 words, 10 hits
--   bulk   POST PATH, 100 index actions of ~1 KB documents; each thread rewrites its own 2,000 ids
-- Requests are built once per thread, so that wrk spends the same little CPU on every target.
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  local kind, path = args[1], args[2]
  reqs = {}
  local json = { ["Content-Type"] = "application/json" }
  if kind == "get" then
    for i = 0, 999 do reqs[#reqs + 1] = wrk.format("GET", path .. i) end
  elseif kind == "search" then
    for i = 0, 49 do
      reqs[#reqs + 1] = wrk.format("POST", path, json,
        '{"query":{"match":{"msg":"word' .. i .. '"}},"size":10}')
    end
  elseif kind == "bulk" then
    local pad = string.rep("x", 960)
    for b = 0, 19 do
      local lines = {}
      for d = 0, 99 do
        lines[#lines + 1] = '{"index":{"_id":"b' .. ((tid * 20 + b) * 100 + d) .. '"}}'
        lines[#lines + 1] = '{"msg":"word' .. (d % 50) .. ' bulk","n":' .. d .. ',"pad":"' .. pad .. '"}'
      end
      reqs[#reqs + 1] = wrk.format("POST", path, { ["Content-Type"] = "application/x-ndjson" },
        table.concat(lines, "\n") .. "\n")
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
