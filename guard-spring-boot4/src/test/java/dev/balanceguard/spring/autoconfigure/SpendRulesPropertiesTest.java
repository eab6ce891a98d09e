package dev.balanceguard.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.GuardDecision.Reason;
import dev.balanceguard.annotation.CampaignPricing;
import dev.balanceguard.core.Money;
import dev.balanceguard.interceptor.BalanceGuardSetupException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/** An account's destinations, unit price and run ceilings from properties, in a real application context. */
class SpendRulesPropertiesTest {

    private static final List<String> RECIPIENTS = List.of("+12125550123", "+14165550123", "+14165550124");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BalanceGuardAutoConfiguration.class))
            .withPropertyValues(
                    "balance-guard.accounts.main.provider=simulator",
                    "balance-guard.accounts.main.balance=100.00",
                    "balance-guard.accounts.main.currency=USD",
                    "balance-guard.accounts.main.rates=classpath:spend-rates.csv");

    private static GuardDecision check(ApplicationContext context, List<String> recipients) {
        CampaignPricing pricing = context.getBean(CampaignPricing.class);
        return context.getBean(BalanceGuard.class)
                .check("main", pricing.estimator("main").sms(recipients, "Hi"));
    }

    @Test
    void anAllowListRefusesCountriesAsLibphonenumberAssignsNumbers() {
        runner.withPropertyValues("balance-guard.accounts.main.destinations.allow=US")
                .run(context -> {
                    GuardDecision d = check(context, RECIPIENTS);

                    assertThat(d.reason()).isEqualTo(Reason.DESTINATION_NOT_ALLOWED);
                    assertThat(d.refusedCountries()).containsExactly("CA"); // +1 416: one prefix, two countries
                    assertThat(d.refusedRecipients()).isEqualTo(2);
                    assertThat(d.message()).doesNotContain("4165550123");
                    assertThat(check(context, List.of("+12125550123")).allowed())
                            .isTrue();
                });
    }

    @Test
    void aDenyListRefusesItsCountries() {
        runner.withPropertyValues("balance-guard.accounts.main.destinations.deny=cu,KP")
                .run(context -> {
                    GuardDecision d = check(context, List.of("+5351234567", "+12125550123"));

                    assertThat(d.reason()).isEqualTo(Reason.DESTINATION_NOT_ALLOWED);
                    assertThat(d.rule()).contains("destinations.deny");
                    assertThat(d.refusedCountries()).containsExactly("CU");
                    assertThat(check(context, RECIPIENTS).allowed()).isTrue();
                });
    }

    @Test
    void priceAndRunCeilingsTakeTheAccountsCurrencyWhenWrittenWithoutOne() {
        runner.withPropertyValues(
                        "balance-guard.accounts.main.max-unit-price=0.10",
                        "balance-guard.accounts.main.max-run-cost=50 USD")
                .run(context -> {
                    GuardDecision price = check(context, List.of("+5351234567", "+12125550123"));
                    GuardDecision run = context.getBean(BalanceGuard.class).check("main", Money.of("50.01", "USD"));

                    assertThat(price.reason()).isEqualTo(Reason.DESTINATION_NOT_ALLOWED);
                    assertThat(price.rule()).contains("max-unit-price");
                    assertThat(price.ruleLimit()).contains(Money.of("0.10", "USD"));
                    assertThat(price.refusedCountries()).containsExactly("CU");
                    assertThat(run.reason()).isEqualTo(Reason.RUN_LIMIT_EXCEEDED);
                    assertThat(run.ruleLimit()).contains(Money.of("50", "USD"));
                    assertThat(check(context, RECIPIENTS).allowed()).isTrue();
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            destinations.allow=US | destinations.deny=CU | destinations | both
            destinations.allow=US,XX | destinations.allow=US,XX | destinations.allow | 'XX'
            destinations.deny=ZZ | destinations.deny=ZZ | destinations.deny | 'ZZ'
            max-unit-price=-0.01 USD | max-unit-price=-0.01 USD | max-unit-price | negative
            max-run-cost=1e30 USD | max-run-cost=1e30 USD | max-run-cost | 1e30
            max-run-cost=lots | max-run-cost=lots | max-run-cost | lots
            max-unit-price=0.10 DOLLARS | max-unit-price=0.10 DOLLARS | max-unit-price | DOLLARS
            """)
    void aBadValueFailsStartupNamingTheProperty(String first, String second, String property, String problem) {
        runner.withPropertyValues("balance-guard.accounts.main." + first, "balance-guard.accounts.main." + second)
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable cause = context.getStartupFailure();
                    while (!(cause instanceof BalanceGuardSetupException) && cause.getCause() != null) {
                        cause = cause.getCause();
                    }
                    assertThat(cause).isInstanceOf(BalanceGuardSetupException.class);
                    BalanceGuardSetupException setup = (BalanceGuardSetupException) cause;
                    assertThat(setup.where()).isEqualTo("balance-guard.accounts.main." + property);
                    assertThat(setup.problem()).contains(problem);
                });
    }
}
