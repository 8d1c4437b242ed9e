-- get.lua - authenticated GETs. BENCH_TOKEN (API token), BENCH_PATH (a fixed path, e.g. the list)
-- or BENCH_MAX_ID (one party at a random id 1..BENCH_MAX_ID of company BENCH_CID, default 1).
-- done() prints one machine-readable line starting with BENCH_GET.
local token = os.getenv("BENCH_TOKEN") or error("BENCH_TOKEN is not set")
local fixed = os.getenv("BENCH_PATH")
local max_id = tonumber(os.getenv("BENCH_MAX_ID") or "0")
local cid = tonumber(os.getenv("BENCH_CID") or "1")
local hdr = {["Authorization"] = "Bearer " .. token}

wrk.headers["Authorization"] = hdr["Authorization"]
if fixed then wrk.path = fixed end

local seeds = 0
function setup(thread)
	seeds = seeds + 1
	thread:set("seed", seeds * 7919)
end

function init(args)
	math.randomseed(seed or 1)
end

if not fixed then
	local prefix = "/api/v1/companies/" .. cid .. "/parties/"
	function request()
		return wrk.format("GET", prefix .. math.random(1, max_id), hdr)
	end
end

function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format(
		"BENCH_GET requests=%d secs=%.3f rps=%.0f p50_us=%d p99_us=%d max_us=%d bad_status=%d sock_errors=%d\n",
		summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
		latency:percentile(50), latency:percentile(99), latency.max, e.status,
		e.connect + e.read + e.write + e.timeout))
end
