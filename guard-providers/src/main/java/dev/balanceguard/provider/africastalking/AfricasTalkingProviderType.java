package dev.balanceguard.provider.africastalking;

import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.ProviderSetting;
import dev.balanceguard.provider.ProviderSettings;
import dev.balanceguard.provider.ProviderType;
import dev.balanceguard.provider.http.HttpSettings;
import java.util.List;

/** Declares the {@code africastalking} provider type for {@link java.util.ServiceLoader}. */
public final class AfricasTalkingProviderType implements ProviderType {

    private static final List<ProviderSetting> SETTINGS = HttpSettings.withHttp(
            ProviderSetting.of("username", "The application's user name (sandbox for the sandbox).")
                    .withRequired()
                    .withEnvironmentVariable("AT_USERNAME"),
            ProviderSetting.of("api-key", "The application's API key.")
                    .withRequired()
                    .withSecret()
                    .withEnvironmentVariable("AT_API_KEY"));

    /** Called by {@link java.util.ServiceLoader}. */
    public AfricasTalkingProviderType() {}

    @Override
    public String name() {
        return "africastalking";
    }

    @Override
    public String description() {
        return "Africa's Talking (api.africastalking.com)";
    }

    @Override
    public List<ProviderSetting> settings() {
        return SETTINGS;
    }

    @Override
    public BalanceProvider create(ProviderSettings s) {
        AfricasTalkingBalanceProvider.Builder b = AfricasTalkingBalanceProvider.builder();
        s.apply("username", b::username);
        s.apply("api-key", b::apiKey);
        return HttpSettings.build(s, b, b::build);
    }
}
