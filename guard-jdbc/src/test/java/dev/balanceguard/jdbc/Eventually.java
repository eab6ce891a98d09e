package dev.balanceguard.jdbc;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Waits, bounded, for what the database's clock or another process makes true. */
final class Eventually {

    private Eventually() {
    }

    static void eventually(BooleanSupplier condition) {
        eventually(30, condition);
    }

    static void eventually(int seconds, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within " + seconds + " s").isLessThan(deadline);
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
