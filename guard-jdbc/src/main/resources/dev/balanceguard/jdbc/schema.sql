-- balance-guard JDBC store (dev.balanceguard:guard-jdbc), PostgreSQL 11 or later.
--
-- ${prefix} is the table prefix: balance_guard_ unless balance-guard.jdbc.table-prefix (or
-- JdbcGuardStore.Builder.tablePrefix) says otherwise. Copy this file into your migrations and replace it, or let
-- Flyway fill it in (spring.flyway.placeholders.prefix=balance_guard_). JdbcGuardStore.createSchema() and
-- balance-guard.jdbc.initialize-schema=true run this same file. Every statement is idempotent.
--
-- Amounts are NUMERIC (exact decimals, never floating point). Times are epoch milliseconds on the database
-- server's clock (clock_timestamp()), so one clock judges the whole fleet.

-- One row per account: the holds of runs in flight (id, amount, lease end) and the spend committed since the
-- balance in use was fetched (one entry per second: the latest commit's time and the second's total), as parallel
-- arrays. Every operation is one statement that locks this row and rewrites it (a HOT update: no index churn),
-- dropping lapsed holds as it goes; spend a reading already shows is folded into one entry, dropped after an hour.
-- ended_live only carries the last end's answer back to that statement. epoch is a random number written once, when
-- the row is created: a row that comes back without its state (the table truncated, a new cluster in the database's
-- place) has another, which tells every replica that knew the old one that holds and spend were lost.
CREATE TABLE IF NOT EXISTS ${prefix}ledger (
    account        text       PRIMARY KEY,
    epoch          bigint     NOT NULL DEFAULT floor(random() * 9007199254740991),
    unit           text       NOT NULL,
    hold_ids       text[]     NOT NULL,
    hold_amounts   numeric[]  NOT NULL,
    hold_expires   bigint[]   NOT NULL,
    spend_at       bigint[]   NOT NULL,
    spend_amounts  numeric[]  NOT NULL,
    ended_live     boolean    NOT NULL DEFAULT false
) WITH (fillfactor = 50);

-- Hold ids whose spend is recorded, so a repeated commit (a retry after a lost reply) records nothing more. Kept an
-- hour; the store deletes older rows itself.
CREATE TABLE IF NOT EXISTS ${prefix}spent_hold (
    account        text       NOT NULL,
    hold_id        text       NOT NULL,
    at_ms          bigint     NOT NULL,
    PRIMARY KEY (account, hold_id)
);
CREATE INDEX IF NOT EXISTS ${prefix}spent_hold_at_ms ON ${prefix}spent_hold (at_ms);

-- The fleet's shared balance reading per account (fields: SharedReading.toFields(), all values text, amounts in
-- plain decimal notation) and the claim on its next fetch: one replica fetches until claim_until_ms.
CREATE TABLE IF NOT EXISTS ${prefix}reading (
    account        text       PRIMARY KEY,
    fields         jsonb,
    attempt_ms     bigint,
    claimant       text,
    claimed_at_ms  bigint,
    claim_until_ms bigint
);

-- One row per budget and unit (balance-guard budgets): the holds counted against it (the account holds' ids and
-- lease ends, as parallel arrays) and the spend committed in its latest period (period_start: epoch ms on the
-- database's clock). A reserve or end with budgets locks these rows, ordered by (budget, unit), before the account's
-- row, in one short transaction: every writer takes them in that order, so none waits on another in a cycle.
CREATE TABLE IF NOT EXISTS ${prefix}budget (
    budget         text       NOT NULL,
    unit           text       NOT NULL,
    hold_ids       text[]     NOT NULL DEFAULT '{}',
    hold_amounts   numeric[]  NOT NULL DEFAULT '{}',
    hold_expires   bigint[]   NOT NULL DEFAULT '{}',
    period_start   bigint     NOT NULL DEFAULT 0,
    spent          numeric    NOT NULL DEFAULT 0,
    PRIMARY KEY (budget, unit)
);

-- Reports of what a message cost that were counted (guard-webhooks' price reports), so that a report delivered twice,
-- or to two replicas, counts once: the first INSERT wins; a row is kept until until_ms, and the store deletes older
-- rows itself.
CREATE TABLE IF NOT EXISTS ${prefix}reported (
    account        text       NOT NULL,
    report_id      text       NOT NULL,
    until_ms       bigint     NOT NULL,
    PRIMARY KEY (account, report_id)
);
CREATE INDEX IF NOT EXISTS ${prefix}reported_until_ms ON ${prefix}reported (until_ms);

-- A run's counted reports per destination country (ISO 3166 alpha-2, never a number): the sum of their prices and
-- their count, added in the statement that inserts the report's row; kept until until_ms after the run's last report.
CREATE TABLE IF NOT EXISTS ${prefix}reported_run (
    account        text       NOT NULL,
    run            text       NOT NULL,
    country        text       NOT NULL,
    unit           text       NOT NULL,
    actual         numeric    NOT NULL,
    messages       bigint     NOT NULL,
    until_ms       bigint     NOT NULL,
    PRIMARY KEY (account, run, country)
);
CREATE INDEX IF NOT EXISTS ${prefix}reported_run_until_ms ON ${prefix}reported_run (until_ms);
