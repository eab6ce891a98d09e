-- totals (reads only): KEYS holds, spent; ARGV unit, spent-since ms.
-- Returns {1, reserved, unbooked}, or {-1, unit} when the ledger is in another unit.
local holds, spent = KEYS[1], KEYS[2]
local unit, since = ARGV[1], tonumber(ARGV[2])
local stored, reserved, live = scan(holds, clock(), nil, false)
if stored and stored ~= unit and (live > 0 or redis.call('ZCARD', spent) > 0) then
  return {-1, stored}
end
return {1, reserved, spentSince(spent, since)}
