package dev.balanceguard.test;

import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.StoreException;
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

    /**
     * Waits until {@code store} answers a {@link LedgerStore#ping() ping}: its server back after a restart, or its
     * first connection open (in a cold JVM on a loaded machine that can take longer than one operation's timeout,
     * and a test that failed then would fail for the machine's sake).
     *
     * @return {@code store}
     */
    public static <S extends LedgerStore> S answering(S store) {
        until("the " + store.name() + " store answers", () -> {
            try {
                store.ping();
                return true;
            } catch (StoreException e) {
                return false;
            }
        });
        return store;
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
