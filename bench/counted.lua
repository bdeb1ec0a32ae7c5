-- wrk script: bench/report.lua's JSON line, plus how many replies said
-- X-Cache: hit or miss (kept replies, src/api/cache.c), summed over threads.
local threads = {}
setup = function(t) table.insert(threads, t) end
init = function() hits = 0; misses = 0 end
response = function(status, headers, body)
	local x = headers["X-Cache"] or headers["x-cache"]
	if x == "hit" then hits = hits + 1 elseif x == "miss" then misses = misses + 1 end
end
done = function(summary, latency, requests)
	local h, m = 0, 0
	for _, t in ipairs(threads) do h = h + t:get("hits"); m = m + t:get("misses") end
	local e = summary.errors
	io.write(string.format(
		'BENCH {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
		'"max_us":%d,"hits":%d,"misses":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
		summary.requests, summary.duration, summary.bytes,
		latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, h, m,
		e.connect, e.read, e.write, e.status, e.timeout))
end
