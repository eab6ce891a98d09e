package dev.balanceguard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.core.Money;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The watch's own bookkeeping, with a store stand-in that records what it is asked: the stores' suites check the
 * same against real servers; these pin the orderings those can only hit by chance.
 */
@Timeout(30)
class StoreWatchTest {

    private final List<String> calls = new CopyOnWriteArrayList<>();

    private class Recorder implements StoreWatch.Calls {
        volatile CountDownLatch releaseEntered = new CountDownLatch(1);
        volatile CountDownLatch releaseMayEnd = new CountDownLatch(0);
        volatile boolean releaseFails;

        @Override
        public void probe(String account) {
            calls.add("probe " + account);
        }

        @Override
        public void reassert(
                String account,
                String epoch,
                String holdId,
                Money amount,
                long leaseMillis,
                List<BudgetRequest> budgets) {
            calls.add("reassert " + account + " " + epoch + " " + holdId + " " + amount.toPlainString()
                    + (leaseMillis > 50_000 && leaseMillis <= 60_000 ? " lease-left" : " lease=" + leaseMillis)
                    + budgets.stream().map(b -> " in " + b.name()).collect(Collectors.joining()));
        }

        @Override
        public void restore(BudgetRequest budget, Money spent) {
            calls.add("restore " + budget.name() + " " + spent.toPlainString());
        }

        @Override
        public void release(String account, String holdId, List<BudgetRequest> budgets) {
            boolean fail = releaseFails;
            calls.add("release " + account + " " + holdId);
            releaseEntered.countDown();
            try {
                releaseMayEnd.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (fail) {
                throw new StoreException("test", "down", null);
            }
        }
    }

    private static StoreWatch watch(Recorder recorder) {
        return new StoreWatch("test", Duration.ofMillis(1), System.getLogger(StoreWatchTest.class.getName()), recorder);
    }

    @Test
    void aReserveOfTheSameHoldIdWaitsForItsReleaseUnderWay() throws Exception {
        Recorder store = new Recorder();
        store.releaseMayEnd = new CountDownLatch(1);
        StoreWatch watch = watch(store);
        watch.releaseLater("main", "h1", 60_000);
        assertThat(store.releaseEntered.await(5, TimeUnit.SECONDS)).isTrue();

        AtomicBoolean reserved = new AtomicBoolean();
        Thread retry = new Thread(() -> {
            watch.reserving("main", "h1");
            reserved.set(true);
        });
        retry.start();
        Thread.sleep(300);
        assertThat(reserved)
                .as("the retry waits while the release is under way")
                .isFalse();
        store.releaseMayEnd.countDown();
        retry.join(5_000);
        assertThat(reserved).isTrue();
        watch.close();
    }

    @Test
    void aReserveOfTheSameHoldIdDropsItsPendingRelease() throws Exception {
        Recorder store = new Recorder();
        store.releaseFails = true; // the store is down: the release stays pending for the next second
        StoreWatch watch = watch(store);
        watch.releaseLater("main", "h1", 60_000);
        assertThat(store.releaseEntered.await(5, TimeUnit.SECONDS)).isTrue();

        watch.reserving("main", "h1"); // the caller tries the same hold again
        store.releaseFails = false;
        Thread.sleep(2_500);

        assertThat(calls).containsExactly("release main h1"); // the failed attempt only: nothing undoes the retry
        watch.close();
    }

