// Lua scripts for RedisSessionStore. A script runs atomically on the server, so it needs no WATCH/MULTI, which
// ioredis multiplexes unsafely over one connection and silently drops on reconnect (ioredis#266, #1686;
// notes/reliability.md §4.2).

/** KEYS[1] = record; ARGV = expected version, new JSON, ttl ms. Returns the new version, or -1 on conflict.
 *  Records are stored as `<version>:<json>`; a key holding a plain value (no prefix) always conflicts. */
export const COMPARE_AND_SET_LUA = `
local current = redis.call('GET', KEYS[1])
local version = 0
if current then
  local prefix = string.match(current, '^(%d+):')
  if not prefix then return -1 end
  version = tonumber(prefix)
end
if version ~= tonumber(ARGV[1]) then return -1 end
local nextVersion = version + 1
redis.call('SET', KEYS[1], string.format('%d', nextVersion) .. ':' .. ARGV[2], 'PX', ARGV[3])
return nextVersion
`;

/** Sliding-window log. KEYS[1] = sorted set of take times in microseconds (member = time + a unique id);
 *  ARGV[1] = unique id for this take, then (limit, windowMs) pairs. Redis TIME is the clock, so every instance
 *  agrees whatever its own clock says. Returns 0 when the token was taken, otherwise the wait in microseconds
 *  until every window would allow one; a denied take records nothing. */
export const TAKE_TOKEN_LUA = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local function fmt(n) return string.format('%.0f', n) end
local maxWindow = 0
for i = 3, #ARGV, 2 do
  local w = tonumber(ARGV[i]) * 1000
  if w > maxWindow then maxWindow = w end
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', fmt(now - maxWindow))
local waitUs = 0
for i = 2, #ARGV, 2 do
  local limit = tonumber(ARGV[i])
  local w = tonumber(ARGV[i + 1]) * 1000
  local from = '(' .. fmt(now - w)
  local count = redis.call('ZCOUNT', KEYS[1], from, '+inf')
  if count >= limit then
    local oldest = redis.call('ZRANGEBYSCORE', KEYS[1], from, '+inf', 'WITHSCORES', 'LIMIT', count - limit, 1)
    local wait = tonumber(oldest[2]) + w - now
    if wait < 1 then wait = 1 end
    if wait > w then wait = w end
    if wait > waitUs then waitUs = wait end
  end
end
if waitUs > 0 then return waitUs end
redis.call('ZADD', KEYS[1], fmt(now), fmt(now) .. '-' .. ARGV[1])
redis.call('PEXPIRE', KEYS[1], math.ceil(maxWindow / 1000))
return 0
`;
