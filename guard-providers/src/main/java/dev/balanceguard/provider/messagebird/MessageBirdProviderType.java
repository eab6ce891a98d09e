package dev.balanceguard.provider.messagebird;

import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.ProviderSetting;
import dev.balanceguard.provider.ProviderSettings;
import dev.balanceguard.provider.ProviderType;
import dev.balanceguard.provider.http.HttpSettings;
import java.util.List;

/** Declares the {@code messagebird} provider type for {@link java.util.ServiceLoader}. */
public final class MessageBirdProviderType implements ProviderType {

    private static final List<ProviderSetting> SETTINGS = HttpSettings.withHttp(
            ProviderSetting.of("access-key", "The live access key from the MessageBird dashboard.")
                    .withRequired()
                    .withSecret()
                    .withEnvironmentVariable("MESSAGEBIRD_ACCESS_KEY"),
            ProviderSetting.of("account-id", "A name for the account in metrics and health.")
                    .withDefaultValue("messagebird"));

    /** Called by {@link java.util.ServiceLoader}. */
    public MessageBirdProviderType() {}

    @Override
    public String name() {
        return "messagebird";
    }

    @Override
    public String description() {
        return "MessageBird / Bird (rest.messagebird.com)";
    }

    @Override
    public List<ProviderSetting> settings() {
        return SETTINGS;
    }

    @Override
    public BalanceProvider create(ProviderSettings s) {
        MessageBirdBalanceProvider.Builder b = MessageBirdBalanceProvider.builder();
        s.apply("access-key", b::accessKey);
        s.apply("account-id", b::accountId);
        return HttpSettings.build(s, b, b::build);
    }
}
