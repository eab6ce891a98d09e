package dev.balanceguard.test;

import dev.balanceguard.core.GuardClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to: for tests of every time rule without sleeping. Thread-safe. */
public final class ManualClock implements GuardClock {

    private final Instant origin;
    private final AtomicLong nanos = new AtomicLong();

    public ManualClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public ManualClock(Instant origin) {
        this.origin = origin;
    }

    public ManualClock advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
        return this;
    }

    /** Moves the clock forward to {@code instant}; a clock already past it stays where it is. */
    public ManualClock advanceTo(Instant instant) {
        long target = Duration.between(origin, instant).toNanos();
        nanos.accumulateAndGet(target, Math::max);
        return this;
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public Instant now() {
        return origin.plusNanos(nanos.get());
    }
}
