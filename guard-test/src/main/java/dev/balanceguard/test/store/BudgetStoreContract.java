package dev.balanceguard.test.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.core.Money;
import dev.balanceguard.core.UnitMismatchException;
import dev.balanceguard.store.BudgetRequest;
import dev.balanceguard.store.BudgetTotals;
import dev.balanceguard.store.HoldOutcome;
import dev.balanceguard.store.HoldRequest;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.test.Eventually;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The budget part of the contract every {@link LedgerStore} passes (the rules are on {@link LedgerStore}): a reserve
 * holds in the account and in every budget, or in none; spend counts in the period of the store's clock at the
 * commit; a lapsed hold leaves the budget with its lease. Periods are judged on the store's own clock, so the
 * boundaries here are placed around the store's now (read from a hold's expiry); the guard's tests move a manual
 * clock across midnight on the in-memory store. Each test works on accounts and budgets of its own.
 */
public abstract class BudgetStoreContract {

    private static final long LEASE = 60_000;
    private static final long DAY = 24 * 3_600_000L;

    /** The store under test; the same instance or a new one for each call, on the same backing store. */
    protected abstract LedgerStore store();

    private final String account = "acct-" + UUID.randomUUID();
    private final String run = "b-" + UUID.randomUUID().toString().substring(0, 8);

    private static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    /** A budget of this test, in fixed windows of a day (no boundary near). */
    private BudgetRequest budget(String name, String limit) {
        return new BudgetRequest(run + "-" + name, usd(limit), DAY, new long[0]);
    }

    private static HoldRequest hold(String id, String amount, @Nullable String ceiling, long lease) {
        return new HoldRequest(id, usd(amount), ceiling == null ? null : usd(ceiling), lease, 0);
    }

    private HoldOutcome reserve(String id, String amount, @Nullable String ceiling, BudgetRequest... budgets) {
        return store().reserve(account, hold(id, amount, ceiling, LEASE), List.of(budgets));
    }

    private BudgetTotals totals(BudgetRequest budget) {
        return store().budgetTotals(List.of(budget)).get(0);
    }

    /** The store's clock now, as its answer to a hold tells it (the hold is released). */
    private long storeNow() {
        String id = "clock-" + UUID.randomUUID();
        HoldOutcome outcome = store().reserve("clock-" + account, hold(id, "0", null, LEASE));
        store().end("clock-" + account, id, null);
        return outcome.expiresAtMillis() - LEASE;
    }

    @Test
    void aHoldWithinEveryBudgetIsHeldInTheAccountAndEachBudget() {
        BudgetRequest a = budget("a", "100");
        BudgetRequest b = budget("b", "50");

        HoldOutcome outcome = reserve("h1", "30", "1000", a, b);

        assertThat(outcome.held()).isTrue();
        assertThat(outcome.budgets()).hasSize(2);
        assertThat(outcome.budgets().get(0).counted()).isEqualByComparingTo("0");
        assertThat(store().totals(account, "USD", 0).reserved()).isEqualByComparingTo("30");
        assertThat(totals(a).held()).isEqualByComparingTo("30");
        assertThat(totals(b).held()).isEqualByComparingTo("30");
        assertThat(totals(b).spent()).isEqualByComparingTo("0");
    }

    @Test
    void aHoldBeyondOneBudgetIsHeldNowhereAndReportsEveryBudget() {
        BudgetRequest a = budget("a", "100");
        BudgetRequest b = budget("b", "50");
        reserve("h1", "30", "1000", a, b);

        HoldOutcome refused = reserve("h2", "20.01", "1000", a, b);

        assertThat(refused.held()).isFalse();
        assertThat(refused.budgets().get(0).held()).isEqualByComparingTo("30");
        assertThat(refused.budgets().get(1).held()).isEqualByComparingTo("30");
        assertThat(store().totals(account, "USD", 0).reserved()).isEqualByComparingTo("30");
        assertThat(totals(a).held()).isEqualByComparingTo("30");
        assertThat(totals(b).held()).isEqualByComparingTo("30");
        assertThat(reserve("h3", "20", "1000", a, b).held()).isTrue(); // exactly up to the limit
    }

