package dev.balanceguard;

import static dev.balanceguard.GuardTesting.cost;
import static dev.balanceguard.GuardTesting.dec;
import static dev.balanceguard.GuardTesting.usd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.store.InMemoryLedgerStore;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.test.InMemoryReadingStore;
import dev.balanceguard.test.ManualClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The accounting of observed spend ({@link SpendAccount}), rule by rule, on a manual clock. */
class ObservedSpendTest {

    private static final Duration REFRESH = Duration.ofSeconds(60);

    private final ManualClock clock = new ManualClock();
    private final SimulatorBalanceProvider provider = SimulatorBalanceProvider.of("1000", "USD");
    private final List<SpendEvent> events = new CopyOnWriteArrayList<>();
    private final BalanceGuard guard = guard(new InMemoryLedgerStore(clock), null, events);

    private BalanceGuard guard(LedgerStore ledger, ReadingStore readings, List<SpendEvent> heard) {
        BalanceGuard.Builder b = ManualGuards.manualGuard(clock, provider)
                .refreshAfter(REFRESH)
                .ledger(ledger)
                .listener(new GuardListener() {
                    @Override
                    public void onSpend(SpendEvent event) {
                        heard.add(event);
                    }
                });
        return readings == null
                ? b.build()
                : b.readings(readings).fetchClaim(Duration.ofMillis(100)).build();
    }

    /** Moves past the refresh interval and lets one check refresh the reading (refreshes run on this thread). */
    private void nextReading(BalanceGuard g) {
        clock.advance(REFRESH.plusSeconds(1));
        g.check("main", cost("0"));
    }

    private ObservedSpend spend() {
        return guard.observedSpend("main").orElseThrow();
    }

    private SpendEvent last() {
        return events.get(events.size() - 1);
    }

    @Test
    void theFirstReadingIsABaselineAndCountsNothing() {
        assertThat(guard.observedSpend("main")).isEmpty();
        guard.check("main", cost("1"));

        assertThat(events).isEmpty();
        ObservedSpend s = spend();
        assertThat(s.observed()).isEqualTo(usd("0"));
        assertThat(s.topUps()).isEqualTo(usd("0"));
        assertThat(s.burnPerHour()).isEmpty();
        assertThat(s.runway()).isEmpty();
    }

    @Test
    void aDropNoRunExplainsIsUnguardedOneReadingLater() {
        guard.check("main", cost("1"));
        provider.spend(usd("12.50"));
        nextReading(guard);

        assertThat(last().observed()).isEqualTo(usd("12.50"));
        assertThat(last().committed()).isEqualTo(usd("0"));
        assertThat(last().topUp()).isEqualTo(usd("0"));
        assertThat(last().unguarded()).isEqualTo(usd("0")); // a run may still commit it in the next interval

        nextReading(guard); // none did
        assertThat(last().unguarded()).isEqualTo(usd("12.50"));
        assertThat(spend().unguarded()).isEqualTo(usd("12.50"));
    }

    @Test
    void aRiseIsATopUpAndNeverNegativeBurn() {
        guard.check("main", cost("1"));
        provider.balance(usd("1500"));
        nextReading(guard);

        assertThat(last().topUp()).isEqualTo(usd("500"));
        assertThat(last().observed()).isEqualTo(usd("0"));
        ObservedSpend s = spend();
        assertThat(s.topUps()).isEqualTo(usd("500"));
        assertThat(s.burnPerHour()).isEmpty();
        assertThat(s.runway()).isEmpty();
    }

    @Test
    void aCommittedRunExplainsTheDropAndGivesTheAccuracy() {
        guard.check("main", cost("1"));
        guard.reserve("main", cost("20")).commit(usd("20"));
        provider.spend(usd("18"));
        nextReading(guard);

        assertThat(last().committed()).isEqualTo(usd("20"));
        assertThat(last().observed()).isEqualTo(usd("18"));
        assertThat(last().unguarded()).isEqualTo(usd("0"));
        assertThat(spend().accuracy()).contains(new BigDecimal("0.9000"));
    }

