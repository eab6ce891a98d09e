-- budget totals (reads only): KEYS holds, spent of each budget; ARGV count, then limit and periods of each.
-- Returns {spent, held, period start, period end} of each budget in its period that contains the server's now.
return withBudgets({}, budgetsJudge(budgetsAt(1, 1), clock(), nil, false))
