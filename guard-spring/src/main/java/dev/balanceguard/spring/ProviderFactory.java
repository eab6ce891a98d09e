package dev.balanceguard.spring;

import dev.balanceguard.BalanceProvider;
import dev.balanceguard.Money;
import dev.balanceguard.provider.BalanceProviders;
import dev.balanceguard.provider.InvalidProviderSettingsException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds an account's provider from its properties through {@link BalanceProviders}, whose setting keys are the
 * property names under {@code balance-guard.accounts.<name>}; a rejected setting becomes a
 * {@link BalanceGuardSetupException} naming that property.
 */
final class ProviderFactory {

    static final String PROVIDERS = String.join(", ", BalanceProviders.TYPES.subList(0, BalanceProviders.TYPES.size() - 1))
            + " or " + BalanceProviders.TYPES.get(BalanceProviders.TYPES.size() - 1);

    private static final String MISSING = "missing; give ";

    private ProviderFactory() {
    }

    static BalanceProvider create(String account, BalanceGuardProperties.Account properties) {
        String prefix = "balance-guard.accounts." + account + ".";
        String type = properties.getProvider();
        if (type == null || type.isBlank()) {
            throw new BalanceGuardSetupException(prefix + "provider", "no provider is set for account '" + account + "'",
                    "Set " + prefix + "provider to " + PROVIDERS + ".");
        }
        try {
            return BalanceProviders.create(type.trim(), settings(properties));
        } catch (InvalidProviderSettingsException e) {
            throw setupFailure(account, prefix + e.key(), e);
        }
    }

    /**
     * The core names the key and the fix and never quotes a secret; this only rephrases it for a property. Its
     * message has the form {@code <provider>: setting '<key>': <detail>}.
     */
    private static BalanceGuardSetupException setupFailure(String account, String property,
                                                           InvalidProviderSettingsException e) {
        String detail = detail(e);
        String problem = "account '" + account + "' (" + e.provider() + "): " + detail;
        String action;
        if ("provider".equals(e.key())) {
            action = "Set " + property + " to " + PROVIDERS + ".";
        } else if (detail.startsWith(MISSING)) {
            action = "Set " + property + " to " + detail.substring(MISSING.length()) + ".";
        } else {
            action = "Correct " + property + ": " + detail + ".";
        }
        return new BalanceGuardSetupException(property, problem, action, e);
    }

    private static String detail(InvalidProviderSettingsException e) {
        return Objects.toString(e.detail(), "");
    }

    /** The settings by their property names (the keys {@link BalanceProviders} reads), unset ones left out. */
    static Map<String, String> settings(BalanceGuardProperties.Account p) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (p.getBaseUrl() != null) { // even blank: an empty URL is an error, not the provider's public default
            settings.put("base-url", p.getBaseUrl().trim());
        }
        put(settings, "account-sid", p.getAccountSid());
        put(settings, "auth-token", p.getAuthToken());
        put(settings, "api-key-sid", p.getApiKeySid());
        put(settings, "api-key-secret", p.getApiKeySecret());
        put(settings, "region", p.getRegion());
        put(settings, "edge", p.getEdge());
        put(settings, "sid", p.getSid());
        put(settings, "api-key", p.getApiKey());
        put(settings, "api-token", p.getApiToken());
        put(settings, "time-zone", p.getTimeZone());
        put(settings, "minimum-fetch-interval", duration(p.getMinimumFetchInterval()));
        put(settings, "username", p.getUsername());
        put(settings, "password", p.getPassword());
        put(settings, "ibsso-token", p.getIbssoToken());
        put(settings, "bearer-token", p.getBearerToken());
        put(settings, "access-key", p.getAccessKey());
        put(settings, "account-id", p.getAccountId());
        put(settings, "balance", p.getBalance());
        put(settings, "currency", p.getCurrency());
        put(settings, "connect-timeout", duration(p.getConnectTimeout()));
        put(settings, "request-timeout", duration(p.getRequestTimeout()));
        put(settings, "max-retry-wait", duration(p.getMaxRetryWait()));
        put(settings, "max-retries", p.getMaxRetries() == null ? null : p.getMaxRetries().toString());
        return settings;
    }

    private static String duration(Duration d) {
        return d == null ? null : d.toString();
    }

    private static void put(Map<String, String> settings, String key, String value) {
        if (value != null && !value.isBlank()) {
            settings.put(key, value.trim());
        }
    }

    static String currencyOf(String property, String currency) {
        try {
            return Money.normalizeUnit(currency);
        } catch (IllegalArgumentException e) {
            throw new BalanceGuardSetupException(property, e.getMessage(),
                    "Use an ISO-4217 currency code such as USD, or CREDITS.");
        }
    }
}
