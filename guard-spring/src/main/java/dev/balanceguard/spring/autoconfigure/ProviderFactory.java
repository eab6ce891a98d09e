package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.core.Money;
import dev.balanceguard.interceptor.BalanceGuardSetupException;
import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.BalanceProviders;
import dev.balanceguard.provider.InvalidProviderSettingsException;
import dev.balanceguard.provider.ProviderSetting;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Builds an account's provider through {@link BalanceProviders}, whose setting keys are the property names under
 * {@code balance-guard.accounts.<name>}; a rejected setting becomes a {@link BalanceGuardSetupException} naming that
 * property.
 */
final class ProviderFactory {

    private static final String MISSING = "missing; give ";

    private ProviderFactory() {}

    /** The provider names a property may take, from the types on the class path. */
    static String providers() {
        return String.join(", ", BalanceProviders.types().keySet()) + " or a provider plugin's name";
    }

    /**
     * @param settings the account's provider settings (see {@link AccountSettings})
     * @param defaults {@code balance-guard.default-policy}, whose HTTP values apply where the account sets none
     */
    static BalanceProvider create(
            String account,
            BalanceGuardProperties.Account properties,
            BalanceGuardProperties.Policy defaults,
            Map<String, String> settings) {
        String prefix = "balance-guard.accounts." + account + ".";
        String type = properties.getProvider();
        if (type == null || type.isBlank()) {
            throw noProvider(account);
        }
        try {
            return BalanceProviders.create(type.trim(), settings(properties, defaults, settings));
        } catch (InvalidProviderSettingsException e) {
            throw setupFailure(account, prefix + e.key(), e);
        }
    }

    static BalanceGuardSetupException noProvider(String account) {
        String property = "balance-guard.accounts." + account + ".provider";
        return new BalanceGuardSetupException(
                property,
                "no provider is set for account '" + account + "'",
                "Set " + property + " to " + providers() + ".");
    }

    /**
     * The core names the key and the fix and never quotes a secret; this only rephrases it for a property. Its
     * message has the form {@code <provider>: setting '<key>': <detail>}.
     */
    private static BalanceGuardSetupException setupFailure(
            String account, String property, InvalidProviderSettingsException e) {
        String detail = Objects.toString(e.detail(), "");
        String problem = "account '" + account + "' (" + e.provider() + "): " + detail;
        String action;
        if ("provider".equals(e.key())) {
            action = "Set " + property + " to " + providers() + ".";
        } else if (detail.startsWith(MISSING)) {
            action = "Set " + property + " to " + detail.substring(MISSING.length()) + ".";
        } else {
            action = "Correct " + property + ": " + detail + ".";
        }
        return new BalanceGuardSetupException(property, problem, action, e);
    }

    /**
     * The provider settings, then the account's own properties that are also provider settings: its currency when
     * the type declares one, and the HTTP values (the account's own always, so a type without them refuses them by
     * name; the shared defaults only where the type declares them).
     */
    static Map<String, String> settings(
            BalanceGuardProperties.Account account,
            BalanceGuardProperties.Policy defaults,
            Map<String, String> settings) {
        Set<String> declared = BalanceProviders.type(account.getProvider()).stream()
                .flatMap(type -> type.settings().stream())
                .map(ProviderSetting::key)
                .collect(Collectors.toSet());
        Map<String, String> all = new LinkedHashMap<>(settings);
        if (declared.contains("currency")) {
            put(all, "currency", account.getCurrency());
        }
        http(all, declared, "connect-timeout", account.getConnectTimeout(), defaults.getConnectTimeout());
        http(all, declared, "request-timeout", account.getRequestTimeout(), defaults.getRequestTimeout());
        http(all, declared, "max-retry-wait", account.getMaxRetryWait(), defaults.getMaxRetryWait());
        http(all, declared, "max-retries", account.getMaxRetries(), defaults.getMaxRetries());
        return all;
    }

    private static void http(
            Map<String, String> settings,
            Set<String> declared,
            String key,
            @Nullable Object own,
            @Nullable Object fallback) {
        put(settings, key, own != null ? own : declared.contains(key) ? fallback : null);
    }

    private static void put(Map<String, String> settings, String key, @Nullable Object value) {
        if (value != null && !value.toString().isBlank()) {
            settings.put(key, value.toString().trim());
        }
    }

    static String currencyOf(String property, String currency) {
        try {
            return Money.normalizeUnit(currency);
        } catch (IllegalArgumentException e) {
            throw new BalanceGuardSetupException(
                    property, String.valueOf(e.getMessage()), "Use an ISO-4217 currency code such as USD, or CREDITS.");
        }
    }
}
