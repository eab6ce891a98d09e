package dev.balanceguard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.balanceguard.core.Money;
import dev.balanceguard.store.HoldOutcome;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.store.StoreException;
import dev.balanceguard.test.Eventually;
import dev.balanceguard.test.server.LocalPostgres;
import dev.balanceguard.test.server.RequiresPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

/** What the JDBC store does beyond the contract kits: schema, prefix, clock, cleanup, faults. */
@RequiresPostgres
class JdbcGuardStoreTest {

    private static final String SECRET = "Sup3r-S3cret-pw";

    private final String account = "acct-" + UUID.randomUUID();

    private static HoldRequest hold(String id, String amount, String ceiling, long leaseMillis) {
        return new HoldRequest(
                id, Money.of(amount, "USD"), ceiling == null ? null : Money.of(ceiling, "USD"), leaseMillis, 0);
    }

    // ------------------------------------------------------------------------------------------------- schema

    @Test
    void theTablePrefixMustBeAPlainLowerCaseIdentifier() {
        DataSource ds = new PGSimpleDataSource();
        for (String bad : new String[] {
            "", "Balance_", "bg-", "bg_; DROP TABLE x; --", "1bg_", "bg.", "x".repeat(41), "bg_\"", null
        }) {
            assertThatThrownBy(() -> JdbcGuardStore.builder(ds).tablePrefix(bad))
                    .as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lower-case SQL identifier");
        }
        assertThat(JdbcGuardStore.builder(ds).tablePrefix("_bg2_").build().tableNames())
                .containsExactly(
                        "_bg2_ledger",
                        "_bg2_spent_hold",
                        "_bg2_reading",
                        "_bg2_budget",
                        "_bg2_reported",
                        "_bg2_reported_run");
    }

