package dev.balanceguard.provider.http;

import dev.balanceguard.provider.ProviderSetting;
import dev.balanceguard.provider.ProviderSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/** The settings every client on the shared HTTP transport declares after its own, and how they apply. */
public final class HttpSettings {

    /** The shared HTTP settings of every client on the built-in transport. */
    public static final List<ProviderSetting> HTTP = List.of(
            ProviderSetting.of(
                    "base-url",
                    "The provider's API root; its public default when unset (https; plain "
                            + "http for loopback hosts only)."),
            ProviderSetting.of("connect-timeout", "How long to wait for the provider's connection.")
                    .withDefaultValue("5s"),
            ProviderSetting.of("request-timeout", "How long to wait for the provider's answer.")
                    .withDefaultValue("10s"),
            ProviderSetting.of("max-retry-wait", "The most one fetch waits between retries, in total.")
                    .withDefaultValue("15s"),
            ProviderSetting.of("max-retries", "How often a timeout, 5xx or 429 is retried.")
                    .withDefaultValue("2"));

    private HttpSettings() {}

    /** A type's own settings followed by {@link #HTTP}: the declaration of a client on the shared HTTP options. */
    public static List<ProviderSetting> withHttp(ProviderSetting... own) {
        List<ProviderSetting> all = new ArrayList<>(Arrays.asList(own));
        all.addAll(HTTP);
        return List.copyOf(all);
    }

    /** The {@link HttpOptions} the {@link #HTTP} settings give. */
    public static HttpOptions options(ProviderSettings settings) {
        HttpOptions.Builder b = HttpOptions.builder();
        settings.apply("connect-timeout", v -> b.connectTimeout(ProviderSettings.duration(v)));
        settings.apply("request-timeout", v -> b.requestTimeout(ProviderSettings.duration(v)));
        settings.apply("max-retry-wait", v -> b.maxRetryWait(ProviderSettings.duration(v)));
        settings.apply("max-retries", v -> {
            try {
                b.maxRetries(Integer.parseInt(v));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + v + "' is not a whole number of retries");
            }
        });
        return b.build();
    }

    /**
     * Gives {@code builder} the {@link #HTTP} settings, then builds; a rejection at build (a conflict with the base
     * URL, say) names {@code base-url}.
     */
    public static <P> P build(ProviderSettings settings, HttpProviderBuilder<?> builder, Supplier<P> build) {
        settings.apply("base-url", builder::baseUrl);
        builder.http(options(settings));
        return settings.parse("base-url", build);
    }
}
