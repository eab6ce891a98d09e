package dev.balanceguard.test.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.core.Money;
import dev.balanceguard.core.UnitMismatchException;
import dev.balanceguard.store.HoldCommittedException;
import dev.balanceguard.store.HoldOutcome;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.LedgerTotals;
import dev.balanceguard.test.Eventually;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link LedgerStore} passes, whatever it stores in (the rules are listed on
 * {@link LedgerStore}): extend it, return the store under test from {@link #store()}, and run it against the real
 * server. Each test works on accounts of its own.
 */
public abstract class LedgerStoreContract {

    private static final long LEASE = 60_000;

    /** Long enough to see a hold before it lapses on a loaded machine, short enough to wait out. */
    private static final long SHORT_LEASE = 1_500;

    /** The store under test; the same instance or a new one for each call, on the same backing store. */
    protected abstract LedgerStore store();

    private final String account = "acct-" + UUID.randomUUID();

    protected static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    private static HoldRequest hold(String id, String amount, @Nullable String ceiling) {
        return new HoldRequest(id, usd(amount), ceiling == null ? null : usd(ceiling), LEASE, 0);
    }

    private LedgerTotals totals() {
        return store().totals(account, "USD", 0);
    }

    @Test
    void anUnknownAccountHoldsNothing() {
        assertThat(totals().isZero()).isTrue();
        assertThat(store().end(account, "never-held", null)).isFalse();
    }

    @Test
    void aHoldWithinTheCeilingIsHeld() {
        HoldOutcome outcome = store().reserve(account, hold("a", "30", "100"));

        assertThat(outcome.held()).isTrue();
        assertThat(outcome.before().isZero()).isTrue();
        assertThat(outcome.expiresAtMillis()).isGreaterThan(0);
        assertThat(totals().reserved()).isEqualByComparingTo("30");
    }

    @Test
    void aHoldBeyondWhatIsLeftIsRefusedAndChangesNothing() {
        store().reserve(account, hold("a", "60", "100"));

        HoldOutcome refused = store().reserve(account, hold("b", "40.01", "100"));

        assertThat(refused.held()).isFalse();
        assertThat(refused.before().reserved()).isEqualByComparingTo("60");
        assertThat(totals().reserved()).isEqualByComparingTo("60");
        assertThat(store().reserve(account, hold("c", "40", "100")).held()).isTrue(); // exactly up to the ceiling
        assertThat(totals().reserved()).isEqualByComparingTo("100");
    }

    @Test
    void withoutACeilingAnyHoldIsHeld() {
        assertThat(store().reserve(account, hold("a", "1000000", null)).held()).isTrue();
        assertThat(totals().reserved()).isEqualByComparingTo("1000000");
    }

    @Test
    void aZeroOrNegativeCeilingRefusesEveryPositiveHold() {
        assertThat(store().reserve(account, hold("a", "0.01", "0")).held()).isFalse();
        assertThat(store().reserve(account, hold("b", "0.01", "-5")).held()).isFalse();
        assertThat(totals().isZero()).isTrue();
    }

    @Test
    void aCommitTurnsTheHoldIntoUnbookedSpend() {
        store().reserve(account, hold("a", "40", "100"));

        assertThat(store().end(account, "a", usd("35.5"))).isTrue();

        assertThat(totals().reserved()).isEqualByComparingTo("0");
        assertThat(totals().unbooked()).isEqualByComparingTo("35.5");
        // the spend counts against the next hold like a hold does
        assertThat(store().reserve(account, hold("b", "64.51", "100")).held()).isFalse();
        assertThat(store().reserve(account, hold("c", "64.5", "100")).held()).isTrue();
    }

    @Test
    void aReleaseFreesTheHoldAndASecondReleaseDoesNothing() {
        store().reserve(account, hold("a", "40", "100"));

        assertThat(store().end(account, "a", null)).isTrue();
        assertThat(store().end(account, "a", null)).isFalse();

        assertThat(totals().isZero()).isTrue();
    }

    @Test
    void aRepeatedCommitRecordsTheSpendOnce() {
        store().reserve(account, hold("a", "40", "100"));

        assertThat(store().end(account, "a", usd("40"))).isTrue();
        assertThat(store().end(account, "a", usd("40"))).isFalse(); // a retry after a timeout, say

        assertThat(totals().unbooked()).isEqualByComparingTo("40");
    }

    @Test
    void aRetriedReserveOfACommittedHoldIsRefusedNamingItAndNeverHoldsAgain() {
        store().reserve(account, hold("a", "40", "100"));
        store().end(account, "a", usd("40"));

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> store().reserve(account, hold("a", "40", "100")))
                    .isInstanceOfSatisfying(
                            HoldCommittedException.class,
                            e -> assertThat(e.holdId()).isEqualTo("a"))
                    .hasMessageContaining("hold 'a' is already committed");
        }
        assertThat(totals().reserved()).isEqualByComparingTo("0");
        assertThat(totals().unbooked()).isEqualByComparingTo("40");
        assertThat(store().reserve(account, hold("b", "60", "100")).held()).isTrue(); // the ledger goes on
    }

    @Test
    void aHoldCommittedAfterItsLeaseLapsedOrNeverHeldIsNotHeldAgainEither() {
        store().reserve(account, new HoldRequest("lapsed", usd("10"), usd("100"), SHORT_LEASE, 0));
        Eventually.until("the lease's end", () -> totals().reserved().signum() == 0);
        assertThat(store().end(account, "lapsed", usd("10"))).isFalse();
        assertThat(store().end(account, "never-held", usd("5"))).isFalse();

        assertThatThrownBy(() -> store().reserve(account, hold("lapsed", "10", "100")))
                .isInstanceOf(HoldCommittedException.class);
        assertThatThrownBy(() -> store().reserve(account, hold("never-held", "5", "100")))
                .isInstanceOf(HoldCommittedException.class);
        assertThat(totals().reserved()).isEqualByComparingTo("0");
        assertThat(totals().unbooked()).isEqualByComparingTo("15");
    }

    @Test
    void aReleasedHoldIdMayBeHeldAnew() {
        store().reserve(account, hold("a", "40", "100"));
        store().end(account, "a", null);

        HoldOutcome again = store().reserve(account, hold("a", "40", "100"));

        assertThat(again.held()).isTrue();
        assertThat(again.before().isZero()).isTrue();
        assertThat(totals().reserved()).isEqualByComparingTo("40");
    }

    @Test
    void aRepeatedReserveHoldsOnceAndJudgesWithoutItself() {
        store().reserve(account, hold("other", "10", "100"));
        HoldOutcome first = store().reserve(account, hold("a", "40", "100"));
        HoldOutcome again = store().reserve(account, hold("a", "40", "100"));

        assertThat(again.held()).isTrue();
        assertThat(again.expiresAtMillis()).isEqualTo(first.expiresAtMillis());
        // before is the ledger without this hold, as on the first reserve: a retry sees what the first call saw
        assertThat(again.before().reserved()).isEqualByComparingTo("10");
        assertThat(first.before().reserved()).isEqualByComparingTo("10");
        assertThat(totals().reserved()).isEqualByComparingTo("50");
    }

    @Test
    void aHoldIdReservedAgainAfterItsLeaseLapsedHoldsAnew() {
        HoldOutcome first = store().reserve(account, new HoldRequest("a", usd("70"), usd("100"), SHORT_LEASE, 0));
        Eventually.until("the lease's end", () -> totals().reserved().signum() == 0);

        HoldOutcome again = store().reserve(account, hold("a", "70", "100"));

        assertThat(again.held()).isTrue();
        assertThat(again.before().isZero()).isTrue();
        assertThat(again.expiresAtMillis()).isGreaterThan(first.expiresAtMillis());
        assertThat(totals().reserved()).isEqualByComparingTo("70");
    }

    @Test
    void aHoldLapsesWhenItsLeaseEndsAndALateCommitStillCounts() {
        HoldOutcome held = store().reserve(account, new HoldRequest("a", usd("70"), usd("100"), SHORT_LEASE, 0));
        assertThat(held.held()).isTrue();
        assertThat(totals().reserved()).isEqualByComparingTo("70");

        Eventually.until("the lease's end", () -> totals().reserved().signum() == 0);
        assertThat(store().reserve(account, hold("b", "100", "100")).held()).isTrue();
        assertThat(store().end(account, "b", null)).isTrue();

        assertThat(store().end(account, "a", usd("70"))).isFalse(); // lapsed, but the money was spent
        assertThat(totals().unbooked()).isEqualByComparingTo("70");
    }

    @Test
    void spendBeforeTheReadingsFetchIsInThatReadingAndNoLongerCounts() {
        HoldOutcome held = store().reserve(account, hold("a", "40", "100"));
        long reservedAt = held.expiresAtMillis() - LEASE;
        store().end(account, "a", usd("40"));

        assertThat(store().totals(account, "USD", reservedAt - 1_000).unbooked())
                .isEqualByComparingTo("40");
        long newerReading = reservedAt + 60_000;
        assertThat(store().totals(account, "USD", newerReading).unbooked()).isEqualByComparingTo("0");
        assertThat(store().reserve(account, new HoldRequest("b", usd("100"), usd("100"), LEASE, newerReading))
                        .held())
                .isTrue();
    }

    @Test
    void amountsStayExact() {
        assertThat(store().reserve(account, hold("a", "0.1", "0.3")).held()).isTrue();
        assertThat(store().reserve(account, hold("b", "0.2", "0.3")).held()).isTrue();
        assertThat(store().reserve(account, hold("c", "0.000001", "0.3")).held())
                .isFalse();
        assertThat(totals().reserved()).isEqualByComparingTo("0.3");
        store().end(account, "a", usd("0.000001"));
        assertThat(totals().unbooked()).isEqualByComparingTo("0.000001");
        assertThat(totals().reserved()).isEqualByComparingTo("0.2");
    }

    @Test
    void anotherUnitIsAnErrorNotAGuess() {
        store().reserve(account, hold("a", "40", "100"));

        assertThatThrownBy(() -> store().totals(account, "EUR", 0)).isInstanceOf(UnitMismatchException.class);
        assertThatThrownBy(() -> store().reserve(
                                account, new HoldRequest("b", Money.of("1", "EUR"), Money.of("100", "EUR"), LEASE, 0)))
                .isInstanceOf(UnitMismatchException.class);
        assertThatThrownBy(() -> store().end(account, "a", Money.of("40", "EUR")))
                .isInstanceOf(UnitMismatchException.class);
        assertThat(totals().reserved()).isEqualByComparingTo("40");

        assertThat(store().end(account, "a", usd("40"))).isTrue(); // the refused commit left no mark behind
        assertThat(totals().unbooked()).isEqualByComparingTo("40");
    }

    @Test
    void aCommitInAnotherUnitIsRefusedEvenWithNothingHeld() {
        store().reserve(account, hold("a", "40", "100"));
        assertThat(store().end(account, "a", null)).isTrue(); // nothing held, nothing spent: the ledger is in USD

        assertThatThrownBy(() -> store().end(account, "b", Money.of("5", "EUR")))
                .isInstanceOf(UnitMismatchException.class);

        assertThat(totals().isZero()).isTrue();
        assertThat(store().end(account, "b", usd("5"))).isFalse(); // the refused commit left no mark behind
        assertThat(totals().unbooked()).isEqualByComparingTo("5");
    }

    @Test
    void aHoldMayChangeTheUnitOfALedgerThatHoldsAndOwesNothing() {
        store().reserve(account, new HoldRequest("a", Money.of("5", "EUR"), null, LEASE, 0));
        store().end(account, "a", null);

        assertThat(store().reserve(account, hold("b", "5", "10")).held()).isTrue();

        assertThat(totals().reserved()).isEqualByComparingTo("5");
        assertThatThrownBy(() -> store().end(account, "b", Money.of("5", "EUR")))
                .isInstanceOf(UnitMismatchException.class); // the ledger is in USD now
        assertThat(store().end(account, "b", usd("5"))).isTrue();
    }

    @Test
    void accountsAreIndependent() {
        String other = account + "-other";
        store().reserve(account, hold("a", "100", "100"));

        assertThat(store().reserve(other, hold("a", "100", "100")).held()).isTrue();
        assertThat(store().end(other, "a", null)).isTrue();
        assertThat(totals().reserved()).isEqualByComparingTo("100");
    }

    @Test
    void concurrentReserversNeverTogetherExceedTheCeiling() throws Exception {
        // eight threads holding up to 49.99 each could reach 399.92: a ceiling of 100 is only kept by the store
        BigDecimal ceiling = new BigDecimal("100");
        AtomicReference<BigDecimal> heldOrSpent = new AtomicReference<>(BigDecimal.ZERO);
        AtomicReference<BigDecimal> worst = new AtomicReference<>(BigDecimal.ZERO);
        AtomicReference<BigDecimal> spent = new AtomicReference<>(BigDecimal.ZERO);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < concurrentRounds(); i++) {
                    BigDecimal amount = BigDecimal.valueOf(random.nextInt(1, 5000), 2);
                    String id = thread + "-" + i;
                    HoldOutcome outcome = store().reserve(
                                    account, new HoldRequest(id, usd(amount.toPlainString()), usd("100"), LEASE, 0));
                    if (!outcome.held()) {
                        continue;
                    }
                    assertThat(outcome.before().committed().add(amount)).isLessThanOrEqualTo(ceiling);
                    worst.accumulateAndGet(heldOrSpent.accumulateAndGet(amount, BigDecimal::add), BigDecimal::max);
                    if (random.nextInt(4) == 0) {
                        spent.accumulateAndGet(amount, BigDecimal::add);
                        store().end(account, id, usd(amount.toPlainString()));
                    } else {
                        heldOrSpent.accumulateAndGet(amount, BigDecimal::subtract);
                        store().end(account, id, null);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(worst.get()).isLessThanOrEqualTo(ceiling);
        assertThat(totals().reserved()).isEqualByComparingTo("0");
        assertThat(totals().unbooked()).isEqualByComparingTo(spent.get());
        assertThat(spent.get()).isLessThanOrEqualTo(ceiling);
    }

    /** Rounds each of the eight threads runs in {@link #concurrentReserversNeverTogetherExceedTheCeiling}. */
    protected int concurrentRounds() {
        return 300;
    }
}
