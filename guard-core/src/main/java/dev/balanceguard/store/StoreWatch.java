package dev.balanceguard.store;

import dev.balanceguard.core.Money;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One replica's side of a shared {@link LedgerStore}, for store implementations (Redis, JDBC), not applications:
 * what the store itself cannot keep for a replica that loses touch with it.
 *
 * <ul>
 *   <li><b>The store's epoch.</b> A store writes a random id per account once (Redis: {@code SET NX}; a database:
 *       a column of the account's row, set when the row is created) and reports it with its answers
 *       ({@link #seen}). When it changes, or goes missing and is written anew, the store came back without its
 *       state: a Redis restarted without persistence, a failover to a replica that never synced, tables truncated
 *       or created again, another database cluster in the place of the old one. The holds of runs in flight and the
 *       spend not yet in a balance reading are gone, so every replica would see room that is not there. The
 *       replica that notices holds its own live holds again (their ids, amounts and what is left of their leases
 *       are kept here), then refuses runs on the account ({@link #requireTrusted} throws
 *       {@link StoreResetException}) for 1 s + two round trips at the store's timeout (5 s with a 2 s timeout, at
 *       most), so that the other replicas that hold funds, each of which looks at the epoch every second while it
 *       holds and no operation of its own did, notice and hold theirs again; and until a
 *       balance fetched after that settling is in use, since the spend committed before the loss is in no reading it
 *       had and in no store any more (and a replica that reconnects late commits the spend of its runs from before
 *       the loss meanwhile, stamped then: a reading fetched earlier shows it, and would count it twice). That is
 *       the fail-closed choice: a replica could instead go on with the spend it
 *       remembers, but it knows only its own. A replica that first meets the account after the loss cannot tell it
 *       from a new store; the replicas that knew the old epoch tell it through their holds and refusals.</li>
 *   <li><b>Budgets.</b> A hold's budgets are held again with it. A budget has no balance reading to fetch again,
 *       so each replica also adds back the spend its own commits on the account recorded in each budget's current
 *       period ({@link #committed}): each replica adds only its own, so nothing counts twice; what a replica that
 *       is gone had committed is lost with the store. To be in time, a replica looks at the epoch every second
 *       while it holds funds on the account or committed budget spend in a period not over yet, unless an
 *       operation of its own did.</li>
 *   <li><b>Holds of failed reserves.</b> A reserve that failed after it was sent (a timeout, a lost connection)
 *       may have held in the store: {@link #releaseLater} releases it in the background, tried every second until
 *       the store answers or the lease ends, so a partition does not keep funds held for a whole lease.</li>
 *   <li><b>Its availability</b>, logged once per change ({@link #failed}, {@link #answered}): a warning naming the
 *       cause when operations start failing, a line when they succeed again; nothing per refused run.</li>
 * </ul>
 *
 * Background work runs on one daemon thread per watch, started when there is some and gone after 10 idle
 * seconds. Thread-safe.
 */
public final class StoreWatch {

    /** What the watch asks of its store. */
    public interface Calls {

        /** One cheap round trip that reports the account's epoch through {@link StoreWatch#seen}. */
        void probe(String account);

        /**
         * Holds {@code amount} again under {@code holdId} for {@code leaseMillis}, in the account and in
         * {@code budgets}, with no ceiling and no budget limit, if the store's epoch for the account is
         * {@code epoch}; without reporting to {@link StoreWatch#seen}.
         *
         * @throws StoreException when the store does not answer, or its epoch is another
         */
        void reassert(
                String account,
                String epoch,
                String holdId,
                Money amount,
                long leaseMillis,
                List<BudgetRequest> budgets);

        /** Ends hold {@code holdId} with nothing spent ({@link LedgerStore#end} with {@code null}), in budgets too. */
        void release(String account, String holdId, List<BudgetRequest> budgets);

        /**
         * Adds {@code spent} to the budget's spend in the period that contains the store's now, touching no account
         * and no hold.
         *
         * @throws StoreException when the store does not answer
         */
        void restore(BudgetRequest budget, Money spent);
    }

    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String store;
    private final System.Logger log;
    private final Calls calls;
    private final long settleNanos;
    private final ConcurrentMap<String, Account> accounts = new ConcurrentHashMap<>();
    private final ConcurrentMap<Pending, Long> releases = new ConcurrentHashMap<>();
    private final Object releasing = new Object();
    /** The pending release being sent now, if any; guarded by {@link #releasing}. */
    private @Nullable Pending releasingNow;

    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean ticking = new AtomicBoolean();
    private final ScheduledThreadPoolExecutor background;

    /**
     * @param store   the store's name, for messages: {@code redis}, {@code jdbc}
     * @param timeout the store's timeout for one operation: runs are refused for 1 s + twice that (at most 2 s
     *                counted) after a loss, long enough for a replica that holds funds to look and hold them again
     * @param log     where the store's state changes are logged
     */
    public StoreWatch(String store, Duration timeout, System.Logger log, Calls calls) {
        this.store = Objects.requireNonNull(store, "store");
        this.log = Objects.requireNonNull(log, "log");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.settleNanos = TICK_NANOS + 2 * Math.min(timeout.toNanos(), 2 * TICK_NANOS);
        this.background = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "balance-guard-" + store + "-watch");
            t.setDaemon(true);
            return t;
        });
        background.setKeepAliveTime(10, TimeUnit.SECONDS);
        background.allowCoreThreadTimeOut(true);
    }

    // ------------------------------------------------------------------------------------------------ holds

    /** A reserve held: the hold is this replica's to re-assert until it ends or its lease runs out. */
    public void held(String account, String holdId, Money amount, long leaseMillis) {
        held(account, holdId, amount, leaseMillis, List.of());
    }

    /** A reserve held in the account and in {@code budgets}: re-asserted in all of them. */
    public void held(String account, String holdId, Money amount, long leaseMillis, List<BudgetRequest> budgets) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(leaseMillis);
        state(account).holds.put(holdId, new Hold(amount, until, List.copyOf(budgets)));
        tickSoon();
    }

    /**
     * A commit on the account recorded {@code spent} in {@code budgets} at {@code storeNowMillis} (the store's
     * clock): this replica adds it back to each budget's period if the store loses it while that period lasts.
     */
    public void committed(String account, List<BudgetRequest> budgets, Money spent, long storeNowMillis) {
        if (budgets.isEmpty() || spent.isZero()) {
            return;
        }
        Map<BudgetSpend, Spent> spend = state(account).budgetSpend;
        synchronized (spend) {
            spend.keySet().removeIf(k -> k.endMillis <= storeNowMillis); // past periods: nothing to add back
            for (BudgetRequest budget : budgets) {
                BudgetSpend key =
                        new BudgetSpend(budget, budget.periodStart(storeNowMillis), budget.periodEnd(storeNowMillis));
                long untilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(key.endMillis - storeNowMillis);
                spend.computeIfAbsent(key, k -> new Spent(untilNanos)).add(spent.amount());
            }
        }
        tickSoon();
    }

    /** The hold is ending (call it before the store's end, so that no re-assertion resurrects it). */
    public void ended(String account, String holdId) {
        Account a = accounts.get(account);
        if (a != null) {
            a.holds.remove(holdId);
        }
    }

    /**
     * A reserve failed after it was sent: release its hold, if it made one, in the background (the first attempt at
     * once), unless the same hold id is reserved again first (see {@link #reserving}).
     */
    public void releaseLater(String account, String holdId, long leaseMillis) {
        releaseLater(account, holdId, leaseMillis, List.of());
    }

    /** Like {@link #releaseLater(String, String, long)} for a reserve with budgets: released in them too. */
    public void releaseLater(String account, String holdId, long leaseMillis, List<BudgetRequest> budgets) {
        releases.put(
                new Pending(account, holdId, List.copyOf(budgets)),
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(leaseMillis));
        tickSoon();
    }

    /**
     * A reserve of {@code holdId} is about to be sent (a caller trying again after a failure, say): a release still
     * pending for it is dropped, and one under way is waited for, so that no release can undo this reserve.
     */
    public void reserving(String account, String holdId) {
        if (releases.isEmpty()) {
            return;
        }
        synchronized (releasing) {
            releases.keySet().removeIf(p -> p.is(account, holdId));
            while (releasingNow != null && releasingNow.is(account, holdId)) {
                try {
                    releasing.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException(store, "reserve on account '" + account + "': interrupted", e);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ epochs

    /**
     * The store answered with {@code epoch} for the account, at {@code storeNowMillis} on its clock. The first
     * epoch seen is remembered; another one means the store lost its state: this replica's live holds are held
     * again (the caller's thread waits for that), then the new epoch is remembered and runs on the account refused
     * as the class comment says.
     *
     * @throws StoreException when holding again failed: nothing is remembered, the next answer tries again
     */
    public void seen(String account, String epoch, long storeNowMillis) {
        Account a = state(account);
        a.lastSeenNanos = System.nanoTime();
        if (epoch.equals(a.epoch)) {
            return;
        }
        synchronized (a) {
            if (a.epoch == null || a.epoch.equals(epoch)) {
                a.epoch = epoch;
                return;
            }
            long now = System.nanoTime();
            int again = 0;
            for (Map.Entry<String, Hold> h : a.holds.entrySet()) {
                long left = TimeUnit.NANOSECONDS.toMillis(h.getValue().untilNanos - now);
                if (left > 0) {
                    calls.reassert(account, epoch, h.getKey(), h.getValue().amount, left, h.getValue().budgets);
                    again++;
                }
            }
            restoreBudgetSpend(a, epoch, storeNowMillis);
            // the fresh reading must come after the settling: a replica that reconnects late commits the spend of
            // its runs from before the loss meanwhile, stamped now, which a reading fetched earlier already shows
            // (counted twice, the fleet stopped short until the next refresh)
            a.trust = new Trust(storeNowMillis + TimeUnit.NANOSECONDS.toMillis(settleNanos), now + settleNanos);
            a.epoch = epoch;
            log.log(
                    Level.WARNING,
                    "The " + store + " store came back without the state this replica knew for "
                            + "account '" + account
                            + "' (its epoch changed: a restart without persistence, a failover to a "
                            + "replica that was not in sync, or its data deleted); the holds of runs in flight and the "
                            + "spend not yet in a balance reading may be lost. This replica held its " + again
                            + " live hold(s) "
                            + "again; runs on the account are refused for " + TimeUnit.NANOSECONDS.toMillis(settleNanos)
                            + " ms while other replicas do the same, and until a balance fetched after that is in "
                            + "use.");
        }
    }

    /**
     * Adds back the budget spend this replica committed on the account in the periods the store is in, once per
     * epoch (a failure leaves the old epoch: the next answer adds what was not added yet). It stays remembered: a
     * store that loses its state again in the same period gets it again.
     */
    private void restoreBudgetSpend(Account a, String epoch, long storeNowMillis) {
        synchronized (a.budgetSpend) {
            a.budgetSpend.keySet().removeIf(k -> k.endMillis <= storeNowMillis);
            for (Map.Entry<BudgetSpend, Spent> e : a.budgetSpend.entrySet()) {
                BudgetSpend k = e.getKey();
                Spent spent = e.getValue();
                if (k.startMillis <= storeNowMillis && !epoch.equals(spent.restoredIn)) {
                    calls.restore(
                            k.budget, Money.of(spent.amount, k.budget.limit().unit()));
                    spent.restoredIn = epoch;
                }
            }
        }
    }

    /** The account's epoch as this replica knows it; {@code null} before the store reported one. */
    public @Nullable String epoch(String account) {
        Account a = accounts.get(account);
        return a == null ? null : a.epoch;
    }

    /**
     * Refuses an operation judged on a reading fetched at {@code spentSinceMillis} (the store's clock) while the
     * account's store is settling after a loss, or when that reading predates the loss.
     *
     * @throws StoreResetException then
     */
    public void requireTrusted(String operation, String account, long spentSinceMillis) {
        Account a = accounts.get(account);
        Trust t = a == null ? null : a.trust;
        if (t == null) {
            return;
        }
        if (System.nanoTime() - t.settleUntilNanos < 0) {
            throw new StoreResetException(
                    store,
                    operation + " on account '" + account + "': the store came back "
                            + "without its state (holds and unbooked spend of runs in flight); runs are refused for a "
                            + "few seconds while replicas that hold funds hold them again",
                    Long.MIN_VALUE); // no fetch yet: a reading fetched while replicas still commit is no better
        }
        if (spentSinceMillis < t.readingsFromMillis) {
            throw new StoreResetException(
                    store,
                    operation + " on account '" + account + "': the store came back "
                            + "without its state, and the balance reading in use predates that (spend committed "
                            + "before may be lost); runs are refused until a balance fetched since the store settled "
                            + "is in use",
                    t.readingsFromMillis);
        }
    }

    // ---------------------------------------------------------------------------------------- availability

    /** An operation failed: the first failure after a success is logged, with its cause. */
    public void failed(StoreException e) {
        if (!(e instanceof StoreResetException) && down.compareAndSet(false, true)) {
            log.log(
                    Level.WARNING,
                    "The " + store + " store is unavailable: " + e.getMessage() + ". Runs are "
                            + "refused (STORE_UNAVAILABLE) until it answers; this is logged again only when it does.");
        }
    }

    /** An operation succeeded: the first success after a failure is logged. */
    public void answered() {
        if (down.get() && down.compareAndSet(true, false)) {
            log.log(Level.INFO, "The " + store + " store answers again.");
        }
    }

    /** Stops the background work (pending releases and epoch checks) for good: for a store being closed. */
    public void close() {
        background.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------ background

    private Account state(String account) {
        return accounts.computeIfAbsent(account, k -> new Account());
    }

    private void tickSoon() {
        if (ticking.compareAndSet(false, true)) {
            try {
                background.execute(this::tick);
            } catch (RejectedExecutionException closed) {
                // the store is closed: nothing more in the background
            }
        }
    }

    /** Pending releases, then the epochs of accounts with live holds that no operation looked at for a second. */
    private void tick() {
        try {
            long now = System.nanoTime();
            for (Pending p : releases.keySet()) {
                Long until;
                synchronized (releasing) {
                    until = releases.get(p);
                    if (until == null) {
                        continue; // reserved again meanwhile
                    }
                    if (now - until >= 0) {
                        releases.remove(p, until); // its lease is over: the hold, if any, lapsed
                        continue;
                    }
                    releasingNow = p;
                }
                try {
                    calls.release(p.account, p.holdId, p.budgets);
                    releases.remove(p, until);
                } finally {
                    synchronized (releasing) {
                        releasingNow = null;
                        releasing.notifyAll();
                    }
                }
            }
            for (Map.Entry<String, Account> e : accounts.entrySet()) {
                Account a = e.getValue();
                a.holds.values().removeIf(h -> now - h.untilNanos >= 0);
                if ((!a.holds.isEmpty() || a.hasBudgetSpend(now)) && now - a.lastSeenNanos >= TICK_NANOS) {
                    calls.probe(e.getKey());
                }
            }
        } catch (RuntimeException e) {
            // the store is down (failed() logged it): the next tick tries again
        } finally {
            ticking.set(false);
            if (hasWork() && ticking.compareAndSet(false, true)) {
                try {
                    background.schedule(this::tick, TICK_NANOS, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException closed) {
                    // the store is closed
                }
            }
        }
    }

    private boolean hasWork() {
        if (!releases.isEmpty()) {
            return true;
        }
        long now = System.nanoTime();
        for (Account a : accounts.values()) {
            if (!a.holds.isEmpty() || a.hasBudgetSpend(now)) {
                return true;
            }
        }
        return false;
    }

    private static final class Account {
        final ConcurrentMap<String, Hold> holds = new ConcurrentHashMap<>();
        /** This replica's commits on the account, per budget period; guarded by itself. */
        final Map<BudgetSpend, Spent> budgetSpend = new java.util.HashMap<>();

        /** Whether this replica committed budget spend in a period not over yet (forgetting the others). */
        boolean hasBudgetSpend(long nowNanos) {
            synchronized (budgetSpend) {
                budgetSpend.values().removeIf(s -> nowNanos - s.untilNanos >= 0);
                return !budgetSpend.isEmpty();
            }
        }

        volatile @Nullable String epoch;
        volatile @Nullable Trust trust;
        volatile long lastSeenNanos = System.nanoTime();
    }

    private record Hold(Money amount, long untilNanos, List<BudgetRequest> budgets) {}

    private record BudgetSpend(BudgetRequest budget, long startMillis, long endMillis) {}

    /** What this replica committed in one budget period; guarded by the account's map. */
    private static final class Spent {
        /** When the period ends, on this JVM's clock (for the background's probes). */
        final long untilNanos;

        BigDecimal amount = BigDecimal.ZERO;

        @Nullable
        String restoredIn;

        Spent(long untilNanos) {
            this.untilNanos = untilNanos;
        }

        void add(BigDecimal more) {
            amount = amount.add(more);
        }
    }

    private record Trust(long readingsFromMillis, long settleUntilNanos) {}

    private record Pending(String account, String holdId, List<BudgetRequest> budgets) {
        boolean is(String account, String holdId) {
            return this.account.equals(account) && this.holdId.equals(holdId);
        }
    }
}
