package dev.balanceguard.provider;

import dev.balanceguard.core.BalanceGuardException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A provider could not give a balance. {@link #failure()} says which kind of failure, so callers can map it
 * (the CLI's exit codes, a health status) without parsing messages. Messages never contain credentials.
 */
public final class ProviderException extends BalanceGuardException {

    /** The kinds of failure a balance fetch can end in. */
    public enum Failure {
        /** Credentials were rejected (HTTP 401, Twilio 20003). */
        AUTHENTICATION,
        /** Credentials are valid but may not read the balance (HTTP 403). */
        PERMISSION,
        /** The account does not exist or is not visible to these credentials (HTTP 404). */
        ACCOUNT_NOT_FOUND,
        /** The provider asked us to slow down (HTTP 429, Twilio 20429); see {@link #retryAfter()}. */
        RATE_LIMITED,
        /** Timeouts, connection failures and 5xx answers, after bounded retries. */
        UNAVAILABLE,
        /** The provider answered something that cannot be read as a balance. */
        UNREADABLE,
        /** The request was refused before it was sent: bad configuration such as a malformed Account SID. */
        INVALID_REQUEST;

        /** Whether trying again later may help. */
        public boolean isTransient() {
            return this == RATE_LIMITED || this == UNAVAILABLE;
        }
    }

    private final String provider;
    private final Failure failure;
    private final @Nullable Duration retryAfter;

    public ProviderException(String provider, Failure failure, String message) {
        this(provider, failure, message, null, null);
    }

    public ProviderException(
            String provider,
            Failure failure,
            String message,
            @Nullable Duration retryAfter,
            @Nullable Throwable cause) {
        super(provider + ": " + message, cause);
        this.provider = Objects.requireNonNull(provider, "provider");
        this.failure = Objects.requireNonNull(failure, "failure");
        this.retryAfter = retryAfter;
    }

    public String provider() {
        return provider;
    }

    public Failure failure() {
        return failure;
    }

    /** How long the provider asked us to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
