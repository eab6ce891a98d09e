package dev.balanceguard.core;

import java.time.Instant;

/**
 * The one source of time in balance-guard: a monotonic tick for ages and intervals, and wall time for
 * display and reservation leases. Tests use guard-test's {@code ManualClock} to move time without sleeping.
 */
public interface GuardClock {

    /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Wall-clock time. */
    Instant now();

    /** Wall-clock time in epoch milliseconds. */
    default long millis() {
        return now().toEpochMilli();
    }

    static GuardClock system() {
        return SystemClock.INSTANCE;
    }
}

enum SystemClock implements GuardClock {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }
}
