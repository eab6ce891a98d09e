package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.interceptor.BalanceGuardSetupException;

import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.core.Money;
import dev.balanceguard.provider.BalanceProviders;
import dev.balanceguard.provider.InvalidProviderSettingsException;
import dev.balanceguard.provider.ProviderSetting;
import dev.balanceguard.provider.ProviderType;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Builds an account's provider from its properties through {@link BalanceProviders}, whose setting keys are the
 * property names under {@code balance-guard.accounts.<name>}; a rejected setting becomes a
 * {@link BalanceGuardSetupException} naming that property.
 */
final class ProviderFactory {

    static final String PROVIDERS = String.join(", ", BalanceProviders.BUILT_IN.subList(0,
            BalanceProviders.BUILT_IN.size() - 1)) + ", " + BalanceProviders.BUILT_IN.get(
            BalanceProviders.BUILT_IN.size() - 1) + " or a provider plugin's name";

    private static final String MISSING = "missing; give ";

    private ProviderFactory() {
    }

    static BalanceProvider create(String account, BalanceGuardProperties.Account properties) {
        return create(account, properties, Map.of());
    }

    /** @param raw the account's settings no typed property holds (see {@link AccountSettings}) */
    static BalanceProvider create(String account, BalanceGuardProperties.Account properties, Map<String, String> raw) {
        String prefix = "balance-guard.accounts." + account + ".";
        String type = properties.getProvider();
        if (type == null || type.isBlank()) {
            throw new BalanceGuardSetupException(prefix + "provider", "no provider is set for account '" + account + "'",
                    "Set " + prefix + "provider to " + PROVIDERS + ".");
        }
        try {
            return BalanceProviders.create(type.trim(), settings(properties, raw));
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

    /**
     * The typed settings, then the account's other keys: a key the provider type declares (matched in any relaxed
     * spelling) under its declared name, any other key as given, so {@link BalanceProviders} refuses it by name.
     */
    static Map<String, String> settings(BalanceGuardProperties.Account p, Map<String, String> raw) {
        Map<String, String> settings = settings(p);
        Map<String, String> declared = new LinkedHashMap<>();
        BalanceProviders.type(p.getProvider()).map(ProviderType::settings).orElse(java.util.List.of())
                .forEach(setting -> declared.put(setting.compactKey(), setting.key()));
        if (!declared.isEmpty() && !declared.containsKey("currency")) {
            // also the account's own currency, for amounts such as low-balance-threshold written without one
            settings.remove("currency");
        }
        raw.forEach((key, value) -> {
            String name = declared.getOrDefault(AccountSettings.compact(key), key);
            if (!settings.containsKey(name) && value != null) {
                settings.put(name, value.trim());
            }
        });
        return settings;
    }

    /** The secret values among an account's settings, for masking. */
    static java.util.List<String> secretValues(BalanceGuardProperties.Account p, Map<String, String> raw) {
        Map<String, String> settings = settings(p, raw);
        java.util.Set<String> secretKeys = new java.util.HashSet<>();
        BalanceProviders.types().values().forEach(type -> type.settings().stream().filter(ProviderSetting::secret)
                .forEach(setting -> secretKeys.add(setting.key())));
        return settings.entrySet().stream()
                .filter(e -> secretKeys.contains(e.getKey()) || CredentialKeys.isCredential(e.getKey()))
                .map(Map.Entry::getValue).toList();
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

    private static @Nullable String duration(@Nullable Duration d) {
        return d == null ? null : d.toString();
    }

    private static void put(Map<String, String> settings, String key, @Nullable String value) {
        if (value != null && !value.isBlank()) {
            settings.put(key, value.trim());
        }
    }

    static String currencyOf(String property, String currency) {
        try {
            return Money.normalizeUnit(currency);
        } catch (IllegalArgumentException e) {
            throw new BalanceGuardSetupException(property, String.valueOf(e.getMessage()),
                    "Use an ISO-4217 currency code such as USD, or CREDITS.");
        }
    }
}
