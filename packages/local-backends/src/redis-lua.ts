// EVAL for the embedded Redis: the script runs in fengari (Lua 5.3 in JavaScript) with Redis's
// scripting surface — KEYS, ARGV, redis.call / redis.pcall / redis.error_reply / redis.status_reply,
// and the base, string, table and math libraries — and Redis's conversions between replies and Lua
// values. Known difference: fengari's integers are 32-bit, so a reply beyond ±2^31 reaches the script
// as a float (exact up to 2^53); this project's scripts count far below that.
import fengari from "fengari";
import { RedisError, Status, int, type Keyspace, type Reply } from "./redis-types";

const { lua, lauxlib, lualib, to_luastring, to_jsstring } = fengari;
type State = unknown;

function pushReply(L: State, r: Reply): void {
  if (r === null) lua.lua_pushboolean(L, false);
  else if (typeof r === "number") {
    if (Number.isInteger(r) && Math.abs(r) <= 0x7fffffff) lua.lua_pushinteger(L, r);
    else lua.lua_pushnumber(L, r);
  } else if (typeof r === "string") lua.lua_pushstring(L, to_luastring(r));
  else if (r instanceof Status) {
    lua.lua_newtable(L);
    lua.lua_pushstring(L, to_luastring(r.text));
    lua.lua_setfield(L, -2, "ok");
  } else {
    lua.lua_createtable(L, r.length, 0);
    r.forEach((item, i) => {
      pushReply(L, item);
      lua.lua_rawseti(L, -2, i + 1);
    });
  }
}

function pushError(L: State, message: string): void {
  lua.lua_newtable(L);
  lua.lua_pushstring(L, to_luastring(message));
  lua.lua_setfield(L, -2, "err");
}

/** The Lua value at idx as a reply; a table with `err` becomes a thrown RedisError. */
function toReply(L: State, idx: number): Reply {
  const at = lua.lua_absindex(L, idx);
  switch (lua.lua_type(L, at)) {
    case lua.LUA_TNUMBER:
      return Math.trunc(lua.lua_tonumber(L, at));
    case lua.LUA_TSTRING:
      return to_jsstring(lua.lua_tostring(L, at));
    case lua.LUA_TBOOLEAN:
      return lua.lua_toboolean(L, at) ? 1 : null;
    case lua.LUA_TTABLE: {
      for (const field of ["err", "ok"] as const) {
        const t = lua.lua_getfield(L, at, field);
        const text = t === lua.LUA_TSTRING ? to_jsstring(lua.lua_tostring(L, -1)) : null;
        lua.lua_pop(L, 1);
        if (text !== null) {
          if (field === "err") throw new RedisError(text);
          return new Status(text);
        }
      }
      const out: Reply[] = [];
      for (let i = 1; lua.lua_rawgeti(L, at, i) !== lua.LUA_TNIL; i++) {
        out.push(toReply(L, -1));
        lua.lua_pop(L, 1);
      }
      lua.lua_pop(L, 1);
      return out;
    }
    default:
      return null;
  }
}

function args(L: State): string[] {
  const out: string[] = [];
  for (let i = 1; i <= lua.lua_gettop(L); i++) {
    const t = lua.lua_type(L, i);
    if (t !== lua.LUA_TSTRING && t !== lua.LUA_TNUMBER) throw new RedisError("ERR Lua redis lib command arguments must be strings or integers");
    out.push(to_jsstring(lua.lua_tostring(L, i)));
  }
  return out;
}

function table(L: State, values: string[]): void {
  lua.lua_createtable(L, values.length, 0);
  values.forEach((v, i) => {
    lua.lua_pushstring(L, to_luastring(v));
    lua.lua_rawseti(L, -2, i + 1);
  });
}

/** A fresh state per script run, as Redis gives each script a clean global table. */
function newState(db: Keyspace): State {
  const L = lauxlib.luaL_newstate();
  for (const [name, open] of [
    ["_G", lualib.luaopen_base],
    ["string", lualib.luaopen_string],
    ["table", lualib.luaopen_table],
    ["math", lualib.luaopen_math],
  ] as const) {
    lauxlib.luaL_requiref(L, to_luastring(name), open, 1);
    lua.lua_pop(L, 1);
  }
  for (const unsafe of ["dofile", "loadfile", "load", "require"]) {
    lua.lua_pushnil(L);
    lua.lua_setglobal(L, to_luastring(unsafe));
  }
  const call = (protectedCall: boolean) => (L: State) => {
    let reply: Reply;
    try {
      reply = db.call(args(L));
    } catch (err) {
      if (!(err instanceof RedisError)) throw err;
      pushError(L, err.message);
      return protectedCall ? 1 : lua.lua_error(L);
    }
    pushReply(L, reply);
    return 1;
  };
  lua.lua_newtable(L);
  const fns: [string, (L: State) => number][] = [
    ["call", call(false)],
    ["pcall", call(true)],
    ["error_reply", (L) => (pushError(L, to_jsstring(lauxlib.luaL_checkstring(L, 1))), 1)],
    ["status_reply", (L) => (pushReply(L, new Status(to_jsstring(lauxlib.luaL_checkstring(L, 1)))), 1)],
  ];
  for (const [name, fn] of fns) {
    lua.lua_pushjsfunction(L, fn);
    lua.lua_setfield(L, -2, to_luastring(name));
  }
  lua.lua_setglobal(L, to_luastring("redis"));
  return L;
}

/** EVAL script numkeys key… arg… */
export function runScript(db: Keyspace, a: string[]): Reply {
  const [, script, nk] = a as [string, string, string];
  const n = Number(int(nk));
  if (n < 0) throw new RedisError("ERR Number of keys can't be negative");
  if (n > a.length - 3) throw new RedisError("ERR Number of keys can't be greater than number of args");
  const L = newState(db);
  table(L, a.slice(3, 3 + n));
  lua.lua_setglobal(L, to_luastring("KEYS"));
  table(L, a.slice(3 + n));
  lua.lua_setglobal(L, to_luastring("ARGV"));
  if (lauxlib.luaL_loadbuffer(L, to_luastring(script), null, to_luastring("@user_script")) !== lua.LUA_OK) {
    throw new RedisError(`ERR Error compiling script (new function): ${to_jsstring(lua.lua_tostring(L, -1))}`);
  }
  if (lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK) {
    // redis.call's failure arrives as its {err=…} table; anything else as a message.
    if (lua.lua_type(L, -1) === lua.LUA_TTABLE) toReply(L, -1);
    throw new RedisError(`ERR Error running script: ${to_jsstring(lua.lua_tostring(L, -1) ?? to_luastring("unknown error"))}`);
  }
  return toReply(L, -1);
}
