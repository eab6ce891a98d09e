package dev.balanceguard.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.core.Money;
import dev.balanceguard.spring.BalanceGuardCustomizer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code balance-guard.default-policy.*} under per-account values, the way resilience4j binds its configs, and
 * {@link BalanceGuardCustomizer} beans with the last word.
 */
class DefaultPolicyTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BalanceGuardAutoConfiguration.class))
            .withPropertyValues(
                    "balance-guard.default-account=main",
                    "balance-guard.accounts.main.provider=simulator",
                    "balance-guard.accounts.main.balance=10.00",
                    "balance-guard.accounts.main.currency=USD",
                    "balance-guard.accounts.other.provider=simulator",
                    "balance-guard.accounts.other.balance=10.00",
                    "balance-guard.accounts.other.currency=USD");

    private static boolean allowed(BalanceGuard guard, String account, String cost) {
        return guard.check(account, Money.of(cost, "USD")).allowed();
    }

    @Test
    void withNothingSetTheCoreDefaultsApply() {
        runner.run(context -> assertThat(allowed(context.getBean(BalanceGuard.class), "main", "9.00"))
                .isTrue());
    }

    @Test
    void theDefaultPolicyAppliesToEveryAccountAndAnAccountsOwnValueWins() {
        runner.withPropertyValues(
                        "balance-guard.default-policy.safety-margin-percent=50",
                        "balance-guard.accounts.other.safety-margin-percent=0")
                .run(context -> {
                    BalanceGuard guard = context.getBean(BalanceGuard.class);
                    assertThat(allowed(guard, "main", "7.00"))
                            .as("7 + 50% > 10")
                            .isFalse();
                    assertThat(allowed(guard, "main", "6.00"))
                            .as("6 + 50% <= 10")
                            .isTrue();
                    assertThat(allowed(guard, "other", "9.00")).isTrue();
                });
    }

    @Test
    void aBadDefaultNamesTheSharedProperty() {
        runner.withPropertyValues("balance-guard.default-policy.safety-margin-percent=-5")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .hasStackTraceContaining("balance-guard.default-policy.safety-margin-percent");
                });
    }

    @Test
    void customizersHaveTheLastWord() {
        runner.withPropertyValues("balance-guard.default-policy.safety-margin-percent=50")
                .withUserConfiguration(Customizers.class)
                .run(context -> {
                    BalanceGuard guard = context.getBean(BalanceGuard.class);
                    assertThat(allowed(guard, "main", "9.00"))
                            .as("the customizer took the margin off")
                            .isTrue();
                    assertThat(allowed(guard, "other", "7.00")).isFalse();
                    assertThat(context.getBean(Customizers.class).built).containsExactly("builder");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        final List<String> built = new ArrayList<>();

        @Bean
        BalanceGuardCustomizer noMarginOnMain() {
            return new BalanceGuardCustomizer() {
                @Override
                public void customize(BalanceGuard.Builder builder) {
                    built.add("builder");
                }

                @Override
                public void customizePolicy(String account, dev.balanceguard.GuardPolicy.Builder policy) {
                    if (account.equals("main")) {
                        policy.safetyMarginPercent(BigDecimal.ZERO);
                    }
                }
            };
        }
    }
}
