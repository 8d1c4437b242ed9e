-- mixed.lua - what an office does at once, for the soak: of every 20 requests, 9 read one party
-- (a random id), 3 page the party list (random search letter), 2 read the trial balance (a random
-- period, so no cached answer carries it), 2 read the day book of a random day, 3 create a party
-- and 1 posts a journal voucher (cash against an expense ledger, random amount).
-- Environment: BENCH_TOKEN, BENCH_CID (1), BENCH_MAX_ID (parties to read), BENCH_CASH and
-- BENCH_EXPENSE (ledger ids), BENCH_DATE (the vouchers' date, YYYY-MM-DD), BENCH_FROM (the first
-- day of the books). done() prints one line starting with BENCH_MIXED: answers by class.
local token = os.getenv("BENCH_TOKEN") or error("BENCH_TOKEN is not set")
local cid = tonumber(os.getenv("BENCH_CID") or "1")
local max_id = tonumber(os.getenv("BENCH_MAX_ID") or "1000")
local cash = os.getenv("BENCH_CASH") or error("BENCH_CASH is not set")
local expense = os.getenv("BENCH_EXPENSE") or error("BENCH_EXPENSE is not set")
local vdate = os.getenv("BENCH_DATE") or error("BENCH_DATE is not set")
local from = os.getenv("BENCH_FROM") or vdate
local base = "/api/v1/companies/" .. cid
local get_h = {["Authorization"] = "Bearer " .. token}
local post_h = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}

local threads = {}
function setup(thread)
	table.insert(threads, thread)
	thread:set("tid", #threads)
end

ok2, c4, c5, n = 0, 0, 0, 0
sample5 = ""

function init(args)
	math.randomseed(tid * 7919)
end

local function day(k) -- a day of April-September of the books' first year
	local y, m = from:sub(1, 4), 4 + k % 6
	return string.format("%s-%02d-%02d", y, m, 1 + k % 28)
end

function request()
	n = n + 1
	local k = math.random(0, 19)
	if k < 9 then
		return wrk.format("GET", base .. "/parties/" .. math.random(1, max_id), get_h)
	elseif k < 12 then
		return wrk.format("GET", base .. "/parties?limit=50&q=" .. string.char(97 + math.random(0, 25)), get_h)
	elseif k < 14 then
		return wrk.format("GET", base .. "/reports/trial-balance?from=" .. from .. "&to=" .. day(math.random(0, 400)), get_h)
	elseif k < 16 then
		local d = day(math.random(0, 400))
		return wrk.format("GET", base .. "/reports/day-book?from=" .. d .. "&to=" .. d, get_h)
	elseif k < 19 then
		return wrk.format("POST", base .. "/parties", post_h,
			string.format('{"name":"Soak Party %d-%d-%d","kind":"customer"}', tid, n, math.random(0, 1e9)))
	end
	local amt = string.format("%d.%02d", math.random(1, 50000), math.random(0, 99))
	return wrk.format("POST", base .. "/vouchers", post_h, string.format(
		'{"type":"journal","date":"%s","narration":"soak","lines":[{"ledger_id":%s,"debit":"%s"},{"ledger_id":%s,"credit":"%s"}]}',
		vdate, expense, amt, cash, amt))
end

function response(status, headers, body)
	if status >= 500 then
		c5 = c5 + 1
		if sample5 == "" then sample5 = status .. " " .. (body or ""):sub(1, 200) end
	elseif status >= 400 then
		c4 = c4 + 1
	else
		ok2 = ok2 + 1
	end
end

function done(summary, latency, requests)
	local o, f, v, s = 0, 0, 0, ""
	for _, t in ipairs(threads) do
		o = o + t:get("ok2")
		f = f + t:get("c4")
		v = v + t:get("c5")
		if s == "" then s = t:get("sample5") end
	end
	local e = summary.errors
	io.write(string.format(
		"BENCH_MIXED requests=%d secs=%.1f rps=%.0f ok=%d c4xx=%d c5xx=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d sock_errors=%d connect=%d read=%d write=%d timeout=%d\n",
		summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), o, f, v,
		latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
		e.connect + e.read + e.write + e.timeout, e.connect, e.read, e.write, e.timeout))
	if s ~= "" then io.write("BENCH_MIXED_SAMPLE " .. s:gsub("\n", " ") .. "\n") end
end
