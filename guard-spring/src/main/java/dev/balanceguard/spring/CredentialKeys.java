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
     * True for {@code balance-guard.accounts.x.auth-token} (the env endpoint's key) and for the bare
     * {@code authToken} leaf (the configprops endpoint's key), in any relaxed spelling.
     */
    static boolean isCredential(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.contains(".") && !lower.startsWith("balance-guard.") && !lower.startsWith("balance_guard")) {
            return false;
        }
        String leaf = lower.substring(lower.lastIndexOf('.') + 1).replace("-", "").replace("_", "");
        return SECRETS.contains(leaf);
    }
}
