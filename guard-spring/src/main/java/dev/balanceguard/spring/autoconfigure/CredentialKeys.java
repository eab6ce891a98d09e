package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.provider.BalanceProviders;
import dev.balanceguard.provider.ProviderSetting;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.stream.Collectors;

/** Which account properties hold secrets: the keys Actuator must mask. */
final class CredentialKeys {

    /** Per context class loader: every secret a provider type it sees declares (plugins included), compacted. */
    private static final Map<ClassLoader, Set<String>> SECRETS_BY_LOADER = new WeakHashMap<>();

    private static Set<String> secrets() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        synchronized (SECRETS_BY_LOADER) {
            return SECRETS_BY_LOADER.computeIfAbsent(
                    loader == null ? CredentialKeys.class.getClassLoader() : loader, l -> declaredSecrets());
        }
    }

    private static Set<String> declaredSecrets() {
        return BalanceProviders.types().values().stream()
                .flatMap(type -> type.settings().stream())
                .filter(ProviderSetting::secret)
                .map(ProviderSetting::compactKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    private CredentialKeys() {}

    /**
     * True for {@code balance-guard.accounts.x.auth-token} (the env endpoint's key for a property, an argument or
     * a system property), for {@code BALANCEGUARD_ACCOUNTS_X_AUTHTOKEN} or {@code BALANCE_GUARD_ACCOUNTS_X_AUTH_TOKEN}
     * (its key for an environment variable), and for the bare {@code authToken} leaf (the configprops endpoint's
     * key), in any relaxed spelling.
     */
    static boolean isCredential(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.indexOf('.') >= 0) {
            if (!lower.startsWith("balance-guard.")
                    && !lower.startsWith("balanceguard.")
                    && !lower.startsWith("balance_guard.")) {
                return false;
            }
            return secrets().contains(compact(lower.substring(lower.lastIndexOf('.') + 1)));
        }
        String compact = compact(lower);
        if (compact.startsWith("balanceguardaccounts")) { // an environment variable: no separator is reliable
            return secrets().stream().anyMatch(compact::endsWith);
        }
        return secrets().contains(compact);
    }

    private static String compact(String name) {
        return name.replace("-", "").replace("_", "");
    }
}
