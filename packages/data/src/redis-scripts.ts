// The Lua scripts the data package runs in Redis, in one module of plain strings so the embedded
// Redis's conformance test (packages/local-backends) runs exactly these.

// KEYS: the tags' version keys, the log, and (when a user writes) that user's last-write key.
// ARGV: how many tags, the tags joined by \n, the log's MAXLEN, the last-write key's PX.
// One round trip, and the last-write key names the very entry this write logged.
export const INCR_AND_LOG = `local n = tonumber(ARGV[1])
local out = {}
for i = 1, n do out[i] = redis.call("INCR", KEYS[i]) end
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
