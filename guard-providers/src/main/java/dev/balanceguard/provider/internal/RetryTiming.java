package dev.balanceguard.provider.internal;

import dev.balanceguard.provider.http.HttpOptions;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * When to try again: the provider's requested delay ({@code Retry-After}, or an opted-in {@code X-RateLimit-Reset}),
 * else exponential backoff with jitter, within the options' retry count and total wait budget. Whether a failure may
 * be retried at all is {@link FailureMapping}'s call, not this one's. Immutable; a {@link Schedule} is one fetch's.
 */
final class RetryTiming {

    private final HttpOptions options;
    private final boolean honourRateLimitReset;
    private final LongUnaryOperator random;

    RetryTiming(HttpOptions options, boolean honourRateLimitReset) {
        this(options, honourRateLimitReset, bound -> ThreadLocalRandom.current().nextLong(bound));
    }

    /** @param random a number in {@code [0, bound)} for each {@code bound} (the jitter) */
    RetryTiming(HttpOptions options, boolean honourRateLimitReset, LongUnaryOperator random) {
        this.options = options;
        this.honourRateLimitReset = honourRateLimitReset;
        this.random = random;
    }

    /** A new fetch's schedule: nothing waited yet. */
    Schedule schedule() {
        return new Schedule();
    }

    /** The waits of one fetch, which add up to at most {@link HttpOptions#maxRetryWait()}. Not thread-safe. */
    final class Schedule {
        private Duration waited = Duration.ZERO;

        private Schedule() {}

        /**
         * The wait before the next attempt, after failed attempt number {@code attempt} (from 1), or empty to give
         * up: no retries left, or the wait would pass the budget (then the fetch gives up at once, not after it).
         *
         * @param requested the delay the provider asked for, or {@code null} for backoff
         */
        Optional<Duration> next(int attempt, @Nullable Duration requested) {
            if (attempt > options.maxRetries()) {
                return Optional.empty();
            }
            Duration wait = requested != null ? requested : backoff(attempt);
            if (waited.plus(wait).compareTo(options.maxRetryWait()) > 0) {
                return Optional.empty();
            }
            waited = waited.plus(wait);
            return Optional.of(wait);
        }
    }

    /** Attempt {@code n}'s backoff: {@code initial × 2^(n-1)} up to the ceiling, less a random part of up to half. */
    Duration backoff(int attempt) {
        long initial = options.initialBackoff().toMillis();
        long ceiling = options.maxBackoff().toMillis();
        long full = Math.min(ceiling, initial << Math.min(attempt - 1, 20));
        long half = full / 2;
        return Duration.ofMillis(half + random.applyAsLong(full - half + 1));
    }

    /**
     * The delay the provider asked for in {@code headers}, by the options' clock: {@code Retry-After}, else for a
     * rate-limited answer an opted-in {@code X-RateLimit-Reset} (the end of the window); empty when it asked for none.
     */
    Optional<Duration> requested(HttpHeaders headers, boolean rateLimited) {
        Instant now = options.clock().instant();
        Optional<Duration> retryAfter = headers.firstValue("Retry-After").flatMap(v -> parseRetryAfter(v, now));
        if (retryAfter.isPresent() || !rateLimited || !honourRateLimitReset) {
            return retryAfter;
        }
        return headers.firstValue("X-RateLimit-Reset").flatMap(v -> parseRateLimitReset(v, now));
    }

    /** {@code Retry-After}: whole seconds, or an HTTP date (a past one means now). */
    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        String v = value.strip();
        if (v.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            Instant at =
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code X-RateLimit-Reset}: Exotel sends epoch seconds, Telnyx seconds from now, some gateways epoch millis. */
    static Optional<Duration> parseRateLimitReset(String value, Instant now) {
        String v = value.strip();
        if (!v.matches("\\d{1,15}")) {
            return Optional.empty();
        }
        long n = Long.parseLong(v);
        if (n < 1_000_000_000L) {
            return Optional.of(Duration.ofSeconds(n));
        }
        Instant at = n >= 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
        return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    }
}
