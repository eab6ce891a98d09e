package dev.balanceguard;

import dev.balanceguard.core.Money;
import dev.balanceguard.core.UnitMismatchException;
import dev.balanceguard.cost.CostEstimate;
import java.time.Instant;
import java.util.Set;

/**
 * Funds held for a run in flight. End it with {@link #commit(Money)} (the run spent this much),
 * {@link #release()} (it spent nothing) or {@link #fail(Throwable, Set)} (it failed, perhaps half-way);
 * {@link #close()} releases unless already ended, so try-with-resources never leaks a hold. A hold also ends by
 * itself when its lease expires, so a crashed run cannot hold funds forever.
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
     * The estimate the run was reserved for, with what it knows per destination country
     * ({@link CostEstimate#costByCountry()}); a plain amount when only the decision's estimate is known.
     */
    default CostEstimate costEstimate() {
        return CostEstimate.of(decision().estimate());
    }

    /**
     * Ends the hold, recording {@code actual} as spent. Idempotent after the first end.
     *
     * @throws UnitMismatchException if {@code actual} is in another unit than the hold
     */
    void commit(Money actual);

    /** Ends the hold as if the run spent nothing. Idempotent. */
    void release();

    /**
     * Ends the hold of a run that failed with {@code failure}. A bulk send that fails half-way has spent money the
     * provider's balance does not show yet, so by default the failure costs the estimate: it is committed as
     * unbooked spend ({@code decision().estimate()}, as {@link #commit(Money)} would) and the account's cached balance
     * is dropped, so the next check waits for a fresh reading that replaces the guess. A failure that is an instance
     * of one of {@code releaseOn} is known to happen before anything is sent: the hold is released instead.
     * Idempotent after the first end.
     *
     * @param releaseOn failure types (and their subtypes) that spend nothing; empty for none
     */
    void fail(Throwable failure, Set<Class<? extends Throwable>> releaseOn);

    /** Releases, unless the reservation was already committed or released. */
    @Override
    void close();
}
