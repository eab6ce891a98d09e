-- budgets (between the prelude and a script's own part): the budgets a reserve or an end counts against, in
-- scripts called with them (BUDGETED); every other script sees none. A budget is two keys, from KEYS[k] on: its
-- holds (hash: 'h' .. hold id -> amount:expiry, as the account's) and its spend (hash: period start -> amount), and
-- two arguments, from ARGV[a + 1] on (ARGV[a] is their count): its limit in millionths ('': none, for a hold held
-- again after the store lost it), and its periods ('w:<ms>' for fixed windows counted from the epoch, or ascending
-- period bounds '<b0>,<b1>,...'). Integers only.

-- the budgets a script was called with: keys from KEYS[k], their count at ARGV[a]
local function budgetsAt(k, a)
  local list = {}
  if not BUDGETED then
    return list
  end
  for i = 1, tonumber(ARGV[a]) do
    list[i] = {holds = KEYS[k + 2 * i - 2], spent = KEYS[k + 2 * i - 1], limit = tonumber(ARGV[a + 2 * i - 1]),
      periods = ARGV[a + 2 * i]}
  end
  return list
end

-- the start and end of the period that contains `now`: a bound beyond the given ones takes the nearest period
local function periodOf(periods, now)
  if string.sub(periods, 1, 2) == 'w:' then
    local w = tonumber(string.sub(periods, 3))
    local start = now - now % w
    return start, start + w
  end
  local b = {}
  for x in string.gmatch(periods, '[^,]+') do
    b[#b + 1] = tonumber(x)
  end
  local i = 1
  while i + 2 <= #b and now >= b[i + 1] do
    i = i + 1
  end
  return b[i], b[i + 1]
end

-- each budget's spend in its current period and live holds other than `field`'s; lapsed holds dropped if `sweep`
local function budgetsJudge(list, now, field, sweep)
  for _, b in ipairs(list) do
    b.start, b.stop = periodOf(b.periods, now)
    b.spentNow = tonumber(redis.call('HGET', b.spent, int(b.start)) or '0')
    b.held = 0
    local entries = redis.call('HGETALL', b.holds)
    for i = 1, #entries, 2 do
      local expires, amount = after(entries[i + 1])
      if expires > now then
        if entries[i] ~= field then
          b.held = b.held + amount
        end
      elseif sweep then
        redis.call('HDEL', b.holds, entries[i])
      end
    end
  end
  return list
end

-- whether `amount` fits in every budget
local function budgetsFit(list, amount)
  for _, b in ipairs(list) do
    if b.limit and b.spentNow + b.held + amount > b.limit then
      return false
    end
  end
  return true
end

-- `reply` with spent, held, period start and end of each budget added
local function withBudgets(reply, list)
  for _, b in ipairs(list) do
    reply[#reply + 1] = b.spentNow
    reply[#reply + 1] = b.held
    reply[#reply + 1] = b.start
    reply[#reply + 1] = b.stop
  end
  return reply
end

-- holds `value` (amount:expiry) as `field` in every budget, its keys kept past the lease
local function budgetsHold(list, field, value, ttl)
  for _, b in ipairs(list) do
    redis.call('HSET', b.holds, field, value)
    if redis.call('PTTL', b.holds) < ttl then
      redis.call('PEXPIRE', b.holds, ttl)
    end
  end
end

-- ends the hold `field` in every budget, recording `amount` (nil: a release) in the period that contains `now`;
-- spend of earlier periods is dropped, and a period's spend is kept `keep` ms past its end
local function budgetsEnd(list, field, amount, now, keep)
  for _, b in ipairs(list) do
    redis.call('HDEL', b.holds, field)
    if amount then
      local start, stop = periodOf(b.periods, now)
      local key = int(start)
      local sum = tonumber(redis.call('HGET', b.spent, key) or '0') + amount
      for _, f in ipairs(redis.call('HKEYS', b.spent)) do
        if tonumber(f) < start then
          redis.call('HDEL', b.spent, f)
        end
      end
      redis.call('HSET', b.spent, key, int(sum))
      local ttl = stop - now + keep
      if redis.call('PTTL', b.spent) < ttl then
        redis.call('PEXPIRE', b.spent, ttl)
      end
    end
  end
end
