package dev.balanceguard.store;

import dev.balanceguard.GuardClock;
import dev.balanceguard.Money;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The default {@link LedgerStore}: one atomic reference to an immutable state per account, in this JVM, on the
 * guard's clock. Right for one process; a fleet needs a shared store.
 */
public final class InMemoryLedgerStore implements LedgerStore {

    private final GuardClock clock;
    private final ConcurrentMap<String, Account> accounts = new ConcurrentHashMap<>();

    public InMemoryLedgerStore(GuardClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public LedgerTotals totals(String account, String unit, long spentSinceMillis) {
        LedgerState state = account(account).state.get();
        // wall time only when holds need it: a clock read is a good part of a check's cost
        return state.isEmpty() ? LedgerTotals.ZERO
                : state.totals(unit, state.holds().isEmpty() ? 0 : clock.millis(), spentSinceMillis);
    }

    @Override
    public HoldOutcome reserve(String account, HoldRequest request) {
        AtomicReference<LedgerState> ref = account(account).state;
        while (true) {
            LedgerState current = ref.get();
            long now = clock.millis();
            LedgerState.Hold existing = current.hold(request.id());
            LedgerTotals before = current.totals(request.amount().unit(), now, request.spentSinceMillis());
            if (existing != null) {
                return new HoldOutcome(true, before, existing.expiresAtMillis());
            }
            if (request.ceiling() != null && before.committed().add(request.amount().amount())
                    .compareTo(request.ceiling().amount()) > 0) {
                return new HoldOutcome(false, before, 0);
            }
            LedgerState.Hold hold = new LedgerState.Hold(request.id(), request.amount(), now + request.leaseMillis());
            if (ref.compareAndSet(current, current.withHold(hold, now, request.spentSinceMillis()))) {
                return new HoldOutcome(true, before, hold.expiresAtMillis());
            }
        }
    }

    @Override
    public boolean end(String account, String holdId, Money spent) {
        Account a = account(account);
        long now = clock.millis();
        if (spent != null && !a.firstCommit(holdId, now)) {
            return false; // this hold's spend is recorded already
        }
        while (true) {
            LedgerState current = a.state.get();
            boolean held = current.hold(holdId) != null;
            if (!held && spent == null) {
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

    private Account account(String name) {
        Account account = accounts.get(name);
        return account != null ? account : accounts.computeIfAbsent(name, n -> new Account());
    }

    private static final class Account {
        /** How long a commit's hold id is remembered, so a repeated commit records nothing. */
        private static final long COMMITTED_IDS_MILLIS = 60 * 60 * 1000;

        final AtomicReference<LedgerState> state = new AtomicReference<>(LedgerState.EMPTY);
        /** Hold ids whose spend is recorded, with when: apart from the state, as releases need none. */
        final ConcurrentMap<String, Long> committed = new ConcurrentHashMap<>();

        boolean firstCommit(String holdId, long now) {
            if (committed.size() > 1024) {
                committed.values().removeIf(at -> at < now - COMMITTED_IDS_MILLIS);
            }
            return committed.putIfAbsent(holdId, now) == null;
        }
    }
}
