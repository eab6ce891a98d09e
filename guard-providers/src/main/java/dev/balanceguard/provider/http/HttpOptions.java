package dev.balanceguard.provider.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a provider client talks HTTP: timeouts, bounded retries and the response-size cap. Immutable;
 * {@link #defaults()} suits the providers' public APIs.
 *
 * <p>A fetch makes at most {@code 1 + maxRetries} attempts. It retries only timeouts, connection failures,
 * HTTP 429 and 5xx answers, waiting an exponential backoff with jitter (from {@code initialBackoff}, doubling,
 * at most {@code maxBackoff}) or exactly what the provider's {@code Retry-After} asks. The waits of one fetch
 * add up to at most {@code maxRetryWait}: when the next wait would pass it, the fetch gives up at once and
 * the exception carries the provider's requested delay. HTTP 401, 403 and 404 are never retried.
 */
public final class HttpOptions {

    /** How the transport waits between attempts; {@code Thread.sleep} unless replaced (tests, virtual time). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final HttpOptions DEFAULTS = builder().build();

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxRetryWait;
    private final int maxResponseBytes;
    private final Sleeper sleeper;
    private final Clock clock;

    private HttpOptions(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.maxRetries = b.maxRetries;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.maxRetryWait = b.maxRetryWait;
        this.maxResponseBytes = b.maxResponseBytes;
        this.sleeper = b.sleeper;
        this.clock = b.clock;
    }

    /** Connect 5 s, request 10 s, 2 retries, backoff 250 ms to 4 s, at most 15 s of waiting, answers up to 64 KiB. */
    public static HttpOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.maxRetries = maxRetries;
        b.initialBackoff = initialBackoff;
        b.maxBackoff = maxBackoff;
        b.maxRetryWait = maxRetryWait;
        b.maxResponseBytes = maxResponseBytes;
        b.sleeper = sleeper;
        b.clock = clock;
        return b;
    }

    /** Time to open the TCP/TLS connection. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Time for one attempt, from sending the request to the last byte of the answer. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** Retries after the first attempt. */
    public int maxRetries() {
        return maxRetries;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** The most one fetch waits between its attempts, in total. */
    public Duration maxRetryWait() {
        return maxRetryWait;
    }

    /** How waits between attempts are made. */
    public Sleeper sleeper() {
        return sleeper;
    }

    /** The clock that stamps readings and reads {@code Retry-After} dates. */
    public Clock clock() {
        return clock;
    }

    /** Answers longer than this are unreadable, whatever they contain. */
    public int maxResponseBytes() {
        return maxResponseBytes;
    }

    /** These options, with room for answers of at least {@code bytes} (a provider's whole price list, say). */
    public HttpOptions withMaxResponseBytesAtLeast(int bytes) {
        return bytes <= maxResponseBytes
                ? this
                : toBuilder().maxResponseBytes(bytes).build();
    }

    @Override
    public String toString() {
        return "HttpOptions{connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", maxRetries=" + maxRetries + ", backoff=" + initialBackoff + ".." + maxBackoff
                + ", maxRetryWait=" + maxRetryWait + ", maxResponseBytes=" + maxResponseBytes + "}";
    }

    /** Builds {@link HttpOptions}; every setting has the default of {@link HttpOptions#defaults()}. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private int maxRetries = 2;
        private Duration initialBackoff = Duration.ofMillis(250);
        private Duration maxBackoff = Duration.ofSeconds(4);
        private Duration maxRetryWait = Duration.ofSeconds(15);
        private int maxResponseBytes = 64 * 1024;
        private Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** Retries after the first attempt; 0 disables retrying. */
        public Builder maxRetries(int retries) {
            if (retries < 0 || retries > 10) {
                throw new IllegalArgumentException("maxRetries must be between 0 and 10, was " + retries);
            }
            this.maxRetries = retries;
            return this;
        }

        /** The first backoff and its ceiling; each retry doubles the backoff, and jitter takes up to half off. */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = positive(initial, "initial backoff");
            this.maxBackoff = positive(max, "max backoff");
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("max backoff " + max + " is shorter than initial " + initial);
            }
            return this;
        }

        public Builder maxRetryWait(Duration wait) {
            Objects.requireNonNull(wait, "maxRetryWait");
            if (wait.isNegative()) {
                throw new IllegalArgumentException("maxRetryWait must not be negative, was " + wait);
            }
            this.maxRetryWait = wait;
            return this;
        }

        public Builder maxResponseBytes(int bytes) {
            if (bytes < 256) {
                throw new IllegalArgumentException("maxResponseBytes must be at least 256, was " + bytes);
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public HttpOptions build() {
            return new HttpOptions(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
