package dev.balanceguard.provider.http;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the builders of the built-in HTTP clients share: where the provider's API is ({@link #baseUrl}) and how to
 * talk HTTP to it ({@link #http}). Each client's own builder adds its credentials and settings.
 *
 * @param <B> the concrete builder, returned for chaining
 */
public abstract class HttpProviderBuilder<B extends HttpProviderBuilder<B>> {

    private @Nullable String baseUrl;
    private HttpOptions http = HttpOptions.defaults();

    /** For the clients' builders. */
    protected HttpProviderBuilder() {}

    /**
     * The API root instead of the provider's public host: {@code https} (a bare host such as
     * {@code xxxxx.api.infobip.com} gets {@code https://}), or plain {@code http} to a loopback host only (localhost,
     * 127.0.0.0/8, ::1); no credentials, query or fragment.
     *
     * @throws IllegalArgumentException naming the problem, at once (never echoing credentials)
     */
    public B baseUrl(String baseUrl) {
        BaseUrlPolicy.check(baseUrl);
        this.baseUrl = baseUrl;
        return self();
    }

    /** Timeouts, retries and the answer-size cap; {@link HttpOptions#defaults()} unless set. */
    public B http(HttpOptions options) {
        this.http = Objects.requireNonNull(options, "options");
        return self();
    }

    /** The URL given to {@link #baseUrl(String)}, or {@code fallback} when none was. */
    protected final String baseUrlOr(String fallback) {
        return baseUrl != null ? baseUrl : fallback;
    }

    /** Whether {@link #baseUrl(String)} was given. */
    protected final boolean hasBaseUrl() {
        return baseUrl != null;
    }

    /** The options given to {@link #http(HttpOptions)}, or the defaults. */
    protected final HttpOptions http() {
        return http;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
