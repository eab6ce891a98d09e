package dev.balanceguard;

import java.time.Instant;

/**
 * Funds held for a run in flight. End it with {@link #commit(Money)} (the run spent this much) or
 * {@link #release()} (it spent nothing); {@link #close()} releases unless already ended, so
 * try-with-resources never leaks a hold. A hold also ends by itself when its lease expires, so a crashed run
 * cannot hold funds forever.
 *
 * <p>Committed spend is subtracted from the cached balance until a balance fetched after the commit arrives.
 */
public interface Reservation extends AutoCloseable {

    String id();

    String account();

    /** The amount held. */
    Money amount();

    /** When the hold lapses if neither committed nor released. */
    Instant expiresAt();

    /** The decision that allowed this reservation. */
    GuardDecision decision();

    /**
     * Ends the hold, recording {@code actual} as spent. Idempotent after the first end.
     *
     * @throws UnitMismatchException if {@code actual} is in another unit than the hold
     */
    void commit(Money actual);

    /** Ends the hold as if the run spent nothing. Idempotent. */
    void release();

    /** Releases, unless the reservation was already committed or released. */
    @Override
    void close();
}
