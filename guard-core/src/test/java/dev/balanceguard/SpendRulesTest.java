package dev.balanceguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.balanceguard.GuardDecision.Reason;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CampaignEstimate;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.cost.CostEstimator;
import dev.balanceguard.cost.CountryResolver;
import dev.balanceguard.cost.RateCard;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An account's spend rules through the public guard: destinations, unit price, run cost; a refusal holds nothing. */
class SpendRulesTest {

    private static final RateCard CARD = RateCard.builder()
            .sms("*", "0.0500", "USD")
            .sms("44", "0.0400", "USD")
            .sms("53", "0.9000", "USD")
            .sms("91", "0.0020", "USD")
            .build();

    /** A toy numbering plan: the core knows none (guard-pricing's is libphonenumber's). */
    private static final CountryResolver COUNTRIES = number -> number.startsWith("+44")
            ? "GB"
            : number.startsWith("+53") ? "CU" : number.startsWith("+91") ? "IN" : CountryResolver.UNKNOWN;

    private static final CostEstimator ESTIMATOR =
            CostEstimator.builder(CARD).countries(COUNTRIES).build();

    private static final List<String> RECIPIENTS =
            List.of("+447911123456", "+5351234567", "+5351234568", "+919876543210", "+447911123457");

    private static BalanceGuard guard(GuardPolicy policy) {
        return BalanceGuard.builder()
                .account("main", SimulatorBalanceProvider.of("1000", "USD"), policy)
                .build();
    }

    private static GuardDecision refusedReserve(BalanceGuard guard, CostEstimate estimate) {
        InsufficientBalanceException e =
                catchThrowableOfType(InsufficientBalanceException.class, () -> guard.reserve("main", estimate));
        assertThat(e).as("refused").isNotNull();
        assertThat(guard.snapshot("main").reserved())
                .hasValueSatisfying(r -> assertThat(r.isZero()).isTrue());
        return e.decision();
    }

