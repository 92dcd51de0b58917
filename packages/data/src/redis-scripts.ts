// The Lua scripts the data package runs in Redis, in one module of plain strings so the embedded
// Redis's conformance test (packages/local-backends) runs exactly these.

// KEYS: the tags' version keys, the log, and (when a user writes) that user's last-write key.
// ARGV: how many tags, the tags joined by \n, the log's MAXLEN, the last-write key's PX, the start for
// a counter Redis does not have, then per tag the version the writer already knows.
// A counter Redis lost (FLUSHALL, eviction) starts again above every version it gave out before (the
// caller passes a time-based start), not at 1: isolates keep the highest version they have seen, so a
// restart from 1 would go unnoticed until it passed that. And a new version is always above what the
// writer knows, even when that is a version it made up while Redis failed (tags.ts).
// One round trip, and the last-write key names the very entry this write logged.
export const INCR_AND_LOG = `local n = tonumber(ARGV[1])
local out = {}
for i = 1, n do
  redis.call("SET", KEYS[i], ARGV[5], "NX")
  local v = redis.call("INCR", KEYS[i])
  local known = tonumber(ARGV[5 + i]) or 0
  if v <= known then v = redis.call("INCRBY", KEYS[i], string.format("%d", known - v + 1)) end
  out[i] = v
end
local id = redis.call("XADD", KEYS[n + 1], "MAXLEN", "~", ARGV[3], "*", "t", ARGV[2])
if KEYS[n + 2] then redis.call("SET", KEYS[n + 2], id, "PX", ARGV[4]) end
out[n + 1] = id
return out`;

/** DECR each key that still counts something; atomic, so a window ending meanwhile cannot go negative. */
export const UNDO_SCRIPT = `for _, k in ipairs(KEYS) do
  local n = tonumber(redis.call("GET", k))
  if n and n > 0 then redis.call("DECR", k) end
end
return 0`;
