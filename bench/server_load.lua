-- wrk script for bench/run_server: cycles through the benchmark queries (one request
-- target per line of the file named by $DATELINE_TARGETS), each connection starting at
-- its own place, and prints one RESULT line with the rate, p50/p99 and every error kind.
local targets = {}
for line in io.lines(os.getenv("DATELINE_TARGETS")) do targets[#targets + 1] = line end

local counter = 0
setup = function(thread)
  thread:set("offset", counter * 997)
  counter = counter + 1
end

local i = 0
init = function(args) i = offset or 0 end

request = function()
  i = i + 1
  return wrk.format("GET", targets[(i % #targets) + 1])
end

done = function(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format(
    "RESULT engine=server requests=%d rate=%.1f p50_us=%.1f p99_us=%.1f errors=%d " ..
    "connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.requests / seconds, latency:percentile(50),
    latency:percentile(99), errors, e.connect, e.read, e.write, e.status, e.timeout))
end
