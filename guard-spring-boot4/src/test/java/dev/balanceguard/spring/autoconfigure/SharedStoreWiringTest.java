package dev.balanceguard.spring.autoconfigure;

import static dev.balanceguard.spring.autoconfigure.StartupFailures.assertStartupFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.core.GuardClock;
import dev.balanceguard.core.Money;
import dev.balanceguard.spring.boot4.BalanceGuardHealthAutoConfiguration;
import dev.balanceguard.spring.boot4.BalanceGuardHealthIndicator;
import dev.balanceguard.spring.metrics.BalanceGuardMetrics;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.test.InMemoryReadingStore;
import dev.balanceguard.test.SwitchableLedgerStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** How the Spring module uses a shared store, whichever store it is: health, metrics, a missing store. */
class SharedStoreWiringTest {

    private final SwitchableLedgerStore ledger = new SwitchableLedgerStore(GuardClock.system());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    BalanceGuardAutoConfiguration.class,
                    BalanceGuardMetricsAutoConfiguration.class,
                    BalanceGuardActuatorAutoConfiguration.class,
                    BalanceGuardHealthAutoConfiguration.class))
            .withPropertyValues(
                    "balance-guard.accounts.main.provider=simulator",
                    "balance-guard.accounts.main.balance=100",
                    "balance-guard.accounts.main.currency=USD");

    private ApplicationContextRunner withStore() {
        return runner.withBean(LedgerStore.class, () -> ledger)
                .withBean(ReadingStore.class, () -> new InMemoryReadingStore(GuardClock.system()));
    }

    @Test
    void healthNamesTheStoreAndGoesDownWhenItDoesNotAnswer() {
        withStore().run(context -> {
            BalanceGuardHealthIndicator health = context.getBean(BalanceGuardHealthIndicator.class);
            context.getBean(BalanceGuard.class).check("main", Money.of("1", "USD"));

            Health up = health.health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails().get("store")).isEqualTo(Map.of("name", "switchable", "answers", true));

            ledger.down(true);
            Health down = health.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails().get("store"))
                    .isEqualTo(Map.of(
                            "name", "switchable", "answers", false, "error", "switchable store: connection refused"));
        });
    }

    @Test
    void storeOperationsAreTimedByOutcome() {
        withStore().withBean(SimpleMeterRegistry.class).run(context -> {
            context.getBean(BalanceGuardMetrics.class).bindTo(context.getBean(SimpleMeterRegistry.class));
            BalanceGuard guard = context.getBean(BalanceGuard.class);
            guard.reserve("main", dev.balanceguard.cost.CostEstimate.of(Money.of("5", "USD")))
                    .release();
            ledger.down(true);
            GuardDecision refused = guard.check("main", Money.of("1", "USD"));

            assertThat(refused.reason()).isEqualTo(GuardDecision.Reason.STORE_UNAVAILABLE);
            SimpleMeterRegistry meters = context.getBean(SimpleMeterRegistry.class);
            assertThat(meters.get("balance.guard.store")
                            .tags("store", "switchable", "operation", "reserve", "outcome", "success")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(meters.get("balance.guard.store")
                            .tags("operation", "totals", "outcome", "failure")
                            .timer()
                            .count())
                    .isEqualTo(1);
        });
    }

    @Test
    void withoutAStoreModuleASharedStoreFailsStartupNamingTheFix() {
        assertStartupFailure(
                runner.withPropertyValues("balance-guard.store=redis"),
                "balance-guard.store",
                "'redis' is chosen but no such store is configured",
                "Add dev.balanceguard:guard-redis");
        assertStartupFailure(
                runner.withPropertyValues("balance-guard.store=jdbc"),
                "balance-guard.store",
                "'jdbc' is chosen but no such store is configured",
                "a DataSource (spring.datasource.*)");
    }

    @Test
    void theMemoryStoreIsTheDefaultAndShownAsSuch() {
        runner.run(context -> assertThat(context.getBean(BalanceGuardHealthIndicator.class)
                        .health()
                        .getDetails()
                        .get("store"))
                .isEqualTo(Map.of("name", "memory")));
    }
}
