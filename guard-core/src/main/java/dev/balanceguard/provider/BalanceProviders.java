package dev.balanceguard.provider;

import dev.balanceguard.BalanceProvider;
import dev.balanceguard.Money;
import dev.balanceguard.provider.exotel.ExotelBalanceProvider;
import dev.balanceguard.provider.infobip.InfobipBalanceProvider;
import dev.balanceguard.provider.messagebird.MessageBirdBalanceProvider;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.provider.twilio.TwilioBalanceProvider;

import java.time.Duration;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates a provider from string settings, as the Spring properties {@code balance-guard.accounts.<name>.*}
 * and the command-line tool give them.
 *
 * <table>
 * <caption>Settings by type (blank values count as missing, except that a blank {@code base-url} is an error;
 * unknown keys are ignored)</caption>
 * <tr><th>type</th><th>settings</th></tr>
 * <tr><td>{@code twilio}</td><td>{@code account-sid}, and {@code auth-token} or {@code api-key-sid} +
 *   {@code api-key-secret}; optional {@code region}, {@code edge}</td></tr>
 * <tr><td>{@code exotel}</td><td>{@code sid}, {@code api-key}, {@code api-token}; optional
 *   {@code region} ({@code singapore} | {@code mumbai}), {@code time-zone} (default Asia/Kolkata),
 *   {@code minimum-fetch-interval} (default 60s)</td></tr>
 * <tr><td>{@code infobip}</td><td>{@code api-key}, or {@code username} + {@code password}, or
 *   {@code ibsso-token}, or {@code bearer-token}; {@code base-url} is the account's own host</td></tr>
 * <tr><td>{@code messagebird}</td><td>{@code access-key}; optional {@code account-id}</td></tr>
 * <tr><td>{@code simulator}</td><td>{@code balance}, {@code currency}; optional {@code account-id}</td></tr>
 * <tr><td>all HTTP providers</td><td>optional {@code base-url} (https; plain http for loopback hosts only),
 *   {@code connect-timeout}, {@code request-timeout}, {@code max-retry-wait} (durations such as {@code 5s},
 *   {@code 500ms}, {@code PT5S}; a bare number is milliseconds), {@code max-retries}</td></tr>
 * </table>
 */
public final class BalanceProviders {

    /** The provider types {@link #create} knows. */
    public static final List<String> TYPES = List.of("twilio", "exotel", "infobip", "messagebird", "simulator");

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private BalanceProviders() {
    }

    /**
     * @param type {@code twilio}, {@code exotel}, {@code infobip}, {@code messagebird} or {@code simulator}
     * @param settings the type's settings, by key
     * @throws InvalidProviderSettingsException naming the missing, malformed or conflicting setting
     */
    public static BalanceProvider create(String type, Map<String, String> settings) {
        String t = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
        Settings s = new Settings(t, settings == null ? Map.of() : settings);
        if (s.values.containsKey("base-url") && s.value("base-url") == null) {
            // an empty URL must not quietly mean "the provider's public host": it is usually a variable left unset
            throw s.invalid("base-url", "empty; give the API's URL, or leave the setting out for the provider's "
                    + "public default");
        }
        return switch (t) {
            case "twilio" -> twilio(s);
            case "exotel" -> exotel(s);
            case "infobip" -> infobip(s);
            case "messagebird" -> messagebird(s);
            case "simulator" -> simulator(s);
            default -> throw new InvalidProviderSettingsException(type == null || type.isBlank() ? "?" : type,
                    "provider", "unknown provider type; use one of twilio, exotel, infobip, messagebird, simulator");
        };
    }

    private static BalanceProvider twilio(Settings s) {
        TwilioBalanceProvider.Builder b = TwilioBalanceProvider.builder();
        s.apply("account-sid", true, "the Account SID from the Twilio console (AC…)", b::accountSid);
        boolean apiKey = s.has("api-key-sid") || s.has("api-key-secret");
        if (apiKey && s.has("auth-token")) {
            throw s.invalid("auth-token", "give auth-token or api-key-sid with api-key-secret, not both");
        }
        if (apiKey) {
            String sid = s.require("api-key-sid", "the API key SID (SK…) that goes with api-key-secret");
            String secret = s.require("api-key-secret", "the secret of API key api-key-sid");
            s.apply("api-key-sid", () -> b.apiKey(sid, secret));
        } else {
            s.apply("auth-token", true, "the auth token from the Twilio console, or api-key-sid and "
                    + "api-key-secret", b::authToken);
        }
        s.apply("region", false, null, b::region);
        s.apply("edge", false, null, b::edge);
        s.apply("base-url", false, null, b::baseUrl);
        b.http(s.http());
        return s.build("base-url", b::build);
    }

