package dev.balanceguard.provider.plivo;

import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.ProviderSetting;
import dev.balanceguard.provider.ProviderSettings;
import dev.balanceguard.provider.ProviderType;
import dev.balanceguard.provider.http.HttpSettings;
import java.util.List;

/** Declares the {@code plivo} provider type for {@link java.util.ServiceLoader}. */
public final class PlivoProviderType implements ProviderType {

    private static final List<ProviderSetting> SETTINGS = HttpSettings.withHttp(
            ProviderSetting.of("auth-id", "The Auth ID from the Plivo console.")
                    .withRequired()
                    .withEnvironmentVariable("PLIVO_AUTH_ID"),
            ProviderSetting.of("auth-token", "The auth token from the Plivo console.")
                    .withRequired()
                    .withSecret()
                    .withEnvironmentVariable("PLIVO_AUTH_TOKEN"),
            ProviderSetting.of("currency", "The account's currency (Plivo's answer names none).")
                    .withDefaultValue("USD"),
            ProviderSetting.of(
                            "webhook-secret",
                            "Signs message callbacks (balance-guard.webhooks): the auth token; auth-token when unset.")
                    .withSecret()
                    .withEnvironmentVariable("PLIVO_WEBHOOK_SECRET"));

    /** Called by {@link java.util.ServiceLoader}. */
    public PlivoProviderType() {}

    @Override
    public String name() {
        return "plivo";
    }

    @Override
    public String description() {
        return "Plivo (api.plivo.com)";
    }

    @Override
    public List<ProviderSetting> settings() {
        return SETTINGS;
    }

    @Override
    public BalanceProvider create(ProviderSettings s) {
        PlivoBalanceProvider.Builder b = PlivoBalanceProvider.builder();
        s.apply("auth-id", b::authId);
        s.apply("auth-token", b::authToken);
        s.apply("currency", b::currency);
        return HttpSettings.build(s, b, b::build);
    }
}
