package dev.balanceguard.examples.preflight;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.BalanceProvider;
import dev.balanceguard.GuardPolicy;
import dev.balanceguard.provider.BalanceProviders;
import dev.balanceguard.provider.InvalidProviderSettingsException;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --provider}, {@code --base-url}, {@code --region}: which account to ask. Credentials come from the
 * environment only, so they never show up in a shell history or a process list.
 */
final class ProviderOptions {

    /** Help footer of the commands that talk to a provider. */
    static final String ENVIRONMENT = "%nCredentials come only from the environment:%n"
            + "  twilio       TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN%n"
            + "               (or TWILIO_ACCOUNT_SID + TWILIO_API_KEY + TWILIO_API_SECRET)%n"
            + "  exotel       EXOTEL_SID, EXOTEL_API_KEY, EXOTEL_API_TOKEN%n"
            + "  infobip      INFOBIP_API_KEY (--base-url: your account's API host)%n"
            + "  messagebird  MESSAGEBIRD_ACCESS_KEY%n"
            + "  simulator    none: an in-process account holding --simulated-balance%n";

    enum Provider { twilio, exotel, infobip, messagebird, simulator }

    @Option(names = "--provider", required = true, paramLabel = "NAME",
            description = "twilio, exotel, infobip, messagebird or simulator")
    Provider provider;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "the provider's API root (default: its public one); plain http only for loopback hosts")
    String baseUrl;

    @Option(names = "--region", paramLabel = "REGION", description = "Exotel: singapore (default) or mumbai")
    String region;

    @Option(names = "--simulated-balance", paramLabel = "AMOUNT", defaultValue = "100.00",
            converter = Amounts.Any.class,
            description = "simulator: the balance it reports (default: ${DEFAULT-VALUE})")
    BigDecimal simulatedBalance;

    @Option(names = "--simulated-currency", paramLabel = "CODE", defaultValue = "USD",
            description = "simulator: the balance's currency (default: ${DEFAULT-VALUE})")
    String simulatedCurrency;

    /** A guard over the one account these options name, under the given policy. */
    BalanceGuard guard(Map<String, String> env, GuardPolicy policy) {
        BalanceProvider account = provider(env);
        return BalanceGuard.builder().account(account.name(), account, policy).build();
    }

    BalanceProvider provider(Map<String, String> env) {
        Map<String, String> settings = new LinkedHashMap<>(credentials(env));
        if (baseUrl != null) {
            settings.put("base-url", baseUrl);
        }
        if (region != null) {
            settings.put("region", region);
        }
        try {
            return BalanceProviders.create(provider.name(), settings);
        } catch (InvalidProviderSettingsException e) {
            String option = OPTIONS.get(e.key());
            throw option == null ? e : new InputException(option + ": " + e.detail(), e);
        }
    }

    /** The options that give a provider setting, so an error names what the user typed. */
    private static final Map<String, String> OPTIONS = Map.of("base-url", "--base-url", "region", "--region",
            "balance", "--simulated-balance", "currency", "--simulated-currency");


    private Map<String, String> credentials(Map<String, String> env) {
        return switch (provider) {
            case twilio -> twilio(env);
            case exotel -> Map.of("sid", required(env, "EXOTEL_SID"), "api-key", required(env, "EXOTEL_API_KEY"),
                    "api-token", required(env, "EXOTEL_API_TOKEN"));
            case infobip -> Map.of("api-key", required(env, "INFOBIP_API_KEY"));
            case messagebird -> Map.of("access-key", required(env, "MESSAGEBIRD_ACCESS_KEY"));
            case simulator -> Map.of("balance", simulatedBalance.toPlainString(), "currency", simulatedCurrency);
        };
    }

    private static Map<String, String> twilio(Map<String, String> env) {
        String sid = required(env, "TWILIO_ACCOUNT_SID");
        if (has(env, "TWILIO_API_KEY") && !has(env, "TWILIO_AUTH_TOKEN")) {
            return Map.of("account-sid", sid, "api-key-sid", required(env, "TWILIO_API_KEY"),
                    "api-key-secret", required(env, "TWILIO_API_SECRET"));
        }
        return Map.of("account-sid", sid,
                "auth-token", required(env, "TWILIO_AUTH_TOKEN", " (or TWILIO_API_KEY and TWILIO_API_SECRET)"));
    }

    private static boolean has(Map<String, String> env, String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    private static String required(Map<String, String> env, String name) {
        return required(env, name, "");
    }

    private static String required(Map<String, String> env, String name, String alternative) {
        if (!has(env, name)) {
            throw new InputException("missing environment variable " + name + alternative);
        }
        return env.get(name).strip();
    }
}
