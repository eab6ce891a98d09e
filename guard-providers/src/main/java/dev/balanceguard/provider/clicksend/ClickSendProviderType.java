package dev.balanceguard.provider.clicksend;

import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.ProviderSetting;
import dev.balanceguard.provider.ProviderSettings;
import dev.balanceguard.provider.ProviderType;
import dev.balanceguard.provider.http.HttpSettings;
import java.util.List;

/** Declares the {@code clicksend} provider type for {@link java.util.ServiceLoader}. */
public final class ClickSendProviderType implements ProviderType {

    private static final List<ProviderSetting> SETTINGS = HttpSettings.withHttp(
            ProviderSetting.of("username", "The ClickSend username.")
                    .withRequired()
                    .withEnvironmentVariable("CLICKSEND_USERNAME"),
            ProviderSetting.of("api-key", "The API key from the ClickSend dashboard.")
                    .withRequired()
                    .withSecret()
                    .withEnvironmentVariable("CLICKSEND_API_KEY"));

    /** Called by {@link java.util.ServiceLoader}. */
    public ClickSendProviderType() {}

    @Override
    public String name() {
        return "clicksend";
    }

    @Override
    public String description() {
        return "ClickSend (rest.clicksend.com)";
    }

    @Override
    public List<ProviderSetting> settings() {
        return SETTINGS;
    }

    @Override
    public BalanceProvider create(ProviderSettings s) {
        ClickSendBalanceProvider.Builder b = ClickSendBalanceProvider.builder();
        s.apply("username", b::username);
        s.apply("api-key", b::apiKey);
        return HttpSettings.build(s, b, b::build);
    }
}
