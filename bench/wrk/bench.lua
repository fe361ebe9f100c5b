-- wrk script of `make bench` (bench/run.py).
--   wrk ... -s bench.lua URL              GET URL (headers from -H), report as JSON
--   wrk ... -s bench.lua URL -- PLAN      one request per line of PLAN, in turn:
--                                         "METHOD PATH COOKIE CSRF-TOKEN" (htmx-like)
-- done() prints one JSON line: requests, duration, p50/p95 latency, errors.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("number", counter)
  table.insert(threads, thread)
end

local plan = {}
local position = 0

function init(args)
  if args[1] then
    for line in io.lines(args[1]) do
      local method, path, cookie, token = line:match("^(%S+) (%S+) (%S+) ?(%S*)$")
      plan[#plan + 1] = { method = method, path = path, cookie = cookie, token = token }
    end
    -- Each thread starts at its own place in the plan.
    position = ((wrk.thread:get("number") or 1) - 1) * 7919 % #plan
  end
end

function request()
  if #plan == 0 then
    return wrk.request()
  end
  position = position % #plan + 1
  local step = plan[position]
  local headers = { Cookie = step.cookie:gsub("|", "; "), ["HX-Request"] = "true" }
  if step.token ~= "" then
    headers["X-CSRFToken"] = step.token
  end
  return wrk.format(step.method, step.path, headers)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"socket_errors": %d, "http_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
