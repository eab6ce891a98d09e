package dev.balanceguard.provider.infobip;

import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.ProviderSetting;
import dev.balanceguard.provider.ProviderSettings;
import dev.balanceguard.provider.ProviderType;
import dev.balanceguard.provider.http.HttpSettings;
import java.util.List;

/** Declares the {@code infobip} provider type for {@link java.util.ServiceLoader}. */
public final class InfobipProviderType implements ProviderType {

    private static final List<ProviderSetting> SETTINGS = HttpSettings.withHttp(
            ProviderSetting.of("api-key", "The Infobip API key (App auth).")
                    .withSecret()
                    .withEnvironmentVariable("INFOBIP_API_KEY"),
            ProviderSetting.of("username", "The Infobip user name (Basic auth), with password.")
                    .withEnvironmentVariable("INFOBIP_USERNAME"),
            ProviderSetting.of("password", "The Infobip user's password (Basic auth).")
                    .withSecret()
                    .withEnvironmentVariable("INFOBIP_PASSWORD"),
            ProviderSetting.of("ibsso-token", "An Infobip IBSSO token, instead of the API key.")
                    .withSecret()
                    .withEnvironmentVariable("INFOBIP_IBSSO_TOKEN"),
            ProviderSetting.of("bearer-token", "An Infobip OAuth bearer token, instead of the API key.")
                    .withSecret()
                    .withEnvironmentVariable("INFOBIP_BEARER_TOKEN"));

    /** Called by {@link java.util.ServiceLoader}. */
    public InfobipProviderType() {}

    @Override
    public String name() {
        return "infobip";
    }

    @Override
    public String description() {
        return "Infobip (base-url: the account's own host)";
    }

    @Override
    public List<ProviderSetting> settings() {
        return SETTINGS;
    }

    @Override
    public BalanceProvider create(ProviderSettings s) {
        InfobipBalanceProvider.Builder b = InfobipBalanceProvider.builder();
        int kinds = (s.has("api-key") ? 1 : 0)
                + (s.has("username") || s.has("password") ? 1 : 0)
                + (s.has("ibsso-token") ? 1 : 0)
                + (s.has("bearer-token") ? 1 : 0);
        if (kinds == 0) {
            throw s.invalid("api-key", "missing; give the Infobip API key (or username and password)");
        }
        if (kinds > 1) {
            throw s.invalid("api-key", "give one of api-key, username with password, ibsso-token or bearer-token");
        }
        s.apply("api-key", b::apiKey);
        s.apply("ibsso-token", b::ibssoToken);
        s.apply("bearer-token", b::bearerToken);
        if (s.has("username") || s.has("password")) {
            String user = s.require("username", "the Infobip user name that goes with password");
            String password = s.require("password", "the password of the Infobip user");
            s.apply("username", () -> b.basic(user, password));
        }
        return HttpSettings.build(s, b, b::build);
    }
}