    @Test
    void spendBookedAfterTheReadingIsMatchedToItsCommitWithinTheLag() {
        guard.check("main", cost("1"));
        guard.reserve("main", cost("20")).commit(usd("20"));
        nextReading(guard); // the provider has not booked it yet
        assertThat(last().committed()).isEqualTo(usd("20"));
        assertThat(last().observed()).isEqualTo(usd("0"));

        provider.spend(usd("20"));
        nextReading(guard); // booked now

        assertThat(last().observed()).isEqualTo(usd("20"));
        assertThat(last().committed()).isEqualTo(usd("0"));
        assertThat(last().unguarded()).isEqualTo(usd("0"));
        assertThat(spend().committed()).isEqualTo(usd("20"));
        assertThat(spend().unguarded()).isEqualTo(usd("0"));
    }

    @Test
    void committedSpendNeverSeenWithinTheLagExplainsNothingLater() {
        guard.check("main", cost("1"));
        guard.reserve("main", cost("20")).commit(usd("20"));
        nextReading(guard);
        clock.advance(Duration.ofHours(1));
        provider.spend(usd("20"));
        nextReading(guard); // over an hour after the commit: the estimate's money never showed; this is other spend
        nextReading(guard);

        assertThat(spend().unguarded()).isEqualTo(usd("20"));
    }

    @Test
    void aCommitJustAfterTheFetchStartedExplainsTheDropItSaw() {
        guard.check("main", cost("1"));
        Reservation held = guard.reserve("main", cost("30"));
        clock.advance(REFRESH.plusSeconds(1));
        provider.spend(usd("25"));
        held.commit(usd("25")); // in the millisecond the next fetch starts: the ledger counts it after that reading
        guard.check("main", cost("0"));
        assertThat(last().committed()).isEqualTo(usd("0"));
        assertThat(last().unguarded()).isEqualTo(usd("0"));

        nextReading(guard);
        assertThat(spend().observed()).isEqualTo(usd("25"));
        assertThat(spend().committed()).isEqualTo(usd("25"));
        assertThat(spend().unguarded()).isEqualTo(usd("0"));
    }

    @Test
    void readingsLessThanASecondApartWaitForCommitsTheLedgerCountsInTheNextSecond() {
        List<SpendEvent> heard = new CopyOnWriteArrayList<>();
        BalanceGuard fast = ManualGuards.manualGuard(clock, provider)
                .refreshAfter(Duration.ofMillis(200))
                .ledger(new InMemoryLedgerStore(clock))
                .listener(new GuardListener() {
                    @Override
                    public void onSpend(SpendEvent event) {
                        heard.add(event);
                    }
                })
                .build();
        clock.advance(Duration.ofMillis(100));
        fast.check("main", cost("0")); // the baseline, at 0.1 s
        clock.advance(Duration.ofMillis(100));
        fast.reserve("main", cost("10")).commit(usd("10")); // at 0.2 s: the ledger keeps it in second 0
        provider.spend(usd("15"));
        for (int i = 0; i < 2; i++) { // readings at 0.45 s and 0.7 s: second 0 is not counted yet
            clock.advance(Duration.ofMillis(250));
            fast.check("main", cost("0"));
        }
        assertThat(fast.observedSpend("main").orElseThrow().unguarded()).isEqualTo(usd("0"));

        clock.advance(Duration.ofMillis(400));
        fast.check("main", cost("0")); // at 1.1 s: the interval counts second 0

        ObservedSpend s = fast.observedSpend("main").orElseThrow();
        assertThat(s.committed()).isEqualTo(usd("10"));
        assertThat(s.unguarded()).isEqualTo(usd("5"));
    }

    @Test
    void aRunInFlightAcrossAReadingExplainsTheDropUntilItEnds() {
        guard.check("main", cost("1"));
        Reservation held = guard.reserve("main", cost("30"));
        provider.spend(usd("25"));
        nextReading(guard); // the run spends before it commits

        assertThat(last().observed()).isEqualTo(usd("25"));
        assertThat(last().unguarded()).isEqualTo(usd("0"));

        held.commit(usd("25"));
        nextReading(guard);
        assertThat(last().committed()).isEqualTo(usd("25"));
        assertThat(last().unguarded()).isEqualTo(usd("0"));
        assertThat(spend().observed()).isEqualTo(usd("25"));
        assertThat(spend().unguarded()).isEqualTo(usd("0"));
    }

