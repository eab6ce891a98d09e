package dev.balanceguard.provider.vonage;

import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.ProviderSetting;
import dev.balanceguard.provider.ProviderSettings;
import dev.balanceguard.provider.ProviderType;
import dev.balanceguard.provider.http.HttpSettings;
import java.util.List;

/** Declares the {@code vonage} provider type for {@link java.util.ServiceLoader}. */
public final class VonageProviderType implements ProviderType {

    private static final List<ProviderSetting> SETTINGS = HttpSettings.withHttp(
            ProviderSetting.of("api-key", "The API key from the Vonage dashboard.")
                    .withRequired()
                    .withEnvironmentVariable("VONAGE_API_KEY"),
            ProviderSetting.of("api-secret", "The API secret from the Vonage dashboard.")
                    .withRequired()
                    .withSecret()
                    .withEnvironmentVariable("VONAGE_API_SECRET"),
            ProviderSetting.of("currency", "The account's currency, e.g. EUR (Vonage's answer names none).")
                    .withRequired(),
            ProviderSetting.of(
                            "webhook-secret",
                            "The signature secret (not api-secret) that signs webhooks, for balance-guard.webhooks.")
                    .withSecret()
                    .withEnvironmentVariable("VONAGE_SIGNATURE_SECRET"),
            ProviderSetting.of(
                    "webhook-signature-method",
                    "Also take SMS API callbacks signed with a sig parameter, by this method: md5hash, md5, sha1, "
                            + "sha256 or sha512 (the dashboard's); unset: only signed JWTs."));

    /** Called by {@link java.util.ServiceLoader}. */
    public VonageProviderType() {}

    @Override
    public String name() {
        return "vonage";
    }

    @Override
    public String description() {
        return "Vonage / Nexmo (rest.nexmo.com)";
    }

    @Override
    public List<ProviderSetting> settings() {
        return SETTINGS;
    }

    @Override
    public BalanceProvider create(ProviderSettings s) {
        VonageBalanceProvider.Builder b = VonageBalanceProvider.builder();
        s.apply("api-key", b::apiKey);
        s.apply("api-secret", b::apiSecret);
        s.apply("currency", b::currency);
        return HttpSettings.build(s, b, b::build);
    }
}
