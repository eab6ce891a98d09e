package dev.balanceguard.provider;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.core.Balance;
import java.time.Duration;

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
}
