package dev.balanceguard.store;

/**
 * What {@link LedgerStore#reserve} did.
 *
 * @param held whether the hold is in the store now
 * @param before the account's totals without this hold, as the store judged them (on a repeated request for a hold
 *               that is live, too: without it)
 * @param expiresAtMillis when the hold lapses (store clock); meaningful only when {@code held}
 */
public record HoldOutcome(boolean held, LedgerTotals before, long expiresAtMillis) {}
