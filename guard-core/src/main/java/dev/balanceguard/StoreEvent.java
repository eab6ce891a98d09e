package dev.balanceguard;

import java.time.Duration;

/**
 * One operation on a shared store (not the in-memory default, whose operations are too quick to be worth it).
 *
 * @param store the store's name: {@code redis}, {@code jdbc}, …
 * @param operation {@code totals}, {@code reserve}, {@code end}, {@code read}, {@code claim}, {@code publish},
 *                  {@code invalidate}: a bounded set, safe as a metric tag
 * @param succeeded whether it answered
 * @param duration how long it took
 * @param storeReset whether it was refused because the store came back without its state
 *                   ({@link dev.balanceguard.store.StoreResetException}); {@code succeeded} is then false
 */
public record StoreEvent(String store, String operation, boolean succeeded, Duration duration, boolean storeReset) {

    /** An operation that answered or failed, the store's state intact. */
    public StoreEvent(String store, String operation, boolean succeeded, Duration duration) {
        this(store, operation, succeeded, duration, false);
    }

    /**
     * {@code "success"}, {@code "failure"}, or {@code "reset"} (refused because the store came back without its
     * state: holds and unbooked spend of runs in flight lost): safe as a metric tag.
     */
    public String outcome() {
        return storeReset ? "reset" : succeeded ? "success" : "failure";
    }
}
