package dev.balanceguard;

import static dev.balanceguard.GuardTesting.cost;
import static dev.balanceguard.GuardTesting.usd;
import static dev.balanceguard.ManualGuards.manualGuard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.GuardDecision.Reason;
import dev.balanceguard.GuardPolicy.WhenUnknown;
import dev.balanceguard.core.Balance;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.test.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every time rule of the cache on a manual clock; refreshes run on the calling thread. */
class BalanceCacheTimelineTest {

    private final ManualClock clock = new ManualClock();
    private final SimulatorBalanceProvider provider = SimulatorBalanceProvider.of("100", "USD");

    @Test
    void freshThenCachedThenRefreshedAhead() {
        BalanceGuard guard = manualGuard(clock, provider).build();

        assertThat(guard.check("main", cost("1")).source()).isEqualTo(BalanceSource.FRESH);
        clock.advance(Duration.ofSeconds(59));
        GuardDecision cached = guard.check("main", cost("1"));
        assertThat(cached.source()).isEqualTo(BalanceSource.CACHED);
        assertThat(cached.balanceAge()).contains(Duration.ofSeconds(59));
        assertThat(provider.fetchCount()).isEqualTo(1);

        provider.balance(usd("42"));
        clock.advance(Duration.ofSeconds(1));
        // due: this check is answered from the cache while the refresh runs
        assertThat(guard.check("main", cost("1")).balance()).contains(usd("100"));
        assertThat(provider.fetchCount()).isEqualTo(2);
        GuardDecision refreshed = guard.check("main", cost("1"));
        assertThat(refreshed.balance()).contains(usd("42"));
        assertThat(refreshed.balanceAge()).contains(Duration.ZERO);
    }

    @Test
    void staleIfErrorUntilMaxStalenessThenThePolicyDecides() {
        BalanceGuard guard =
                manualGuard(clock, provider).maxStaleness(Duration.ofMinutes(5)).build();
        assertThat(guard.check("main", cost("1")).source()).isEqualTo(BalanceSource.FRESH);

        provider.failAlways(Failure.UNAVAILABLE);
        clock.advance(Duration.ofSeconds(60));
        guard.check("main", cost("1")); // triggers the failing refresh
        GuardDecision stale = guard.check("main", cost("1"));
        assertThat(stale.allowed()).isTrue();
        assertThat(stale.source()).isEqualTo(BalanceSource.STALE);
        assertThat(stale.balance()).contains(usd("100"));
        assertThat(guard.snapshot("main").lastFailure())
                .hasValueSatisfying(
                        e -> assertThat(((ProviderException) e).failure()).isEqualTo(Failure.UNAVAILABLE));

        clock.advance(Duration.ofSeconds(240)); // exactly 5 minutes old: still served
        assertThat(guard.check("main", cost("1")).source()).isEqualTo(BalanceSource.STALE);

        clock.advance(Duration.ofSeconds(1));
        GuardDecision expired = guard.check("main", cost("1"));
        assertThat(expired.allowed()).isFalse();
        assertThat(expired.reason()).isEqualTo(Reason.BALANCE_UNKNOWN);
        assertThat(expired.source()).isEqualTo(BalanceSource.NONE);
        assertThat(expired.detail()).hasValueSatisfying(s -> assertThat(s).contains("over the maximum staleness"));
        assertThatThrownBy(() -> guard.balance("main")).isInstanceOf(ProviderException.class);

        provider.failAlways(null);
        clock.advance(Duration.ofSeconds(10));
        guard.check("main", cost("1")); // the retry succeeds in the background
        GuardDecision recovered = guard.check("main", cost("1"));
        assertThat(recovered.allowed()).isTrue();
        assertThat(recovered.source()).isEqualTo(BalanceSource.CACHED);
    }

    @Test
    void useStaleAcceptsOldReadingsUpToItsBound() {
        GuardPolicy useStale = GuardPolicy.builder()
                .whenUnknown(WhenUnknown.USE_STALE)
                .staleBound(Duration.ofMinutes(30))
                .build();
        BalanceGuard guard = manualGuard(clock, provider)
                .maxStaleness(Duration.ofMinutes(5))
                .defaultPolicy(useStale)
                .build();
        guard.check("main", cost("1"));
        provider.failAlways(Failure.RATE_LIMITED);

        clock.advance(Duration.ofMinutes(20));
        GuardDecision d = guard.check("main", cost("1"));
        assertThat(d.allowed()).isTrue();
        assertThat(d.source()).isEqualTo(BalanceSource.STALE);

        clock.advance(Duration.ofMinutes(11));
        GuardDecision tooOld = guard.check("main", cost("1"));
        assertThat(tooOld.allowed()).isFalse();
        assertThat(tooOld.reason()).isEqualTo(Reason.BALANCE_UNKNOWN);
    }

