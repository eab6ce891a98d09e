package dev.balanceguard.provider.internal;

import dev.balanceguard.pricing.PricingSource;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.http.BaseUrlPolicy;
import dev.balanceguard.provider.http.HttpOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP transport shared by balance-guard's provider clients. It orchestrates four pieces, each the one place for
 * its rule: {@link BaseUrlPolicy} (https only, plain http to loopback), {@link RetryTiming} (backoff, the provider's
 * requested delay, the wait budget), {@link FailureMapping} (status and error body to a failure; 401, 403 and 404
 * never retried) and {@link Redactor} (no credential in any message). Credentials travel in one header only; answers
 * are capped in size. For the clients in {@code dev.balanceguard.provider.*}; not a general-purpose HTTP client.
 * Thread-safe.
 */
public final class HttpTransport {

    private static final System.Logger LOG = System.getLogger(HttpTransport.class.getName());

    /** {@code balance-guard/<version>}. */
    public static final String USER_AGENT = "balance-guard/" + version();

    private final String provider;
    private final URI baseUrl;
    private final String authorizationHeader;
    private final String authorization;
    private final List<String> secrets;
    private final HttpOptions options;
    private final boolean honourRateLimitReset;
    private final Redactor redactor;
    private final FailureMapping failures;
    private final RetryTiming timing;
    private final HttpClient client;