    @Test
    void anAllowListRefusesRecipientsElsewhereNamingCountriesAndCountNeverANumber() {
        BalanceGuard guard =
                guard(GuardPolicy.builder().allowCountries(List.of("gb", "IN")).build());
        guard.check("main", CostEstimate.of(Money.of("1", "USD"))); // a reading, so that holds have a unit

        GuardDecision d = refusedReserve(guard, ESTIMATOR.sms(RECIPIENTS, "Hello"));

        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).isEqualTo(Reason.DESTINATION_NOT_ALLOWED);
        assertThat(d.rule()).contains("destinations.allow");
        assertThat(d.refusedCountries()).containsExactly("CU");
        assertThat(d.refusedRecipients()).isEqualTo(2);
        assertThat(d.recipients()).isEqualTo(5);
        assertThat(d.message())
                .isEqualTo("Blocked on account 'main': 2 of 5 recipients in CU refused by destinations.allow")
                .doesNotContain("5351234567");
    }

    @Test
    void aDenyListRefusesRecipientsInItsCountriesAndAllowsTheRest() {
        BalanceGuard guard =
                guard(GuardPolicy.builder().denyCountries(Set.of("CU", "KP")).build());

        GuardDecision refused = guard.check("main", ESTIMATOR.sms(RECIPIENTS, "Hello"));
        GuardDecision allowed = guard.check("main", ESTIMATOR.sms(List.of("+447911123456", "+919876543210"), "Hi"));

        assertThat(refused.reason()).isEqualTo(Reason.DESTINATION_NOT_ALLOWED);
        assertThat(refused.rule()).contains("destinations.deny");
        assertThat(refused.refusedCountries()).containsExactly("CU");
        assertThat(refused.refusedRecipients()).isEqualTo(2);
        assertThat(allowed.allowed()).isTrue();
        assertThat(allowed.reason()).isEqualTo(Reason.SUFFICIENT);
    }

    @Test
    void aRecipientOfUnknownCountryIsRefusedUnderEitherList() {
        CampaignEstimate noCountries = new CostEstimator(CARD).sms(List.of("+447911123456"), "Hi");
        CampaignEstimate unassigned = ESTIMATOR.sms(List.of("+4915112345678", "+447911123456"), "Hi");

        GuardDecision deny = guard(
                        GuardPolicy.builder().denyCountries(List.of("CU")).build())
                .check("main", noCountries);
        GuardDecision allow = guard(
                        GuardPolicy.builder().allowCountries(List.of("GB")).build())
                .check("main", unassigned);

        assertThat(deny.reason()).isEqualTo(Reason.DESTINATION_NOT_ALLOWED);
        assertThat(deny.refusedCountries()).containsExactly(CountryResolver.UNKNOWN);
        assertThat(allow.reason()).isEqualTo(Reason.DESTINATION_NOT_ALLOWED);
        assertThat(allow.refusedCountries()).containsExactly(CountryResolver.UNKNOWN);
        assertThat(allow.refusedRecipients()).isEqualTo(1);
    }

    @Test
    void aMaximumUnitPriceRefusesTheRecipientsPricedAboveIt() {
        BalanceGuard guard = guard(
                GuardPolicy.builder().maxUnitPrice(Money.of("0.10", "USD")).build());

        GuardDecision d = guard.check("main", ESTIMATOR.sms(RECIPIENTS, "Hello"));
        GuardDecision atTheLimit = guard(GuardPolicy.builder()
                        .maxUnitPrice(Money.of("0.90", "USD"))
                        .build())
                .check("main", ESTIMATOR.sms(RECIPIENTS, "Hello"));

        assertThat(d.reason()).isEqualTo(Reason.DESTINATION_NOT_ALLOWED);
        assertThat(d.rule()).contains("max-unit-price");
        assertThat(d.ruleLimit()).contains(Money.of("0.10", "USD"));
        assertThat(d.refusedCountries()).containsExactly("CU");
        assertThat(d.refusedRecipients()).isEqualTo(2);
        assertThat(d.message()).contains("2 of 5 recipients in CU refused by max-unit-price 0.1 USD");
        assertThat(atTheLimit.allowed()).isTrue();
    }

    @Test
    void aMaximumRunCostRefusesALargerRunNamingTheLimitAndTheCost() {
        BalanceGuard guard =
                guard(GuardPolicy.builder().maxRunCost(Money.of("200", "USD")).build());

        GuardDecision d = refusedReserve(guard, CostEstimate.of(Money.of("200.01", "USD")));
        GuardDecision fits = guard.check("main", CostEstimate.of(Money.of("200", "USD")));

        assertThat(d.reason()).isEqualTo(Reason.RUN_LIMIT_EXCEEDED);
        assertThat(d.rule()).contains("max-run-cost");
        assertThat(d.ruleLimit()).contains(Money.of("200", "USD"));
        assertThat(d.refusedCountries()).isEmpty();
        assertThat(d.message())
                .isEqualTo("Blocked on account 'main': the run costs 200.01 USD, over max-run-cost 200 USD");
        assertThat(fits.allowed()).isTrue();
    }

    @Test
    void aLimitInAnotherUnitIsAUnitMismatchNeverAGuess() {
        GuardDecision price = guard(GuardPolicy.builder()
                        .maxUnitPrice(Money.of("0.10", "EUR"))
                        .build())
                .check("main", ESTIMATOR.sms(RECIPIENTS, "Hello"));
        GuardDecision run = guard(
                        GuardPolicy.builder().maxRunCost(Money.of("200", "EUR")).build())
                .check("main", CostEstimate.of(Money.of("1", "USD")));

        assertThat(price.reason()).isEqualTo(Reason.UNIT_MISMATCH);
        assertThat(price.allowed()).isFalse();
        assertThat(price.detail()).contains("max-unit-price is in EUR, the estimate in USD");
        assertThat(run.reason()).isEqualTo(Reason.UNIT_MISMATCH);
        assertThat(run.detail()).contains("max-run-cost is in EUR, the estimate in USD");
    }

    @Test
    void aPlainAmountHasNoRecipientsSoOnlyTheRunCostApplies() {
        GuardDecision d = guard(
                        GuardPolicy.builder().allowCountries(List.of("GB")).build())
                .check("main", CostEstimate.of(Money.of("5", "USD")));

        assertThat(d.allowed()).isTrue();
        assertThat(d.rule()).isEmpty();
    }

    @Test
    void theRulesDecideBeforeTheBalanceIsKnown() {
        BalanceGuard guard = BalanceGuard.builder()
                .account(
                        "main",
                        SimulatorBalanceProvider.of("1000", "USD").failAlways(ProviderException.Failure.UNAVAILABLE),
                        GuardPolicy.builder().denyCountries(List.of("CU")).build())
                .build();

        GuardDecision d = guard.check("main", ESTIMATOR.sms(RECIPIENTS, "Hello"));

        assertThat(d.reason()).isEqualTo(Reason.DESTINATION_NOT_ALLOWED);
        assertThat(d.balance()).isEmpty();
        assertThatThrownBy(() -> guard.reserve("main", ESTIMATOR.sms(RECIPIENTS, "Hello")))
                .isInstanceOf(InsufficientBalanceException.class)
                .hasMessageContaining("refused by destinations.deny")
                .hasMessageNotContaining("+53");
    }

    @Test
    void aRunWithinEveryRuleIsJudgedOnTheBalance() {
        BalanceGuard guard = guard(GuardPolicy.builder()
                .allowCountries(List.of("GB", "IN", "CU"))
                .maxUnitPrice(Money.of("1", "USD"))
                .maxRunCost(Money.of("10", "USD"))
                .build());

        try (Reservation r = guard.reserve("main", ESTIMATOR.sms(RECIPIENTS, "Hello"))) {
            assertThat(r.decision().reason()).isEqualTo(Reason.SUFFICIENT);
            assertThat(r.decision().rule()).isEmpty();
        }
    }
}
