package dev.balanceguard.store;

import dev.balanceguard.core.GuardClock;
import dev.balanceguard.core.Money;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
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
        Account a = account(account);
        while (true) {
            LedgerState current = a.current();
            long now = clock.millis();
            LedgerTotals before = current.totals(request.amount().unit(), now, request.spentSinceMillis());
            LedgerState.Hold existing = current.liveHold(request.id(), now);
            if (existing != null) {
                BigDecimal others = before.reserved().subtract(existing.amount().amount());
                return new HoldOutcome(true, new LedgerTotals(others, before.unbooked()), existing.expiresAtMillis());
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
                return new HoldOutcome(false, before, 0);
            }
            LedgerState.Hold hold = new LedgerState.Hold(request.id(), request.amount(), now + request.leaseMillis());
            if (a.state.compareAndSet(current, current.withHold(hold, now, request.spentSinceMillis()))) {
                return new HoldOutcome(true, before, hold.expiresAtMillis());
            }
        }
    }

    @Override
    public boolean end(String account, String holdId, @Nullable Money spent) {
        Account a = account(account);
        long now = clock.millis();
        if (spent != null) {
            a.current().requireUnit(spent.unit());
            if (!a.firstCommit(holdId, now)) {
                return false; // this hold's spend is recorded already
            }
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
