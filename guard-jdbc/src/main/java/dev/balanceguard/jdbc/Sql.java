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
 * runs. Not {@code now()}: that is the transaction's start, which for {@link #reserve} is before the wait for
 * the account's lock, so a busy account would stamp holds with a time already past.
 */
final class Sql {

    /** The classpath location of the schema, relative to nothing: {@code ClassLoader.getResource} form. */
    static final String SCHEMA_RESOURCE = "dev/balanceguard/jdbc/schema.sql";

    static final String NOW_MS = "floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint";

    /** How long spend rows and the ids of committed holds are kept. */
    static final long KEEP_MILLIS = 60 * 60 * 1000;

    final String prefix;
    final String schema;
    final String[] tables;
    final String reserve;
    final String totals;
    final String end;
    final String[] sweep;
    final String read;
    final String claim;
    final String publish;
    final String invalidate;

    Sql(String prefix) {
        this.prefix = prefix;
        this.schema = schemaText().replace("${prefix}", prefix);
        this.tables = new String[] {prefix + "hold", prefix + "spend", prefix + "spent_hold", prefix + "reading"};
        this.reserve = fill("""
                SELECT pg_advisory_xact_lock(?);
                WITH p AS (
                    SELECT ?::text AS account, ?::text AS hold_id, ?::text AS unit, ?::numeric AS amount,
                           ?::numeric AS ceiling, ?::bigint AS lease_ms, ?::bigint AS since_ms, NOW_MS AS now_ms,
                           current_setting('transaction_isolation') = 'read committed' AS fresh
                ), live AS (
                    SELECT coalesce(sum(h.amount) FILTER (WHERE h.hold_id <> p.hold_id), 0) AS reserved,
                           min(h.unit) FILTER (WHERE h.unit <> p.unit) AS other_unit,
                           max(h.expires_at_ms) FILTER (WHERE h.hold_id = p.hold_id) AS existing
                      FROM p JOIN PREFIXhold h ON h.account = p.account AND h.expires_at_ms > p.now_ms
                ), unbooked AS (
                    SELECT coalesce(sum(s.amount), 0) AS unbooked,
                           min(s.unit) FILTER (WHERE s.unit <> p.unit) AS other_unit
                      FROM p JOIN PREFIXspend s ON s.account = p.account
                                                AND s.at_second >= p.since_ms / 1000 - 1 AND s.at_ms >= p.since_ms
                ), decision AS (
                    SELECT live.existing, coalesce(live.other_unit, unbooked.other_unit) AS other_unit,
                           p.fresh AND live.existing IS NULL AND live.other_unit IS NULL AND unbooked.other_unit IS NULL
                             AND (p.ceiling IS NULL OR live.reserved + unbooked.unbooked + p.amount <= p.ceiling) AS fits
                      FROM p, live, unbooked
                ), inserted AS (
                    INSERT INTO PREFIXhold AS h (account, hold_id, unit, amount, expires_at_ms)
                    SELECT p.account, p.hold_id, p.unit, p.amount, p.now_ms + p.lease_ms FROM p, decision WHERE decision.fits
                    ON CONFLICT (account, hold_id) DO UPDATE
                       SET unit = excluded.unit, amount = excluded.amount, expires_at_ms = excluded.expires_at_ms
                     WHERE h.expires_at_ms <= (SELECT now_ms FROM p)
                    RETURNING h.expires_at_ms
                )
                SELECT live.reserved, unbooked.unbooked, decision.other_unit,
                       coalesce(decision.existing, (SELECT expires_at_ms FROM inserted)) AS expires_at_ms, p.fresh
                  FROM p, live, unbooked, decision""");
        this.totals = fill("""
                WITH p AS (
                    SELECT ?::text AS account, ?::text AS unit, ?::bigint AS since_ms, NOW_MS AS now_ms
                ), live AS (
                    SELECT coalesce(sum(h.amount), 0) AS reserved, min(h.unit) FILTER (WHERE h.unit <> p.unit) AS other_unit
                      FROM p JOIN PREFIXhold h ON h.account = p.account AND h.expires_at_ms > p.now_ms
                ), unbooked AS (
                    SELECT coalesce(sum(s.amount), 0) AS unbooked, min(s.unit) FILTER (WHERE s.unit <> p.unit) AS other_unit
                      FROM p JOIN PREFIXspend s ON s.account = p.account
                                                AND s.at_second >= p.since_ms / 1000 - 1 AND s.at_ms >= p.since_ms
                )
                SELECT live.reserved, unbooked.unbooked, coalesce(live.other_unit, unbooked.other_unit)
                  FROM live, unbooked""");
        // one statement: the delete, the first-commit marker and the spend bucket succeed or fail together
        this.end = fill("""
                WITH p AS (
                    SELECT ?::text AS account, ?::text AS hold_id, ?::text AS unit, ?::numeric AS spent, NOW_MS AS now_ms
                ), other AS (
                    SELECT coalesce(
                        (SELECT h.unit FROM PREFIXhold h
                          WHERE h.account = p.account AND h.unit <> p.unit
                            AND (h.hold_id = p.hold_id OR h.expires_at_ms > p.now_ms) LIMIT 1),
                        (SELECT s.unit FROM PREFIXspend s
                          WHERE s.account = p.account AND s.unit <> p.unit
                            AND s.at_second = (SELECT max(at_second) FROM PREFIXspend WHERE account = p.account))
                    ) AS unit FROM p
                ), ended AS (
                    DELETE FROM PREFIXhold h USING p, other
                     WHERE h.account = p.account AND h.hold_id = p.hold_id AND other.unit IS NULL
                    RETURNING h.expires_at_ms > p.now_ms AS live
                ), first_commit AS (
                    INSERT INTO PREFIXspent_hold (account, hold_id, at_ms)
                    SELECT p.account, p.hold_id, p.now_ms FROM p, other WHERE p.spent IS NOT NULL AND other.unit IS NULL
                    ON CONFLICT (account, hold_id) DO NOTHING
                    RETURNING at_ms
                ), spend AS (
                    INSERT INTO PREFIXspend AS s (account, at_second, unit, amount, at_ms)
                    SELECT p.account, c.at_ms / 1000, p.unit, p.spent, c.at_ms FROM p, first_commit c
                    ON CONFLICT (account, at_second) DO UPDATE
                       SET amount = s.amount + excluded.amount, at_ms = greatest(s.at_ms, excluded.at_ms)
                )
                SELECT coalesce((SELECT live FROM ended), false), other.unit FROM other""");
        this.sweep = new String[] {
                fill("DELETE FROM PREFIXhold WHERE expires_at_ms <= NOW_MS"),
                fill("DELETE FROM PREFIXspend WHERE at_second < NOW_MS / 1000 - " + KEEP_MILLIS / 1000),
                fill("DELETE FROM PREFIXspent_hold WHERE at_ms < NOW_MS - " + KEEP_MILLIS)};
        this.read = fill("SELECT NOW_MS, (SELECT fields::text FROM PREFIXreading WHERE account = ?)");
        // won when no claim is live and (when the caller says what it saw) no newer reading than that is in
        this.claim = fill("""
                WITH p AS (SELECT ?::text AS account, ?::text AS claimant, ?::bigint AS lease_ms, ?::boolean AS judged,
                                  ?::bigint AS seen_attempt, NOW_MS AS now_ms)
                INSERT INTO PREFIXreading AS r (account, claimant, claimed_at_ms, claim_until_ms)
                SELECT account, claimant, now_ms, now_ms + lease_ms FROM p
                ON CONFLICT (account) DO UPDATE
                   SET claimant = excluded.claimant, claimed_at_ms = excluded.claimed_at_ms,
                       claim_until_ms = excluded.claim_until_ms
                 WHERE (r.claim_until_ms IS NULL OR r.claim_until_ms <= excluded.claimed_at_ms)
                   AND (NOT (SELECT judged FROM p) OR r.attempt_ms IS NULL
                        OR r.attempt_ms <= (SELECT seen_attempt FROM p))
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
        this.invalidate = fill("""
                UPDATE PREFIXreading SET fields = fields || '{"invalidated": "1"}'::jsonb
                 WHERE account = ? AND fields IS NOT NULL""");
    }

    private String fill(String sql) {
        return sql.replace("PREFIX", prefix).replace("NOW_MS", NOW_MS);
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
