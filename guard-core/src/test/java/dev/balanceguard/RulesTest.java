package dev.balanceguard;

import static dev.balanceguard.GuardTesting.cost;
import static dev.balanceguard.GuardTesting.dec;
import static dev.balanceguard.GuardTesting.usd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.GuardDecision.Reason;
import dev.balanceguard.GuardPolicy.WhenUnknown;
import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.PaymentMode;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.store.LedgerTotals;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The rule book, rule by rule, as the pure function it is: no cache, no clock, no store. */
class RulesTest {

    private static final Duration MAX_STALENESS = Duration.ofMinutes(10);
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final GuardPolicy DEFAULTS = GuardPolicy.defaults();

    private static Rules.Reading cached(Money amount) {
        return reading(Balance.of("simulator", "acct", amount, PaymentMode.PREPAID, null, AT), Duration.ofSeconds(5));
    }

    private static Rules.Reading reading(Balance balance, Duration age) {
        return new Rules.Reading(balance, age, false, null);
    }

    private static Rules.Verdict judge(Rules.Reading reading, CostEstimate estimate, String min, GuardPolicy policy) {
        return Rules.judgeReading("main", estimate, dec(min), policy, MAX_STALENESS, reading);
    }

    private static LedgerTotals totals(String reserved, String unbooked) {
        return new LedgerTotals(dec(reserved), dec(unbooked));
    }

    @Nested
    class Rule1NoBalance {

        @ParameterizedTest
        @EnumSource(WhenUnknown.class)
        void noReadingIsUnknownAndOnlyFailOpenAllows(WhenUnknown whenUnknown) {
            Rules.Reading none = new Rules.Reading(null, Duration.ZERO, false, "connection refused");

            GuardDecision d = judge(
                            none,
                            cost("1"),
                            "0",
                            GuardPolicy.builder().whenUnknown(whenUnknown).build())
                    .settled();

            assertThat(d.reason()).isEqualTo(Reason.BALANCE_UNKNOWN);
            assertThat(d.allowed()).isEqualTo(whenUnknown == WhenUnknown.FAIL_OPEN);
            assertThat(d.detail()).contains("connection refused");
            assertThat(d.source()).isEqualTo(BalanceSource.NONE);
            assertThat(d.balance()).isEmpty();
            assertThat(d.available()).isEmpty();
        }

        @ParameterizedTest
        @EnumSource(WhenUnknown.class)
        void noReadingForWantOfTheSharedStoreIsStoreUnavailableWhateverThePolicy(WhenUnknown whenUnknown) {
            Rules.Reading none = new Rules.Reading(null, Duration.ZERO, false, "jdbc store: read failed", true);

            GuardDecision d = judge(
                            none,
                            cost("1"),
                            "0",
                            GuardPolicy.builder().whenUnknown(whenUnknown).build())
                    .settled();

            assertThat(d.reason()).isEqualTo(Reason.STORE_UNAVAILABLE);
            assertThat(d.allowed()).isFalse();
            assertThat(d.detail()).contains("jdbc store: read failed");
            assertThat(d.balance()).isEmpty();
            assertThat(d.available()).isEmpty();
        }

        @Test
        void aProviderThatReportsNoBalanceIsUnknownNeverZero() {
            Balance none = Balance.unknown("twilio", "AC1", PaymentMode.UNKNOWN, "sub-account", AT);

            GuardDecision d = judge(reading(none, Duration.ZERO), cost("0"), "0", DEFAULTS)
                    .settled();

            assertThat(d.allowed()).isFalse();
            assertThat(d.reason()).isEqualTo(Reason.BALANCE_UNKNOWN);
            assertThat(d.detail()).contains("sub-account");
        }
    }

    @Nested
    class Rule2Staleness {

        private final Rules.Reading old = reading(
                Balance.of("simulator", "acct", usd("100"), PaymentMode.PREPAID, null, AT), Duration.ofMinutes(11));

        @Test
        void aReadingOverTheMaximumStalenessIsUnknown() {
            GuardDecision d = judge(old, cost("1"), "0", DEFAULTS).settled();

            assertThat(d.reason()).isEqualTo(Reason.BALANCE_UNKNOWN);
            assertThat(d.allowed()).isFalse();
            assertThat(d.detail())
                    .hasValueSatisfying(s -> assertThat(s).contains("660 s old").contains("600 s"));
        }