    @Test
    void aDropARunInFlightSeemedToExplainIsUnguardedWhenTheRunIsReleased() {
        guard.check("main", cost("1"));
        Reservation held = guard.reserve("main", cost("30"));
        provider.spend(usd("25"));
        nextReading(guard);
        assertThat(last().unguarded()).isEqualTo(usd("0"));

        held.release();
        nextReading(guard);

        assertThat(last().unguarded()).isEqualTo(usd("25"));
    }

    @Test
    void aFailedFetchCountsNothingAndTheNextReadingSpansTheWholeInterval() {
        guard.check("main", cost("1"));
        provider.spend(usd("5")).failNext(Failure.UNAVAILABLE);
        nextReading(guard);
        assertThat(events).isEmpty();

        clock.advance(Duration.ofSeconds(10)); // the retry after the failure
        guard.check("main", cost("0"));

        assertThat(events).hasSize(1);
        assertThat(last().observed()).isEqualTo(usd("5"));
        assertThat(Duration.between(last().from(), last().to())).isEqualTo(Duration.ofSeconds(71));
    }

    @Test
    void aLateOrRepeatedReadingChangesNothing() {
        SpendAccount state = SpendAccount.baseline(usd("100"), 60_000, BigDecimal.ZERO);

        assertThat(state.follows("USD", 60_000)).isFalse();
        assertThat(state.follows("USD", 59_999)).isFalse();
        assertThat(state.follows("USD", 60_001)).isTrue();
    }

    @Test
    void aReadingInAnotherUnitIsANewBaseline() {
        guard.check("main", cost("1"));
        provider.balance(Money.of("900", "EUR"));
        nextReading(guard);
        assertThat(events).isEmpty();
        assertThat(spend().observed()).isEqualTo(Money.of("0", "EUR"));

        provider.spend(Money.of("9", "EUR"));
        nextReading(guard);
        assertThat(last().observed()).isEqualTo(Money.of("9", "EUR"));
    }

    @Test
    void theAccuracyCountsOnlyIntervalsWithNoRunInFlight() {
        guard.check("main", cost("1"));
        Reservation held = guard.reserve("main", cost("30"));
        provider.spend(usd("25"));
        nextReading(guard); // a run in flight at this reading: neither interval around it is quiet
        held.commit(usd("20"));
        nextReading(guard);
        assertThat(spend().accuracy()).as("no quiet interval yet").isEmpty();

        guard.reserve("main", cost("10")).commit(usd("10")); // begun and ended between two readings
        provider.spend(usd("12"));
        nextReading(guard);

        assertThat(spend().accuracy()).contains(new BigDecimal("1.2000")); // 12 / 10, not (25 + 12) / (20 + 10)
    }

    @Test
    void aSwitchToAnotherUnitIsATypedRefusalAndCountsNeitherTheRunsBeforeNorTheJump() {
        guard.check("main", cost("1"));
        guard.reserve("main", cost("10")).commit(usd("10")); // the ledger keeps this spend in USD
        provider.spend(usd("10"));
        nextReading(guard);
        events.clear();
        provider.balance(Money.of("900", "EUR"));
        nextReading(guard);

        assertThat(events)
                .as("USD 990 to EUR 900 is neither spend nor a top-up")
                .isEmpty();
        ObservedSpend s = spend();
        assertThat(s.observed()).isEqualTo(Money.of("0", "EUR")); // the USD figures are not shown as EUR
        assertThat(s.committed()).isEqualTo(Money.of("0", "EUR"));
        assertThat(s.runway()).isEmpty();
        GuardDecision usdRun = guard.check("main", cost("1"));
        assertThat(usdRun.allowed()).isFalse();
        assertThat(usdRun.reason()).isEqualTo(GuardDecision.Reason.UNIT_MISMATCH);
    }