    private HttpTransport(Builder b) {
        this.provider = Objects.requireNonNull(b.provider, "provider");
        this.baseUrl = Objects.requireNonNull(b.baseUrl, "baseUrl");
        this.authorization = Objects.requireNonNull(b.authorization, "authorization");
        this.authorizationHeader = b.authorizationHeader;
        this.secrets = List.copyOf(b.secrets);
        this.options = b.options;
        this.honourRateLimitReset = b.honourRateLimitReset;
        List<String> hidden = new ArrayList<>(secrets);
        hidden.add(authorization);
        this.redactor = new Redactor(hidden);
        this.failures = new FailureMapping(redactor);
        this.timing = new RetryTiming(options, honourRateLimitReset);
        this.client = HttpClient.newBuilder()
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(ProxySelector.getDefault())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public static Builder builder(String provider) {
        return new Builder(provider);
    }

    /** A builder for {@code provider} at {@code baseUrl} (checked by {@link BaseUrlPolicy}) with {@code options}. */
    public static Builder builder(String provider, String baseUrl, HttpOptions options) {
        return new Builder(provider).baseUrl(checkBaseUrl(baseUrl)).options(options);
    }

    /** {@link BaseUrlPolicy#check(String)}. */
    public static URI checkBaseUrl(String url) {
        return BaseUrlPolicy.check(url);
    }

    public String provider() {
        return provider;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public HttpOptions options() {
        return options;
    }

    Redactor redactor() {
        return redactor;
    }

    /**
     * A transport with this one's provider, credentials and rate-limit handling that asks another host (a
     * provider's pricing API beside its REST API) with other options.
     *
     * @param baseUrl a URL already checked by {@link #checkBaseUrl(String)}
     */
    public HttpTransport withBaseUrl(URI baseUrl, HttpOptions options) {
        Builder b = new Builder(provider).baseUrl(baseUrl).options(options);
        b.authorizationHeader = authorizationHeader;
        b.authorization = authorization;
        b.secrets.addAll(secrets);
        b.honourRateLimitReset = honourRateLimitReset;
        return b.build();
    }

    /**
     * This transport's credentials on the provider's pricing API, with room for a whole price list
     * ({@link PricingSource#MAX_PRICE_LIST_BYTES}).
     *
     * @param baseUrl the pricing API's root as the user gave it, or {@code null}/blank for the provider's
     * @param publicBaseUrl the provider's pricing host, or {@code null} when it is this transport's own host
     * @throws IllegalArgumentException when {@code baseUrl} breaks the {@link BaseUrlPolicy}
     */
    public HttpTransport forPricing(@Nullable String baseUrl, @Nullable String publicBaseUrl) {
        URI base = baseUrl != null && !baseUrl.isBlank()
                ? checkBaseUrl(baseUrl)
                : publicBaseUrl != null ? checkBaseUrl(publicBaseUrl) : this.baseUrl;
        return withBaseUrl(base, options.withMaxResponseBytesAtLeast(PricingSource.MAX_PRICE_LIST_BYTES));
    }

    /** Now, by the options' clock: the {@code fetchedAt} of the readings this transport fetches. */
    public Instant now() {
        return options.clock().instant();
    }

    /**
     * GETs {@code path} (which starts with {@code /}) below the base URL, retrying as the options allow.
     *
     * @param accept the {@code Accept} header
     * @param errors reads the provider's error body; may return {@code null} when it cannot
     * @return a 2xx answer
     * @throws ProviderException for every other outcome
     */
    public Answer get(String path, String accept, Function<Answer, @Nullable WireError> errors) {
        URI uri = URI.create(baseUrl + path);
        RetryTiming.Schedule schedule = timing.schedule();
        for (int attempt = 1; ; attempt++) {
            CompletableFuture<HttpResponse<byte[]>> future = send(uri, accept);
            FailureMapping.Failed failed;
            Duration requested = null;
            try {
                // the request timeout covers only the headers; this bounds the body too (a slow, endless answer)
                HttpResponse<byte[]> response =
                        future.get(options.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
                Answer answer = new Answer(this, response.statusCode(), response.headers(), response.body());
                if (answer.status() / 100 == 2) {
                    return answer;
                }
                failed = failures.forAnswer(
                        answer.status(),
                        readError(answer, errors),
                        answer.header("Location").orElse(null));
                if (failed.retryable() || failed.failure() == Failure.RATE_LIMITED) {
                    requested = timing.requested(response.headers(), failed.failure() == Failure.RATE_LIMITED)
                            .orElse(null);
                }
            } catch (TimeoutException e) {
                future.cancel(true);
                failed = failures.timedOut(hostOf(uri), options);
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw redactor.failure(
                        provider, Failure.UNAVAILABLE, "interrupted while waiting for " + hostOf(uri), null, null);
            } catch (ExecutionException e) {
                failed = failures.forIo(e.getCause(), hostOf(uri), options);
            }
            Optional<Duration> wait = failed.retryable() ? schedule.next(attempt, requested) : Optional.empty();
            if (wait.isEmpty()) {
                String note = attempt > 1 ? " (" + attempt + " attempts)" : "";
                throw redactor.failure(provider, failed.failure(), failed.message() + note, requested, failed.cause());
            }
            String message = redactor.scrub(failed.message());
            LOG.log(
                    System.Logger.Level.DEBUG,
                    () -> provider + ": " + message + "; retrying in "
                            + wait.get().toMillis() + " ms");
            sleep(wait.get());
        }
    }

    private CompletableFuture<HttpResponse<byte[]>> send(URI uri, String accept) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(options.requestTimeout())
                .header(authorizationHeader, authorization)
                .header("Accept", accept)
                .header("User-Agent", USER_AGENT)
                .build();
        return client.sendAsync(request, info -> new CappedBodySubscriber(options.maxResponseBytes(), info));
    }

    private @Nullable WireError readError(Answer answer, Function<Answer, @Nullable WireError> errors) {
        try {
            return errors.apply(answer);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> provider + ": unreadable error body for HTTP " + answer.status());
            return null;
        }
    }

    /**
     * The exception for an error the provider reported with {@code status}: in the error body of an HTTP 200
     * answer (Exotel does that), or anywhere else the HTTP status does not tell.
     */
    public ProviderException refused(int status, @Nullable WireError error, Answer answer) {
        FailureMapping.Failed failed =
                failures.forAnswer(status, error, answer.header("Location").orElse(null));
        return redactor.failure(provider, failed.failure(), failed.message(), null, null);
    }

    private void sleep(Duration wait) {
        try {
            options.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw redactor.failure(provider, Failure.UNAVAILABLE, "interrupted while waiting to retry", null, null);
        }
    }

    private static String hostOf(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    private static String version() {
        try (InputStream in = HttpTransport.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String v = properties.getProperty("version", "");
                if (!v.isBlank() && !v.contains("${")) {
                    return v.strip();
                }
            }
        } catch (IOException e) {
            // fall through: the User-Agent still names balance-guard
        }
        return "unknown";
    }

    @Override
    public String toString() {
        return "HttpTransport{" + provider + " " + baseUrl + "}";
    }

    /** Builds an {@link HttpTransport}. */
    public static final class Builder {
        private final String provider;
        private @Nullable URI baseUrl;
        private @Nullable String authorization;
        private String authorizationHeader = "Authorization";
        private final List<String> secrets = new ArrayList<>();
        private HttpOptions options = HttpOptions.defaults();
        private boolean honourRateLimitReset;

        private Builder(String provider) {
            this.provider = provider;
        }

        /** A URL already checked by {@link BaseUrlPolicy#check(String)}. */
        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** HTTP Basic authentication; the password (and the encoded pair) never appear in a message. */
        public Builder basicAuth(String user, String password) {
            String pair = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            this.authorization = "Basic " + pair;
            secret(password);
            secrets.add(pair);
            return this;
        }

        /** {@code Authorization: <scheme> <token>}, as {@code App}, {@code Bearer}, {@code AccessKey}. */
        public Builder tokenAuth(String scheme, String token) {
            this.authorization = scheme + " " + token;
            return secret(token);
        }

        /**
         * The credential in a header of the provider's own, as Africa's Talking's {@code apiKey: <key>}, instead of
         * {@code Authorization}.
         */
        public Builder headerAuth(String header, String value) {
            if (header == null || !header.matches("[A-Za-z][A-Za-z0-9-]*")) {
                throw new IllegalArgumentException("'" + header + "' is not a header name");
            }
            this.authorizationHeader = header;
            this.authorization = value;
            return secret(value);
        }

        /** Another value to scrub from every message (a key that is sent as a user name, say). */
        public Builder secret(@Nullable String value) {
            if (value != null && value.length() >= 4) {
                secrets.add(value);
            }
            return this;
        }

        public Builder options(HttpOptions options) {
            this.options = Objects.requireNonNull(options);
            return this;
        }

        /** Also honour {@code X-RateLimit-Reset} (Exotel) when there is no {@code Retry-After}. */
        public Builder honourRateLimitReset() {
            this.honourRateLimitReset = true;
            return this;
        }

        public HttpTransport build() {
            return new HttpTransport(this);
        }
    }
}
