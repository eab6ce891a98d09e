package dev.balanceguard;

import dev.balanceguard.provider.ProviderException;
import java.time.Duration;
import java.util.Optional;

/**
 * One provider fetch.
 *
 * @param account the configured account name
 * @param provider the provider's name
 * @param failure empty on success, else the kind of failure
 * @param duration how long the fetch took
 */
public record FetchEvent(
        String account, String provider, Optional<ProviderException.Failure> failure, Duration duration) {

    public boolean succeeded() {
        return failure.isEmpty();
    }

    /** {@code "success"} or the failure's lower-case name: a bounded set, safe as a metric tag. */
    public String outcome() {
        return failure.map(f -> f.name().toLowerCase(java.util.Locale.ROOT)).orElse("success");
    }
}
