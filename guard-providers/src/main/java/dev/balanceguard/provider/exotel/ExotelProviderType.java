package dev.balanceguard.provider.exotel;

import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.ProviderSetting;
import dev.balanceguard.provider.ProviderSettings;
import dev.balanceguard.provider.ProviderType;
import dev.balanceguard.provider.http.HttpSettings;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/** Declares the {@code exotel} provider type for {@link java.util.ServiceLoader}. */
public final class ExotelProviderType implements ProviderType {

    private static final List<ProviderSetting> SETTINGS = HttpSettings.withHttp(
            ProviderSetting.of("sid", "The account SID from the Exotel dashboard.")
                    .withRequired()
                    .withEnvironmentVariable("EXOTEL_SID"),
            ProviderSetting.of("api-key", "The API key from Exotel's API settings.")
                    .withRequired()
                    .withSecret()
                    .withEnvironmentVariable("EXOTEL_API_KEY"),
            ProviderSetting.of("api-token", "The API token from Exotel's API settings.")
                    .withRequired()
                    .withSecret()
                    .withEnvironmentVariable("EXOTEL_API_TOKEN"),
            ProviderSetting.of("region", "The Exotel cluster: singapore or mumbai.")
                    .withDefaultValue("singapore"),
            ProviderSetting.of("time-zone", "The time zone of the account's timestamps.")
                    .withDefaultValue("Asia/Kolkata"),
            ProviderSetting.of("minimum-fetch-interval", "The least time between two balance requests.")
                    .withDefaultValue("60s"));

    /** Called by {@link java.util.ServiceLoader}. */
    public ExotelProviderType() {}

    @Override
    public String name() {
        return "exotel";
    }

    @Override
    public String description() {
        return "Exotel (api.exotel.com, api.in.exotel.com)";
    }

    @Override
    public List<ProviderSetting> settings() {
        return SETTINGS;
    }

    @Override
    public BalanceProvider create(ProviderSettings s) {
        ExotelBalanceProvider.Builder b = ExotelBalanceProvider.builder();
        s.apply("sid", b::sid);
        s.apply("api-key", b::apiKey);
        s.apply("api-token", b::apiToken);
        if (s.has("region") && s.has("base-url")) {
            throw s.invalid("region", "give region or base-url, not both");
        }
        s.apply("region", region -> {
            switch (region.toLowerCase(Locale.ROOT)) {
                case "singapore", "sg" -> b.region(ExotelBalanceProvider.Region.SINGAPORE);
                case "mumbai", "in", "india" -> b.region(ExotelBalanceProvider.Region.MUMBAI);
                default ->
                    throw new IllegalArgumentException(
                            "'" + region + "' is not an Exotel region; use " + "singapore or mumbai");
            }
        });
        s.apply("time-zone", zone -> {
            try {
                b.zone(ZoneId.of(zone));
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("'" + zone + "' is not a time zone such as Asia/Kolkata");
            }
        });
        s.apply("minimum-fetch-interval", v -> b.minimumFetchInterval(ProviderSettings.duration(v)));
        return HttpSettings.build(s, b, b::build);
    }
}