        @Test
        void tooOldForWantOfTheSharedStoreIsStoreUnavailable() {
            Rules.Reading cut = new Rules.Reading(old.balance(), old.age(), false, "redis store: read failed", true);

            GuardDecision d = judge(cut, cost("1"), "0", DEFAULTS).settled();

            assertThat(d.reason()).isEqualTo(Reason.STORE_UNAVAILABLE);
            assertThat(d.allowed()).isFalse();
            assertThat(d.detail()).contains("redis store: read failed");
        }

        @Test
        void useStaleAcceptsItWithinTheStaleBoundOnly() {
            GuardPolicy useStale = GuardPolicy.builder()
                    .whenUnknown(WhenUnknown.USE_STALE)
                    .staleBound(Duration.ofMinutes(30))
                    .build();

            Rules.Verdict within = judge(old, cost("1"), "0", useStale);
            assertThat(within.settled()).isNull();
            GuardDecision d = within.judgeLedger(LedgerTotals.ZERO, true);
            assertThat(d.allowed()).isTrue();
            assertThat(d.source()).isEqualTo(BalanceSource.STALE);
            assertThat(d.balanceAge()).contains(Duration.ofMinutes(11));

            Rules.Reading older = reading(old.balance(), Duration.ofMinutes(31));
            assertThat(judge(older, cost("1"), "0", useStale).settled().reason())
                    .isEqualTo(Reason.BALANCE_UNKNOWN);
        }

        @Test
        void theSourceSaysFreshCachedOrStale() {
            Balance b = old.balance();
            assertThat(judge(new Rules.Reading(b, Duration.ZERO, true, null), cost("1"), "0", DEFAULTS)
                            .judgeLedger(LedgerTotals.ZERO, true)
                            .source())
                    .isEqualTo(BalanceSource.FRESH);
            assertThat(judge(new Rules.Reading(b, Duration.ofSeconds(1), false, null), cost("1"), "0", DEFAULTS)
                            .judgeLedger(LedgerTotals.ZERO, true)
                            .source())
                    .isEqualTo(BalanceSource.CACHED);
            assertThat(judge(new Rules.Reading(b, Duration.ofSeconds(1), false, "timeout"), cost("1"), "0", DEFAULTS)
                            .judgeLedger(LedgerTotals.ZERO, true)
                            .source())
                    .isEqualTo(BalanceSource.STALE);
        }
    }

    @Nested
    class Rule3Units {

        @Test
        void anotherCurrencyIsNeverConverted() {
            GuardDecision d = judge(cached(usd("100")), CostEstimate.of(Money.of("1", "EUR")), "0", DEFAULTS)
                    .settled();

            assertThat(d.allowed()).isFalse();
            assertThat(d.reason()).isEqualTo(Reason.UNIT_MISMATCH);
            assertThat(d.detail()).contains("balance in USD, estimate in EUR");
        }

        @Test
        void creditsNeedAValueInTheEstimatesCurrency() {
            Rules.Reading credits = cached(Money.of("103", Money.CREDITS));
            CostEstimate euros = CostEstimate.of(Money.of("5", "EUR"));

            assertThat(judge(credits, euros, "0", DEFAULTS).settled().reason())
                    .isEqualTo(Reason.CREDITS_WITHOUT_CONVERSION);
            assertThat(judge(
                                    credits,
                                    euros,
                                    "0",
                                    GuardPolicy.builder()
                                            .creditValue(usd("0.05"))
                                            .build())
                            .settled()
                            .reason())
                    .isEqualTo(Reason.UNIT_MISMATCH);

            Rules.Verdict valued = judge(
                    credits,
                    euros,
                    "0",
                    GuardPolicy.builder().creditValue(Money.of("0.05", "EUR")).build());
            assertThat(valued.settled()).isNull();
            assertThat(valued.ceiling()).isEqualTo(Money.of("5.15", "EUR"));
        }

        @Test
        void creditEstimatesAgainstCreditBalancesNeedNoValue() {
            Rules.Verdict v = judge(
                    cached(Money.of("103", Money.CREDITS)), CostEstimate.of(Money.of("103", "credits")), "0", DEFAULTS);
            assertThat(v.judgeLedger(LedgerTotals.ZERO, true).allowed()).isTrue();
        }
    }

    @Nested
    class Rule4Postpaid {

