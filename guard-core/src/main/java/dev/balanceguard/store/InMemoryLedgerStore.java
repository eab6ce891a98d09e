package dev.balanceguard.store;

import dev.balanceguard.core.GuardClock;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.UnitMismatchException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link LedgerStore}: one atomic reference to an immutable state per account, in this JVM, on the
 * guard's clock. Right for one process; a fleet needs a shared store.
 *
 * <p>What it remembers is bounded, so that a steady stream of runs costs the same on the millionth commit as on the
 * first: ids of committed holds are kept for an hour, and at most the latest 16,384 of them (a repeated commit of
 * an id forgotten sooner records its spend again: too much spend, never too little, until the next balance fetch
 * shows it; a reserve with it holds again); spend is kept per second until a newer balance shows it, and what is
 * older than an hour is folded into one entry (see {@link LedgerState}).
 */
public final class InMemoryLedgerStore implements LedgerStore {

    /** How long a commit's hold id is remembered, so that a repeated commit records nothing. */
    static final long COMMITTED_IDS_MILLIS = 60 * 60 * 1000;

    /** The most committed hold ids an account remembers. */
    static final int COMMITTED_IDS_MAX = 1 << 14;

    private final GuardClock clock;
    private final ConcurrentMap<String, Account> accounts = new ConcurrentHashMap<>();
    /** Budget name → unit → its ledger: two lookups on strings whose hashes are cached, nothing built per call. */
    private final ConcurrentMap<String, ConcurrentMap<String, BudgetLedger>> budgets = new ConcurrentHashMap<>();
    /** The ledgers of the latest call with budgets; see {@link #budgets(List, String)}. */
    private volatile @Nullable BudgetLedgers lastLedgers;

