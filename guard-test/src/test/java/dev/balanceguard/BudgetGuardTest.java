package dev.balanceguard;

import static dev.balanceguard.GuardTesting.cost;
import static dev.balanceguard.GuardTesting.usd;
import static dev.balanceguard.ManualGuards.manualGuard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.test.ManualClock;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Budgets in the guard, on a manual clock and the in-memory store. */
class BudgetGuardTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    /** 2026-01-14 23:59:59.999 in Paris. */
    private static final Instant LAST_MS_OF_DAY = Instant.parse("2026-01-14T22:59:59.999Z");

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-14T08:00:00Z"));
    private final SimulatorBalanceProvider provider = SimulatorBalanceProvider.of("1000", "USD");
    private final List<BudgetWarningEvent> warnings = new ArrayList<>();

    private final Budget marketing = Budget.of("marketing", usd("50"), BudgetPeriod.day(PARIS))
            .withAccounts(Set.of("main"))
            .withWarnAt(new BigDecimal("80"));
    private final Map<String, Budget> tenants =
            Map.of("tenant-7", Budget.of("tenant-7", usd("20"), BudgetPeriod.month(PARIS)));

    private final BalanceGuard guard = manualGuard(clock, provider)
            .lease(Duration.ofMinutes(10))
            .budget(marketing)
            .budgets(tenants::get)
            .listener(new GuardListener() {
                @Override
                public void onBudgetWarning(BudgetWarningEvent event) {
                    warnings.add(event);
                }
            })
            .build();

    /** {@code n} recipients at {@code price} each. */
    private static CostEstimate recipients(int n, String price) {
        Money each = usd(price);
        return new CostEstimate() {
            @Override
            public Money total() {
                return each.times(n);
            }

            @Override
            public long recipients() {
                return n;
            }

            @Override
            public OptionalLong coverableRecipients(Money available) {
                long covered = available
                        .amount()
                        .divide(each.amount(), 0, RoundingMode.FLOOR)
                        .longValue();
                return OptionalLong.of(Math.min(n, Math.max(0, covered)));
            }
        };
    }

    @Test
    void aBudgetThatBindsRefusesWithItsFiguresAndHoldsNothing() {
        guard.reserve("main", cost("30")).commit(usd("30"));
        Reservation inFlight = guard.reserve("main", cost("15"));

        assertThatThrownBy(() -> guard.reserve("main", recipients(10, "1")))
                .isInstanceOfSatisfying(InsufficientBalanceException.class, e -> {
                    GuardDecision d = e.decision();
                    assertThat(d.reason()).isEqualTo(GuardDecision.Reason.BUDGET_EXCEEDED);
                    BudgetStatus b = d.budget().orElseThrow();
                    assertThat(b.name()).isEqualTo("marketing");
                    assertThat(b.limit()).isEqualTo(usd("50"));
                    assertThat(b.spent()).isEqualTo(usd("30"));
                    assertThat(b.held()).isEqualTo(usd("15"));
                    assertThat(b.remaining()).isEqualTo(usd("5"));
                    assertThat(b.resetsAt()).isEqualTo("2026-01-14T23:00:00Z");
                    assertThat(d.available()).contains(usd("5"));
                    assertThat(d.shortfall()).isEqualTo(usd("5"));
                    assertThat(d.coverableRecipients()).hasValue(5); // the budget, not the balance, binds
                    assertThat(d.message()).contains("budget 'marketing'", "resets at 2026-01-14T23:00:00Z");
                });

        // nothing was held anywhere: neither in the account nor in the budget
        assertThat(guard.snapshot("main").reserved()).contains(usd("15"));
        assertThat(guard.budget("marketing").orElseThrow().held()).isEqualTo(usd("15"));
        inFlight.release();
        assertThat(guard.reserve("main", cost("20")).decision().allowed()).isTrue();
    }

    @Test
    void theBalanceBindsWhenItIsTighterThanTheBudget() {
        provider.balance(usd("10"));
        guard.invalidate("main");

        GuardDecision d = guard.check("main", recipients(20, "1"));

        assertThat(d.reason()).isEqualTo(GuardDecision.Reason.INSUFFICIENT);
        assertThat(d.budget()).isEmpty();
        assertThat(d.budgets()).extracting(BudgetStatus::name).containsExactly("marketing");
        assertThat(d.coverableRecipients()).hasValue(10);
    }

    @Test
    void spendCountsInThePeriodItWasCommittedIn() {
        clock.advanceTo(LAST_MS_OF_DAY);
        guard.reserve("main", cost("45")).commit(usd("45"));
        assertThat(guard.check("main", cost("6")).reason()).isEqualTo(GuardDecision.Reason.BUDGET_EXCEEDED);

        clock.advance(Duration.ofMillis(1)); // 00:00:00.000 in Paris: a new day, nothing spent in it yet
        BudgetStatus fresh = guard.budget("marketing").orElseThrow();
        assertThat(fresh.spent()).isEqualTo(usd("0"));
        assertThat(fresh.periodStart()).isEqualTo("2026-01-14T23:00:00Z");
        assertThat(guard.reserve("main", cost("50")).decision().allowed()).isTrue();
    }

    @Test
    void aHoldCommittedAfterMidnightCountsInTheNewDay() {
        clock.advanceTo(LAST_MS_OF_DAY);
        Reservation run = guard.reserve("main", cost("40"));
        clock.advance(Duration.ofMillis(1));

        run.commit(usd("40"));

        assertThat(guard.budget("marketing").orElseThrow().spent()).isEqualTo(usd("40"));
    }

    @Test
    void aHoldReleasedAfterMidnightFreesTheBudgetOfTheNewDay() {
        clock.advanceTo(LAST_MS_OF_DAY);
        Reservation run = guard.reserve("main", cost("40"));
        clock.advance(Duration.ofMillis(1));
        assertThat(guard.budget("marketing").orElseThrow().held()).isEqualTo(usd("40"));

        run.release();

        BudgetStatus day = guard.budget("marketing").orElseThrow();
        assertThat(day.held()).isEqualTo(usd("0"));
        assertThat(day.spent()).isEqualTo(usd("0"));
        assertThat(guard.reserve("main", cost("50")).decision().allowed()).isTrue();
    }

    @Test
    void daysLaterABudgetCountsInTheDayOfNow() {
        guard.reserve("main", cost("30")).commit(usd("30"));

        clock.advance(Duration.ofDays(3)); // 2026-01-17 09:00 in Paris: well past the periods the guard looked up

        BudgetStatus day = guard.budget("marketing").orElseThrow();
        assertThat(day.periodStart()).isEqualTo("2026-01-16T23:00:00Z");
        assertThat(day.spent()).isEqualTo(usd("0"));
        guard.invalidate("main"); // a balance three days old is too old to run on
        guard.reserve("main", cost("20")).commit(usd("20"));
        assertThat(guard.budget("marketing").orElseThrow().spent()).isEqualTo(usd("20"));
    }

    @Test
    void aReserveOnALaterDayCountsInThatDayNotInTheDayBefore() {
        guard.reserve("main", cost("10")).release(); // 14 January: the guard looks up the days around it
        clock.advance(Duration.ofDays(1));
        guard.invalidate("main");
        guard.reserve("main", cost("45")).commit(usd("45")); // 15 January: 45 of 50
        clock.advance(Duration.ofDays(1));
        guard.invalidate("main");

        GuardDecision sixteenth = guard.reserve("main", cost("45")).decision();

        assertThat(sixteenth.allowed()).isTrue();
        assertThat(sixteenth.budgets().get(0).spent()).isEqualTo(usd("0"));
    }

    @Test
    void aFixedWindowCountsFromTheEpochAtTheGuardToo() {
        Budget burst = Budget.of("burst", usd("10"), BudgetPeriod.every(Duration.ofMinutes(15)))
                .withAccounts(Set.of("main"));
        BalanceGuard windowed = manualGuard(clock, provider).budget(burst).build();
        clock.advanceTo(Instant.parse("2026-01-14T08:14:59.999Z"));
        windowed.reserve("main", cost("8")).commit(usd("8"));
        assertThat(windowed.check("main", cost("3")).reason()).isEqualTo(GuardDecision.Reason.BUDGET_EXCEEDED);

        clock.advance(Duration.ofMillis(1)); // 08:15: the next window

        assertThat(windowed.budget("burst").orElseThrow().periodStart()).isEqualTo("2026-01-14T08:15:00Z");
        assertThat(windowed.reserve("main", cost("10")).decision().allowed()).isTrue();
    }

    @Test
    void aLapsedHoldLeavesTheBudgetWithItsLease() {
        guard.reserve("main", cost("50"));
        assertThat(guard.check("main", cost("1")).allowed()).isFalse();

        clock.advance(Duration.ofMinutes(10));

        assertThat(guard.budget("marketing").orElseThrow().held()).isEqualTo(usd("0"));
        assertThat(guard.check("main", cost("50")).allowed()).isTrue();
    }

    @Test
    void aRunCountsAgainstTheBudgetsItNamesToo() {
        guard.reserve("main", cost("15"), BigDecimal.ZERO, List.of("tenant-7")).commit(usd("15"));

        GuardDecision d = guard.check("main", cost("10"), BigDecimal.ZERO, List.of("tenant-7"));

        assertThat(d.reason()).isEqualTo(GuardDecision.Reason.BUDGET_EXCEEDED);
        assertThat(d.budget().orElseThrow().name()).isEqualTo("tenant-7");
        assertThat(d.budgets()).extracting(BudgetStatus::name).containsExactly("marketing", "tenant-7");
        assertThat(guard.budget("marketing").orElseThrow().spent()).isEqualTo(usd("15"));
        assertThat(guard.check("main", cost("10")).allowed()).isTrue(); // without naming it
    }

    @Test
    void anUnknownBudgetIsAnErrorNamingIt() {
        assertThatThrownBy(() -> guard.reserve("main", cost("1"), BigDecimal.ZERO, List.of("nobody")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown budget 'nobody'");
        assertThat(guard.budget("nobody")).isEmpty();
    }

    @Test
    void aBudgetInAnotherUnitRefusesTheRun() {
        BalanceGuard euro = manualGuard(clock, provider)
                .budget(Budget.of("eu", Money.of("50", "EUR"), BudgetPeriod.day(PARIS))
                        .withAccounts(Set.of("main")))
                .build();

        assertThatThrownBy(() -> euro.reserve("main", cost("1")))
                .isInstanceOfSatisfying(
                        InsufficientBalanceException.class,
                        e -> assertThat(e.decision().reason()).isEqualTo(GuardDecision.Reason.UNIT_MISMATCH));
    }

    @Test
    void aPostpaidAccountWithoutACreditLimitIsStillBoundByItsBudgets() {
        provider.payment(dev.balanceguard.core.PaymentMode.POSTPAID);
        guard.invalidate("main");

        assertThat(guard.check("main", cost("50")).reason()).isEqualTo(GuardDecision.Reason.POSTPAID);
        GuardDecision over = guard.check("main", cost("50.01"));
        assertThat(over.reason()).isEqualTo(GuardDecision.Reason.BUDGET_EXCEEDED);
        assertThat(over.shortfall()).isEqualTo(usd("0.01"));
    }

    @Test
    void crossingTheWarnThresholdIsPublishedOnce() {
        guard.reserve("main", cost("30"));
        assertThat(warnings).isEmpty();

        guard.reserve("main", cost("10")); // 40 of 50: 80%
        guard.reserve("main", cost("5"));

        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).status().held()).isEqualTo(usd("40"));
        assertThat(warnings.get(0).status().name()).isEqualTo("marketing");
    }

    @Test
    void theGuardListsItsOwnBudgets() {
        guard.reserve("main", cost("12.5")).commit(usd("12.5"));

        assertThat(guard.budgets()).singleElement().satisfies(b -> {
            assertThat(b.spent()).isEqualTo(usd("12.5"));
            assertThat(b.remaining()).isEqualTo(usd("37.5"));
        });
    }
}
