package dev.balanceguard.spring;

import java.util.Locale;
import java.util.Set;

/** Which account properties hold secrets: the keys Actuator must mask. */
final class CredentialKeys {

    private static final Set<String> SECRETS = Set.of("authtoken", "apikeysecret", "apikey", "apitoken", "password",
            "accesskey", "ibssotoken", "bearertoken");

    private CredentialKeys() {
    }

    /**
     * True for {@code balance-guard.accounts.x.auth-token} (the env endpoint's key for a property, an argument or
     * a system property), for {@code BALANCEGUARD_ACCOUNTS_X_AUTHTOKEN} or {@code BALANCE_GUARD_ACCOUNTS_X_AUTH_TOKEN}
     * (its key for an environment variable), and for the bare {@code authToken} leaf (the configprops endpoint's
     * key), in any relaxed spelling.
     */
    static boolean isCredential(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.indexOf('.') >= 0) {
            if (!lower.startsWith("balance-guard.") && !lower.startsWith("balanceguard.")
                    && !lower.startsWith("balance_guard.")) {
                return false;
            }
            return SECRETS.contains(compact(lower.substring(lower.lastIndexOf('.') + 1)));
        }
        String compact = compact(lower);
        if (compact.startsWith("balanceguardaccounts")) { // an environment variable: no separator is reliable
            return SECRETS.stream().anyMatch(compact::endsWith);
        }
        return SECRETS.contains(compact);
    }

    private static String compact(String name) {
        return name.replace("-", "").replace("_", "");
    }
}
