-- wrk script of tools/bench-cache.ts: replays an operation list (workload.ts) and reads back,
-- from each response's Server-Timing, the cache layer that answered and the database queries.
-- Requests carry X-Request-Id "bench-read" or "bench-write-<n>", which the services echo: that tells
-- a write's response from a read's (both may name cache layers).
-- Arguments (after --): ops file, start position, write method, write JSON field, tokens file
-- (optional), headers file (optional: "Name: value" lines sent with every request).
-- done() prints `BENCH …` lines: totals, per layer counts, next position, latency histogram (µs).

local threads = {}
function setup(thread) table.insert(threads, thread) end

local paths, writes, toks, n = {}, {}, {}, 0
local cached = {}
local tokens = {}
local extra = {}
local method, field
local seq = 0
pos = 0
reads, writesDone, readDb, writeDb, errors = 0, 0, 0, 0, 0
errorSample = ""
layers = {}

function init(args)
  for line in io.lines(args[1]) do
    local kind, path, tok = line:match("^(%a) (%S+) ?(%d*)$")
    if kind then
      n = n + 1
      paths[n], writes[n], toks[n] = path, kind == "w", tonumber(tok) or 0
    end
  end
  pos = (tonumber(args[2]) or 0) % n
  method, field = args[3], args[4]
  if args[5] and args[5] ~= "" then for line in io.lines(args[5]) do tokens[#tokens + 1] = line end end
  if args[6] and args[6] ~= "" then
    for line in io.lines(args[6]) do
      local k, v = line:match("^([^:]+):%s*(.*)$")
      if k then extra[k] = v end
    end
  end
end

local function with(headers)
  for k, v in pairs(extra) do headers[k] = v end
  return headers
end

function request()
  pos = pos + 1
  if pos > n then pos = 1 end
  local path = paths[pos]
  if not writes[pos] then
    local r = cached[path]
    if not r then
      r = wrk.format("GET", path, with({ ["X-Request-Id"] = "bench-read" }))
      cached[path] = r
    end
    return r
  end
  seq = seq + 1
  local headers = { ["Content-Type"] = "application/json", ["X-Request-Id"] = "bench-write-" .. seq }
  if toks[pos] > 0 then headers["Authorization"] = "Bearer " .. tokens[toks[pos]] end
  return wrk.format(method, path, with(headers), '{"' .. field .. '":"bench edit ' .. seq .. ' ' .. os.time() .. '"}')
end

function response(status, headers, body)
  local st = headers["server-timing"] or headers["Server-Timing"] or ""
  local layer = st:match('cache;[^,]-desc="([^"]*)"')
  local q = tonumber(st:match('db;[^,]-desc="(%d+) queries"') or "0")
  if status >= 400 then
    errors = errors + 1
    if errorSample == "" then errorSample = status .. " " .. (body or ""):sub(1, 200):gsub("\n", " ") end
  end
  local rid = headers["x-request-id"] or headers["X-Request-Id"] or ""
  if rid:sub(1, 12) == "bench-write-" then
    writesDone = writesDone + 1
    writeDb = writeDb + q
  else
    reads = reads + 1
    readDb = readDb + q
    local first = layer and layer:match("^[^ :]+") or "none"
    layers[first] = (layers[first] or 0) + 1
  end
end

function done(summary, latency, requests)
  local t = { reads = 0, writes = 0, readDb = 0, writeDb = 0, errors = 0 }
  local l = {}
  local sample = ""
  for _, thread in ipairs(threads) do
    t.reads = t.reads + thread:get("reads")
    t.writes = t.writes + thread:get("writesDone")
    t.readDb = t.readDb + thread:get("readDb")
    t.writeDb = t.writeDb + thread:get("writeDb")
    t.errors = t.errors + thread:get("errors")
    if sample == "" then sample = thread:get("errorSample") end
    for k, v in pairs(thread:get("layers")) do l[k] = (l[k] or 0) + v end
    io.write(string.format("BENCH pos %d\n", thread:get("pos")))
  end
  local e = summary.errors
  io.write(string.format("BENCH summary %d %d %d %d %d %d %d\n", summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout))
  io.write(string.format("BENCH counts %d %d %d %d %d\n", t.reads, t.writes, t.readDb, t.writeDb, t.errors))
  for k, v in pairs(l) do io.write(string.format("BENCH layer %s %d\n", k, v)) end
  if sample ~= "" then io.write("BENCH errorSample " .. sample .. "\n") end
  for i = 1, #latency do
    local v, c = latency(i)
    io.write(string.format("BENCH lat %d %d\n", v, c))
  end
end
