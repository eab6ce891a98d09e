package dev.balanceguard;

/**
 * Hears what a {@link BalanceGuard} does, so metrics, events and alerts need no dependency in the core.
 * Called synchronously on the thread that caused the event: keep implementations quick and never throw
 * (an exception is caught and logged, and the other listeners still hear the event).
 */
public interface GuardListener {

    /** A check, reserve or run was decided. */
    default void onDecision(GuardDecision decision) {}

    /** A provider fetch ended, successfully or not. */
    default void onFetch(FetchEvent event) {}

    /** An operation on a shared store (Redis, a database) ended, successfully or not. */
    default void onStoreOperation(StoreEvent event) {}

    /**
     * The balance crossed the account's low-balance threshold: once on the way down, and once on the way
     * back up past the threshold plus its hysteresis; never once per check.
     */
    default void onLowBalance(LowBalanceEvent event) {}

    /**
     * A new reading ended an interval: what the balance's change showed against what runs committed. With a shared
     * store only the replica that fetched the reading hears it.
     */
    default void onSpend(SpendEvent event) {}
}