    @Test
    void anotherEpochHoldsThisReplicasLiveHoldsAgainThenRefusesUntilSettledAndAFreshReading() throws Exception {
        Recorder store = new Recorder();
        StoreWatch watch = watch(store);
        watch.seen("main", "e1", 1_000);
        watch.held("main", "live", Money.of("0.04", "USD"), 60_000);
        watch.held("main", "ended", Money.of("1", "USD"), 60_000);
        watch.ended("main", "ended");
        watch.requireTrusted("reserve", "main", 0); // nothing lost yet

        watch.seen("main", "e2", 5_000);

        assertThat(calls)
                .filteredOn(c -> c.startsWith("reassert"))
                .containsExactly("reassert main e2 live 0.04 lease-left");
        assertThat(watch.epoch("main")).isEqualTo("e2");
        assertThatThrownBy(() -> watch.requireTrusted("reserve", "main", 9_000))
                .isInstanceOfSatisfying(StoreResetException.class, e -> {
                    assertThat(e).hasMessageContaining("for a few seconds");
                    assertThat(e.readingsFromMillis()).isEqualTo(Long.MIN_VALUE); // nothing to fetch yet
                });
        Thread.sleep(1_200); // settled (1 s + twice a 1 ms timeout: 1 002 ms)
        // a reading fetched before the settling ended may miss spend committed late: fetched from 5 000 + 1 002
        assertThatThrownBy(() -> watch.requireTrusted("reserve", "main", 6_001))
                .isInstanceOfSatisfying(StoreResetException.class, e -> {
                    assertThat(e.readingsFromMillis()).isEqualTo(6_002);
                    assertThat(e).hasMessageContaining("the balance reading in use predates that");
                });
        watch.requireTrusted("reserve", "main", 6_002); // a reading fetched since
        watch.requireTrusted("reserve", "other", 0); // another account lost nothing this watch knows of
        watch.close();
    }

    @Test
    void aLossHoldsBudgetsAgainAndAddsBackThisReplicasSpendInTheCurrentPeriodsOnce() {
        Recorder store = new Recorder();
        StoreWatch watch = watch(store);
        BudgetRequest daily = new BudgetRequest("daily", Money.of("100", "USD"), 1_000, new long[0]);
        BudgetRequest other = new BudgetRequest("other", Money.of("100", "USD"), 1_000, new long[0]);
        watch.seen("main", "e1", 1_000);
        watch.held("main", "live", Money.of("1", "USD"), 60_000, List.of(daily));
        watch.committed("main", List.of(daily), Money.of("0.50", "USD"), 500); // a period gone by the loss
        watch.committed("main", List.of(daily, other), Money.of("2", "USD"), 1_100);
        watch.committed("main", List.of(daily), Money.of("0.25", "USD"), 1_200);
        watch.committed("side", List.of(other), Money.of("7", "USD"), 1_200); // another account's: its own epoch

        watch.seen("main", "e2", 1_500);
        watch.seen("main", "e2", 1_600); // the same loss, seen again: nothing more

        assertThat(calls.stream().filter(c -> !c.startsWith("probe"))) // the background may look meanwhile
                .containsExactlyInAnyOrder(
                        "reassert main e2 live 1 lease-left in daily", "restore daily 2.25", "restore other 2");
        calls.clear();
        watch.seen("main", "e3", 1_700); // lost again in the same period: added back again, into the new store
        assertThat(calls).contains("restore daily 2.25", "restore other 2");
        calls.clear();
        watch.seen("main", "e4", 2_100); // the next period: nothing of the last one is added back
        assertThat(calls).noneMatch(c -> c.startsWith("restore"));
        watch.close();
    }

    @Test
    void aReassertionThatFailsLeavesTheOldEpochSoTheNextAnswerTriesAgain() {
        StoreWatch watch = new StoreWatch("test", Duration.ofMillis(1), System.getLogger("test"), new Recorder() {
            @Override
            public void reassert(
                    String account, String epoch, String holdId, Money amount, long lease, List<BudgetRequest> b) {
                throw new StoreException("test", "down", null);
            }
        });
        watch.seen("main", "e1", 1_000);
        watch.held("main", "live", Money.of("1", "USD"), 60_000);

        assertThatThrownBy(() -> watch.seen("main", "e2", 2_000)).isInstanceOf(StoreException.class);
        assertThat(watch.epoch("main")).isEqualTo("e1");
        watch.requireTrusted("reserve", "main", 0);
        watch.close();
    }
}
