package dev.balanceguard.provider;

import dev.balanceguard.core.BalanceGuardException;

/**
 * A provider's settings are missing, malformed or conflicting. The message names the setting key and the
 * fix; it never contains a setting's value when that value may be a secret.
 */
public final class InvalidProviderSettingsException extends BalanceGuardException {

    private final String provider;
    private final String key;
    private final String detail;

    public InvalidProviderSettingsException(String provider, String key, String message) {
        super(provider + ": setting '" + key + "': " + message);
        this.provider = provider;
        this.key = key;
        this.detail = message;
    }

    /** What is wrong with the setting, without the provider and key, for callers that name it their own way. */
    public String detail() {
        return detail;
    }

    /** The provider type the settings were for: {@code twilio}, {@code exotel}, … */
    public String provider() {
        return provider;
    }

    /** The offending setting's key, as in {@code auth-token} or {@code base-url}. */
    public String key() {
        return key;
    }
}
