package dev.balanceguard.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.Reservation;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.jdbc.JdbcGuardStore;
import dev.balanceguard.spring.autoconfigure.store.JdbcStoreAutoConfiguration;
import dev.balanceguard.test.server.LocalPostgres;
import dev.balanceguard.test.server.RequiresPostgres;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code balance-guard.store=jdbc} in real application contexts, on a real PostgreSQL. */
@RequiresPostgres
class JdbcStoreAutoConfigurationTest {

    private static final List<HikariDataSource> POOLS = new ArrayList<>();

    private final String prefix = "bg_" + UUID.randomUUID().toString().substring(0, 8) + "_";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(BalanceGuardAutoConfiguration.class, JdbcStoreAutoConfiguration.class))
            .withPropertyValues(
                    "balance-guard.accounts.main.provider=simulator",
                    "balance-guard.accounts.main.balance=100",
                    "balance-guard.accounts.main.currency=USD");

    private static synchronized DataSource pool() {
        HikariDataSource pool = (HikariDataSource) LocalPostgres.shared().pool(4);
        POOLS.add(pool);
        return pool;
    }

    @AfterAll
    static void closePools() {
        POOLS.forEach(HikariDataSource::close);
    }

    private ApplicationContextRunner jdbc(String... more) {
        DataSource pool = pool();
        return runner.withBean(DataSource.class, () -> pool)
                .withPropertyValues("balance-guard.store=jdbc", "balance-guard.jdbc.table-prefix=" + prefix)
                .withPropertyValues(more);
    }

    @Test
    void twoApplicationsShareHoldsThroughTheDatabase() {
        jdbc("balance-guard.jdbc.initialize-schema=true").run(first -> {
            assertThat(first).hasNotFailed().hasSingleBean(JdbcGuardStore.class);
            BalanceGuard a = first.getBean(BalanceGuard.class);
            Reservation held = a.reserve("main", CostEstimate.of(Money.of("30", "USD")), BigDecimal.TEN);
            assertThat(LocalPostgres.shared()
                            .psql("SELECT hold_amounts FROM " + prefix + "ledger")
                            .strip())
                    .isEqualTo("{30}");

            jdbc().run(
                            second -> { // another replica: the tables exist now, so no initialize-schema needed
                                assertThat(second).hasNotFailed();
                                BalanceGuard b = second.getBean(BalanceGuard.class);
                                InsufficientBalanceException refused = catchThrowableOfType(
                                        InsufficientBalanceException.class,
                                        () -> b.reserve(
                                                "main", CostEstimate.of(Money.of("60.01", "USD")), BigDecimal.TEN));
                                assertThat(refused.decision().reason()).isEqualTo(GuardDecision.Reason.INSUFFICIENT);
                                assertThat(refused.decision().reserved()).isEqualTo(Money.of("30", "USD"));
                                b.reserve("main", CostEstimate.of(Money.of("60", "USD")), BigDecimal.TEN)
                                        .release();
                            });
            held.release();
        });
        LocalPostgres.shared()
                .psql("DROP TABLE " + prefix + "ledger, " + prefix + "spent_hold, " + prefix + "reading, " + prefix
                        + "reported, " + prefix + "reported_run");
    }

    @Test
    void missingTablesFailStartupNamingTheSqlFileToRun() {
        jdbc().run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new BalanceGuardFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription())
                    .contains("balance-guard.store")
                    .contains(prefix + "ledger")
                    .contains(prefix + "reading");
            assertThat(analysis.getAction())
                    .contains("dev/balanceguard/jdbc/schema.sql")
                    .contains("balance-guard.jdbc.initialize-schema=true")
                    .contains(prefix);
        });
    }

    @Test
    void withoutADataSourceStartupFailsNamingTheFix() {
        StartupFailures.assertStartupFailure(
                runner.withPropertyValues("balance-guard.store=jdbc"),
                "balance-guard.store",
                "'jdbc' is chosen but the application has no DataSource",
                "spring.datasource.url");
    }

    @Test
    void aTablePrefixThatIsNoIdentifierFailsStartup() {
        StartupFailures.assertStartupFailure(
                jdbc().withPropertyValues("balance-guard.jdbc.table-prefix=guard-tables; drop"),
                "balance-guard.jdbc.table-prefix",
                "is not a lower-case SQL identifier",
                "e.g. balance_guard_");
    }

    @Test
    void theStatementTimeoutIsAPropertyAndANonPositiveOneFailsStartup() {
        jdbc("balance-guard.jdbc.initialize-schema=true", "balance-guard.jdbc.timeout=7s")
                .run(context -> assertThat(context.getBean(JdbcGuardStore.class))
                        .hasToString("JdbcGuardStore{tablePrefix=" + prefix + ", timeout=7s}"));
        jdbc().run(context ->
                assertThat(context.getBean(JdbcGuardStore.class).toString()).contains("timeout=3s"));
        StartupFailures.assertStartupFailure(
                jdbc("balance-guard.jdbc.timeout=0s"),
                "balance-guard.jdbc.timeout",
                "timeout must be positive",
                "e.g. 3s");
        LocalPostgres.shared()
                .psql("DROP TABLE " + prefix + "ledger, " + prefix + "spent_hold, " + prefix + "reading, " + prefix
                        + "reported, " + prefix + "reported_run");
    }

    @Test
    void withoutGuardJdbcOnTheClassPathStartupSaysWhatToAdd() {
        StartupFailures.assertStartupFailure(
                jdbc().withClassLoader(new FilteredClassLoader(JdbcGuardStore.class)),
                "balance-guard.store",
                "'jdbc' is chosen but no such store is configured",
                "dev.balanceguard:guard-jdbc");
    }

    @Test
    void memoryStaysTheDefaultEvenWithADataSource() {
        DataSource pool = pool();
        runner.withBean(DataSource.class, () -> pool)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(JdbcGuardStore.class));
    }

    @Test
    void anApplicationsOwnStoreWins() {
        JdbcGuardStore own = JdbcGuardStore.builder(pool()).tablePrefix("own_").build();
        jdbc().withBean("ownStore", JdbcGuardStore.class, () -> own).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(JdbcGuardStore.class)).isSameAs(own);
        });
    }

    @Test
    void aDatabaseThatDoesNotAnswerAtStartupIsNoStartupFailureButRunsAreRefused() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        HikariDataSource nowhere = new HikariDataSource();
        nowhere.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closed + "/guard");
        nowhere.setUsername("postgres");
        nowhere.setPassword("never-shown-4711");
        nowhere.setConnectionTimeout(1000);
        nowhere.setInitializationFailTimeout(-1);
        POOLS.add(nowhere);
        runner.withBean(DataSource.class, () -> nowhere)
                .withPropertyValues("balance-guard.store=jdbc")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(JdbcGuardStore.class);
                    GuardDecision decision = context.getBean(BalanceGuard.class).check("main", Money.of("1", "USD"));
                    assertThat(decision.allowed()).isFalse();
                    assertThat(decision.reason())
                            .isIn(GuardDecision.Reason.BALANCE_UNKNOWN, GuardDecision.Reason.STORE_UNAVAILABLE);
                    assertThat(decision.detail())
                            .hasValueSatisfying(
                                    d -> assertThat(d).contains("jdbc store").doesNotContain("never-shown-4711"));
                });
    }
}
