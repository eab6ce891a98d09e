package dev.balanceguard.store;

import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Balance readings shared by a fleet, so that one replica fetches from the provider per refresh interval for
 * all of them. A replica that finds the shared reading due claims the next fetch; the claim is a short lease
 * in the store, so a replica that dies while fetching blocks the others only until the lease ends.
 */
public interface ReadingStore {

    /** The account's shared reading, if any, with the store's clock now. */
    Snapshot read(String account);

    /**
     * Claims the account's next fetch for {@code claimant} for at most {@code leaseMillis}, while the shared reading
     * is still the one the caller judged due: a replica that looked just before another published a newer reading
     * then takes that one instead of fetching again, so the fleet fetches once per interval.
     *
     * @param seen the shared reading the caller judged due ({@code null} when it found none)
     * @return the store's time when this caller won the claim (the fetch's start); empty when another holds it, or
     *         when a reading newer than {@code seen} is in the store
     */
    OptionalLong claimFetch(String account, String claimant, long leaseMillis, @Nullable SharedReading seen);

    /**
     * Stores {@code reading} as the account's latest, unless the store has a newer one (a later
     * {@link SharedReading#attemptAtMillis()}, the start of the fetch it reports): a late publisher, whose claim
     * lapsed while another replica fetched, never overwrites a newer reading. Ends {@code claimant}'s claim either
     * way.
     */
    void publish(String account, String claimant, SharedReading reading);

    /**
     * Stores {@code reading} only as the successor of {@code seen}: when the store's reading is still the one the
     * caller fetched after (the same {@link SharedReading#attemptAtMillis()}; none stored when {@code seen} is
     * {@code null}), and refuses it otherwise. Each interval between two readings then has one writer, who alone
     * accounts for its spend, even when a claim lapsed while its replica was still fetching and another fetched too.
     * Ends {@code claimant}'s claim either way.
     *
     * @return whether {@code reading} was stored
     */
    boolean publishAfter(String account, String claimant, @Nullable SharedReading seen, SharedReading reading);

    /** Marks the account's reading as due, for the whole fleet (after a top-up, say). */
    void invalidate(String account);

    /** The shared reading (absent when no replica fetched yet) and the store's time when it was read. */
    record Snapshot(@Nullable SharedReading reading, long nowMillis) {}
}
