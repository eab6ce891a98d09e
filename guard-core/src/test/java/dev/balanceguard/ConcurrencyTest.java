package dev.balanceguard;

import static dev.balanceguard.GuardTesting.cost;
import static dev.balanceguard.GuardTesting.usd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

    @RepeatedTest(20)
    void concurrentReservationsNeverTogetherExceedBalanceMinusMin() throws Exception {
        SimulatorBalanceProvider provider = SimulatorBalanceProvider.of("1000", "USD");
        BalanceGuard guard = BalanceGuard.builder().account("main", provider).build();
        BigDecimal min = new BigDecimal("100");
        Money limit = usd("900");
        // held or spent: raised after the guard holds, lowered before it releases, so never above the truth
        AtomicReference<Money> heldOrSpent = new AtomicReference<>(usd("0"));
        AtomicReference<Money> committed = new AtomicReference<>(usd("0"));
        AtomicReference<Money> worst = new AtomicReference<>(usd("0"));
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                start.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < 200; i++) {
                    Money amount =
                            usd(BigDecimal.valueOf(random.nextInt(1, 5000), 2).toPlainString());
                    Reservation r;
                    try {
                        r = guard.reserve("main", CostEstimate.of(amount), min);
                    } catch (InsufficientBalanceException refused) {
                        continue;
                    }
                    worst.accumulateAndGet(heldOrSpent.accumulateAndGet(amount, Money::plus), Money::max);
                    if (random.nextBoolean()) {
                        committed.accumulateAndGet(amount, Money::plus);
                        r.commit(amount);
                    } else {
                        heldOrSpent.accumulateAndGet(amount, Money::minus);
                        r.release();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(worst.get()).isLessThanOrEqualTo(limit);
        assertThat(committed.get()).isLessThanOrEqualTo(limit);
        GuardDecision after = guard.check("main", cost("0"), min);
        assertThat(after.unbookedSpend()).isEqualTo(committed.get());
        assertThat(after.reserved()).isEqualTo(usd("0"));
    }

    @Test
    void aThousandConcurrentChecksOnAColdCacheCauseExactlyOneFetch() throws Exception {
        SimulatorBalanceProvider provider =
                SimulatorBalanceProvider.of("1000", "USD").latency(Duration.ofMillis(200));
        BalanceGuard guard = BalanceGuard.builder().account("main", provider).build();
        int callers = 1000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(64);
        List<Future<GuardDecision>> decisions = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            decisions.add(pool.submit(() -> {
                start.await();
                return guard.check("main", cost("1"));
            }));
        }
        start.countDown();
        for (Future<GuardDecision> f : decisions) {
            assertThat(f.get(60, TimeUnit.SECONDS).allowed()).isTrue();
        }
        pool.shutdown();

        assertThat(provider.fetchCount()).isEqualTo(1);
    }

    @Test
    void aColdCheckBehindASlowProviderDecidesWithinItsWaitBudgetAndTheFetchGoesOn() throws Exception {
        SimulatorBalanceProvider provider =
                SimulatorBalanceProvider.of("1000", "USD").latency(Duration.ofSeconds(1));
        BalanceGuard guard = BalanceGuard.builder()
                .account("main", provider)
                .coldWait(Duration.ofMillis(50))
                .build();

        GuardDecision cold = guard.check("main", cost("1"));

        assertThat(cold.allowed()).isFalse();
        assertThat(cold.reason()).isEqualTo(GuardDecision.Reason.BALANCE_UNKNOWN);
        assertThat(cold.detail()).hasValueSatisfying(d -> assertThat(d).contains("no balance within 50 ms"));
        GuardDecision later = cold;
        for (int i = 0; i < 200 && !later.allowed(); i++) {
            Thread.sleep(25);
            later = guard.check("main", cost("1"));
        }
        assertThat(later.allowed()).isTrue();
        assertThat(provider.fetchCount()).isEqualTo(1);
    }
}