    public InMemoryLedgerStore(GuardClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public LedgerTotals totals(String account, String unit, long spentSinceMillis) {
        LedgerState state = account(account).current();
        // wall time only when holds need it: a clock read is a good part of a check's cost
        return state.isEmpty()
                ? LedgerTotals.ZERO
                : state.totals(unit, state.holds().isEmpty() ? 0 : clock.millis(), spentSinceMillis);
    }

    @Override
    public HoldOutcome reserve(String account, HoldRequest request) {
        return reserve(account, request, (BudgetLedgers) null);
    }

    @Override
    public HoldOutcome reserve(String account, HoldRequest request, List<BudgetRequest> budgets) {
        if (budgets.isEmpty()) {
            return reserve(account, request);
        }
        BudgetLedgers ledgers = budgets(budgets, request.amount().unit());
        if (ledgers.order.length == 1) { // the common case, without a lambda
            synchronized (ledgers.order[0]) {
                return reserve(account, request, ledgers);
            }
        }
        return ledgers.locked(0, () -> reserve(account, request, ledgers));
    }

    private HoldOutcome reserve(String account, HoldRequest request, @Nullable BudgetLedgers budgets) {
        Account a = account(account);
        while (true) {
            LedgerState current = a.current();
            long now = clock.millis();
            LedgerTotals before = current.totals(request.amount().unit(), now, request.spentSinceMillis());
            LedgerState.Hold existing = current.liveHold(request.id(), now);
            List<BudgetTotals> budgetsBefore =
                    budgets == null ? List.of() : budgets.totals(now, existing == null ? null : request.id());
            if (existing != null) {
                BigDecimal others = before.reserved().subtract(existing.amount().amount());
                return new HoldOutcome(
                        true, new LedgerTotals(others, before.unbooked()), existing.expiresAtMillis(), budgetsBefore);
            }
            // checked on each try: a commit marks its id before it changes the state, which fails this try's swap
            if (a.isCommitted(request.id())) {
                throw new HoldCommittedException(account, request.id());
            }
            if (request.ceiling() != null
                    && before.committed()
                                    .add(request.amount().amount())
                                    .compareTo(request.ceiling().amount())
                            > 0) {
                return new HoldOutcome(false, before, 0, budgetsBefore);
            }
            if (budgets != null && !budgets.fit(budgetsBefore, request.amount().amount())) {
                return new HoldOutcome(false, before, 0, budgetsBefore);
            }
            LedgerState.Hold hold = new LedgerState.Hold(request.id(), request.amount(), now + request.leaseMillis());
            if (a.state.compareAndSet(current, current.withHold(hold, now, request.spentSinceMillis()))) {
                if (budgets != null) {
                    budgets.hold(request.id(), request.amount().amount(), hold.expiresAtMillis(), now);
                }
                return new HoldOutcome(true, before, hold.expiresAtMillis(), budgetsBefore);
            }
        }
    }

    @Override
    public boolean end(String account, String holdId, @Nullable Money spent) {
        return end(account, holdId, spent, (BudgetLedgers) null);
    }

    @Override
    public boolean end(String account, String holdId, @Nullable Money spent, List<BudgetRequest> budgets) {
        if (budgets.isEmpty()) {
            return end(account, holdId, spent);
        }
        if (spent != null) {
            for (BudgetRequest budget : budgets) {
                if (!budget.limit().sameUnitAs(spent)) {
                    throw new UnitMismatchException("record", budget.limit().unit(), spent.unit());
                }
            }
        }
        BudgetLedgers ledgers = budgets(budgets, budgets.get(0).limit().unit());
        if (ledgers.order.length == 1) {
            synchronized (ledgers.order[0]) {
                return end(account, holdId, spent, ledgers);
            }
        }
        return ledgers.locked(0, () -> end(account, holdId, spent, ledgers));
    }

    @Override
    public List<BudgetTotals> budgetTotals(List<BudgetRequest> budgets) {
        if (budgets.isEmpty()) {
            return List.of();
        }
        List<BudgetTotals> totals = new ArrayList<>(budgets.size());
        long now = clock.millis();
        for (BudgetRequest request : budgets) {
            BudgetLedger ledger = budget(request.name(), request.limit().unit());
            synchronized (ledger) {
                totals.add(ledger.totals(request, now, null));
            }
        }
        return totals;
    }

    private boolean end(String account, String holdId, @Nullable Money spent, @Nullable BudgetLedgers budgets) {
        Account a = account(account);
        long now = clock.millis();
        if (spent != null) {
            a.current().requireUnit(spent.unit());
            if (!a.firstCommit(holdId, now)) {
                return false; // this hold's spend is recorded already
            }
        }
        if (budgets != null) {
            budgets.end(holdId, spent == null ? null : spent.amount(), now);
        }
        while (true) {
            LedgerState current = a.current();
            boolean held = current.liveHold(holdId, now) != null;
            if (current.hold(holdId) == null && spent == null) {
                return false;
            }
            LedgerState next = current.ending(holdId, spent == null ? null : new LedgerState.Spend(spent, now));
            if (a.state.compareAndSet(current, next)) {
                return held;
            }
        }
    }

    @Override
    public String name() {
        return "memory";
    }

    /** The account's state, for tests. */
    LedgerState state(String account) {
        return account(account).current();
    }

    /** How many committed hold ids the account remembers, for tests. */
    int committedIds(String account) {
        Account a = account(account);
        synchronized (a.committed) {
            return a.committed.size();
        }
    }

    private BudgetLedger budget(String name, String unit) {
        ConcurrentMap<String, BudgetLedger> units = budgets.get(name);
        if (units == null) {
            units = budgets.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
        }
        BudgetLedger ledger = units.get(unit);
        return ledger != null ? ledger : units.computeIfAbsent(unit, u -> new BudgetLedger(name + ' ' + u));
    }

    /**
     * The ledgers of {@code requests}, in the unit of the hold (a budget in another unit fails it). The last ones
     * found are kept for the next call with the same list (the guard passes one list per budget and period).
     */
    private BudgetLedgers budgets(List<BudgetRequest> given, String unit) {
        List<BudgetRequest> requests =
                List.copyOf(given); // itself when immutable: then the same list, the same ledgers
        BudgetLedgers last = lastLedgers;
        if (last != null && last.requests == requests && last.unit.equals(unit)) {
            return last;
        }
        BudgetLedger[] ledgers = new BudgetLedger[requests.size()];
        for (int i = 0; i < ledgers.length; i++) {
            BudgetRequest request = requests.get(i);
            if (!request.limit().unit().equals(unit)) {
                throw new UnitMismatchException("hold", request.limit().unit(), unit);
            }
            ledgers[i] = budget(request.name(), unit);
        }
        last = new BudgetLedgers(requests, unit, ledgers);
        lastLedgers = last;
        return last;
    }

    /**
     * The budgets of one call, locked in one order (by key) by every call, so calls that share budgets never wait
     * on each other in a cycle. The account's own state changes inside the locks, by its compare-and-set. The locks
     * are the ledgers' monitors: a reserve takes and gives back two, where a {@code ReentrantLock} costs it a tenth
     * more (JMH, {@code BudgetBenchmark}).
     */
    private record BudgetLedgers(
            List<BudgetRequest> requests, String unit, BudgetLedger[] ledgers, BudgetLedger[] order) {

        BudgetLedgers(List<BudgetRequest> requests, String unit, BudgetLedger[] ledgers) {
            this(requests, unit, ledgers, inOrder(ledgers));
        }

        private static BudgetLedger[] inOrder(BudgetLedger[] ledgers) {
            BudgetLedger[] order = ledgers.clone();
            Arrays.sort(order, Comparator.comparing(l -> l.key));
            return order;
        }

        /**
         * {@code body}'s result, run holding the monitors of {@link #order} from {@code from} on, taken in that order
         * (a budget named twice is taken twice: monitors are reentrant).
         */
        <T> T locked(int from, Supplier<T> body) {
            if (from == order.length) {
                return body.get();
            }
            synchronized (order[from]) {
                return locked(from + 1, body);
            }
        }

        List<BudgetTotals> totals(long now, @Nullable String heldId) {
            if (ledgers.length == 1) {
                return List.of(ledgers[0].totals(requests.get(0), now, heldId));
            }
            List<BudgetTotals> totals = new ArrayList<>(ledgers.length);
            for (int i = 0; i < ledgers.length; i++) {
                totals.add(ledgers[i].totals(requests.get(i), now, heldId));
            }
            return totals;
        }

        boolean fit(List<BudgetTotals> before, BigDecimal amount) {
            for (int i = 0; i < ledgers.length; i++) {
                BigDecimal limit = requests.get(i).limit().amount();
                if (before.get(i).counted().add(amount).compareTo(limit) > 0) {
                    return false;
                }
            }
            return true;
        }

        void hold(String id, BigDecimal amount, long expiresAtMillis, long now) {
            for (BudgetLedger ledger : distinct()) {
                ledger.hold(id, amount, expiresAtMillis, now);
            }
        }

        void end(String id, @Nullable BigDecimal spent, long now) {
            BudgetLedger[] distinct = distinct();
            for (int i = 0; i < distinct.length; i++) {
                distinct[i].end(id, spent, requests.get(indexOf(distinct[i])), now);
            }
        }

        private int indexOf(BudgetLedger ledger) {
            for (int i = 0; i < ledgers.length; i++) {
                if (ledgers[i] == ledger) {
                    return i;
                }
            }
            throw new IllegalStateException();
        }

        private BudgetLedger[] distinct() {
            if (ledgers.length == 1) {
                return ledgers;
            }
            return Arrays.stream(ledgers).distinct().toArray(BudgetLedger[]::new);
        }
    }

    private record BudgetHold(String id, BigDecimal amount, long expiresAtMillis) {}

    private record PeriodSpend(long start, BigDecimal amount) {}

    /**
     * One budget in one unit: its live holds (and their sum, kept as they come and go, so a reserve adds no walk over
     * the holds until one lapses) and the spend of each period kept. Holds are found by id with a scan, as the
     * account's are: the runs in flight are few, and a scan hashes nothing. Guarded by its monitor.
     */
    private static final class BudgetLedger {
        final String key;
        final List<BudgetHold> holds = new ArrayList<>();
        /** The sum of {@link #holds}, lapsed ones included until {@link #sweep}. */
        BigDecimal held = BigDecimal.ZERO;
        /** The earliest lease end among {@link #holds}. */
        long nextExpiry = Long.MAX_VALUE;
        /**
         * The spend committed in each period, by ascending start; periods before the latest commit's are dropped,
         * so there is one but when a clock is set back.
         */
        final List<PeriodSpend> spent = new ArrayList<>(1);

        BudgetLedger(String key) {
            this.key = key;
        }

        BudgetTotals totals(BudgetRequest request, long now, @Nullable String heldId) {
            sweep(now);
            BigDecimal live = held;
            int mine = heldId == null ? -1 : indexOf(heldId);
            if (mine >= 0) {
                live = live.subtract(holds.get(mine).amount);
            }
            long start = request.periodStart(now);
            return new BudgetTotals(request.name(), spentIn(start), live, start, request.periodEnd(now));
        }

        private int indexOf(String id) {
            for (int i = 0; i < holds.size(); i++) {
                if (holds.get(i).id.equals(id)) {
                    return i;
                }
            }
            return -1;
        }

        private BigDecimal spentIn(long start) {
            for (PeriodSpend p : spent) {
                if (p.start == start) {
                    return p.amount;
                }
            }
            return BigDecimal.ZERO;
        }

        /** Drops the holds whose lease ended, when one did. */
        private void sweep(long now) {
            if (nextExpiry > now) {
                return;
            }
            holds.removeIf(h -> h.expiresAtMillis <= now);
            held = BigDecimal.ZERO;
            nextExpiry = Long.MAX_VALUE;
            for (BudgetHold h : holds) {
                held = held.add(h.amount);
                nextExpiry = Math.min(nextExpiry, h.expiresAtMillis);
            }
        }

        void hold(String id, BigDecimal amount, long expiresAtMillis, long now) {
            sweep(now);
            holds.add(new BudgetHold(id, amount, expiresAtMillis)); // new: the account held no live hold of the id
            held = held.signum() == 0 ? amount : held.add(amount);
            nextExpiry = Math.min(nextExpiry, expiresAtMillis);
        }

        void end(String id, @Nullable BigDecimal amount, BudgetRequest request, long now) {
            int i = indexOf(id);
            if (i >= 0) {
                BudgetHold ended = holds.remove(i);
                held = holds.isEmpty() ? BigDecimal.ZERO : held.subtract(ended.amount);
            }
            if (amount != null) {
                commit(request.periodStart(now), amount);
            }
        }

        private void commit(long start, BigDecimal amount) {
            spent.removeIf(p -> p.start < start);
            for (int i = 0; i < spent.size(); i++) {
                PeriodSpend p = spent.get(i);
                if (p.start == start) {
                    spent.set(i, new PeriodSpend(start, p.amount.add(amount)));
                    return;
                }
            }
            spent.add(0, new PeriodSpend(start, amount)); // the earliest: those before it are gone
        }
    }

    private Account account(String name) {
        Account account = accounts.get(name);
        return account != null ? account : accounts.computeIfAbsent(name, n -> new Account());
    }

    private static final class Account {
        final AtomicReference<LedgerState> state = new AtomicReference<>(LedgerState.EMPTY);
        /**
         * Hold ids whose spend is recorded, with when, oldest first: apart from the state, as releases need none.
         * Guarded by itself.
         */
        final LinkedHashMap<String, Long> committed = new LinkedHashMap<>();

        /** The state now; never null, as the reference starts at {@link LedgerState#EMPTY}. */
        LedgerState current() {
            return Objects.requireNonNull(state.get());
        }

        boolean isCommitted(String holdId) {
            synchronized (committed) {
                return committed.containsKey(holdId);
            }
        }

        /** Records {@code holdId} as committed, forgetting what is past the window or the count; amortized O(1). */
        boolean firstCommit(String holdId, long now) {
            synchronized (committed) {
                Iterator<Map.Entry<String, Long>> oldest = committed.entrySet().iterator();
                while (oldest.hasNext()) {
                    Map.Entry<String, Long> entry = oldest.next();
                    if (entry.getValue() >= now - COMMITTED_IDS_MILLIS && committed.size() < COMMITTED_IDS_MAX) {
                        break;
                    }
                    oldest.remove();
                }
                return committed.putIfAbsent(holdId, now) == null;
            }
        }
    }
}
