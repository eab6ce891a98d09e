package dev.balanceguard.ledger;

/**
 * Where reservations and unbooked spend live: a compare-and-swap store of one immutable {@link LedgerState}
 * per account. The in-memory store serves one JVM; a store shared by many JVMs (a database row with a version
 * column, a Redis key with WATCH/MULTI) needs only these two operations.
 */
public interface LedgerStore {

    /** The account's current state; {@link LedgerState#EMPTY} when it has none. Never {@code null}. */
    LedgerState read(String account);

    /**
     * Replaces the account's state with {@code updated} if it is still {@code expected} (as returned by
     * {@link #read}); returns whether it did. Callers retry on {@code false}.
     */
    boolean compareAndSet(String account, LedgerState expected, LedgerState updated);
}
