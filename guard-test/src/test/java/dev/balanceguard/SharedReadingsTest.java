package dev.balanceguard;

import static dev.balanceguard.GuardTesting.cost;
import static dev.balanceguard.GuardTesting.dec;
import static dev.balanceguard.GuardTesting.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.GuardDecision.Reason;
import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.store.InMemoryLedgerStore;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.test.InMemoryReadingStore;
import dev.balanceguard.test.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two guards standing for two replicas, sharing one ledger and one store of readings on one clock. */
class SharedReadingsTest {

    private final ManualClock clock = new ManualClock();
    private final SimulatorBalanceProvider provider = SimulatorBalanceProvider.of("1000", "USD");
    private final LedgerStore ledger = new InMemoryLedgerStore(clock);
    private final ReadingStore readings = new InMemoryReadingStore(clock);
    private final BalanceGuard a = replica();
    private final BalanceGuard b = replica();

    private BalanceGuard replica() {
        return ManualGuards.manualGuard(clock, provider)
                .ledger(ledger)
                .readings(readings)
                .refreshAfter(Duration.ofSeconds(60))
                .retryAfterFailure(Duration.ofSeconds(10))
                .fetchClaim(Duration.ofMillis(100))
                .build();
    }

    @Test
    void oneFetchPerRefreshIntervalForTheFleet() {
        assertThat(a.check("main", cost("1")).allowed()).isTrue();
        assertThat(b.check("main", cost("1")).allowed()).isTrue();
        assertThat(provider.fetchCount()).isEqualTo(1);

        provider.balance(usd("500"));
        clock.advance(Duration.ofSeconds(61));
        a.check("main", cost("1")); // due: A refreshes for the fleet
        b.check("main", cost("1")); // due locally: B takes A's reading
        assertThat(provider.fetchCount()).isEqualTo(2);
        assertThat(b.check("main", cost("1")).balance()).contains(usd("500"));
    }

    @Test
    void holdsOnOneReplicaCountOnTheOther() {
        try (Reservation held = a.reserve("main", cost("600"), dec("100"))) {
            assertThatThrownBy(() -> b.reserve("main", cost("300.01"), dec("100")))
                    .isInstanceOfSatisfying(InsufficientBalanceException.class, e -> {
                        assertThat(e.decision().reason()).isEqualTo(Reason.INSUFFICIENT);
                        assertThat(e.decision().reserved()).isEqualTo(usd("600"));
                    });
            b.reserve("main", cost("300"), dec("100")).commit(usd("300"));
            assertThat(a.check("main", cost("0.01"), dec("100")).allowed()).isFalse();
        }
        assertThat(b.check("main", cost("600"), dec("100")).allowed()).isTrue();
    }

    @Test
    void aFailedRefreshIsSharedAndTheLastGoodBalanceServedStale() {
        a.check("main", cost("1"));
        provider.failAlways(Failure.UNAVAILABLE);
        clock.advance(Duration.ofSeconds(61));
        a.check("main", cost("1")); // fails, publishes the failure next to the reading

        GuardDecision onB = b.check("main", cost("1"));

        assertThat(provider.fetchCount()).isEqualTo(2);
        assertThat(onB.allowed()).isTrue();
        assertThat(onB.balance()).contains(usd("1000"));
        assertThat(b.snapshot("main").lastFailure()).isPresent();
    }

    @Test
    void aTopUpInvalidatedOnOneReplicaReachesTheOthersWithoutTheirOwnFetch() {
        a.check("main", cost("1"));
        b.check("main", cost("1"));
        provider.balance(usd("5000"));
        clock.advance(Duration.ofSeconds(59));

        b.invalidate("main"); // a top-up seen on B: B fetches now, though the shared reading is not due
        assertThat(b.check("main", cost("1")).balance()).contains(usd("5000"));
        assertThat(provider.fetchCount()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(2));
        a.check("main", cost("1")); // A is due and takes B's reading
        assertThat(a.check("main", cost("1")).balance()).contains(usd("5000"));
        assertThat(provider.fetchCount()).isEqualTo(2);
    }

    @Test
    void aReplicaThatFindsAnotherFetchingWaitsForItsReading() {
        readings.claimFetch("main", "another replica", 60_000, null);

        GuardDecision cold = b.check("main", cost("1"));

        assertThat(provider.fetchCount()).isZero();
        assertThat(cold.reason()).isEqualTo(Reason.BALANCE_UNKNOWN);
        assertThat(cold.allowed()).isFalse(); // fail-closed while nobody publishes
    }
}
