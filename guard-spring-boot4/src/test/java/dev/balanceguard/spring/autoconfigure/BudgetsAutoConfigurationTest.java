package dev.balanceguard.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.Budget;
import dev.balanceguard.BudgetPeriod;
import dev.balanceguard.BudgetProvider;
import dev.balanceguard.BudgetStatus;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.annotation.RequiresBalance;
import dev.balanceguard.core.Money;
import dev.balanceguard.spring.BudgetWarningCrossedEvent;
import dev.balanceguard.spring.actuate.BalanceEndpoint;
import dev.balanceguard.spring.metrics.BalanceGuardMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** {@code balance-guard.budgets.*}, a runtime BudgetProvider bean, and @RequiresBalance(budget = ...) by proxy. */
class BudgetsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BalanceGuardAutoConfiguration.class))
            .withPropertyValues(
                    "balance-guard.accounts.main.provider=simulator",
                    "balance-guard.accounts.main.balance=1000",
                    "balance-guard.accounts.main.currency=USD",
                    "balance-guard.budgets.marketing.limit=50 USD",
                    "balance-guard.budgets.marketing.period=day",
                    "balance-guard.budgets.marketing.zone=Europe/Paris",
                    "balance-guard.budgets.marketing.accounts=main",
                    "balance-guard.budgets.marketing.warn-at=80%");

    private static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    @Test
    void aBudgetFromPropertiesBindsTheAccountsRuns() {
        runner.run(context -> {
            BalanceGuard guard = context.getBean(BalanceGuard.class);
            guard.reserve("main", dev.balanceguard.cost.CostEstimate.of(usd("45")))
                    .commit(usd("45"));

            GuardDecision next = guard.check("main", usd("10"));

            assertThat(next.reason()).isEqualTo(GuardDecision.Reason.BUDGET_EXCEEDED);
            BudgetStatus marketing = next.budget().orElseThrow();
            assertThat(marketing.spent()).isEqualTo(usd("45"));
            assertThat(marketing.resetsAt())
                    .isEqualTo(BudgetPeriod.day(ZoneId.of("Europe/Paris")).end(Instant.now()));
            assertThat(guard.budgets()).extracting(BudgetStatus::name).containsExactly("marketing");
        });
    }

    @Test
    void anAnnotatedRunCountsAgainstTheBudgetItsExpressionNames() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            Sender sender = context.getBean(Sender.class);
            assertThat(AopUtils.isAopProxy(sender)).isTrue();

            sender.send("tenant-7", new BigDecimal("15"));
            sender.send(null, new BigDecimal("15")); // no budget named: the account's own only

            assertThatThrownBy(() -> sender.send("tenant-7", new BigDecimal("6")))
                    .isInstanceOfSatisfying(InsufficientBalanceException.class, e -> {
                        assertThat(e.decision().reason()).isEqualTo(GuardDecision.Reason.BUDGET_EXCEEDED);
                        assertThat(e.decision().budget().orElseThrow().name()).isEqualTo("tenant-7");
                    });
            assertThat(sender.runs()).isEqualTo(2);
            assertThatThrownBy(() -> sender.send("nobody", new BigDecimal("1")))
                    .hasMessageContaining("unknown budget 'nobody'");
        });
    }

    @Test
    void crossingWarnAtPublishesAnEvent() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            BalanceGuard guard = context.getBean(BalanceGuard.class);
            guard.reserve("main", dev.balanceguard.cost.CostEstimate.of(usd("39")));
            assertThat(context.getBean(Beans.class).warnings).isEmpty();

            guard.reserve("main", dev.balanceguard.cost.CostEstimate.of(usd("1")));

            assertThat(context.getBean(Beans.class).warnings)
                    .singleElement()
                    .satisfies(e -> assertThat(e.budget().name()).isEqualTo("marketing"));
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBalanceEndpointAndTheMetersShowEachBudget() {
        runner.withConfiguration(AutoConfigurations.of(
                        BalanceGuardMetricsAutoConfiguration.class, BalanceGuardActuatorAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=balance")
                .withBean(SimpleMeterRegistry.class)
                .run(context -> {
                    BalanceGuard guard = context.getBean(BalanceGuard.class);
                    guard.reserve("main", dev.balanceguard.cost.CostEstimate.of(usd("12.5")))
                            .commit(usd("12.5"));
                    guard.reserve("main", dev.balanceguard.cost.CostEstimate.of(usd("5")));

                    Map<String, Object> body =
                            context.getBean(BalanceEndpoint.class).accounts();
                    Map<String, Object> marketing =
                            (Map<String, Object>) ((Map<String, Object>) body.get("budgets")).get("marketing");
                    assertThat(marketing)
                            .containsEntry("limit", "50")
                            .containsEntry("spent", "12.5")
                            .containsEntry("held", "5")
                            .containsEntry("remaining", "32.5")
                            .containsKey("resets_at");

                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    context.getBean(BalanceGuardMetrics.class).bindTo(registry);
                    assertThat(registry.get("balance.guard.budget.spent")
                                    .tag("budget", "marketing")
                                    .gauge()
                                    .value())
                            .isEqualTo(12.5);
                    assertThat(registry.get("balance.guard.budget.remaining")
                                    .tag("budget", "marketing")
                                    .gauge()
                                    .value())
                            .isEqualTo(32.5);
                });
    }

    @Test
    void badBudgetsFailStartupNamingTheProperty() {
        fails("balance-guard.budgets.marketing.limit=", "balance-guard.budgets.marketing.limit", "no limit is set");
        fails("balance-guard.budgets.marketing.limit=-5 USD", "balance-guard.budgets.marketing.limit", "negative");
        fails("balance-guard.budgets.marketing.limit=1e400 USD", "balance-guard.budgets.marketing.limit", "1e400");
        fails("balance-guard.budgets.marketing.limit=500", "balance-guard.budgets.marketing.limit", "currency");
        fails(
                "balance-guard.budgets.marketing.period=fortnight",
                "balance-guard.budgets.marketing.period",
                "fortnight");
        fails("balance-guard.budgets.marketing.zone=Mars/Olympus", "balance-guard.budgets.marketing.zone", "Mars");
        fails(
                "balance-guard.budgets.marketing.accounts=main,other",
                "balance-guard.budgets.marketing.accounts",
                "other");
        fails("balance-guard.budgets.marketing.warn-at=120%", "balance-guard.budgets.marketing.warn-at", "100%");
        fails("balance-guard.budgets.marketing.warn-at=lots", "balance-guard.budgets.marketing.warn-at", "lots");
        fails("balance-guard.budgets.other.limit=5 USD", "balance-guard.budgets.other.period", "no period is set");
    }

    private void fails(String property, String named, String problem) {
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .hasStackTraceContaining(named)
                    .hasStackTraceContaining(problem);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        final List<BudgetWarningCrossedEvent> warnings = new CopyOnWriteArrayList<>();

        @Bean
        Sender sender() {
            return new Sender();
        }

        @Bean
        BudgetProvider tenants() {
            return name -> name.startsWith("tenant-")
                    ? Budget.of(name, usd("20"), BudgetPeriod.month(ZoneId.of("UTC")))
                    : null;
        }

        @EventListener
        void on(BudgetWarningCrossedEvent event) {
            warnings.add(event);
        }
    }

    static class Sender {
        private int runs;

        public int runs() {
            return runs;
        }

        @RequiresBalance(cost = "#amount", budget = "#tenant")
        public void send(String tenant, BigDecimal amount) {
            runs++;
        }
    }
}