    @Test
    void aFailedColdFetchIsRetriedAfterTheRetryDelayAndTheCallerWaitsForIt() {
        provider.failNext(Failure.UNAVAILABLE);
        BalanceGuard guard = manualGuard(clock, provider)
                .retryAfterFailure(Duration.ofSeconds(10))
                .build();

        assertThat(guard.check("main", cost("1")).reason()).isEqualTo(Reason.BALANCE_UNKNOWN);
        clock.advance(Duration.ofSeconds(9));
        assertThat(guard.check("main", cost("1")).reason()).isEqualTo(Reason.BALANCE_UNKNOWN);
        assertThat(provider.fetchCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        GuardDecision d = guard.check("main", cost("1"));
        assertThat(d.allowed()).isTrue();
        assertThat(d.source()).isEqualTo(BalanceSource.FRESH);
        assertThat(provider.fetchCount()).isEqualTo(2);
    }

    @Test
    void theProvidersMinimumIntervalBoundsEveryFetch() {
        provider.minimumFetchInterval(Duration.ofSeconds(60));
        BalanceGuard guard = manualGuard(clock, provider)
                .refreshAfter(Duration.ofSeconds(5))
                .retryAfterFailure(Duration.ofSeconds(1))
                .build();
        guard.check("main", cost("1"));

        for (int i = 0; i < 11; i++) {
            clock.advance(Duration.ofSeconds(5));
            guard.check("main", cost("1"));
        }
        assertThat(provider.fetchCount()).isEqualTo(1); // 55 s after the first fetch

        guard.invalidate("main"); // even an invalidation waits for the interval
        guard.check("main", cost("1"));
        assertThat(provider.fetchCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(5));
        guard.check("main", cost("1"));
        assertThat(provider.fetchCount()).isEqualTo(2);
    }

    @Test
    void invalidateMakesTheNextCheckWaitForAFreshReading() {
        BalanceGuard guard = manualGuard(clock, provider).build();
        assertThat(guard.check("main", cost("150")).allowed()).isFalse();

        provider.balance(usd("200")); // a top-up
        clock.advance(Duration.ofSeconds(1));
        guard.invalidate("main");
        GuardDecision d = guard.check("main", cost("150"));

        assertThat(d.allowed()).isTrue();
        assertThat(d.source()).isEqualTo(BalanceSource.FRESH);
        assertThat(guard.check("main", cost("150")).source()).isEqualTo(BalanceSource.CACHED);
    }

    @Test
    void localSpendIsSubtractedUntilAFetchNewerThanTheSpendArrives() {
        BalanceGuard guard = manualGuard(clock, provider).build();
        guard.check("main", cost("1"));

        clock.advance(Duration.ofSeconds(10));
        try (Reservation r = guard.reserve("main", cost("30"))) {
            r.commit(usd("25"));
        }
        provider.spend(usd("25")); // the provider books it, but its balance API lags
        GuardDecision afterSpend = guard.check("main", cost("75"));
        assertThat(afterSpend.unbookedSpend()).isEqualTo(usd("25"));
        assertThat(afterSpend.available()).contains(usd("75"));
        assertThat(guard.check("main", cost("75.01")).allowed()).isFalse();

        clock.advance(Duration.ofSeconds(50));
        guard.check("main", cost("1")); // refresh: a reading fetched after the spend
        GuardDecision booked = guard.check("main", cost("75"));
        assertThat(booked.balance()).contains(usd("75"));
        assertThat(booked.unbookedSpend()).isEqualTo(usd("0"));
        assertThat(booked.available()).contains(usd("75"));
    }

    @Test
    void fetchListenersHearOutcomesAndDurations() {
        List<FetchEvent> fetches = new ArrayList<>();
        BalanceGuard guard = manualGuard(clock, provider)
                .listener(new GuardListener() {
                    @Override
                    public void onFetch(FetchEvent event) {
                        fetches.add(event);
                    }
                })
                .build();
        guard.check("main", cost("1"));
        provider.failNext(Failure.AUTHENTICATION);
        clock.advance(Duration.ofSeconds(61));
        guard.check("main", cost("1"));

        assertThat(fetches).extracting(FetchEvent::outcome).containsExactly("success", "authentication");
        assertThat(fetches).allSatisfy(e -> {
            assertThat(e.account()).isEqualTo("main");
            assertThat(e.provider()).isEqualTo("simulator");
            assertThat(e.duration().isNegative()).isFalse();
        });
    }

    @Test
    void lowBalanceAlertsOncePerCrossingWithHysteresis() {
        List<LowBalanceEvent> alerts = new ArrayList<>();
        BalanceGuard guard = manualGuard(clock, provider)
                .defaultPolicy(
                        GuardPolicy.builder().lowBalanceThreshold(usd("50")).build())
                .refreshAfter(Duration.ofSeconds(1))
                .listener(new GuardListener() {
                    @Override
                    public void onLowBalance(LowBalanceEvent event) {
                        alerts.add(event);
                    }
                })
                .build();

        for (String balance : new String[] {"100", "49", "48", "30", "52", "49", "54.99", "55", "60", "40"}) {
            provider.balance(usd(balance));
            clock.advance(Duration.ofSeconds(1));
            guard.check("main", cost("1"));
        }

        assertThat(alerts).extracting(LowBalanceEvent::low).containsExactly(true, false, true);
        assertThat(alerts).extracting(LowBalanceEvent::balance).containsExactly(usd("49"), usd("55"), usd("40"));
        assertThat(alerts.get(0).threshold()).isEqualTo(usd("50"));
    }

    @Test
    void snapshotsNeverFetch() {
        BalanceGuard guard = manualGuard(clock, provider).build();
        AccountSnapshot empty = guard.snapshot("main");
        assertThat(empty.balance()).isEmpty();
        assertThat(empty.reserved()).isEmpty();
        assertThat(provider.fetchCount()).isZero();

        guard.check("main", cost("1"));
        Reservation held = guard.reserve("main", cost("10"));
        clock.advance(Duration.ofSeconds(7));
        AccountSnapshot s = guard.snapshot("main");
        assertThat(s.balance().flatMap(Balance::amount)).contains(usd("100"));
        assertThat(s.balanceAge()).contains(Duration.ofSeconds(7));
        assertThat(s.reserved()).contains(usd("10"));
        assertThat(s.provider()).isEqualTo("simulator");
        assertThat(provider.fetchCount()).isEqualTo(1);
        held.release();
    }
}
