-- end: KEYS holds, spent, committed; ARGV id, unit ('' = a release), amount spent, retention ms.
-- Returns {1} when the hold was live until now, {0} otherwise, {-1, unit} when the ledger is in another unit; a
-- commit adds 1 when it recorded the spend, 0 when it was recorded already.
-- With budgets (budgets.lua: keys from KEYS[4], their count at ARGV[5]) the hold ends in each too, and a commit's
-- spend is recorded in each one's period that contains now, once (as for the account).
local holds, spent, committed = KEYS[1], KEYS[2], KEYS[3]
local id, unit, keep = ARGV[1], ARGV[2], tonumber(ARGV[4])
local now = clock()
local field = 'h' .. id
local hold = redis.call('HGET', holds, field)
local live = 0
if hold and after(hold) > now then
  live = 1
end
local budgets = budgetsAt(4, 5)
if unit == '' then
  if hold then
    redis.call('HDEL', holds, field)
  end
  budgetsEnd(budgets, field, nil, now, keep)
  return {live}
end

local stored = redis.call('HGET', holds, 'unit')
if stored and stored ~= unit then
  return {-1, stored}
end
if redis.call('ZADD', committed, 'NX', now, id) == 0 then
  return {0, 0} -- this hold's spend is recorded already
end
redis.call('ZREMRANGEBYSCORE', committed, '-inf', '(' .. int(now - keep))
if hold then
  redis.call('HDEL', holds, field)
end
local bucket = math.floor(now / 1000)
local amount = tonumber(ARGV[3])
local previous = redis.call('ZRANGEBYSCORE', spent, int(bucket * 1000), int(bucket * 1000))[1]
if previous then
  amount = amount + after(previous)
  redis.call('ZREM', spent, previous)
end
redis.call('ZADD', spent, int(bucket * 1000), int(bucket) .. ':' .. int(amount))
redis.call('HSET', holds, 'unit', unit)
touch(keep + 60000, holds, spent, committed)
budgetsEnd(budgets, field, tonumber(ARGV[3]), now, keep)
return {live, 1}
