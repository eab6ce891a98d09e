-- balance-guard: shared by every script (prepended by the store, which wraps each script's own part in a function
-- and adds the epoch and the time to its reply). Amounts are integers of millionths of the account's unit, always
-- below 2^53, so Lua's doubles hold them and their sums exactly.
-- Every script's last key is the account's epoch; its last two arguments are the epoch the caller knew ('' = none
-- yet) and a random id to write if there is none (the store is new, or came back empty).
-- Scripts read TIME and then write: effects replication (the default from Redis 7; switched on here on 6.2).
if redis.replicate_commands then redis.replicate_commands() end
local MAX = 9007199254740991

-- the server's clock in epoch milliseconds: one clock for the whole fleet
local function clock()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- integers as digits, never "1e+15"
local function int(n)
  return string.format('%.0f', n)
end

-- "<amount>:<expiry>" or "<bucket>:<amount>": the number after the first colon, and the one before it
local function after(s)
  local at = string.find(s, ':', 1, true)
  return tonumber(string.sub(s, at + 1)), tonumber(string.sub(s, 1, at - 1))
end

-- the account's holds (KEYS[1]): its unit, the sum and count of live holds, the expiry and amount of hold `field`
-- if it is live; lapsed holds are dropped when `sweep` is set (writing scripts only)
local function scan(holds, now, field, sweep)
  local unit, reserved, live, mine, mineAmount = nil, 0, 0, nil, 0
  local entries = redis.call('HGETALL', holds)
  for i = 1, #entries, 2 do
    local f, v = entries[i], entries[i + 1]
    if f == 'unit' then
      unit = v
    else
      local expires, amount = after(v)
      if expires > now then
        reserved = reserved + amount
        live = live + 1
        if f == field then
          mine, mineAmount = expires, amount
        end
      elseif sweep then
        redis.call('HDEL', holds, f)
      end
    end
  end
  return unit, reserved, live, mine, mineAmount
end

-- spend in the one-second buckets that end at or after `since` (a bucket a reading may not show yet)
local function spentSince(spent, since)
  local sum = 0
  for _, member in ipairs(redis.call('ZRANGEBYSCORE', spent, int(math.floor(since / 1000) * 1000), '+inf')) do
    sum = sum + after(member)
  end
  return sum
end

-- one expiry for all the account's ledger keys, refreshed on write and never shortened
local function touch(ttl, ...)
  local current = redis.call('PTTL', KEYS[1])
  if current > ttl then
    ttl = current
  end
  for _, key in ipairs({...}) do
    redis.call('PEXPIRE', key, ttl)
  end
end

-- the account's epoch, written once: a store that comes back empty (restarted without persistence, a replica that
-- never synced) gets a new one, which tells every replica that knew the old one that holds and spend were lost
local EPOCH = redis.call('GET', KEYS[#KEYS])
if not EPOCH then
  EPOCH = ARGV[#ARGV]
  redis.call('SET', KEYS[#KEYS], EPOCH)
end
local EPOCH_CHANGED = ARGV[#ARGV - 1] ~= '' and ARGV[#ARGV - 1] ~= EPOCH

-- a script's reply with the epoch and the server's time added at its end
local function answer(reply)
  if type(reply) ~= 'table' then
    reply = {reply}
  end
  reply[#reply + 1] = EPOCH
  reply[#reply + 1] = clock()
  return reply
end