    private static BalanceProvider exotel(Settings s) {
        ExotelBalanceProvider.Builder b = ExotelBalanceProvider.builder();
        s.apply("sid", true, "the account SID from the Exotel dashboard", b::sid);
        s.apply("api-key", true, "the API key from Exotel's API settings", b::apiKey);
        s.apply("api-token", true, "the API token from Exotel's API settings", b::apiToken);
        if (s.has("region") && s.has("base-url")) {
            throw s.invalid("region", "give region or base-url, not both");
        }
        s.apply("region", false, null, region -> {
            switch (region.toLowerCase(Locale.ROOT)) {
                case "singapore", "sg" -> b.region(ExotelBalanceProvider.Region.SINGAPORE);
                case "mumbai", "in", "india" -> b.region(ExotelBalanceProvider.Region.MUMBAI);
                default -> throw new IllegalArgumentException("'" + region + "' is not an Exotel region; use "
                        + "singapore or mumbai");
            }
        });
        s.apply("base-url", false, null, b::baseUrl);
        s.apply("time-zone", false, null, zone -> {
            try {
                b.zone(ZoneId.of(zone));
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("'" + zone + "' is not a time zone such as Asia/Kolkata");
            }
        });
        s.apply("minimum-fetch-interval", false, null, v -> b.minimumFetchInterval(duration(v)));
        b.http(s.http());
        return s.build("base-url", b::build);
    }

    private static BalanceProvider infobip(Settings s) {
        InfobipBalanceProvider.Builder b = InfobipBalanceProvider.builder();
        int kinds = (s.has("api-key") ? 1 : 0) + (s.has("username") || s.has("password") ? 1 : 0)
                + (s.has("ibsso-token") ? 1 : 0) + (s.has("bearer-token") ? 1 : 0);
        if (kinds == 0) {
            throw s.invalid("api-key", "missing; give the Infobip API key (or username and password)");
        }
        if (kinds > 1) {
            throw s.invalid("api-key", "give one of api-key, username with password, ibsso-token or bearer-token");
        }
        s.apply("api-key", false, null, b::apiKey);
        s.apply("ibsso-token", false, null, b::ibssoToken);
        s.apply("bearer-token", false, null, b::bearerToken);
        if (s.has("username") || s.has("password")) {
            String user = s.require("username", "the Infobip user name that goes with password");
            String password = s.require("password", "the password of the Infobip user");
            s.apply("username", () -> b.basic(user, password));
        }
        s.apply("base-url", false, null, b::baseUrl);
        b.http(s.http());
        return s.build("base-url", b::build);
    }

    private static BalanceProvider messagebird(Settings s) {
        MessageBirdBalanceProvider.Builder b = MessageBirdBalanceProvider.builder();
        s.apply("access-key", true, "the live access key from the MessageBird dashboard", b::accessKey);
        s.apply("account-id", false, null, b::accountId);
        s.apply("base-url", false, null, b::baseUrl);
        b.http(s.http());
        return s.build("base-url", b::build);
    }

    private static BalanceProvider simulator(Settings s) {
        String currency = s.require("currency", "the simulated balance's currency, e.g. USD");
        String balance = s.require("balance", "the simulated balance, e.g. 100.00");
        String unit = s.parse("currency", () -> Money.normalizeUnit(currency));
        Money money = s.parse("balance", () -> Money.of(balance, unit));
        String accountId = s.value("account-id");
        return new SimulatorBalanceProvider(accountId == null ? "simulator" : accountId, money);
    }

    /** Parses {@code 5s}, {@code 500ms}, {@code 2m}, {@code 1h}, ISO-8601 ({@code PT5S}), or bare milliseconds. */
    static Duration duration(String text) {
        String v = text.strip();
        Matcher m = SIMPLE_DURATION.matcher(v.toLowerCase(Locale.ROOT));
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "ms" : m.group(2);
                return switch (unit) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofMillis(n);
                };
            }
            return Duration.parse(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 5s, 500ms or PT5S");
        }
    }

    /** One provider's settings, with the lookups and error wrapping every type needs. */
    private static final class Settings {
        private final String type;
        private final Map<String, String> values;

        Settings(String type, Map<String, String> values) {
            this.type = type;
            this.values = values;
        }

        boolean has(String key) {
            return value(key) != null;
        }

        String value(String key) {
            String v = values.get(key);
            return v == null || v.isBlank() ? null : v.strip();
        }

        String require(String key, String what) {
            String v = value(key);
            if (v == null) {
                throw invalid(key, "missing; give " + what);
            }
            return v;
        }

        /** Passes the value to {@code setter}; a rejection becomes an exception naming {@code key}. */
        void apply(String key, boolean required, String what, java.util.function.Consumer<String> setter) {
            String v = required ? require(key, what) : value(key);
            if (v != null) {
                apply(key, () -> setter.accept(v));
            }
        }

        void apply(String key, Runnable step) {
            parse(key, () -> {
                step.run();
                return null;
            });
        }

        <T> T parse(String key, Supplier<T> step) {
            try {
                return step.get();
            } catch (IllegalArgumentException e) {
                throw invalid(key, e.getMessage());
            }
        }

        <T> T build(String key, Supplier<T> build) {
            return parse(key, build);
        }

        HttpOptions http() {
            HttpOptions.Builder b = HttpOptions.builder();
            apply("connect-timeout", false, null, v -> b.connectTimeout(duration(v)));
            apply("request-timeout", false, null, v -> b.requestTimeout(duration(v)));
            apply("max-retry-wait", false, null, v -> b.maxRetryWait(duration(v)));
            apply("max-retries", false, null, v -> {
                try {
                    b.maxRetries(Integer.parseInt(v));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + v + "' is not a whole number of retries");
                }
            });
            return b.build();
        }

        InvalidProviderSettingsException invalid(String key, String message) {
            return new InvalidProviderSettingsException(type, key, message);
        }
    }
}
