package dev.balanceguard.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The store's SQL, with the table prefix filled in. Parameters are bound, never spliced; only the prefix (checked
 * to be a plain lower-case identifier) is.
 *
 * <p>Times are epoch milliseconds of {@code clock_timestamp()}: the database server's clock when the statement
 * starts. Not {@code now()}: that is the transaction's start, which in an explicit transaction can lie well before
 * the statement (and before any wait for the account's row).
 */
final class Sql {

    /** The classpath location of the schema, relative to nothing: {@code ClassLoader.getResource} form. */
    static final String SCHEMA_RESOURCE = "dev/balanceguard/jdbc/schema.sql";

    static final String NOW_MS = "floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint";

    /**
     * Sent before a reserve and a commit, in the same round trip and transaction: they wait for each other on the
     * same hold id, so the reserve's statement, whose snapshot is taken after the wait, sees the commit's mark
     * (under READ COMMITTED, a reserve that took its snapshot first and then waited for the account's row would
     * hold the committed id again). Parameters: account, hold id.
     */
    static final String HOLD_LOCK = "SELECT pg_advisory_xact_lock(hashtext(?::text), hashtext(?::text)); ";

    /** How long spend and the ids of committed holds are kept at most. */
    static final long KEEP_MILLIS = 60 * 60 * 1000;

    final String prefix;
    final String schema;
    final String[] tables;
    /** What the store does with each of {@link #tables}: the privileges its database user needs on it. */
    final String[] privileges;

    final String reserve;
    final String totals;
    final String release;
    final String commit;
    final String sweep;
    /** Counts a report once: a row for it is inserted, or revived once past its retention; a row back says first. */
    final String firstReport;

    /**
     * {@link #firstReport}, and when it answers a row, the run's price added to its country's row, unless the run's
     * rows are in another unit: one statement, so the report and its price count together or not at all.
     */
    final String firstRunReport;

    final String reportedRun;
    final String sweepReported;
    final String sweepReportedRuns;
    final String read;
    final String claim;
    final String publish;
    final String publishAfter;
    final String invalidate;
    /**
     * The account's epoch (its ledger row's, written once: a row that comes back without its state has another; the
     * row is created, empty, when there is none) and the clock.
     */
    final String epoch;

    Sql(String prefix) {
        this.prefix = prefix;
        this.schema = schemaText().replace("${prefix}", prefix);
        this.tables = new String[] {
            prefix + "ledger",
            prefix + "spent_hold",
            prefix + "reading",
            prefix + "budget",
            prefix + "reported",
            prefix + "reported_run"
        };
        this.privileges = new String[] {
            "SELECT, INSERT, UPDATE",
            "SELECT, INSERT, DELETE",
            "SELECT, INSERT, UPDATE",
            "SELECT, INSERT, UPDATE",
            "SELECT, INSERT, UPDATE, DELETE",
            "SELECT, INSERT, UPDATE, DELETE"
        };
        // One statement, one row: INSERT … ON CONFLICT DO UPDATE locks the account's row and computes the new
        // holds from its latest committed version, so two reservers never both fit on the same sums. Lapsed holds
        // go; spend before the caller's reading (which shows it) is folded into one entry stamped with its latest
        // time: a replica still on an older reading over-counts it, never misses it. Spend goes once it is both
        // older than the caller's reading and an hour old: never while the reading in use (a stale one, under
        // USE_STALE, can be hours old) may not show it. A hold id with a commit mark is never held again. Nothing is
        // held when the caller knew another epoch than the account's row (or knew one and the row is gone): the
        // ledger came back without its state. A refused reserve (which only tidied the row) does not wait for the
        // WAL flush.
        this.reserve = fill(HOLD_LOCK + """
                WITH p AS (
                    SELECT ?::text AS account, ?::text AS hold_id, ?::text AS unit, ?::numeric AS amount,
                           ?::numeric AS ceiling, ?::bigint AS lease_ms, ?::bigint AS since_ms, NOW_MS AS now_ms,
                           ?::bigint AS known_epoch
                ), c AS (
                    SELECT EXISTS (SELECT 1 FROM PREFIXspent_hold s, p WHERE s.account = p.account
                                      AND s.hold_id = p.hold_id) AS committed
                ), up AS (
                    INSERT INTO PREFIXledger AS l
                           (account, unit, hold_ids, hold_amounts, hold_expires, spend_at, spend_amounts)
                    SELECT account, unit, CASE WHEN fits THEN ARRAY[hold_id] ELSE '{}' END,
                           CASE WHEN fits THEN ARRAY[amount] ELSE '{}' END,
                           CASE WHEN fits THEN ARRAY[now_ms + lease_ms] ELSE '{}' END, '{}', '{}'
                      FROM (SELECT p.*, known_epoch IS NULL AND NOT c.committed
                                        AND (ceiling IS NULL OR amount <= ceiling) AS fits
                              FROM p, c) first_hold
                    ON CONFLICT (account) DO UPDATE
                       SET (unit, hold_ids, hold_amounts, hold_expires, spend_at, spend_amounts) = (
                        SELECT CASE WHEN d.same_unit THEN p.unit ELSE l.unit END,
                               CASE WHEN d.fits THEN h.ids || p.hold_id ELSE h.ids END,
                               CASE WHEN d.fits THEN h.amounts || p.amount ELSE h.amounts END,
                               CASE WHEN d.fits THEN h.expires || (p.now_ms + p.lease_ms) ELSE h.expires END,
                               s.ats, s.amounts
                          FROM p, c,
                               LATERAL (SELECT coalesce(array_agg(i ORDER BY n), '{}') AS ids,
                                               coalesce(array_agg(a ORDER BY n), '{}') AS amounts,
                                               coalesce(array_agg(e ORDER BY n), '{}') AS expires,
                                               coalesce(sum(a) FILTER (WHERE i <> p.hold_id), 0) AS reserved,
                                               coalesce(bool_or(i = p.hold_id), false) AS existing
                                          FROM unnest(l.hold_ids, l.hold_amounts, l.hold_expires)
                                               WITH ORDINALITY AS x(i, a, e, n)
                                         WHERE e > p.now_ms) h,
                               LATERAL (SELECT count(*) FILTER (WHERE t < p.since_ms) AS n_old,
                                               max(t) FILTER (WHERE t < p.since_ms) AS old_at,
                                               sum(a) FILTER (WHERE t < p.since_ms) AS old_amount,
                                               coalesce(array_agg(t ORDER BY n) FILTER (WHERE t >= p.since_ms), '{}')
                                                   AS ats,
                                               coalesce(array_agg(a ORDER BY n) FILTER (WHERE t >= p.since_ms), '{}')
                                                   AS amounts,
                                               coalesce(sum(a) FILTER (WHERE t >= p.since_ms), 0) AS unbooked
                                          FROM unnest(l.spend_at, l.spend_amounts) WITH ORDINALITY AS y(t, a, n)
                                         WHERE t >= least(p.since_ms, p.now_ms - KEEP_MS)) s0,
                               LATERAL (SELECT CASE WHEN s0.n_old > 0 THEN s0.old_at || s0.ats ELSE s0.ats END AS ats,
                                               CASE WHEN s0.n_old > 0 THEN s0.old_amount || s0.amounts
                                                    ELSE s0.amounts END AS amounts,
                                               s0.unbooked) s,
                               LATERAL (SELECT l.unit = p.unit OR (cardinality(h.ids) = 0 AND cardinality(s.ats) = 0)
                                               AS same_unit) u,
                               LATERAL (SELECT u.same_unit, u.same_unit AND coalesce(p.known_epoch = l.epoch, true)
                                               AND NOT h.existing
                                               AND NOT c.committed AND (p.ceiling IS NULL
                                                    OR h.reserved + s.unbooked + p.amount <= p.ceiling) AS fits) d)
                    RETURNING l.unit, l.hold_ids, l.hold_amounts, l.hold_expires, l.spend_at, l.spend_amounts, l.epoch
                ), outcome AS (
                    SELECT (SELECT coalesce(sum(a), 0) FROM unnest(up.hold_ids, up.hold_amounts) AS x(i, a)
                             WHERE i <> p.hold_id) AS reserved,
                           (SELECT coalesce(sum(a), 0) FROM unnest(up.spend_amounts, up.spend_at) AS y(a, t)
                             WHERE t >= p.since_ms) AS unbooked,
                           CASE WHEN up.unit <> p.unit THEN up.unit END AS other_unit,
                           up.hold_expires[array_position(up.hold_ids, p.hold_id)] AS expires_at_ms, c.committed,
                           up.epoch, p.now_ms
                      FROM p, up, c
                )
                SELECT reserved, unbooked, other_unit, expires_at_ms,
                       CASE WHEN expires_at_ms IS NULL THEN set_config('synchronous_commit', 'off', true) END,
                       committed, epoch::text, now_ms
                  FROM outcome""");
        this.totals = fill("""
                WITH p AS (SELECT ?::text AS account, ?::text AS unit, ?::bigint AS since_ms, NOW_MS AS now_ms),
                sums AS (
                    SELECT l.unit, l.epoch,
                           (SELECT sum(a) FROM unnest(l.hold_amounts, l.hold_expires) AS x(a, e) WHERE e > p.now_ms)
                               AS reserved,
                           (SELECT sum(a) FROM unnest(l.spend_amounts, l.spend_at) AS y(a, t) WHERE t >= p.since_ms)
                               AS unbooked
                      FROM p LEFT JOIN PREFIXledger l ON l.account = p.account
                )
                SELECT coalesce(reserved, 0), coalesce(unbooked, 0),
                       CASE WHEN sums.unit <> p.unit AND (reserved IS NOT NULL OR unbooked IS NOT NULL)
                            THEN sums.unit END,
                       sums.epoch::text, p.now_ms
                  FROM p, sums""");
        // A release does not wait for the WAL flush: one lost in a crash of the database leaves its hold to lapse
        // with the lease, which over-counts for a while and never over-spends.
        this.release = fill("""
                WITH p AS (
                    SELECT ?::text AS account, ?::text AS hold_id, NOW_MS AS now_ms,
                           set_config('synchronous_commit', 'off', true) AS relaxed
                )
                UPDATE PREFIXledger AS l SET (ended_live, hold_ids, hold_amounts, hold_expires) = (
                        SELECT coalesce(bool_or(i = p.hold_id), false),
                               coalesce(array_agg(i ORDER BY n) FILTER (WHERE i <> p.hold_id), '{}'),
                               coalesce(array_agg(a ORDER BY n) FILTER (WHERE i <> p.hold_id), '{}'),
                               coalesce(array_agg(e ORDER BY n) FILTER (WHERE i <> p.hold_id), '{}')
                          FROM unnest(l.hold_ids, l.hold_amounts, l.hold_expires) WITH ORDINALITY AS x(i, a, e, n)
                         WHERE e > p.now_ms)
                  FROM p
                 WHERE l.account = p.account AND p.hold_id = ANY (l.hold_ids)
                RETURNING l.ended_live""");
        // The commit mark and the spend go in together or not at all; a repeated commit finds its mark and records
        // nothing. A commit in another unit than the ledger's is refused, even with nothing held. Old spend is left for
        // the next reserve, which knows the reading in use, to fold and drop.
        this.commit = fill(HOLD_LOCK + """
                WITH p AS (
                    SELECT ?::text AS account, ?::text AS hold_id, ?::text AS unit, ?::numeric AS spent,
                           NOW_MS AS now_ms
                ), other AS (
                    SELECT l.unit FROM p JOIN PREFIXledger l ON l.account = p.account AND l.unit NOT IN (p.unit, '')
                ), first_commit AS (
                    INSERT INTO PREFIXspent_hold (account, hold_id, at_ms)
                    SELECT account, hold_id, now_ms FROM p WHERE NOT EXISTS (SELECT 1 FROM other)
                    ON CONFLICT (account, hold_id) DO NOTHING
                    RETURNING at_ms
                ), up AS (
                    INSERT INTO PREFIXledger AS l
                           (account, unit, hold_ids, hold_amounts, hold_expires, spend_at, spend_amounts)
                    SELECT p.account, p.unit, '{}', '{}', '{}', ARRAY[c.at_ms], ARRAY[p.spent] FROM p, first_commit c
                    ON CONFLICT (account) DO UPDATE
                       SET (unit, ended_live, hold_ids, hold_amounts, hold_expires, spend_at, spend_amounts) = (
                        SELECT p.unit, h.live, h.ids, h.amounts, h.expires,
                               CASE WHEN s.n > 0 AND s.ats[s.n] / 1000 = p.now_ms / 1000
                                    THEN s.ats[1:s.n - 1] || greatest(s.ats[s.n], p.now_ms) ELSE s.ats || p.now_ms END,
                               CASE WHEN s.n > 0 AND s.ats[s.n] / 1000 = p.now_ms / 1000
                                    THEN s.amounts[1:s.n - 1] || (s.amounts[s.n] + p.spent)
                                    ELSE s.amounts || p.spent END
                          FROM p,
                               LATERAL (SELECT coalesce(bool_or(i = p.hold_id), false) AS live,
                                               coalesce(array_agg(i ORDER BY n) FILTER (WHERE i <> p.hold_id), '{}')
                                                   AS ids,
                                               coalesce(array_agg(a ORDER BY n) FILTER (WHERE i <> p.hold_id), '{}')
                                                   AS amounts,
                                               coalesce(array_agg(e ORDER BY n) FILTER (WHERE i <> p.hold_id), '{}')
                                                   AS expires
                                          FROM unnest(l.hold_ids, l.hold_amounts, l.hold_expires)
                                               WITH ORDINALITY AS x(i, a, e, n)
                                         WHERE e > p.now_ms) h,
                               LATERAL (SELECT l.spend_at AS ats, l.spend_amounts AS amounts,
                                               cardinality(l.spend_at) AS n) s)
                    RETURNING l.ended_live
                )
                SELECT coalesce((SELECT ended_live FROM up), false), (SELECT unit FROM other)""");
        this.sweep = fill("DELETE FROM PREFIXspent_hold WHERE at_ms < NOW_MS - KEEP_MS");
        this.firstReport = fill("""
                INSERT INTO PREFIXreported AS r (account, report_id, until_ms) VALUES (?, ?, NOW_MS + ?)
                ON CONFLICT (account, report_id) DO UPDATE SET until_ms = excluded.until_ms
                 WHERE r.until_ms <= NOW_MS
                RETURNING 1""");
        this.firstRunReport = fill("""
                WITH first AS (
                    INSERT INTO PREFIXreported AS r (account, report_id, until_ms) VALUES (?, ?, NOW_MS + ?)
                    ON CONFLICT (account, report_id) DO UPDATE SET until_ms = excluded.until_ms
                     WHERE r.until_ms <= NOW_MS
                    RETURNING r.account, r.until_ms),
                p AS (SELECT ?::text AS run, ?::text AS country, ?::text AS unit, ?::numeric AS amount),
                added AS (
                    INSERT INTO PREFIXreported_run AS t (account, run, country, unit, actual, messages, until_ms)
                    SELECT f.account, p.run, p.country, p.unit, p.amount, 1, f.until_ms FROM first f, p
                     WHERE NOT EXISTS (SELECT 1 FROM PREFIXreported_run o
                                        WHERE o.account = f.account AND o.run = p.run AND o.unit <> p.unit
                                          AND o.until_ms > NOW_MS)
                    ON CONFLICT (account, run, country) DO UPDATE
                       SET actual = CASE WHEN t.until_ms > NOW_MS THEN t.actual + excluded.actual
                                         ELSE excluded.actual END,
                           messages = CASE WHEN t.until_ms > NOW_MS THEN t.messages + 1 ELSE 1 END,
                           unit = excluded.unit,
                           until_ms = greatest(t.until_ms, excluded.until_ms)
                     WHERE t.unit = excluded.unit OR t.until_ms <= NOW_MS
                    RETURNING 1)
                SELECT 1 FROM first""");
        this.reportedRun = fill("""
                SELECT country, unit, actual::text, messages FROM PREFIXreported_run
                 WHERE account = ? AND run = ? AND until_ms > NOW_MS""");
        this.sweepReported = fill("DELETE FROM PREFIXreported WHERE until_ms < NOW_MS");
        this.sweepReportedRuns = fill("DELETE FROM PREFIXreported_run WHERE until_ms < NOW_MS");
        this.read = fill("""
                WITH p AS (SELECT ?::text AS account)
                SELECT NOW_MS, (SELECT fields::text FROM PREFIXreading r, p WHERE r.account = p.account),
                       (SELECT epoch::text FROM PREFIXledger l, p WHERE l.account = p.account)""");
        // an account with no row gets one, empty (no unit yet: '' takes any), so that it has an epoch to report
        this.epoch = fill("""
                WITH p AS (SELECT ?::text AS account),
                got AS (SELECT l.epoch FROM PREFIXledger l, p WHERE l.account = p.account),
                made AS (
                    INSERT INTO PREFIXledger AS l
                        (account, unit, hold_ids, hold_amounts, hold_expires, spend_at, spend_amounts)
                    SELECT account, '', '{}', '{}', '{}', '{}', '{}' FROM p WHERE NOT EXISTS (SELECT 1 FROM got)
                    ON CONFLICT (account) DO UPDATE SET unit = l.unit
                    RETURNING l.epoch
                )
                SELECT coalesce((SELECT epoch FROM got), (SELECT epoch FROM made))::text, NOW_MS""");
        // won when no claim is live and no newer reading than the one the caller saw (none: NULL) is in
        this.claim = fill("""
                WITH p AS (SELECT ?::text AS account, ?::text AS claimant, ?::bigint AS lease_ms,
                                  ?::bigint AS seen_attempt, NOW_MS AS now_ms)
                INSERT INTO PREFIXreading AS r (account, claimant, claimed_at_ms, claim_until_ms)
                SELECT account, claimant, now_ms, now_ms + lease_ms FROM p
                ON CONFLICT (account) DO UPDATE
                   SET claimant = excluded.claimant, claimed_at_ms = excluded.claimed_at_ms,
                       claim_until_ms = excluded.claim_until_ms
                 WHERE (r.claim_until_ms IS NULL OR r.claim_until_ms <= excluded.claimed_at_ms)
                   AND (r.attempt_ms IS NULL OR r.attempt_ms <= (SELECT seen_attempt FROM p))
                RETURNING r.claimed_at_ms""");
        // a late publisher (its claim lapsed, another replica fetched since) never overwrites a newer reading
        this.publish = fill("""
                INSERT INTO PREFIXreading AS r (account, fields, attempt_ms) VALUES (?, ?::jsonb, ?)
                ON CONFLICT (account) DO UPDATE
                   SET fields = CASE WHEN r.attempt_ms IS NULL OR excluded.attempt_ms >= r.attempt_ms
                                     THEN excluded.fields ELSE r.fields END,
                       attempt_ms = greatest(r.attempt_ms, excluded.attempt_ms),
                       claimant = CASE WHEN r.claimant = ? THEN NULL ELSE r.claimant END,
                       claimed_at_ms = CASE WHEN r.claimant = ? THEN NULL ELSE r.claimed_at_ms END,
                       claim_until_ms = CASE WHEN r.claimant = ? THEN NULL ELSE r.claim_until_ms END""");
        // stored only when the row's reading is still the one the caller saw (none: NULL); the claim ends either way
        this.publishAfter = fill("""
                WITH p AS (SELECT ?::text AS account, ?::jsonb AS fields, ?::bigint AS attempt_ms,
                                  ?::bigint AS seen_attempt, ?::text AS claimant),
                     made AS (INSERT INTO PREFIXreading (account, fields, attempt_ms)
                              SELECT account, fields, attempt_ms FROM p WHERE seen_attempt IS NULL
                              ON CONFLICT (account) DO NOTHING RETURNING account),
                     next AS (UPDATE PREFIXreading r
                                 SET fields = CASE WHEN r.attempt_ms IS NOT DISTINCT FROM p.seen_attempt
                                                   THEN p.fields ELSE r.fields END,
                                     attempt_ms = CASE WHEN r.attempt_ms IS NOT DISTINCT FROM p.seen_attempt
                                                       THEN p.attempt_ms ELSE r.attempt_ms END,
                                     claimant = CASE WHEN r.claimant = p.claimant THEN NULL ELSE r.claimant END,
                                     claimed_at_ms = CASE WHEN r.claimant = p.claimant
                                                          THEN NULL ELSE r.claimed_at_ms END,
                                     claim_until_ms = CASE WHEN r.claimant = p.claimant
                                                           THEN NULL ELSE r.claim_until_ms END
                                FROM p WHERE r.account = p.account
                              RETURNING r.attempt_ms = p.attempt_ms AND r.fields = p.fields AS stored)
                SELECT (SELECT count(*) FROM made) + (SELECT count(*) FROM next WHERE stored)""");
        this.invalidate = fill("""
                UPDATE PREFIXreading SET fields = fields || '{"invalidated": "1"}'::jsonb
                 WHERE account = ? AND fields IS NOT NULL""");
    }

    /** The GRANT statements that give {@code role} (an identifier, quoted if need be) what the store needs. */
    String grants(String role) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tables.length; i++) {
            out.append(i == 0 ? "" : " ")
                    .append("GRANT ")
                    .append(privileges[i])
                    .append(" ON ")
                    .append(tables[i])
                    .append(" TO ")
                    .append(role)
                    .append(';');
        }
        return out.toString();
    }

    private String fill(String sql) {
        return sql.replace("PREFIX", prefix).replace("NOW_MS", NOW_MS).replace("KEEP_MS", Long.toString(KEEP_MILLIS));
    }

    static String schemaText() {
        try (InputStream in = Sql.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
