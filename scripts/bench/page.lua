-- wrk reporter for one page: requests/s, the 95th-percentile latency and non-2xx answers, as JSON.
local bad = 0
function response(status, headers, body)
  if status >= 300 then bad = bad + 1 end
end
function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests": %d, "rps": %.1f, "p95_ms": %.1f, "errors": %d, "non_2xx_sampled": %d}\n',
    summary.requests, summary.requests / seconds, latency:percentile(95) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
      + summary.errors.timeout, bad))
end
