package dev.balanceguard.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.spring.metrics.BalanceGuardObservationContext;
import dev.balanceguard.spring.metrics.BalanceGuardObservationConvention;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Checks and reserves as observations in the application's ObservationRegistry, with a replaceable convention. */
class BalanceGuardObservationTest {

    private final List<String> stopped = new CopyOnWriteArrayList<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    BalanceGuardAutoConfiguration.class, BalanceGuardMetricsAutoConfiguration.class))
            .withPropertyValues(
                    "balance-guard.accounts.main.provider=simulator",
                    "balance-guard.accounts.main.balance=100",
                    "balance-guard.accounts.main.currency=USD")
            .withBean(ObservationRegistry.class, this::registry);

    private ObservationRegistry registry() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                Map<String, String> keys = new TreeMap<>();
                context.getLowCardinalityKeyValues().forEach(kv -> keys.put(kv.getKey(), kv.getValue()));
                stopped.add(context.getName() + " " + context.getContextualName() + " " + keys + " high="
                        + context.getHighCardinalityKeyValues().stream().count());
            }
        });
        return registry;
    }

    @Test
    void checksAndReservesAreObservedWithLowCardinalityKeysOnly() {
        runner.run(context -> {
            BalanceGuard guard = context.getBean(BalanceGuard.class);
            guard.check("main", Money.of("1", "USD"));
            assertThatThrownBy(() -> guard.reserve("main", CostEstimate.of(Money.of("500", "USD"))))
                    .isInstanceOf(InsufficientBalanceException.class);
            guard.reserve("main", CostEstimate.of(Money.of("5", "USD")), BigDecimal.ZERO)
                    .release();
            assertThatThrownBy(() -> guard.checkMinimum("someone's input", BigDecimal.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);

            assertThat(stopped)
                    .containsExactly(
                            "balance.guard.calls balance-guard check"
                                    + " {account=main, operation=check, outcome=allowed, reason=sufficient} high=0",
                            "balance.guard.calls balance-guard reserve"
                                    + " {account=main, operation=reserve, outcome=blocked, reason=insufficient} high=0",
                            "balance.guard.calls balance-guard reserve"
                                    + " {account=main, operation=reserve, outcome=allowed, reason=sufficient} high=0",
                            "balance.guard.calls balance-guard check"
                                    + " {account=unknown, operation=check, outcome=error, reason=none} high=0");
        });
    }

    @Test
    void aConventionBeanReplacesTheDefault() {
        runner.withBean(BalanceGuardObservationConvention.class, PreflightConvention::new)
                .run(context -> {
                    context.getBean(BalanceGuard.class).check("main", Money.of("1", "USD"));

                    assertThat(stopped).containsExactly("sms.preflight preflight {team=growth} high=0");
                });
    }

    @Test
    void withoutARegistryTheGuardIsNotWrapped() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        BalanceGuardAutoConfiguration.class, BalanceGuardMetricsAutoConfiguration.class))
                .withPropertyValues(
                        "balance-guard.accounts.main.provider=simulator",
                        "balance-guard.accounts.main.balance=100",
                        "balance-guard.accounts.main.currency=USD")
                .run(context -> assertThat(
                                context.getBean(BalanceGuard.class).getClass().getSimpleName())
                        .isEqualTo("DefaultBalanceGuard"));
    }

    static class PreflightConvention implements BalanceGuardObservationConvention {
        @Override
        public String getName() {
            return "sms.preflight";
        }

        @Override
        public String getContextualName(BalanceGuardObservationContext context) {
            return "preflight";
        }

        @Override
        public KeyValues getLowCardinalityKeyValues(BalanceGuardObservationContext context) {
            return KeyValues.of(KeyValue.of("team", "growth"));
        }
    }
}