    @Test
    void aHoldBeyondTheAccountsCeilingIsHeldInNoBudget() {
        BudgetRequest a = budget("a", "100");

        assertThat(reserve("h1", "60", "50", a).held()).isFalse();

        assertThat(totals(a).counted()).isEqualByComparingTo("0");
        assertThat(store().totals(account, "USD", 0).isZero()).isTrue();
    }

    @Test
    void aCommitCountsAsSpentOnceAndAReleaseFreesTheBudget() {
        BudgetRequest a = budget("a", "100");
        reserve("h1", "40", null, a);
        reserve("h2", "25", null, a);

        assertThat(store().end(account, "h1", usd("35.5"), List.of(a))).isTrue();
        assertThat(store().end(account, "h1", usd("35.5"), List.of(a))).isFalse();
        assertThat(store().end(account, "h2", null, List.of(a))).isTrue();

        assertThat(totals(a).spent()).isEqualByComparingTo("35.5");
        assertThat(totals(a).held()).isEqualByComparingTo("0");
        assertThat(reserve("h3", "64.51", null, a).held()).isFalse();
        assertThat(reserve("h4", "64.5", null, a).held()).isTrue();
    }

    @Test
    void aRepeatedReserveHoldsOnceInTheBudgetsToo() {
        BudgetRequest a = budget("a", "100");
        reserve("h1", "40", null, a);

        HoldOutcome again = reserve("h1", "40", null, a);

        assertThat(again.held()).isTrue();
        assertThat(again.budgets().get(0).held()).isEqualByComparingTo("0");
        assertThat(totals(a).held()).isEqualByComparingTo("40");
    }

    @Test
    void aLapsedHoldLeavesTheBudgetWithItsLease() {
        BudgetRequest a = budget("a", "10");
        store().reserve(account, hold("h1", "10", null, 1_500), List.of(a));
        assertThat(reserve("h2", "1", null, a).held()).isFalse();

        Eventually.until("the lease's end", () -> totals(a).held().signum() == 0);

        assertThat(reserve("h3", "10", null, a).held()).isTrue();
    }

    @Test
    void amountsStayExact() {
        BudgetRequest a = budget("a", "0.3");
        reserve("h1", "0.1", null, a);
        reserve("h2", "0.2", null, a);
        store().end(account, "h1", usd("0.1"), List.of(a));

        assertThat(totals(a).counted()).isEqualByComparingTo("0.3");
        assertThat(reserve("h3", "0.000001", null, a).held()).isFalse();
    }

    @Test
    void aBudgetInAnotherUnitThanTheHoldIsAnError() {
        BudgetRequest euro = new BudgetRequest(run + "-eur", Money.of("10", "EUR"), DAY, new long[0]);

        assertThatThrownBy(() -> reserve("h1", "1", null, euro)).isInstanceOf(UnitMismatchException.class);
        assertThat(store().totals(account, "USD", 0).isZero()).isTrue();
    }

    @Test
    void spendCountsInTheFixedWindowOfTheStoresClockAtTheCommit() {
        long window = 4_000;
        // wait for the start of a window, so that the first commit lands well before its end
        long now = storeNow();
        long next = (Math.floorDiv(now, window) + 1) * window;
        sleepUntilStore(next + 200);
        BudgetRequest a = new BudgetRequest(run + "-w", usd("10"), window, new long[0]);
        reserve("h1", "6", null, a);
        store().end(account, "h1", usd("6"), List.of(a));
        BudgetTotals first = totals(a);
        assertThat(first.spent()).isEqualByComparingTo("6");
        assertThat(first.periodEndMillis() - first.periodStartMillis()).isEqualTo(window);
        reserve("h2", "6", null, a); // held across the boundary: it counts in whichever period it ends in

        sleepUntilStore(first.periodEndMillis() + 50);
        store().end(account, "h2", usd("6"), List.of(a));

        BudgetTotals second = totals(a);
        assertThat(second.periodStartMillis()).isEqualTo(first.periodEndMillis());
        assertThat(second.spent()).isEqualByComparingTo("6");
    }

