package dev.balanceguard;

import static dev.balanceguard.GuardTesting.cost;
import static dev.balanceguard.GuardTesting.dec;
import static dev.balanceguard.GuardTesting.usd;
import static dev.balanceguard.ManualGuards.manualGuard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.GuardDecision.Reason;
import dev.balanceguard.GuardPolicy.WhenUnknown;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.PaymentMode;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.test.ManualClock;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BalanceGuardDecisionTest {

    private final ManualClock clock = new ManualClock();
    private final SimulatorBalanceProvider provider = SimulatorBalanceProvider.of("100.00", "USD");

    @Test
    void allowsWhatFitsAndReportsEveryFigure() {
        BalanceGuard guard = manualGuard(clock, provider).build();

        GuardDecision d = guard.check("main", cost("60"), dec("30"));

        assertThat(d.allowed()).isTrue();
        assertThat(d.reason()).isEqualTo(Reason.SUFFICIENT);
        assertThat(d.balance()).contains(usd("100"));
        assertThat(d.available()).contains(usd("70"));
        assertThat(d.min()).isEqualTo(usd("30"));
        assertThat(d.shortfall()).isEqualTo(usd("0"));
        assertThat(d.source()).isEqualTo(BalanceSource.FRESH);
        assertThat(d.payment()).isEqualTo(PaymentMode.PREPAID);
    }

    @Test
    void refusesWhatDoesNotFitWithTheShortfall() {
        BalanceGuard guard = manualGuard(clock, provider).build();

        GuardDecision d = guard.check("main", cost("80.50"), dec("30"));

        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).isEqualTo(Reason.INSUFFICIENT);
        assertThat(d.shortfall()).isEqualTo(usd("10.50"));
        assertThat(d.message()).contains("short by 10.5 USD").contains("'main'");
    }

    @Test
    void theEstimateExactlyEqualToWhatIsAvailableFits() {
        BalanceGuard guard = manualGuard(clock, provider).build();
        assertThat(guard.check("main", cost("100.00")).allowed()).isTrue();
        assertThat(guard.check("main", cost("100.0000001")).allowed()).isFalse();
    }

    @Test
    void aSafetyMarginIsAddedToTheEstimate() {
        BalanceGuard guard = manualGuard(clock, provider)
                .defaultPolicy(
                        GuardPolicy.builder().safetyMarginPercent(dec("10")).build())
                .build();

        assertThat(guard.check("main", cost("90")).allowed()).isTrue();
        GuardDecision d = guard.check("main", cost("91"));
        assertThat(d.allowed()).isFalse();
        assertThat(d.margin()).isEqualTo(usd("9.1"));
        assertThat(d.required()).isEqualTo(usd("100.1"));
        assertThat(d.shortfall()).isEqualTo(usd("0.1"));
    }

    @Test
    void aNegativeOrAbsurdMinimumIsRefusedAtTheDoorOfEveryCall() {
        BalanceGuard guard = ManualGuards.manualGuard(new ManualClock(), SimulatorBalanceProvider.of("100", "USD"))
                .build();
        for (String min : new String[] {"-5", "1e999999999", "1e-999999999"}) {
            assertThatThrownBy(() -> guard.check("main", cost("1"), dec(min)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> guard.reserve("main", cost("1"), dec(min)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> guard.checkMinimum("main", dec(min))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void minimumOnlyChecksUseTheBalanceUnit() {
        BalanceGuard guard = manualGuard(clock, provider).build();
        assertThat(guard.checkMinimum("main", dec("99.99")).allowed()).isTrue();
        GuardDecision d = guard.checkMinimum("main", dec("100.01"));
        assertThat(d.allowed()).isFalse();
        assertThat(d.shortfall()).isEqualTo(usd("0.01"));
    }

    @ParameterizedTest
    @EnumSource(WhenUnknown.class)
    void everyPolicyOnABalanceThatWasNeverFetched(WhenUnknown whenUnknown) {
        provider.failAlways(ProviderException.Failure.UNAVAILABLE);
        BalanceGuard guard = manualGuard(clock, provider)
                .defaultPolicy(GuardPolicy.builder().whenUnknown(whenUnknown).build())
                .build();

        GuardDecision d = guard.check("main", cost("1"));

        assertThat(d.reason()).isEqualTo(Reason.BALANCE_UNKNOWN);
        assertThat(d.allowed()).isEqualTo(whenUnknown == WhenUnknown.FAIL_OPEN);
        assertThat(d.source()).isEqualTo(BalanceSource.NONE);
        assertThat(d.balance()).isEmpty();
        assertThat(d.detail()).hasValueSatisfying(s -> assertThat(s).contains("simulated unavailable"));
    }

    @Test
    void aProviderAnswerWithoutBalanceIsUnknownNeverZero() {
        provider.balance(null);
        BalanceGuard guard = manualGuard(clock, provider).build();

        GuardDecision d = guard.check("main", cost("0"));

        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).isEqualTo(Reason.BALANCE_UNKNOWN);
        assertThat(d.detail()).contains("the simulator has no balance set");
    }

    @Test
    void failClosedIsTheDefault() {
        provider.failAlways(ProviderException.Failure.AUTHENTICATION);
        GuardDecision d = manualGuard(clock, provider).build().check("main", cost("0"));
        assertThat(d.allowed()).isFalse();
    }

    @Test
    void unitMismatchRefusesWithoutGuessing() {
        BalanceGuard guard = manualGuard(clock, provider).build();
        GuardDecision d = guard.check("main", CostEstimate.of(Money.of("1", "EUR")));
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).isEqualTo(Reason.UNIT_MISMATCH);
        assertThat(d.detail()).contains("balance in USD, estimate in EUR");
    }

    @Test
    void creditsNeedAConfiguredValue() {
        provider.balance(Money.of("103", Money.CREDITS));
        GuardDecision refused =
                manualGuard(clock, provider).build().check("main", CostEstimate.of(Money.of("5", "EUR")));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.reason()).isEqualTo(Reason.CREDITS_WITHOUT_CONVERSION);

        BalanceGuard valued = manualGuard(new ManualClock(), provider)
                .defaultPolicy(GuardPolicy.builder()
                        .creditValue(Money.of("0.05", "EUR"))
                        .build())
                .build();
        GuardDecision d = valued.check("main", CostEstimate.of(Money.of("5", "EUR")));
        assertThat(d.allowed()).isTrue();
        assertThat(d.balance()).contains(Money.of("5.15", "EUR"));
        assertThat(valued.check("main", CostEstimate.of(Money.of("5.16", "EUR")))
                        .allowed())
                .isFalse();
    }

    @Test
    void creditEstimatesAgainstCreditBalancesNeedNoConversion() {
        provider.balance(Money.of("103", Money.CREDITS));
        GuardDecision d =
                manualGuard(clock, provider).build().check("main", CostEstimate.of(Money.of("103", "credits")));
        assertThat(d.allowed()).isTrue();
    }

    @Test
    void postpaidIsAllowedUnlessACreditLimitIsConfigured() {
        provider.payment(PaymentMode.POSTPAID).balance(usd("0"));
        GuardDecision allowed = manualGuard(clock, provider).build().check("main", cost("500"));
        assertThat(allowed.allowed()).isTrue();
        assertThat(allowed.reason()).isEqualTo(Reason.POSTPAID);

        provider.balance(usd("-20"));
        BalanceGuard limited = manualGuard(new ManualClock(), provider)
                .defaultPolicy(
                        GuardPolicy.builder().postpaidCreditLimit(usd("100")).build())
                .build();
        assertThat(limited.check("main", cost("80")).allowed()).isTrue();
        GuardDecision d = limited.check("main", cost("80.01"));
        assertThat(d.reason()).isEqualTo(Reason.INSUFFICIENT);
        assertThat(d.shortfall()).isEqualTo(usd("0.01"));
    }

    @Test
    void negativeBalancesRefuseEverything() {
        provider.balance(usd("-0.5"));
        GuardDecision d = manualGuard(clock, provider).build().check("main", cost("0.01"));
        assertThat(d.allowed()).isFalse();
        assertThat(d.shortfall()).isEqualTo(usd("0.51"));
    }

    @Test
    void coverableRecipientsComeFromTheEstimate() {
        CostEstimate perRecipient = new CostEstimate() {
            public Money total() {
                return usd("150");
            }

            public long recipients() {
                return 150;
            }

            public OptionalLong coverableRecipients(Money available) {
                return OptionalLong.of(available.amount().longValue());
            }
        };
        BalanceGuard guard = manualGuard(clock, provider)
                .defaultPolicy(
                        GuardPolicy.builder().safetyMarginPercent(dec("25")).build())
                .build();

        GuardDecision d = guard.check("main", perRecipient);

        assertThat(d.coverableRecipients()).hasValue(80); // 100 available / 1.25
        assertThat(d.recipients()).isEqualTo(150);
        assertThat(guard.check("main", cost("1")).coverableRecipients()).isEmpty();
    }

    @Test
    void unknownAccountsAreNamed() {
        BalanceGuard guard = manualGuard(clock, provider).build();
        assertThatThrownBy(() -> guard.check("other", cost("1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'other'")
                .hasMessageContaining("[main]");
        assertThat(guard.check(null, cost("1")).account()).isEqualTo("main");
    }

    @Test
    void severalAccountsNeedADefault() {
        assertThatThrownBy(() -> BalanceGuard.builder()
                        .account("a", provider)
                        .account("b", provider)
                        .build())
                .hasMessageContaining("name the default account");
        BalanceGuard guard = BalanceGuard.builder()
                .account("a", provider)
                .account("b", provider)
                .defaultAccount("b")
                .build();
        assertThat(guard.defaultAccount()).isEqualTo("b");
        assertThat(guard.accounts()).containsExactly("a", "b");
    }
}