        private final Rules.Reading postpaid =
                reading(Balance.of("exotel", "acct", usd("-20"), PaymentMode.POSTPAID, null, AT), Duration.ZERO);

        @Test
        void withoutACreditLimitItIsAllowed() {
            GuardDecision d = judge(postpaid, cost("500"), "0", DEFAULTS).settled();

            assertThat(d.allowed()).isTrue();
            assertThat(d.reason()).isEqualTo(Reason.POSTPAID);
            assertThat(d.balance()).contains(usd("-20"));
        }

        @Test
        void aCreditLimitIsAddedToTheBalance() {
            Rules.Verdict v = judge(
                    postpaid,
                    cost("80"),
                    "0",
                    GuardPolicy.builder().postpaidCreditLimit(usd("100")).build());

            assertThat(v.settled()).isNull();
            assertThat(v.ceiling()).isEqualTo(usd("80"));
        }

        @Test
        void aCreditLimitInAnotherCurrencyRefuses() {
            GuardDecision d = judge(
                            postpaid,
                            cost("1"),
                            "0",
                            GuardPolicy.builder()
                                    .postpaidCreditLimit(Money.of("100", "EUR"))
                                    .build())
                    .settled();
            assertThat(d.reason()).isEqualTo(Reason.UNIT_MISMATCH);
        }
    }

    @Nested
    class Rule5Ceiling {

        @Test
        void theCeilingIsTheBalanceLessTheMinimum() {
            Rules.Verdict v = judge(cached(usd("100")), cost("60"), "30", DEFAULTS);

            assertThat(v.settled()).isNull();
            assertThat(v.ceiling()).isEqualTo(usd("70"));
            assertThat(v.required()).isEqualTo(usd("60"));
        }

        @Test
        void theMarginIsPartOfWhatTheRunRequires() {
            Rules.Verdict v = judge(
                    cached(usd("100")),
                    cost("90"),
                    "0",
                    GuardPolicy.builder().safetyMarginPercent(dec("10")).build());

            assertThat(v.required()).isEqualTo(usd("99.0"));
        }
    }

    @Nested
    class Rule6Ledger {

        @Test
        void allowedWhenTheRunFitsUnderTheCeilingLessHoldsAndUnbookedSpend() {
            Rules.Verdict v = judge(cached(usd("100")), cost("50"), "10", DEFAULTS);

            GuardDecision d = v.judgeLedger(totals("25", "15"), true);

            assertThat(d.allowed()).isTrue();
            assertThat(d.reason()).isEqualTo(Reason.SUFFICIENT);
            assertThat(d.available()).contains(usd("50"));
            assertThat(d.reserved()).isEqualTo(usd("25"));
            assertThat(d.unbookedSpend()).isEqualTo(usd("15"));
            assertThat(d.shortfall().isZero()).isTrue();
        }

        @Test
        void refusedWithTheShortfallWhenItDoesNot() {
            GuardDecision d =
                    judge(cached(usd("100")), cost("50.01"), "10", DEFAULTS).judgeLedger(totals("25", "15"), true);

            assertThat(d.allowed()).isFalse();
            assertThat(d.reason()).isEqualTo(Reason.INSUFFICIENT);
            assertThat(d.shortfall()).isEqualTo(usd("0.01"));
        }

        @Test
        void aStoreThatDidNotHoldRefusesEvenWhenExactArithmeticFits() {
            GuardDecision d =
                    judge(cached(usd("100")), cost("50"), "0", DEFAULTS).judgeLedger(LedgerTotals.ZERO, false);

            assertThat(d.allowed()).isFalse();
            assertThat(d.reason()).isEqualTo(Reason.INSUFFICIENT);
            assertThat(d.shortfall().isZero()).isTrue();
        }

        @Test
        void coverableRecipientsArePricedWithoutTheMargin() {
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
            GuardDecision d = judge(
                            cached(usd("100")),
                            perRecipient,
                            "0",
                            GuardPolicy.builder().safetyMarginPercent(dec("25")).build())
                    .judgeLedger(LedgerTotals.ZERO, true);

            assertThat(d.coverableRecipients()).hasValue(80); // 100 available / 1.25
        }

