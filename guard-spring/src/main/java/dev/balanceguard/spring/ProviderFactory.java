package dev.balanceguard.spring;

import dev.balanceguard.BalanceProvider;
import dev.balanceguard.Money;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Builds an account's provider from its properties. The one place that knows the provider settings. */
final class ProviderFactory {

    static final String PROVIDERS = "twilio, exotel, infobip, messagebird or simulator";

    private ProviderFactory() {
    }

    static BalanceProvider create(String account, BalanceGuardProperties.Account properties) {
        String prefix = "balance-guard.accounts." + account + ".";
        String type = properties.getProvider();
        if (type == null || type.isBlank()) {
            throw new BalanceGuardSetupException(prefix + "provider", "no provider is set for account '" + account + "'",
                    "Set " + prefix + "provider to " + PROVIDERS + ".");
        }
        Map<String, String> settings = settings(properties);
        return switch (type.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "simulator" -> simulator(prefix, settings);
            case "twilio", "exotel", "infobip", "messagebird" -> throw new BalanceGuardSetupException(prefix + "provider",
                    "the " + type + " client is not part of this build yet", "Use provider=simulator for now.");
            default -> throw new BalanceGuardSetupException(prefix + "provider", "unknown provider '" + type + "'",
                    "Set " + prefix + "provider to " + PROVIDERS + ".");
        };
    }

    /** The settings by their property names (those of the provider factory), unset ones left out. */
    static Map<String, String> settings(BalanceGuardProperties.Account p) {
        Map<String, String> settings = new LinkedHashMap<>();
        put(settings, "base-url", p, BalanceGuardProperties.Account::getBaseUrl);
        put(settings, "account-sid", p, BalanceGuardProperties.Account::getAccountSid);
        put(settings, "auth-token", p, BalanceGuardProperties.Account::getAuthToken);
        put(settings, "api-key-sid", p, BalanceGuardProperties.Account::getApiKeySid);
        put(settings, "api-key-secret", p, BalanceGuardProperties.Account::getApiKeySecret);
        put(settings, "sid", p, BalanceGuardProperties.Account::getSid);
        put(settings, "api-key", p, BalanceGuardProperties.Account::getApiKey);
        put(settings, "api-token", p, BalanceGuardProperties.Account::getApiToken);
        put(settings, "region", p, BalanceGuardProperties.Account::getRegion);
        put(settings, "username", p, BalanceGuardProperties.Account::getUsername);
        put(settings, "password", p, BalanceGuardProperties.Account::getPassword);
        put(settings, "access-key", p, BalanceGuardProperties.Account::getAccessKey);
        put(settings, "balance", p, BalanceGuardProperties.Account::getBalance);
        put(settings, "currency", p, BalanceGuardProperties.Account::getCurrency);
        return settings;
    }

    private static void put(Map<String, String> settings, String key, BalanceGuardProperties.Account p,
                            Function<BalanceGuardProperties.Account, String> getter) {
        String value = getter.apply(p);
        if (value != null && !value.isBlank()) {
            settings.put(key, value.trim());
        }
    }

    private static BalanceProvider simulator(String prefix, Map<String, String> settings) {
        String balance = settings.get("balance");
        String currency = settings.get("currency");
        if (balance == null || currency == null) {
            String missing = balance == null ? "balance" : "currency";
            throw new BalanceGuardSetupException(prefix + missing, "the simulator needs a " + missing,
                    "Set " + prefix + "balance (e.g. 100.00) and " + prefix + "currency (e.g. USD).");
        }
        Money amount;
        try {
            amount = Money.of(new java.math.BigDecimal(balance), currencyOf(prefix, currency));
        } catch (NumberFormatException e) {
            throw new BalanceGuardSetupException(prefix + "balance", "'" + balance + "' is not a decimal amount",
                    "Write the balance as a plain decimal, e.g. 100.00.");
        }
        return new SimulatorBalanceProvider("simulator", amount);
    }

    static String currencyOf(String prefix, String currency) {
        try {
            return Money.normalizeUnit(currency);
        } catch (IllegalArgumentException e) {
            throw new BalanceGuardSetupException(prefix + "currency", e.getMessage(),
                    "Use an ISO-4217 currency code such as USD, or CREDITS.");
        }
    }
}
