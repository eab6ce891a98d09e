-- balance-guard JDBC store (dev.balanceguard:guard-jdbc), PostgreSQL 11 or later.
--
-- ${prefix} is the table prefix: balance_guard_ unless balance-guard.jdbc.table-prefix (or
-- JdbcGuardStore.Builder.tablePrefix) says otherwise. Copy this file into your migrations and replace it, or let
-- Flyway fill it in (spring.flyway.placeholders.prefix=balance_guard_). JdbcGuardStore.createSchema() and
-- balance-guard.jdbc.initialize-schema=true run this same file. Every statement is idempotent.
--
-- Amounts are NUMERIC (exact decimals, never floating point). Times are epoch milliseconds on the database
-- server's clock (clock_timestamp()), so one clock judges the whole fleet.

-- Funds held by runs in flight: live until expires_at_ms. A hold ends by delete (commit or release); expired
-- rows are swept by the store itself, at most once a minute.
CREATE TABLE IF NOT EXISTS ${prefix}hold (
    account        text     NOT NULL,
    hold_id        text     NOT NULL,
    unit           text     NOT NULL,
    amount         numeric  NOT NULL CHECK (amount >= 0),
    expires_at_ms  bigint   NOT NULL,
    PRIMARY KEY (account, hold_id)
);

-- Spend committed but maybe not yet in the provider's balance, one row per account and second (at_ms: the
-- latest commit in that second). A reading fetched at T no longer counts rows with at_ms < T. Rows older than
-- an hour are swept.
CREATE TABLE IF NOT EXISTS ${prefix}spend (
    account        text     NOT NULL,
    at_second      bigint   NOT NULL,
    unit           text     NOT NULL,
    amount         numeric  NOT NULL,
    at_ms          bigint   NOT NULL,
    PRIMARY KEY (account, at_second)
);
CREATE INDEX IF NOT EXISTS ${prefix}spend_at_second ON ${prefix}spend (at_second);

-- Hold ids whose spend is recorded, so a repeated commit (a retry after a timeout) records nothing more. Kept an
-- hour.
CREATE TABLE IF NOT EXISTS ${prefix}spent_hold (
    account        text     NOT NULL,
    hold_id        text     NOT NULL,
    at_ms          bigint   NOT NULL,
    PRIMARY KEY (account, hold_id)
);
CREATE INDEX IF NOT EXISTS ${prefix}spent_hold_at_ms ON ${prefix}spent_hold (at_ms);

-- The fleet's shared balance reading per account (fields: SharedReading.toFields(), all values text, amounts
-- in plain decimal notation) and the claim on its next fetch: one replica fetches until claim_until_ms.
CREATE TABLE IF NOT EXISTS ${prefix}reading (
    account        text     PRIMARY KEY,
    fields         jsonb,
    attempt_ms     bigint,
    claimant       text,
    claimed_at_ms  bigint,
    claim_until_ms bigint
);
