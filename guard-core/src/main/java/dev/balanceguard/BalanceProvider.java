package dev.balanceguard;

import dev.balanceguard.cost.pricing.PricingSource;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider SPI: reads the balance of one account, with credentials bound at construction.
 *
 * <p>Implementations are thread-safe and do no caching of their own; {@link BalanceGuard} caches, refreshes
 * ahead, and serves stale readings when a fetch fails. {@code toString()} must never reveal a credential.
 */
public interface BalanceProvider {

    /** The provider's name, lower case: {@code twilio}, {@code exotel}, {@code infobip}, … */
    String name();

    /** The account's identifier at the provider, safe to log (an Account SID, a username); never a secret. */
    String accountId();

    /**
     * Fetches the balance now.
     *
     * @throws ProviderException typed by {@link ProviderException.Failure}
     */
    Balance fetchBalance();

    /**
     * The least time between two fetches the provider asks for (Exotel: one poll a minute). Refreshes never
     * happen more often, whatever the cache's refresh interval.
     */
    default Duration minimumFetchInterval() {
        return Duration.ZERO;
    }

    /**
     * The prices this account pays, as the provider publishes them through an API, with this provider's
     * credentials: the source of a rate card built by {@link dev.balanceguard.cost.pricing.ProviderRates}. Empty
     * when the provider has no such API (or balance-guard does not read it yet).
     *
     * @param baseUrl the pricing API's base URL, or {@code null} for the provider's public one
     * @throws IllegalArgumentException if the base URL is not acceptable (https, or http to a loopback host)
     */
    default Optional<PricingSource> pricingSource(String baseUrl) {
        return Optional.empty();
    }
}
