package dev.balanceguard.provider.internal;

import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.http.HttpOptions;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * What a failed attempt means: an HTTP status with the provider's error body, or an I/O failure, becomes a
 * {@link Failure}, a verdict on retrying and a message with a hint. HTTP 401, 403 and 404 are never retried, whatever
 * the error body claims; only transient failures (timeouts, connection failures, 408, 429, 5xx) are. Every piece of
 * wire or exception text goes through the {@link Redactor}. Immutable.
 */
final class FailureMapping {

    /** Statuses that are never retried: the same request cannot succeed, and retrying may lock the account. */
    static final Set<Integer> NEVER_RETRIED = Set.of(401, 403, 404);

    private final Redactor redactor;

    FailureMapping(Redactor redactor) {
        this.redactor = redactor;
    }

    /** One failed attempt: its failure, whether another attempt may help, and a message safe to show. */
    record Failed(
            Failure failure,
            boolean retryable,
            String message,
            @Nullable Throwable cause) {}

    /** The kind an HTTP status alone implies. */
    static Failure failureFor(int status) {
        return switch (status) {
            case 401 -> Failure.AUTHENTICATION;
            case 402, 403 -> Failure.PERMISSION;
            case 404 -> Failure.ACCOUNT_NOT_FOUND;
            case 408 -> Failure.UNAVAILABLE;
            case 429 -> Failure.RATE_LIMITED;
            default ->
                status >= 500 && status < 600
                        ? Failure.UNAVAILABLE
                        : status >= 400 && status < 500 ? Failure.INVALID_REQUEST : Failure.UNREADABLE;
        };
    }

    /** The kind the provider's own error code implies, else the status's. */
    static Failure failureFor(int status, @Nullable WireError error) {
        return error != null && error.failure() != null ? error.failure() : failureFor(status);
    }

    /** Whether an answer with {@code status} that means {@code failure} may be tried again. */
    static boolean retryable(int status, Failure failure) {
        return failure.isTransient() && !NEVER_RETRIED.contains(status);
    }

    /**
     * An answer with {@code status} (not 2xx, or a 2xx whose body reports an error) and the provider's error.
     *
     * @param error what the client read from the error body, or {@code null}
     * @param location the {@code Location} header, or {@code null}
     */
    Failed forAnswer(int status, @Nullable WireError error, @Nullable String location) {
        Failure failure = failureFor(status, error);
        StringBuilder message = new StringBuilder("HTTP ").append(status);
        if (error != null && error.message() != null && !error.message().isBlank()) {
            message.append(": ").append(redactor.clean(error.message()));
        }
        if (error != null && error.code() != null && !error.code().isBlank()) {
            message.append(" (code ").append(redactor.clean(error.code())).append(')');
        }
        if (status / 100 == 3) {
            message.append(": the provider redirects to ")
                    .append(location == null ? "?" : redactor.clean(location))
                    .append("; check the base URL");
        }
        return new Failed(
                failure,
                retryable(status, failure),
                message.append(hint(failure)).toString(),
                null);
    }

    /** An attempt that ended without an answer: {@code cause} as the HTTP client threw it. */
    Failed forIo(@Nullable Throwable cause, String host, HttpOptions options) {
        if (cause instanceof CappedBodySubscriber.TooLargeException) {
            return new Failed(Failure.UNREADABLE, false, String.valueOf(cause.getMessage()), null);
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new Failed(
                    Failure.UNAVAILABLE,
                    true,
                    "could not connect to " + host + " within "
                            + options.connectTimeout().toMillis() + " ms",
                    null);
        }
        if (cause instanceof HttpTimeoutException) {
            return new Failed(
                    Failure.UNAVAILABLE,
                    true,
                    "no answer from " + host + " within "
                            + options.requestTimeout().toMillis() + " ms",
                    null);
        }
        if (cause instanceof SSLException) {
            return new Failed(
                    Failure.UNAVAILABLE,
                    false,
                    "TLS with " + host + " failed: " + redactor.clean(cause.getMessage()),
                    cause);
        }
        if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
            return new Failed(
                    Failure.UNAVAILABLE,
                    true,
                    "could not connect to " + host + ": " + cause.getClass().getSimpleName(),
                    cause);
        }
        String what = cause == null
                ? "unknown error"
                : cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + redactor.clean(cause.getMessage()));
        return new Failed(Failure.UNAVAILABLE, true, "connection to " + host + " failed: " + what, cause);
    }

    /** No complete answer within the request timeout (a slow or endless body). */
    Failed timedOut(String host, HttpOptions options) {
        return new Failed(
                Failure.UNAVAILABLE,
                true,
                "no complete answer from " + host + " within "
                        + options.requestTimeout().toMillis() + " ms",
                null);
    }

    /** What to check, for the failures a person can fix. */
    static String hint(Failure failure) {
        return switch (failure) {
            case AUTHENTICATION -> "; check the credentials";
            case PERMISSION -> "; these credentials may not read this";
            case ACCOUNT_NOT_FOUND -> "; check the account id and the base URL";
            default -> "";
        };
    }
}
