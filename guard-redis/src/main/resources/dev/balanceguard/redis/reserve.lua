-- reserve: KEYS holds, spent, committed; ARGV id, unit, amount, ceiling ('' = none), lease ms, spent-since ms,
-- retention ms. Returns {1, reserved, unbooked, expiry} when held, {0, reserved, unbooked, 0} when refused,
-- {-1, unit} when the ledger is in another unit, {-2} when the hold's spend is committed already (it is never held
-- again), {-3} when the caller knew another epoch. reserved and unbooked are the totals without this hold.
-- With budgets (budgets.lua: keys from KEYS[4], their count at ARGV[8]) a hold must fit in each too, is held in all
-- or none, and each budget's spent, held, period start and end (without this hold) are added to the reply.
if redis.replicate_commands then redis.replicate_commands() end
local holds, spent, committed = KEYS[1], KEYS[2], KEYS[3]
local id, unit = ARGV[1], ARGV[2]
local amount, ceiling = tonumber(ARGV[3]), tonumber(ARGV[4])
local lease, since, keep = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
if EPOCH_CHANGED then
  return {-3} -- the store lost what the caller knew: it holds nothing until the caller has seen to that
end
local now = clock()

local stored, reserved, live, mine, mineAmount = scan(holds, now, 'h' .. id, true)
-- spend every reading in use shows, once past the retention, is forgotten
redis.call('ZREMRANGEBYSCORE', spent, '-inf', '(' .. int(math.min(since, now - keep) - 999))
if stored and stored ~= unit then
  if live > 0 or redis.call('ZCARD', spent) > 0 then
    return {-1, stored}
  end
end
local unbooked = spentSince(spent, since)
local budgets = budgetsJudge(budgetsAt(4, 8), now, 'h' .. id, true)
if mine then
  return withBudgets({1, reserved - mineAmount, unbooked, mine}, budgets)
end
if redis.call('ZSCORE', committed, id) then
  return {-2}
end
local total = reserved + unbooked + amount
if total > MAX or (ceiling and total > ceiling) or not budgetsFit(budgets, amount) then
  return withBudgets({0, reserved, unbooked, 0}, budgets)
end
redis.call('HSET', holds, 'unit', unit, 'h' .. id, int(amount) .. ':' .. int(now + lease))
touch(math.max(keep, lease) + 60000, holds, spent, committed)
budgetsHold(budgets, 'h' .. id, int(amount) .. ':' .. int(now + lease), lease + 60000)
return withBudgets({1, reserved, unbooked, now + lease}, budgets)
