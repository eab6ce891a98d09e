package dev.balanceguard.examples.preflight;

import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardPolicy;
import dev.balanceguard.provider.BalanceProviders;
import dev.balanceguard.provider.InvalidProviderSettingsException;
import dev.balanceguard.provider.ProviderSetting;
import dev.balanceguard.provider.ProviderType;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --provider}, {@code --base-url}, {@code --region}, {@code --currency}: which account to ask. Credentials
 * come from the environment only, from the variables each provider type declares, so they never show up in a
 * shell history or a process list.
 */
final class ProviderOptions {

    /**
     * Help footer of the commands that talk to a provider. Picocli wraps a footer line longer than the help's 80
     * columns to column 0, so each line here fits in 80 (HelpLayoutTest).
     */
    static final String ENVIRONMENT = "%nCredentials come only from the environment:%n"
            + "  twilio          TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN%n"
            + "                  (or TWILIO_ACCOUNT_SID + TWILIO_API_KEY + TWILIO_API_SECRET)%n"
            + "  exotel          EXOTEL_SID, EXOTEL_API_KEY, EXOTEL_API_TOKEN%n"
            + "  infobip         INFOBIP_API_KEY (--base-url: your account's API host)%n"
            + "  messagebird     MESSAGEBIRD_ACCESS_KEY%n"
            + "  vonage          VONAGE_API_KEY, VONAGE_API_SECRET (and --currency, required)%n"
            + "  plivo           PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN (--currency, default USD)%n"
            + "  telnyx          TELNYX_API_KEY%n"
            + "  clicksend       CLICKSEND_USERNAME, CLICKSEND_API_KEY%n"
            + "  africastalking  AT_USERNAME, AT_API_KEY (AT_USERNAME=sandbox: the sandbox)%n"
            + "  simulator       none: an in-process account holding --simulated-balance%n"
            + "  a plugin        the variables its provider type declares%n";

    @Option(names = "--provider", required = true, paramLabel = "NAME",
            description = "twilio, exotel, infobip, messagebird, vonage, plivo, telnyx, clicksend, africastalking, "
                    + "simulator, or a provider plugin's name")
    String provider;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "the provider's API root (default: its public one); plain http only for loopback hosts")
    String baseUrl;

    @Option(names = "--region", paramLabel = "REGION", description = "Exotel: singapore (default) or mumbai")
    String region;

    @Option(names = "--currency", paramLabel = "CODE",
            description = "for providers that report no currency: Vonage (required), Plivo (default USD)")
    String currency;

    @Option(names = "--simulated-balance", paramLabel = "AMOUNT", defaultValue = "100.00",
            converter = Amounts.Any.class,
            description = "simulator: the balance it reports (default: ${DEFAULT-VALUE})")
    BigDecimal simulatedBalance;

    @Option(names = "--simulated-currency", paramLabel = "CODE", defaultValue = "USD",
            description = "simulator: the balance's currency (default: ${DEFAULT-VALUE})")
    String simulatedCurrency;

    BalanceProvider provider(Map<String, String> env) {
        Map<String, ProviderType> types = BalanceProviders.types();
        ProviderType type = types.get(provider.strip().toLowerCase(java.util.Locale.ROOT));
        if (type == null) {
            throw new InputException("--provider: " + dev.balanceguard.core.SafeText.quote(provider)
                    + " is not a provider; use one of " + String.join(", ", types.keySet()));
        }
        Map<String, String> settings = new LinkedHashMap<>(credentials(type, env));
        if (baseUrl != null) {
            settings.put("base-url", baseUrl);
        }
        if (region != null) {
            settings.put("region", region);
        }
        if (currency != null) {
            settings.put("currency", currency);
        }
        try {
            return BalanceProviders.create(type.name(), settings);
        } catch (InvalidProviderSettingsException e) {
            throw translate(type, e);
        }
    }

    /** An error names what the user typed: the option, or the environment variable. */
    private RuntimeException translate(ProviderType type, InvalidProviderSettingsException e) {
        String option = OPTIONS.get(e.key());
        if (option != null && (!"currency".equals(e.key()) || currency != null || isSimulator(type))) {
            return new InputException(option(type, e.key()) + ": " + e.detail(), e);
        }
        String variable = type.settings().stream().filter(s -> s.key().equals(e.key()))
                .map(ProviderSetting::environmentVariable).filter(java.util.Objects::nonNull).findFirst()
                .orElse(null);
        String detail = e.detail() == null ? "" : e.detail();
        if (variable != null && detail.startsWith("missing")) {
            return new InputException("missing environment variable " + variable + alternatives(type, e.key()), e);
        }
        if ("currency".equals(e.key())) {
            return new InputException("--currency: " + detail, e);
        }
        return variable == null ? e : new InputException(variable + ": " + detail, e);
    }

    /** Twilio's auth token has an alternative: an API key and its secret. */
    private static String alternatives(ProviderType type, String key) {
        return "twilio".equals(type.name()) && "auth-token".equals(key)
                ? " (or TWILIO_API_KEY and TWILIO_API_SECRET)" : "";
    }

    private static boolean isSimulator(ProviderType type) {
        return "simulator".equals(type.name());
    }

    private static String option(ProviderType type, String key) {
        if (isSimulator(type) && "currency".equals(key)) {
            return "--simulated-currency";
        }
        return OPTIONS.get(key);
    }

    /** The options that give a provider setting, so an error names what the user typed. */
    private static final Map<String, String> OPTIONS = Map.of("base-url", "--base-url", "region", "--region",
            "balance", "--simulated-balance", "currency", "--currency");

    private Map<String, String> credentials(ProviderType type, Map<String, String> env) {
        if (isSimulator(type)) {
            return Map.of("balance", simulatedBalance.toPlainString(), "currency", simulatedCurrency);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (ProviderSetting setting : type.settings()) {
            String variable = setting.environmentVariable();
            if (variable != null && has(env, variable)) {
                settings.put(setting.key(), env.get(variable).strip());
            }
        }
        if ("twilio".equals(type.name()) && settings.containsKey("auth-token")) {
            // as before: with both an auth token and an API key in the environment, the auth token is used
            settings.remove("api-key-sid");
            settings.remove("api-key-secret");
        }
        return settings;
    }

    private static boolean has(Map<String, String> env, String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }
}
