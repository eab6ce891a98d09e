package dev.balanceguard;

import dev.balanceguard.core.Money;

/**
 * The balance crossed the low-balance threshold.
 *
 * @param account the configured account name
 * @param provider the provider's name
 * @param balance the balance that crossed it
 * @param threshold the configured threshold
 * @param low {@code true} when the balance fell below the threshold, {@code false} when it recovered
 */
public record LowBalanceEvent(String account, String provider, Money balance, Money threshold, boolean low) {}
