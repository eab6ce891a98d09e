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
 */
public record StoreEvent(String store, String operation, boolean succeeded, Duration duration) {

    /** {@code "success"} or {@code "failure"}: safe as a metric tag. */
    public String outcome() {
        return succeeded ? "success" : "failure";
    }
}