    @Test
    void theSchemaFileIsIdempotentPlaceholderedAndFreeOfFloatingPoint() {
        String schema = Sql.schemaText().replaceAll("(?m)--.*$", "");
        List<String> statements = new ArrayList<>();
        for (String s : schema.split(";")) {
            if (!s.isBlank()) {
                statements.add(s.strip());
            }
        }
        assertThat(statements)
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s).matches("(?s)CREATE (TABLE|INDEX) IF NOT EXISTS \\$\\{prefix}.*"));
        assertThat(schema.toLowerCase()).doesNotContain("float", "double", "real ", "money");
        assertThat(JdbcGuardStore.class.getClassLoader().getResource(JdbcGuardStore.SCHEMA_RESOURCE))
                .isNotNull();
    }

    @Test
    void theStartupCheckNamesAMissingBudgetTable() {
        String prefix = "bg_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        JdbcGuardStore store =
                JdbcGuardStore.builder(JdbcTesting.pool()).tablePrefix(prefix).build();
        store.createSchema();
        LocalPostgres.shared().psql("DROP TABLE " + prefix + "budget");
        try {
            // a schema migrated before budgets existed: every other table is there
            assertThat(store.missingTables()).containsExactly(prefix + "budget");
            assertThat(store.missingGrants()).isEmpty();
        } finally {
            LocalPostgres.shared().psql("DROP TABLE IF EXISTS " + String.join(", ", store.tableNames()));
        }
    }

    @Test
    void createsTheSchemaUnderAnotherPrefixFromManyReplicasAtOnce() throws Exception {
        String prefix = "bg_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        JdbcGuardStore store =
                JdbcGuardStore.builder(JdbcTesting.pool()).tablePrefix(prefix).build();
        assertThat(store.missingTables()).containsExactlyElementsOf(store.tableNames());
        assertThatThrownBy(() -> store.reserve(account, hold("a", "1", "10", 60_000)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("a table is missing")
                .hasMessageContaining(JdbcGuardStore.SCHEMA_RESOURCE);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Object>> done = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            done.add(pool.submit((Callable<Object>) () -> {
                JdbcGuardStore.builder(JdbcTesting.pool())
                        .tablePrefix(prefix)
                        .build()
                        .createSchema();
                return null;
            }));
        }
        for (Future<Object> f : done) {
            f.get();
        }
        pool.shutdown();
        store.createSchema(); // and once more

        assertThat(store.missingTables()).isEmpty();
        assertThat(store.reserve(account, hold("a", "1", "10", 60_000)).held()).isTrue();
        assertThat(columnTypes(prefix))
                .contains("ledger.hold_amounts _numeric", "ledger.spend_amounts _numeric")
                .noneMatch(c -> c.contains("float") || c.contains("real") || c.contains("money"));
        LocalPostgres.shared().psql("DROP TABLE " + String.join(", ", store.tableNames()));
    }

    private static List<String> columnTypes(String prefix) throws Exception {
        List<String> types = new ArrayList<>();
        try (Connection c = JdbcTesting.pool().getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT table_name, column_name, udt_name FROM information_schema.columns "
                                + "WHERE table_name LIKE ?")) {
            ps.setString(1, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.add(
                            rs.getString(1).substring(prefix.length()) + "." + rs.getString(2) + " " + rs.getString(3));
                }
            }
        }
        return types;
    }

    // -------------------------------------------------------------------------------------------- clock, cleanup

    @Test
    void timesAreTheDatabasesClock() throws Exception {
        long before = dbMillis();
        HoldOutcome held = JdbcTesting.store().reserve(account, hold("a", "1", null, 60_000));
        long after = dbMillis();

        assertThat(held.expiresAtMillis() - 60_000).isBetween(before, after);
        assertThat(JdbcTesting.store().read(account).nowMillis()).isGreaterThanOrEqualTo(after);
    }

    private static long dbMillis() throws Exception {
        try (Connection c = JdbcTesting.pool().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + Sql.NOW_MS)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void lapsedHoldsOldSpendAndHourOldCommitMarksGoWithoutAScheduler() throws Exception {
        JdbcGuardStore store = JdbcTesting.store();
        store.reserve(account, hold("lapsing", "5", null, 200));
        store.reserve(account, hold("spent", "7", null, 60_000));
        store.end(account, "spent", Money.of("7", "USD"));
        long spentAt = dbMillis();
        Eventually.until(
                "the lease's end",
                () -> store.totals(account, "USD", 0).reserved().signum() == 0);
        LocalPostgres.shared()
                .psql("INSERT INTO balance_guard_spent_hold VALUES ('" + account + "', 'old', " + (spentAt - 7_200_000)
                        + ")");

        // the next write drops the lapsed hold; a fresh store's first reserve sweeps the hour-old commit marks
        JdbcGuardStore fresh = JdbcGuardStore.builder(JdbcTesting.pool()).build();
        fresh.reserve(account, new HoldRequest("live", Money.of("1", "USD"), null, 60_000, spentAt + 1));

        assertThat(LocalPostgres.shared()
                        .psql("SELECT hold_ids FROM balance_guard_ledger WHERE account = '" + account + "'")
                        .strip())
                .isEqualTo("{live}");
        assertThat(LocalPostgres.shared()
                        .psql("SELECT string_agg(hold_id, ',' ORDER BY hold_id) FROM "
                                + "balance_guard_spent_hold WHERE account = '" + account + "'")
                        .strip())
                .isEqualTo("spent");
    }

    @Test
    void aNewerReadingNeverHidesSpendFromAReplicaStillOnAnOlderOne() throws Exception {
        JdbcGuardStore store = JdbcTesting.store();
        long before = dbMillis();
        for (int i = 0; i < 3; i++) {
            store.reserve(account, hold("run-" + i, "10", null, 60_000));
            store.end(account, "run-" + i, Money.of("10", "USD"));
            Thread.sleep(5);
        }
        long newer = dbMillis() + 1;

        // a replica that refreshed reserves: its reading shows the 30 spent, so it does not count them
        HoldOutcome onNewer = store.reserve(
                account, new HoldRequest("after", Money.of("1", "USD"), Money.of("1", "USD"), 60_000, newer));
        assertThat(onNewer.held()).isTrue();
        assertThat(onNewer.before().unbooked()).isEqualByComparingTo("0");
        // a replica still on the older reading still counts all of it
        assertThat(store.totals(account, "USD", before).unbooked()).isEqualByComparingTo("30");
        assertThat(store.reserve(
                                account,
                                new HoldRequest("late", Money.of("1", "USD"), Money.of("30", "USD"), 60_000, before))
                        .held())
                .isFalse();
        assertThat(store.totals(account, "USD", newer).unbooked()).isEqualByComparingTo("0");
    }

    // --------------------------------------------------------------------------------------------------- faults

    @Test
    @Timeout(60)
    void aStatementWaitingTooLongIsCancelledWithATypedError() throws Exception {
        JdbcGuardStore store = JdbcGuardStore.builder(JdbcTesting.pool())
                .timeout(Duration.ofSeconds(1))
                .build();
        store.reserve(account, hold("a", "1", null, 60_000));
        try (Connection blocker = JdbcTesting.pool().getConnection();
                Statement s = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            s.execute("LOCK TABLE balance_guard_ledger IN ACCESS EXCLUSIVE MODE");

            StoreException e = catchThrowableOfType(
                    StoreException.class, () -> store.reserve(account, hold("b", "1", null, 60_000)));
            assertThat(e.store()).isEqualTo("jdbc");
            assertThat(e)
                    .hasMessageContaining("reserve on '" + account + "' timed out after 1 s")
                    .hasMessageContaining("57014");
            assertThatThrownBy(() -> store.totals(account, "USD", 0))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("timed out");
            blocker.rollback();
        }
        assertThat(store.reserve(account, hold("b", "1", null, 60_000)).held()).isTrue();
        assertThat(store.totals(account, "USD", 0).reserved()).isEqualByComparingTo("2");
    }

    @Test
    @Timeout(60)
    void anUnreachableDatabaseIsATypedErrorThatNeverShowsThePassword() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setURL("jdbc:postgresql://127.0.0.1:" + closedPort + "/guard?password=" + SECRET);
        nowhere.setUser("postgres");
        nowhere.setPassword(SECRET);
        nowhere.setConnectTimeout(2);
        JdbcGuardStore store = JdbcGuardStore.builder(nowhere).build();

        StoreException e =
                catchThrowableOfType(StoreException.class, () -> store.reserve(account, hold("a", "1", "5", 1000)));

        assertThat(e).hasMessageContaining("the database is unreachable");
        assertThatThrownBy(store::ping).isInstanceOf(StoreException.class);
        assertNoSecret(e, SECRET);
        assertThat(store.toString()).doesNotContain(SECRET).contains("balance_guard_");
    }

    @Test
    @Timeout(60)
    void aWrongPasswordIsATypedErrorThatNeverShowsIt() {
        PGSimpleDataSource wrong = new PGSimpleDataSource();
        wrong.setURL(LocalPostgres.shared().jdbcUrl());
        wrong.setUser("postgres");
        wrong.setPassword(SECRET);
        JdbcGuardStore store = JdbcGuardStore.builder(wrong).build();

        StoreException e = catchThrowableOfType(StoreException.class, () -> store.totals(account, "USD", 0));

        assertThat(e).hasMessageContaining("28P01");
        assertNoSecret(e, SECRET);
    }

    @Test
    void theStatementTimeoutIsTheServersAndLastsOnlyForTheStoresOwnStatements() throws Exception {
        try (com.zaxxer.hikari.HikariDataSource one =
                (com.zaxxer.hikari.HikariDataSource) LocalPostgres.shared().pool(1)) {
            JdbcTesting.store(); // the tables
            JdbcGuardStore onOne =
                    JdbcGuardStore.builder(one).timeout(Duration.ofSeconds(2)).build();
            onOne.reserve(account, hold("a", "1", "100", 600_000));
            try (Connection c = one.getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SHOW statement_timeout")) {
                rs.next();
                assertThat(rs.getString(1))
                        .as("the pool's connection keeps its own setting")
                        .isEqualTo("0");
            }
        }
    }

    @Test
    void theScrubberBlanksPasswordsInDriverText() {
        assertThat(Failures.scrub("url jdbc:postgresql://h/db?user=u&password=" + SECRET + "&ssl=true"))
                .isEqualTo("url jdbc:postgresql://h/db?user=u&password=****&ssl=true");
        assertThat(Failures.scrub("postgres://u:" + SECRET + "@host/db")).isEqualTo("postgres://u:****@host/db");
        assertThat(Failures.scrub("{\"password\": \"" + SECRET + "\"}")).doesNotContain(SECRET);
    }

    static void assertNoSecret(Throwable e, String secret) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(secret);
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
            assertThat(t.toString()).doesNotContain(secret);
        }
    }
}
