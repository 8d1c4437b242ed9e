-- post.lua - durable creates: POST /api/v1/companies/{cid}/parties with a unique, valid body per
-- request (unique name, phone and, on every other request, a GSTIN with a correct check
-- character and its PAN), counting what the server answered.
--
-- Environment: BENCH_TOKEN (API token), BENCH_CID (company, default 1), BENCH_TAG (0-9, keeps runs
-- against one data directory apart), BENCH_QUOTA (total creates, 0 = until -d ends).
--
-- With a quota (run it with -t 1): the first request carries an Idempotency-Key; once the quota is
-- sent, connections that come free replay that first request (the server answers the stored
-- result and creates nothing), and when the last created answer is in, the thread stops and wakes
-- wrk's main thread (SIGINT), so exactly BENCH_QUOTA parties are created and the rate is measured
-- over the creates only. done() prints one machine-readable line starting with BENCH_POST.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk, bench_timespec *ts);
int kill(int pid, int sig);
int getpid(void);
]]

local function now()
	local ts = ffi.new("bench_timespec")
	ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
	return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end

local token = os.getenv("BENCH_TOKEN") or error("BENCH_TOKEN is not set")
local cid = tonumber(os.getenv("BENCH_CID") or "1")
local tag = tonumber(os.getenv("BENCH_TAG") or "0") % 10
local quota = tonumber(os.getenv("BENCH_QUOTA") or "0")
local path = "/api/v1/companies/" .. cid .. "/parties"

-- main state: remember the threads so done() can read their counters
local threads = {}
function setup(thread)
	table.insert(threads, thread)
	thread:set("tid", #threads)
end

local letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
local states = {"27", "29", "07", "09", "24", "33", "19", "36", "32", "06"}
local holder = {"C", "F", "P", "H", "T"}

local function base36(c)
	local b = c:byte()
	if b >= 48 and b <= 57 then return b - 48 end
	return b - 55
end

-- the GSTIN check character (src/lib/india.c india_gstin_check_char)
local function check_char(s14)
	local sum = 0
	for i = 1, 14 do
		local p = base36(s14:sub(i, i)) * ((i - 1) % 2 == 1 and 2 or 1)
		sum = sum + math.floor(p / 36) + p % 36
	end
	sum = (36 - sum % 36) % 36
	return sum < 10 and string.char(48 + sum) or string.char(55 + sum)
end

local function letter(k) return letters:sub(k % 26 + 1, k % 26 + 1) end

-- a unique PAN for u < 4.5e9: four letters carry u / 10000, the digits carry u % 10000
local function pan_for(u)
	local hi = math.floor(u / 10000)
	return letter(hi) .. letter(math.floor(hi / 26)) .. letter(math.floor(hi / 676)) ..
		holder[u % #holder + 1] .. letter(math.floor(hi / 17576)) ..
		string.format("%04d", u % 10000) .. letter(u * 7)
end

local function gstin_for(u)
	local s14 = states[u % #states + 1] .. pan_for(u) .. "1Z"
	return s14 .. check_char(s14)
end

local names = {"Sharma Traders", "शर्मा ट्रेडर्स", "Patel & Sons", "Iyer Textiles", "गुप्ता किराना",
	"Reddy Agro", "Khan Hardware", "Das Electricals"}

local function body(n)
	local u = tag * 100000000 + tid * 10000000 + n -- unique within one data directory
	local b = string.format(
		'{"kind":"%s","name":"%s %d","phone":"9%d%d%07d","email":"p%d@example.in",' ..
		'"billing_address":"%d, MG Road, Pune 411001","credit_limit":"125000.00","payment_terms_days":30',
		n % 3 == 0 and "vendor" or "customer", names[n % #names + 1], u, tag, tid, n, u, n % 500 + 1)
	if n % 2 == 0 then
		b = b .. ',"gstin":"' .. gstin_for(u) .. '"'
	end
	return b .. "}"
end

-- thread state; globals, so that done() can read them with thread:get()
sent, created, other, replays = 0, 0, 0, 0
first_t, last_t = 0, 0
sample = ""
local first_req = nil
local finished = false

function request()
	if quota == 0 or sent < quota then
		sent = sent + 1
		if sent == 1 then first_t = now() end
		local h = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}
		if quota > 0 and sent == 1 then
			h["Idempotency-Key"] = string.format("bench-%d-%d", tag, tid)
			first_req = wrk.format("POST", path, h, body(sent))
			return first_req
		end
		return wrk.format("POST", path, h, body(sent))
	end
	return first_req
end

function response(status, headers, b)
	if headers["Idempotent-Replayed"] then
		replays = replays + 1
		return
	end
	if status == 201 then
		created = created + 1
		last_t = now()
	else
		other = other + 1
		if sample == "" then sample = status .. " " .. (b or ""):sub(1, 200) end
	end
	if quota > 0 and not finished and created + other >= quota then
		finished = true
		wrk.thread:stop()
		ffi.C.kill(ffi.C.getpid(), 2) -- SIGINT: wrk's main thread stops sleeping out -d
	end
end

function done(summary, latency, requests)
	local c, o, r, t0, t1, smp = 0, 0, 0, math.huge, 0, ""
	for _, t in ipairs(threads) do
		c = c + t:get("created")
		o = o + t:get("other")
		r = r + t:get("replays")
		local f, l = t:get("first_t"), t:get("last_t")
		if f > 0 and f < t0 then t0 = f end
		if l > t1 then t1 = l end
		if smp == "" then smp = t:get("sample") end
	end
	local secs = t1 > t0 and (t1 - t0) or 0
	io.write(string.format(
		"BENCH_POST created=%d other=%d replays=%d secs=%.3f rate=%.0f p50_us=%d p99_us=%d max_us=%d " ..
		"wrk_requests=%d wrk_secs=%.3f sock_errors=%d\n",
		c, o, r, secs, secs > 0 and c / secs or 0, latency:percentile(50), latency:percentile(99), latency.max,
		summary.requests, summary.duration / 1e6,
		summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
	if smp ~= "" then io.write("BENCH_POST_SAMPLE " .. smp:gsub("\n", " ") .. "\n") end
end
