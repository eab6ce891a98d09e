package dev.balanceguard.provider.telnyx;

import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.ProviderSetting;
import dev.balanceguard.provider.ProviderSettings;
import dev.balanceguard.provider.ProviderType;
import dev.balanceguard.provider.http.HttpSettings;
import java.util.List;

/** Declares the {@code telnyx} provider type for {@link java.util.ServiceLoader}. */
public final class TelnyxProviderType implements ProviderType {

    private static final List<ProviderSetting> SETTINGS = HttpSettings.withHttp(
            ProviderSetting.of("api-key", "The API key (v2) from the Telnyx portal.")
                    .withRequired()
                    .withSecret()
                    .withEnvironmentVariable("TELNYX_API_KEY"),
            ProviderSetting.of("account-id", "A name for the account in metrics and health.")
                    .withDefaultValue("telnyx"),
            ProviderSetting.of(
                    "webhook-public-key",
                    "The account's public key (base64) that verifies webhooks, for balance-guard.webhooks."));

    /** Called by {@link java.util.ServiceLoader}. */
    public TelnyxProviderType() {}

    @Override
    public String name() {
        return "telnyx";
    }

    @Override
    public String description() {
        return "Telnyx (api.telnyx.com)";
    }

    @Override
    public List<ProviderSetting> settings() {
        return SETTINGS;
    }

    @Override
    public BalanceProvider create(ProviderSettings s) {
        TelnyxBalanceProvider.Builder b = TelnyxBalanceProvider.builder();
        s.apply("api-key", b::apiKey);
        s.apply("account-id", b::accountId);
        return HttpSettings.build(s, b, b::build);
    }
}