    @Test
    void theRunwayIsZeroNotNegativeOnceTheAvailableAmountIsBelowTheMinimum() {
        guard.check("main", cost("1"));
        provider.spend(usd("10"));
        nextReading(guard);
        guard.check("main", cost("1"), dec("995")); // 990 left, the minimum above it

        assertThat(spend().runway()).contains(Duration.ZERO);
    }

    @Test
    void burnIsTheLastHoursDropsAndRunwayLastsTheAvailableAmountDownToTheMinimum() {
        guard.check("main", cost("1"));
        provider.spend(usd("10"));
        nextReading(guard);
        provider.spend(usd("10"));
        nextReading(guard);
        guard.check("main", cost("1"), dec("100")); // the minimum of the last decision

        ObservedSpend s = spend();
        // 20 over 122 s
        assertThat(s.burnPerHour()).contains(usd("590.163935"));
        // (980 - 100) / (20 / 122) = 5368, less a second: the burn is rounded up (the runway errs short)
        assertThat(s.runway()).contains(Duration.ofSeconds(5367));

        clock.advance(Duration.ofHours(2)); // nothing read for two hours: nothing burns that we know of
        assertThat(spend().burnPerHour()).isEmpty();
        assertThat(spend().runway()).isEmpty();
    }

    @Test
    void theStateSurvivesItsTextForm() {
        SpendAccount s = SpendAccount.baseline(usd("100"), 1_000, BigDecimal.ZERO)
                .next(usd("90.5"), 61_000, dec("4"), dec("3"), 3_600_000)
                .state();

        assertThat(SpendAccount.decode(s.encode())).isEqualTo(s);
    }

    @Test
    void withSharedReadingsTheReplicaThatFetchedCountsTheIntervalOnceForTheFleet() {
        LedgerStore ledger = new InMemoryLedgerStore(clock);
        ReadingStore readings = new InMemoryReadingStore(clock);
        List<SpendEvent> onA = new CopyOnWriteArrayList<>();
        List<SpendEvent> onB = new CopyOnWriteArrayList<>();
        BalanceGuard a = guard(ledger, readings, onA);
        BalanceGuard b = guard(ledger, readings, onB);
        a.check("main", cost("1"));
        b.check("main", cost("1"));
        b.reserve("main", cost("10")).commit(usd("10")); // committed on B
        provider.spend(usd("15"));

        nextReading(a); // A fetches for the fleet
        b.check("main", cost("0")); // B takes A's reading
        b.check("main", cost("0"));

        assertThat(onB).isEmpty();
        assertThat(onA).hasSize(1);
        assertThat(onA.get(0).committed()).isEqualTo(usd("10"));
        assertThat(b.observedSpend("main").orElseThrow().observed()).isEqualTo(usd("15"));

        provider.spend(usd("1"));
        nextReading(b); // now B fetches, and goes on from A's account of the fleet
        assertThat(onB).hasSize(1);
        assertThat(b.observedSpend("main").orElseThrow().observed()).isEqualTo(usd("16"));
        assertThat(b.observedSpend("main").orElseThrow().unguarded()).isEqualTo(usd("5"));
        a.check("main", cost("0")); // A takes B's reading
        assertThat(a.observedSpend("main").orElseThrow().unguarded()).isEqualTo(usd("5"));
        assertThat(onA).hasSize(1);
    }
    /** A provider whose fetch reads the simulator's balance, then takes as long as {@code during} takes. */
    private BalanceProvider slow(Runnable during) {
        return new BalanceProvider() {
            @Override
            public String name() {
                return provider.name();
            }

            @Override
            public String accountId() {
                return provider.accountId();
            }

            @Override
            public Balance fetchBalance() {
                Balance read = provider.fetchBalance();
                during.run();
                return read;
            }
        };
    }

    private BalanceGuard replica(BalanceProvider p, LedgerStore ledger, ReadingStore readings, List<SpendEvent> heard) {
        return BalanceGuard.builder()
                .account("main", p)
                .clock(clock)
                .executor(Runnable::run)
                .refreshAfter(REFRESH)
                .ledger(ledger)
                .readings(readings)
                .fetchClaim(Duration.ofMillis(100))
                .listener(new GuardListener() {
                    @Override
                    public void onSpend(SpendEvent event) {
                        heard.add(event);
                    }
                })
                .build();
    }

