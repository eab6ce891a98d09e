package dev.balanceguard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardDecision.Reason;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.store.StoreException;
import dev.balanceguard.test.Eventually;
import dev.balanceguard.test.server.LocalPostgres;
import dev.balanceguard.test.server.PartitionProxy;
import dev.balanceguard.test.server.RequiresPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JDBC store behind a partitioned link (a TCP proxy between it and a real PostgreSQL): refused within the
 * statement timeout + 2 s (not the 12 s a client-side cancel took), recovered when the link heals, and no hold
 * left behind by a reserve whose reply was lost.
 */
@RequiresPostgres
@Timeout(120)
class JdbcPartitionTest {

    /** The store's timeout (the case the README's bound names): the network timeout is 2 s more. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** What the tests allow on top of the promised bound, for a loaded build machine. */
    private static final long SLACK_MILLIS = 4_000;

    private final String account = "partition-" + UUID.randomUUID();
    private PartitionProxy proxy;
    private HikariDataSource pool;
    private JdbcGuardStore store;

    @BeforeEach
    void start() throws Exception {
        LocalPostgres server = LocalPostgres.shared();
        JdbcTesting.store(); // the tables
        proxy = new PartitionProxy(server.port());
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + LocalPostgres.DATABASE);
        config.setUsername(server.user());
        config.setPassword(server.password());
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(2_000); // the README's advice: how long getting a connection may take
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(-1);
        pool = new HikariDataSource(config);
        store = JdbcGuardStore.builder(pool).timeout(TIMEOUT).build();
    }

    @AfterEach
    void stop() throws Exception {
        pool.close();
        proxy.close();
    }

    private static HoldRequest hold(String id, String amount) {
        return new HoldRequest(id, Money.of(amount, "USD"), Money.of("100", "USD"), 600_000, 0);
    }

    @Test
    void aBlackHoledLinkIsRefusedWithinTheTimeoutPlusTwoSecondsAndTheStoreRecoversWhenItHeals() {
        BalanceGuard guard = BalanceGuard.builder()
                .account(account, SimulatorBalanceProvider.of("100", "USD"))
                .ledger(store)
                .build();
        guard.reserve(account, CostEstimate.of(Money.of("1", "USD")), BigDecimal.ZERO)
                .release(); // warm

        proxy.blackHole();
        long start = System.nanoTime();
        StoreException e = catchThrowableOfType(StoreException.class, () -> store.reserve(account, hold("b", "1")));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("[partition] jdbc reserve through a black hole refused after " + tookMillis + " ms");

        assertThat(e).isNotNull();
        assertThat(e.getMessage())
                .startsWith("jdbc store: reserve on '" + account + "'")
                .doesNotContain(LocalPostgres.shared().password());
        assertThat(tookMillis)
                .as("refused within timeout + 2 s + slack, not after a cancel's 10 s more")
                .isLessThan(TIMEOUT.toMillis() + 2_000 + SLACK_MILLIS);

        start = System.nanoTime();
        InsufficientBalanceException refused = catchThrowableOfType(
                InsufficientBalanceException.class,
                () -> guard.reserve(account, CostEstimate.of(Money.of("1", "USD")), BigDecimal.ZERO));
        assertThat(refused.decision().reason()).isEqualTo(Reason.STORE_UNAVAILABLE);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(TIMEOUT.toMillis() + 2_000 + SLACK_MILLIS);

        proxy.heal();
        Eventually.until(() -> reserves("after"));
        assertThat(JdbcTesting.store().totals(account, "USD", 0).reserved()).isEqualByComparingTo("1");
    }

    @Test
    void aResetLinkIsRefusedAtOnceAndTheStoreRecoversWhenItHeals() {
        assertThat(store.reserve(account, hold("a", "1")).held()).isTrue();

        proxy.reset();
        long start = System.nanoTime();
        assertThat(catchThrowableOfType(StoreException.class, () -> store.reserve(account, hold("b", "1"))))
                .isNotNull();
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("[partition] jdbc reserve through a reset link refused after " + tookMillis + " ms");
        assertThat(tookMillis).isLessThan(TIMEOUT.toMillis() + 2_000 + SLACK_MILLIS);

        proxy.heal();
        Eventually.until(() -> reserves("c"));
        assertThat(JdbcTesting.store().totals(account, "USD", 0).reserved()).isEqualByComparingTo("2");
    }

    @Test
    void aReserveWhoseReplyWasLostIsReleasedInTheBackgroundOnceTheLinkHeals() {
        assertThat(store.reserve(account, hold("a", "1")).held()).isTrue();

        proxy.dropReplies(); // the reserve reaches the database, which holds; its answer never comes back
        long start = System.nanoTime();
        assertThat(catchThrowableOfType(StoreException.class, () -> store.reserve(account, hold("lost", "30"))))
                .isNotNull();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(TIMEOUT.toMillis() + 2_000 + SLACK_MILLIS);
        JdbcGuardStore direct = JdbcTesting.store();
        assertThat(direct.totals(account, "USD", 0).reserved())
                .as("the lost reserve did hold")
                .isEqualByComparingTo("31");

        proxy.heal();
        // the hold's lease is 10 minutes: it goes long before, released by the store in the background
        Eventually.until(
                Duration.ofSeconds(20),
                "the condition",
                () -> direct.totals(account, "USD", 0).reserved().compareTo(BigDecimal.ONE) == 0);
    }

    @Test
    void theStatementTimeoutIsTheServersAndLastsOnlyForTheStoresOwnStatements() throws Exception {
        try (HikariDataSource one = (HikariDataSource) LocalPostgres.shared().pool(1)) {
            JdbcGuardStore onOne = JdbcGuardStore.builder(one).timeout(TIMEOUT).build();
            onOne.reserve(account, hold("a", "1"));
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

    private boolean reserves(String id) {
        try {
            return store.reserve(account, hold(id, "1")).held();
        } catch (StoreException e) {
            return false;
        }
    }
}
