package dev.balanceguard.test;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits, bounded, for what time on a server, or another process, makes true: polls every 20 ms and fails with
 * {@code what} once the bound has passed. Never an assertion on how long it took.
 */
public final class Eventually {

    /** The bound unless told otherwise: generous, for a loaded build machine. */
    public static final Duration DEFAULT = Duration.ofSeconds(60);

    private Eventually() {}

    public static void until(BooleanSupplier condition) {
        until(DEFAULT, "condition", condition);
    }

    public static void until(String what, BooleanSupplier condition) {
        until(DEFAULT, what, condition);
    }

    public static void until(Duration bound, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + " not met within " + bound.toSeconds() + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
