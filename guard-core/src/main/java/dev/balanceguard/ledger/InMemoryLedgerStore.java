package dev.balanceguard.ledger;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

/** The default {@link LedgerStore}: one atomic reference per account, in this JVM. */
public final class InMemoryLedgerStore implements LedgerStore {

    private final ConcurrentMap<String, AtomicReference<LedgerState>> states = new ConcurrentHashMap<>();

    @Override
    public LedgerState read(String account) {
        return ref(account).get();
    }

    @Override
    public boolean compareAndSet(String account, LedgerState expected, LedgerState updated) {
        return ref(account).compareAndSet(expected, updated);
    }

    private AtomicReference<LedgerState> ref(String account) {
        AtomicReference<LedgerState> ref = states.get(account);
        return ref != null ? ref : states.computeIfAbsent(account, a -> new AtomicReference<>(LedgerState.EMPTY));
    }
}