    private static BigDecimal observed(List<SpendEvent> events) {
        return events.stream().map(e -> e.observed().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void aClaimThatLapsesMidFetchCountsTheIntervalOnceWhenTheLaterFetchPublishesFirst() {
        LedgerStore ledger = new InMemoryLedgerStore(clock);
        ReadingStore readings = new InMemoryReadingStore(clock);
        List<SpendEvent> onA = new CopyOnWriteArrayList<>();
        List<SpendEvent> onB = new CopyOnWriteArrayList<>();
        BalanceGuard b = replica(provider, ledger, readings, onB);
        AtomicBoolean slowNow = new AtomicBoolean();
        BalanceGuard a = replica(
                slow(() -> {
                    if (slowNow.get()) {
                        clock.advance(Duration.ofSeconds(1)); // A's claim (100 ms) lapses while it fetches
                        b.check("main", cost("0")); // B claims, fetches and publishes after the same reading
                    }
                }),
                ledger,
                readings,
                onA);
        a.check("main", cost("1"));
        b.check("main", cost("1"));
        provider.spend(usd("15"));
        slowNow.set(true);

        nextReading(a);

        assertThat(onB).hasSize(1);
        assertThat(onA)
                .as("A's reading came after B's was in: it is dropped unheard")
                .isEmpty();
        assertThat(observed(onB)).isEqualByComparingTo("15");
        assertThat(a.observedSpend("main").orElseThrow().observed()).isEqualTo(usd("15"));
        assertThat(b.observedSpend("main").orElseThrow().observed()).isEqualTo(usd("15"));
    }

    @Test
    void aClaimThatLapsesMidFetchCountsTheIntervalOnceWhenTheEarlierFetchPublishesFirst() throws Exception {
        LedgerStore ledger = new InMemoryLedgerStore(clock);
        ReadingStore readings = new InMemoryReadingStore(clock);
        List<SpendEvent> onA = new CopyOnWriteArrayList<>();
        List<SpendEvent> onB = new CopyOnWriteArrayList<>();
        CountDownLatch bFetching = new CountDownLatch(1);
        CountDownLatch bMayReturn = new CountDownLatch(1);
        AtomicBoolean slowNow = new AtomicBoolean();
        // B's fetch reads the balance only once A has published: B fetched later but publishes last
        BalanceProvider bProvider = new BalanceProvider() {
            @Override
            public String name() {
                return provider.name();
            }

            @Override
            public String accountId() {
                return provider.accountId();
            }

            @Override
            public Balance fetchBalance() {
                if (slowNow.get()) {
                    bFetching.countDown();
                    try {
                        assertThat(bMayReturn.await(30, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return provider.fetchBalance();
            }
        };
        BalanceGuard b = replica(bProvider, ledger, readings, onB);
        Thread[] bThread = new Thread[1];
        BalanceGuard a = replica(
                slow(() -> {
                    if (slowNow.get()) {
                        clock.advance(Duration.ofSeconds(1)); // A's claim lapses while it fetches
                        bThread[0] = new Thread(() -> b.check("main", cost("0")));
                        bThread[0].start();
                        try {
                            assertThat(bFetching.await(30, TimeUnit.SECONDS)).isTrue(); // B claimed, is fetching
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }),
                ledger,
                readings,
                onA);
        a.check("main", cost("1"));
        b.check("main", cost("1"));
        provider.spend(usd("15"));
        slowNow.set(true);

        nextReading(a); // A reads 985 and publishes first
        slowNow.set(false);
        provider.spend(usd("5"));
        bMayReturn.countDown(); // B reads 980 and publishes last
        bThread[0].join(30_000);

        assertThat(observed(onA)).isEqualByComparingTo("15");
        assertThat(observed(onB))
                .as("B accounts only for the interval after A's reading")
                .isEqualByComparingTo("5");
        assertThat(onB.get(0).from()).isEqualTo(onA.get(0).to());
        assertThat(b.observedSpend("main").orElseThrow().observed()).isEqualTo(usd("20"));
    }
}
