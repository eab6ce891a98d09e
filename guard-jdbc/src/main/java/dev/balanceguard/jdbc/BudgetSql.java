package dev.balanceguard.jdbc;

/**
 * The statements of budgets (the {@code budget} table of schema.sql), apart from the account's: a reserve or an end
 * with budgets runs {@link #lock} first, then the account's own statement, then {@link #hold} or {@link #end}, in one
 * short transaction. Amounts are NUMERIC; times are the database's clock ({@link Sql#NOW_MS}).
 */
final class BudgetSql {

    /**
     * Creates the budgets' rows if need be and locks them, ordered by (budget, unit): the one lock order of every
     * writer. Answers each row and the database's now.
     */
    final String lock;
    /** Reads the budgets' rows and the database's now, locking nothing. */
    final String read;
    /** Holds in every budget: the live holds, without a former entry of the same id, then this one. */
    final String hold;
    /** Ends the hold in every budget, adding the spend (NULL: a release) to each one's period. */
    final String end;
    /** Whether the hold's spend is recorded already (a repeated commit records nothing in the budgets either). */
    final String committed;

    BudgetSql(String prefix) {
        this.lock = fill(prefix, """
                INSERT INTO PREFIXbudget (budget, unit)
                SELECT b, u FROM unnest(?::text[], ?::text[]) AS x(b, u) ORDER BY b, u
                ON CONFLICT (budget, unit) DO NOTHING;
                SELECT budget, unit, hold_ids, hold_amounts, hold_expires, period_start, spent, NOW_MS
                  FROM PREFIXbudget
                 WHERE (budget, unit) IN (SELECT * FROM unnest(?::text[], ?::text[]))
                 ORDER BY budget, unit
                   FOR UPDATE""");
        this.read = fill(prefix, """
                SELECT budget, unit, hold_ids, hold_amounts, hold_expires, period_start, spent, NOW_MS
                  FROM (SELECT 1) one
                  LEFT JOIN PREFIXbudget ON (budget, unit) IN (SELECT * FROM unnest(?::text[], ?::text[]))""");
        this.hold = fill(prefix, """
                WITH p AS (SELECT ?::text AS hold_id, ?::numeric AS amount, ?::bigint AS expires, NOW_MS AS now_ms)
                UPDATE PREFIXbudget AS b SET (hold_ids, hold_amounts, hold_expires) = (
                        SELECT coalesce(array_agg(i ORDER BY n), '{}') || p.hold_id,
                               coalesce(array_agg(a ORDER BY n), '{}') || p.amount,
                               coalesce(array_agg(e ORDER BY n), '{}') || p.expires
                          FROM unnest(b.hold_ids, b.hold_amounts, b.hold_expires) WITH ORDINALITY AS x(i, a, e, n)
                         WHERE e > p.now_ms AND i <> p.hold_id)
                  FROM p
                 WHERE (b.budget, b.unit) IN (SELECT * FROM unnest(?::text[], ?::text[]))""");
        this.end = fill(prefix, """
                WITH p AS (SELECT ?::text AS hold_id, ?::numeric AS spent, NOW_MS AS now_ms)
                UPDATE PREFIXbudget AS b SET
                       (hold_ids, hold_amounts, hold_expires) = (
                        SELECT coalesce(array_agg(i ORDER BY n), '{}'), coalesce(array_agg(a ORDER BY n), '{}'),
                               coalesce(array_agg(e ORDER BY n), '{}')
                          FROM unnest(b.hold_ids, b.hold_amounts, b.hold_expires) WITH ORDINALITY AS h(i, a, e, n)
                         WHERE e > p.now_ms AND i <> p.hold_id),
                       period_start = CASE WHEN p.spent IS NOT NULL AND x.start > b.period_start THEN x.start
                                           ELSE b.period_start END,
                       spent = CASE WHEN p.spent IS NULL THEN b.spent
                                    WHEN x.start > b.period_start THEN p.spent
                                    ELSE b.spent + p.spent END
                  FROM p, unnest(?::text[], ?::text[], ?::bigint[]) AS x(budget, unit, start)
                 WHERE b.budget = x.budget AND b.unit = x.unit""");
        this.committed =
                fill(prefix, "SELECT EXISTS (SELECT 1 FROM PREFIXspent_hold WHERE account = ? AND hold_id = ?)");
    }

    private static String fill(String prefix, String sql) {
        return sql.replace("PREFIX", prefix).replace("NOW_MS", Sql.NOW_MS);
    }
}
