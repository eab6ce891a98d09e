package dev.balanceguard;

/**
 * Hears what a {@link BalanceGuard} does, so metrics, events and alerts need no dependency in the core.
 * Called synchronously on the thread that caused the event: keep implementations quick and never throw
 * (an exception is caught and logged, and the other listeners still hear the event).
 */
public interface GuardListener {

    /** A check, reserve or run was decided. */
    default void onDecision(GuardDecision decision) {}

    /**
     * A run's funds are held: {@code reservation.id()} names the run (callback URLs carry it to attribute what the
     * provider reports it cost), and its decision holds the estimate.
     */
    default void onReserved(Reservation reservation) {}

    /** A provider fetch ended, successfully or not. */
    default void onFetch(FetchEvent event) {}

    /** An operation on a shared store (Redis, a database) ended, successfully or not. */
    default void onStoreOperation(StoreEvent event) {}

    /**
     * The balance crossed the account's low-balance threshold: once on the way down, and once on the way
     * back up past the threshold plus its hysteresis; never once per check.
     */
    default void onLowBalance(LowBalanceEvent event) {}

    /** A run took a budget's spend across its warn-at percentage. */
    default void onBudgetWarning(BudgetWarningEvent event) {}

    /**
     * A new reading ended an interval: what the balance's change showed against what runs committed. With a shared
     * store only the replica that fetched the reading hears it.
     */
    default void onSpend(SpendEvent event) {}
}