    @Test
    void calendarPeriodsOfUnequalLengthsAreTakenAsGiven() {
        // a DST day of 23 hours ending 3 s from the store's now, then a day of 25: as Europe/Paris has them
        long end = storeNow() + 3_000;
        long[] bounds = {end - 23 * 3_600_000L - DAY, end - 23 * 3_600_000L, end, end + 25 * 3_600_000L};
        BudgetRequest day = new BudgetRequest(run + "-dst", usd("10"), 0, bounds);
        reserve("h1", "9", null, day);
        store().end(account, "h1", usd("9"), List.of(day));
        BudgetTotals before = totals(day);
        assertThat(before.periodStartMillis()).isEqualTo(bounds[1]);
        assertThat(before.periodEndMillis()).isEqualTo(end);
        assertThat(before.spent()).isEqualByComparingTo("9");
        assertThat(reserve("h2", "1.01", null, day).held()).isFalse();

        sleepUntilStore(end);

        BudgetTotals after = totals(day);
        assertThat(after.periodStartMillis()).isEqualTo(end);
        assertThat(after.periodEndMillis() - after.periodStartMillis()).isEqualTo(25 * 3_600_000L);
        assertThat(after.spent()).isEqualByComparingTo("0");
        assertThat(reserve("h3", "10", null, day).held()).isTrue();
    }

    @Test
    void concurrentReservesAcrossBudgetsSharingAnAccountNeverExceedAnyLimit() throws Exception {
        BudgetRequest x = budget("x", "30");
        BudgetRequest y = budget("y", "20");
        BudgetRequest shared = budget("shared", "45");
        String other = account + "-other";
        List<List<BudgetRequest>> sets = List.of(
                List.of(x, shared), List.of(shared, x), List.of(y, shared), List.of(x, y, shared), List.of(y, x));
        int threads = 8;
        int perThread = 40;
        ConcurrentMap<String, BigDecimal> heldIn = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        List<BudgetRequest> set = sets.get(random.nextInt(sets.size()));
                        String on = random.nextBoolean() ? account : other;
                        String id = "c-" + thread + "-" + i;
                        if (store().reserve(on, hold(id, "1", "40", LEASE), set).held()) {
                            for (BudgetRequest b : set) {
                                heldIn.merge(b.name(), BigDecimal.ONE, BigDecimal::add);
                            }
                            heldIn.merge(on, BigDecimal.ONE, BigDecimal::add);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS); // a deadlock fails here
            }
        } finally {
            pool.shutdownNow();
        }

        // what the store holds is what the callers were told it holds, and within every limit
        for (BudgetRequest b : List.of(x, y, shared)) {
            BigDecimal told = heldIn.getOrDefault(b.name(), BigDecimal.ZERO);
            assertThat(totals(b).held()).as(b.name()).isEqualByComparingTo(told);
            assertThat(told).as(b.name()).isLessThanOrEqualTo(b.limit().amount());
        }
        // 320 tries of 1 against limits of 30, 20 and 45 and two ceilings of 40: limits were reached
        assertThat(heldIn.getOrDefault(account, BigDecimal.ZERO).add(heldIn.getOrDefault(other, BigDecimal.ZERO)))
                .isLessThan(new BigDecimal("320"));
        assertThat(totals(x).held().add(totals(y).held()))
                .isGreaterThanOrEqualTo(totals(shared).held());
        for (String on : List.of(account, other)) {
            BigDecimal told = heldIn.getOrDefault(on, BigDecimal.ZERO);
            assertThat(store().totals(on, "USD", 0).reserved()).isEqualByComparingTo(told);
            assertThat(told).isLessThanOrEqualTo(new BigDecimal("40"));
        }
    }

    private void sleepUntilStore(long millis) {
        Eventually.until(Duration.ofSeconds(30), "the store's clock to reach " + millis, () -> {
            if (storeNow() >= millis) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        });
    }
}