        @Test
        void aStoreOutageRefusesWithWhatTheReadingSaid() {
            GuardDecision d = judge(cached(usd("100")), cost("1"), "0", DEFAULTS)
                    .refused(Reason.STORE_UNAVAILABLE, "redis: connection reset");

            assertThat(d.allowed()).isFalse();
            assertThat(d.balance()).contains(usd("100"));
            assertThat(d.detail()).contains("redis: connection reset");
        }

        @Test
        void aSettledVerdictIgnoresTheLedger() {
            Rules.Verdict postpaid = judge(
                    reading(Balance.of("exotel", "acct", usd("0"), PaymentMode.POSTPAID, null, AT), Duration.ZERO),
                    cost("1"),
                    "0",
                    DEFAULTS);

            assertThat(postpaid.judgeLedger(totals("1000", "1000"), true)).isSameAs(postpaid.settled());
            assertThat(postpaid.ceiling()).isNull();
        }
    }

    @Nested
    class TheReadingsDetail {

        private final String figure = "Telnyx lets the account spend 400.00 USD: available_credit";

        private Rules.Reading explained(Money amount, PaymentMode payment) {
            return reading(
                    Balance.of("telnyx", "acct", amount, payment, null, AT).withDetail(figure), Duration.ofSeconds(5));
        }

        @Test
        void reachesAllowedAndInsufficientDecisionsAlone() {
            Rules.Verdict verdict = judge(explained(usd("400"), PaymentMode.PREPAID), cost("100"), "0", DEFAULTS);
            assertThat(verdict.judgeLedger(LedgerTotals.ZERO, true).detail()).contains(figure);
            GuardDecision refused = verdict.judgeLedger(totals("350", "0"), true);
            assertThat(refused.reason()).isEqualTo(Reason.INSUFFICIENT);
            assertThat(refused.detail()).contains(figure);
            assertThat(refused.message()).endsWith(" - " + figure);
        }

        @Test
        void followsTheReasonsOwnWords() {
            GuardDecision mismatch = judge(
                            explained(usd("400"), PaymentMode.PREPAID),
                            CostEstimate.of(Money.of("1", "EUR")),
                            "0",
                            DEFAULTS)
                    .settled();
            assertThat(mismatch.reason()).isEqualTo(Reason.UNIT_MISMATCH);
            assertThat(mismatch.detail()).contains("balance in USD, estimate in EUR; " + figure);

            GuardDecision outage = judge(explained(usd("400"), PaymentMode.PREPAID), cost("1"), "0", DEFAULTS)
                    .refused(Reason.STORE_UNAVAILABLE, "redis: connection reset");
            assertThat(outage.detail()).contains("redis: connection reset; " + figure);

            GuardDecision postpaid = judge(explained(usd("0"), PaymentMode.POSTPAID), cost("1"), "0", DEFAULTS)
                    .settled();
            assertThat(postpaid.detail()).contains(figure);
        }

        @Test
        void aReadingTooOldToUseLendsNoDetail() {
            Rules.Reading old = reading(
                    Balance.of("telnyx", "acct", usd("400"), PaymentMode.PREPAID, null, AT)
                            .withDetail(figure),
                    Duration.ofMinutes(11));
            GuardDecision d = judge(old, cost("1"), "0", DEFAULTS).settled();
            assertThat(d.reason()).isEqualTo(Reason.BALANCE_UNKNOWN);
            assertThat(d.detail())
                    .hasValueSatisfying(text -> assertThat(text)
                            .contains("over the maximum staleness")
                            .doesNotContain("Telnyx"));
        }

        @Test
        void aReadingWithoutDetailChangesNothing() {
            GuardDecision d =
                    judge(cached(usd("100")), cost("1"), "0", DEFAULTS).judgeLedger(LedgerTotals.ZERO, true);
            assertThat(d.detail()).isEmpty();
            assertThat(d.message()).doesNotContain(" - ");
        }
    }

    @Test
    void theSameInputsGiveTheSameDecision() {
        Rules.Reading r = cached(usd("100"));
        GuardDecision a = judge(r, cost("60"), "10", DEFAULTS).judgeLedger(totals("5", "5"), true);
        GuardDecision b = judge(r, cost("60"), "10", DEFAULTS).judgeLedger(totals("5", "5"), true);
        assertThat(a.message()).isEqualTo(b.message());
        assertThat(a.available()).isEqualTo(b.available());
        assertThat(a.available().orElseThrow().amount()).isEqualByComparingTo(new BigDecimal("80"));
    }
}
