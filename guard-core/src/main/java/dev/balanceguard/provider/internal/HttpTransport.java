package dev.balanceguard.provider.internal;

import dev.balanceguard.ProviderException;
import dev.balanceguard.ProviderException.Failure;
import dev.balanceguard.provider.HttpOptions;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The HTTP transport shared by balance-guard's provider clients: HTTPS only (plain {@code http} only to
 * loopback hosts), credentials in the {@code Authorization} header only, bounded retries with backoff as
 * {@link HttpOptions} describes, a response-size cap, and failures mapped to {@link ProviderException}s.
 * For the clients in {@code dev.balanceguard.provider.*}; not a general-purpose HTTP client. Thread-safe.
 */
public final class HttpTransport {

    private static final System.Logger LOG = System.getLogger(HttpTransport.class.getName());
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}+");
    private static final int MAX_MESSAGE = 200;
    private static final String REDACTED = "[redacted]";

    /** {@code balance-guard/<version>}. */
    public static final String USER_AGENT = "balance-guard/" + version();

    private final String provider;
    private final URI baseUrl;
    private final String authorization;
    private final String authorizationHeader;
    private final List<String> secrets;
    private final HttpOptions options;
    private final boolean honourRateLimitReset;
    private final HttpClient client;

    private HttpTransport(Builder b) {
        this.provider = Objects.requireNonNull(b.provider, "provider");
        this.baseUrl = Objects.requireNonNull(b.baseUrl, "baseUrl");
        this.authorization = Objects.requireNonNull(b.authorization, "authorization");
        this.authorizationHeader = b.authorizationHeader;
        this.secrets = List.copyOf(b.secrets);
        this.options = b.options;
        this.honourRateLimitReset = b.honourRateLimitReset;
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

    public String provider() {
        return provider;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public HttpOptions options() {
        return options;
    }

    /**
     * A transport with this one's provider, credentials and rate-limit handling that asks another host (a
     * provider's pricing API beside its REST API) with other options.
     *
     * @param baseUrl a URL already checked by {@link #checkBaseUrl(String)}
     */
    public HttpTransport withBaseUrl(URI baseUrl, HttpOptions options) {
        Builder b = new Builder(provider).baseUrl(baseUrl).options(options);
        b.authorization = authorization;
        b.secrets.addAll(secrets);
        b.honourRateLimitReset = honourRateLimitReset;
        return b.build();
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
    public Answer get(String path, String accept, Function<Answer, WireError> errors) {
        URI uri = URI.create(baseUrl + path);
        Duration waited = Duration.ZERO;
        for (int attempt = 1; ; attempt++) {
            Attempt outcome = attempt(uri, accept, errors);
            if (outcome.answer != null) {
                return outcome.answer;
            }
            boolean last = attempt > options.maxRetries();
            Duration wait = outcome.retryAfter != null ? outcome.retryAfter : backoff(attempt);
            boolean overBudget = waited.plus(wait).compareTo(options.maxRetryWait()) > 0;
            if (!outcome.retryable || last || overBudget) {
                String note = attempt > 1 ? " (" + attempt + " attempts)" : "";
                throw new ProviderException(provider, outcome.failure, outcome.message + note,
                        outcome.retryAfter, outcome.cause);
            }
            LOG.log(System.Logger.Level.DEBUG, () -> provider + ": " + outcome.message + "; retrying in "
                    + wait.toMillis() + " ms");
            sleep(wait);
            waited = waited.plus(wait);
        }
    }

    /** What one attempt ended in: a 2xx answer, or a classified failure. */
    private record Attempt(Answer answer, Failure failure, String message, boolean retryable, Duration retryAfter,
                           Throwable cause) {
        static Attempt failed(Failure failure, String message, boolean retryable, Throwable cause) {
            return new Attempt(null, failure, message, retryable, null, cause);
        }
    }

    private Attempt attempt(URI uri, String accept, Function<Answer, WireError> errors) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(options.requestTimeout())
                .header(authorizationHeader, authorization)
                .header("Accept", accept)
                .header("User-Agent", USER_AGENT)
                .build();
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request,
                info -> new CappedBodySubscriber(options.maxResponseBytes(), info));
        HttpResponse<byte[]> response;
        try {
            // the request timeout covers only the headers; this bounds the body too (a slow, endless answer)
            response = future.get(options.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return Attempt.failed(Failure.UNAVAILABLE, "no complete answer from " + hostOf(uri) + " within "
                    + options.requestTimeout().toMillis() + " ms", true, null);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ProviderException(provider, Failure.UNAVAILABLE, "interrupted while waiting for "
                    + hostOf(uri));
        } catch (ExecutionException e) {
            return ioFailure(uri, e.getCause());
        }
        Answer answer = new Answer(this, response.statusCode(), response.headers(), response.body());
        return answer.status() / 100 == 2 ? new Attempt(answer, null, null, false, null, null) : classify(answer, errors);
    }

    private Attempt classify(Answer answer, Function<Answer, WireError> errors) {
        int status = answer.status();
        WireError error = null;
        try {
            error = errors.apply(answer);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> provider + ": unreadable error body for HTTP " + status);
        }
        Failure failure = failureFor(status, error);
        boolean retryable = failure.isTransient() && status != 401 && status != 403 && status != 404;
        Duration retryAfter = retryable || failure == Failure.RATE_LIMITED ? retryAfter(answer).orElse(null) : null;
        return new Attempt(null, failure, describe(status, error, answer), retryable, retryAfter, null);
    }

    /**
     * The exception for an error the provider reported with {@code status}: in the error body of an HTTP 200
     * answer (Exotel does that), or anywhere else the HTTP status does not tell.
     */
    public ProviderException refused(int status, WireError error, Answer answer) {
        return new ProviderException(provider, failureFor(status, error), describe(status, error, answer));
    }

    private static Failure failureFor(int status, WireError error) {
        return error != null && error.failure() != null ? error.failure() : failureFor(status);
    }

    private String describe(int status, WireError error, Answer answer) {
        StringBuilder message = new StringBuilder("HTTP ").append(status);
        if (error != null && error.message() != null && !error.message().isBlank()) {
            message.append(": ").append(clean(error.message()));
        }
        if (error != null && error.code() != null && !error.code().isBlank()) {
            message.append(" (code ").append(clean(error.code())).append(')');
        }
        if (status / 100 == 3) {
            message.append(": the provider redirects to ").append(clean(answer.header("Location").orElse("?")))
                    .append("; check the base URL");
        }
        return message.append(hint(failureFor(status, error))).toString();
    }

    private static String hint(Failure failure) {
        return switch (failure) {
            case AUTHENTICATION -> "; check the credentials";
            case PERMISSION -> "; these credentials may not read this";
            case ACCOUNT_NOT_FOUND -> "; check the account id and the base URL";
            default -> "";
        };
    }

    static Failure failureFor(int status) {
        return switch (status) {
            case 401 -> Failure.AUTHENTICATION;
            case 402, 403 -> Failure.PERMISSION;
            case 404 -> Failure.ACCOUNT_NOT_FOUND;
            case 408 -> Failure.UNAVAILABLE;
            case 429 -> Failure.RATE_LIMITED;
            default -> status >= 500 && status < 600 ? Failure.UNAVAILABLE
                    : status >= 400 && status < 500 ? Failure.INVALID_REQUEST : Failure.UNREADABLE;
        };
    }

    private Attempt ioFailure(URI uri, Throwable cause) {
        String host = hostOf(uri);
        if (cause instanceof CappedBodySubscriber.TooLargeException) {
            return Attempt.failed(Failure.UNREADABLE, cause.getMessage(), false, null);
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return Attempt.failed(Failure.UNAVAILABLE, "could not connect to " + host + " within "
                    + options.connectTimeout().toMillis() + " ms", true, null);
        }
        if (cause instanceof HttpTimeoutException) {
            return Attempt.failed(Failure.UNAVAILABLE, "no answer from " + host + " within "
                    + options.requestTimeout().toMillis() + " ms", true, null);
        }
        if (cause instanceof SSLException) {
            return Attempt.failed(Failure.UNAVAILABLE, "TLS with " + host + " failed: " + clean(cause.getMessage()),
                    false, cause);
        }
        if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
            return Attempt.failed(Failure.UNAVAILABLE, "could not connect to " + host + ": "
                    + cause.getClass().getSimpleName(), true, cause);
        }
        String what = cause == null ? "unknown error" : cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + clean(cause.getMessage()));
        return Attempt.failed(Failure.UNAVAILABLE, "connection to " + host + " failed: " + what, true, cause);
    }

    private Duration backoff(int attempt) {
        long initial = options.initialBackoff().toMillis();
        long ceiling = options.maxBackoff().toMillis();
        long full = Math.min(ceiling, initial << Math.min(attempt - 1, 20));
        long half = full / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(full - half + 1));
    }

    private void sleep(Duration wait) {
        try {
            options.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(provider, Failure.UNAVAILABLE, "interrupted while waiting to retry");
        }
    }

    /** The provider's requested delay: {@code Retry-After} (seconds or HTTP-date), else an opted-in {@code X-RateLimit-Reset}. */
    Optional<Duration> retryAfter(Answer answer) {
        Instant now = options.clock().instant();
        Optional<Duration> retryAfter = answer.header("Retry-After").flatMap(v -> parseRetryAfter(v, now));
        if (retryAfter.isPresent() || !honourRateLimitReset) {
            return retryAfter;
        }
        return answer.header("X-RateLimit-Reset").flatMap(v -> parseRateLimitReset(v, now));
    }

    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        String v = value.strip();
        if (v.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Exotel sends epoch seconds; some gateways send epoch milliseconds or seconds from now. */
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

    /** Text from the wire or an exception, made safe for a message: no credentials, no control characters, short. */
    String clean(String text) {
        if (text == null) {
            return "";
        }
        String s = text;
        for (String secret : secrets) {
            s = s.replace(secret, REDACTED);
        }
        s = s.replace(authorization, REDACTED);
        s = CONTROL.matcher(s).replaceAll(" ").strip();
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "…";
    }

    private static String hostOf(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    /**
     * Checks and normalises a base URL: {@code https} (a bare host gets {@code https://}), or {@code http} to a
     * loopback host only (localhost, 127.0.0.0/8, ::1); no credentials, query or fragment; no trailing slash.
     *
     * @throws IllegalArgumentException naming the problem (never echoing credentials)
     */
    public static URI checkBaseUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the base URL is empty");
        }
        String text = url.strip();
        if (!text.contains("://")) {
            text = "https://" + text;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the base URL is not a valid URL (" + e.getReason() + ")");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the base URL must not carry credentials (user:password@host); "
                    + "give them as the provider's credential settings instead");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("the base URL " + uri + " names no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the base URL " + uri.getScheme() + "://" + uri.getRawAuthority()
                    + uri.getRawPath() + " must not have a query or fragment");
        }
        if (scheme.equals("http") && !isLoopback(host)) {
            throw new IllegalArgumentException("the base URL " + uri + " uses plain http; only https is allowed, "
                    + "except for loopback hosts (localhost, 127.0.0.0/8, ::1)");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the base URL " + uri + " is not an https URL");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!IPV4.matcher(h).matches() && !h.contains(":")) {
            return false; // a name: never resolved here, so DNS cannot make it "loopback"
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String version() {
        try (InputStream in = HttpTransport.class.getResourceAsStream("/dev/balanceguard/version.properties")) {
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
        private URI baseUrl;
        private String authorization;
        private String authorizationHeader = "Authorization";
        private final List<String> secrets = new ArrayList<>();
        private HttpOptions options = HttpOptions.defaults();
        private boolean honourRateLimitReset;

        private Builder(String provider) {
            this.provider = provider;
        }

        /** A URL already checked by {@link #checkBaseUrl(String)}. */
        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** HTTP Basic authentication; the password (and the encoded pair) never appear in a message. */
        public Builder basicAuth(String user, String password) {
            String pair = Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8));
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
        public Builder secret(String value) {
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
