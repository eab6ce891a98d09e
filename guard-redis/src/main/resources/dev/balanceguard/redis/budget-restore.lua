-- budget restore: KEYS holds, spent of one budget; ARGV amount (millionths), retention ms, then the budget
-- (budgets.lua: count 1, limit, periods). Adds the amount to the budget's spend in its period that contains the
-- server's now: spend a replica had committed, added back after the store lost it. Returns {1}.
budgetsEnd(budgetsAt(1, 3), '', tonumber(ARGV[1]), clock(), tonumber(ARGV[2]))
return {1}
