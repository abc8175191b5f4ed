-- wrk: the final submitting request of survey journeys already started (one per secret, each
-- used once; the secrets file is split between wrk's threads). Counts the submissions the
-- server acknowledged (a redirect to the thank-you page).
local secrets_file = os.getenv("BENCH_SECRETS")
local csrf = "benchbenchbenchbenchbenchbench12"
local host = os.getenv("BENCH_HOST")
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  secrets = {}
  local i = 0
  for line in io.lines(secrets_file) do
    if line ~= "" then
      if i % counter_total() == id then table.insert(secrets, line) end
      i = i + 1
    end
  end
  next_index = 1
  acknowledged = 0
  refused = 0
end

function counter_total()
  return tonumber(os.getenv("BENCH_THREADS"))
end

function request()
  local secret = secrets[next_index]
  if secret == nil then
    -- Out of journeys: ask for the thank-you page, which the counts leave out.
    return wrk.format("GET", "/survey/thank-you/", {["X-Forwarded-Proto"] = "https", ["Connection"] = "close"})
  end
  next_index = next_index + 1
  return wrk.format("POST", "/survey/check/", {
    ["Cookie"] = "ccpl_survey_journey=" .. secret .. "; csrftoken=" .. csrf,
    ["X-CSRFToken"] = csrf,
    ["Origin"] = "https://" .. host,
    ["Referer"] = "https://" .. host .. "/survey/check/",
    ["X-Forwarded-Proto"] = "https",
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Connection"] = "close",
  }, "")
end

function response(status, headers, body)
  if status == 302 and headers["Location"] and string.find(headers["Location"], "thank%-you") then
    acknowledged = acknowledged + 1
  elseif status ~= 200 then
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  local ack, ref, sent = 0, 0, 0
  for _, thread in ipairs(threads) do
    ack = ack + thread:get("acknowledged")
    ref = ref + thread:get("refused")
    sent = sent + thread:get("next_index") - 1
  end
  io.write(string.format(
    '{"requests": %d, "sent": %d, "acknowledged": %d, "refused": %d, "timeouts": %d, '
      .. '"seconds": %.1f, "p95_ms": %.1f}\n',
    summary.requests, sent, ack, ref, summary.errors.timeout, summary.duration / 1e6,
    latency:percentile(95) / 1000))
end
