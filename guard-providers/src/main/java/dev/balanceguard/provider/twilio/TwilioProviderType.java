package dev.balanceguard.provider.twilio;

import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.ProviderSetting;
import dev.balanceguard.provider.ProviderSettings;
import dev.balanceguard.provider.ProviderType;
import dev.balanceguard.provider.http.HttpSettings;
import java.util.List;

/** Declares the {@code twilio} provider type for {@link java.util.ServiceLoader}. */
public final class TwilioProviderType implements ProviderType {

    private static final List<ProviderSetting> SETTINGS = HttpSettings.withHttp(
            ProviderSetting.of("account-sid", "The Account SID from the Twilio console (AC…).")
                    .withRequired()
                    .withEnvironmentVariable("TWILIO_ACCOUNT_SID"),
            ProviderSetting.of(
                            "auth-token",
                            "The auth token from the Twilio console, or api-key-sid and " + "api-key-secret.")
                    .withSecret()
                    .withEnvironmentVariable("TWILIO_AUTH_TOKEN"),
            ProviderSetting.of("api-key-sid", "The API key SID (SK…) that goes with api-key-secret.")
                    .withEnvironmentVariable("TWILIO_API_KEY"),
            ProviderSetting.of("api-key-secret", "The secret of API key api-key-sid.")
                    .withSecret()
                    .withEnvironmentVariable("TWILIO_API_SECRET"),
            ProviderSetting.of("region", "A Twilio region such as ie1 or au1."),
            ProviderSetting.of("edge", "A Twilio edge location such as dublin, used with region."),
            ProviderSetting.of(
                            "webhook-secret",
                            "Signs status callbacks (balance-guard.webhooks): the auth token; auth-token when unset.")
                    .withSecret()
                    .withEnvironmentVariable("TWILIO_WEBHOOK_SECRET"));

    /** Called by {@link java.util.ServiceLoader}. */
    public TwilioProviderType() {}

    @Override
    public String name() {
        return "twilio";
    }

    @Override
    public String description() {
        return "Twilio (api.twilio.com)";
    }

    @Override
    public List<ProviderSetting> settings() {
        return SETTINGS;
    }

    @Override
    public BalanceProvider create(ProviderSettings s) {
        TwilioBalanceProvider.Builder b = TwilioBalanceProvider.builder();
        s.apply("account-sid", b::accountSid);
        boolean apiKey = s.has("api-key-sid") || s.has("api-key-secret");
        if (apiKey && s.has("auth-token")) {
            throw s.invalid("auth-token", "give auth-token or api-key-sid with api-key-secret, not both");
        }
        if (apiKey) {
            String sid = s.require("api-key-sid", "the API key SID (SK…) that goes with api-key-secret");
            String secret = s.require("api-key-secret", "the secret of API key api-key-sid");
            s.apply("api-key-sid", () -> b.apiKey(sid, secret));
        } else {
            String token = s.require(
                    "auth-token", "the auth token from the Twilio console, or api-key-sid and " + "api-key-secret");
            s.apply("auth-token", () -> b.authToken(token));
        }
        s.apply("region", b::region);
        s.apply("edge", b::edge);
        return HttpSettings.build(s, b, b::build);
    }
}
