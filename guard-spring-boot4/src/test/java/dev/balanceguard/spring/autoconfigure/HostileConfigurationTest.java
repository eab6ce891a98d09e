package dev.balanceguard.spring.autoconfigure;

import static dev.balanceguard.spring.autoconfigure.StartupFailures.assertStartupFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.AmountFuzz;
import dev.balanceguard.BalanceGuard;
import dev.balanceguard.annotation.RequiresBalance;
import dev.balanceguard.core.Money;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Configuration that would let an account overdraw, or numbers no money can be, must stop the application
 * from starting, naming the property.
 */
class HostileConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BalanceGuardAutoConfiguration.class))
            .withPropertyValues(
                    "balance-guard.accounts.main.provider=simulator",
                    "balance-guard.accounts.main.balance=0.05",
                    "balance-guard.accounts.main.currency=USD");

    @ParameterizedTest(name = "campaigns.minimum-balance={0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "-5|is negative, which would let the account overdraw",
                "-0.01|is negative",
                "ten|not a decimal amount: 'ten'",
                "1e999999999|more than 18 digits before the decimal point",
                "1e-999999999|more than 12 decimal places",
                "NaN|not a decimal amount"
            })
    void minThroughAPlaceholderMustBeAnAmountOfAtLeastZero(String value, String problem) {
        assertStartupFailure(
                runner.withUserConfiguration(MinFromProperty.class)
                        .withPropertyValues("campaigns.minimum-balance=" + value),
                "MinFromPropertyService.send",
                problem,
                "campaigns.minimum-balance");
    }

    @Test
    void minThroughAPlaceholderStartsWhenItIsAnAmount() {
        runner.withUserConfiguration(MinFromProperty.class)
                .withPropertyValues("campaigns.minimum-balance=0.01")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @ParameterizedTest(name = "credit-value={0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0 EUR|more than zero",
                "-0.05 EUR|more than zero",
                "0.000 EUR|more than zero",
                "1 CREDITS|must be money",
                "1e-999999999 EUR|more than 12 decimal places",
                "1e999999999 EUR|more than 18 digits"
            })
    void creditValueMustBeMoneyMoreThanZero(String value, String problem) {
        assertStartupFailure(
                runner.withPropertyValues("balance-guard.accounts.main.credit-value=" + value),
                "balance-guard.accounts.main.credit-value",
                problem,
                "0.05 EUR");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "balance|1e999999999",
                "balance|1e-999999999",
                "low-balance-threshold|1e999999999 USD",
                "postpaid-credit-limit|-1e999999999 USD",
                "safety-margin-percent|1e999999999",
                "low-balance-hysteresis-percent|1e-999999999"
            })
    void amountsInPropertiesAreBounded(String property, String value) {
        assertStartupFailure(
                runner.withPropertyValues("balance-guard.accounts.main." + property + "=" + value),
                "balance-guard.accounts.main." + property,
                "not an amount money can be",
                "");
    }

    @ParameterizedTest(name = "base-url=''{0}''")
    @CsvSource({"''", "'   '"})
    void blankBaseUrlFailsInsteadOfFallingBackToThePublicHost(String blank) {
        assertStartupFailure(
                new ApplicationContextRunner()
                        .withConfiguration(AutoConfigurations.of(BalanceGuardAutoConfiguration.class))
                        .withPropertyValues(
                                "balance-guard.accounts.main.provider=twilio",
                                "balance-guard.accounts.main.account-sid=AC0123456789abcdef0123456789abcdef",
                                "balance-guard.accounts.main.auth-token=tok-5e1f",
                                "balance-guard.accounts.main.base-url=" + blank),
                "balance-guard.accounts.main.base-url",
                "empty",
                "balance-guard.accounts.main.base-url");
    }

    /** Generated amounts in each amount property: the context starts with exactly that amount, or names it. */
    @Test
    void everyGeneratedAmountInAPropertyStartsExactlyOrFailsNamingIt() {
        List<String> texts = AmountFuzz.texts(25).stream()
                .filter(t -> !t.isBlank() && !t.contains(",")) // blank means unset; a comma splits a list
                .toList();
        for (String text : texts) {
            Optional<BigDecimal> expected = AmountFuzz.expected(text);
            String as = "'" + text + "' (seed " + AmountFuzz.SEED + ")";
            runner.withPropertyValues("balance-guard.accounts.main.balance=" + text)
                    .run(context -> {
                        if (expected.isPresent()) {
                            assertThat(context).as(as).hasNotFailed();
                            Money balance = context.getBean(BalanceGuard.class)
                                    .balance("main")
                                    .amount()
                                    .orElseThrow();
                            assertThat(balance.amount()).as(as).isEqualByComparingTo(expected.get());
                        } else {
                            assertNamed(context.getStartupFailure(), "balance-guard.accounts.main.balance", as);
                        }
                    });
            runner.withPropertyValues("balance-guard.accounts.main.low-balance-threshold=" + text.strip() + " USD")
                    .run(context -> {
                        if (expected.isPresent()) {
                            assertThat(context).as(as).hasNotFailed();
                        } else {
                            assertNamed(
                                    context.getStartupFailure(),
                                    "balance-guard.accounts.main.low-balance-threshold",
                                    as);
                        }
                    });
        }
    }

    @Test
    void explicitCostBeyondTheBoundsFailsTheCallNotTheService() {
        runner.withUserConfiguration(CostFromArgument.class).run(context -> {
            assertThat(context).hasNotFailed();
            CostFromArgumentService service = context.getBean(CostFromArgumentService.class);
            assertThat(service.pay("0.01")).isEqualTo("paid");
            assertThatThrownBy(() -> service.pay("1e-999999999"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cost")
                    .hasMessageContaining("more than 12 decimal places");
            assertThatThrownBy(() -> service.pay(new BigDecimal("1e999999999")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("more than 18 digits");
        });
    }

    private static void assertNamed(Throwable failure, String property, String as) {
        assertThat(failure).as(as).isNotNull();
        FailureAnalysis analysis = new BalanceGuardFailureAnalyzer().analyze(failure);
        assertThat(analysis).as(as + ": " + failure).isNotNull();
        assertThat(analysis.getDescription()).as(as).contains(property);
        assertThat(analysis.getDescription().length()).as(as).isLessThan(1_000);
    }

    static class MinFromPropertyService {
        @RequiresBalance(min = "${campaigns.minimum-balance}")
        public void send() {}
    }

    @Configuration(proxyBeanMethods = false)
    static class MinFromProperty {
        @Bean
        MinFromPropertyService service() {
            return new MinFromPropertyService();
        }
    }

    static class CostFromArgumentService {
        @RequiresBalance(cost = "#p0")
        public String pay(Object cost) {
            return "paid";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CostFromArgument {
        @Bean
        CostFromArgumentService service() {
            return new CostFromArgumentService();
        }
    }
}
