package dev.balanceguard.provider;

import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One setting a {@link ProviderType} declares: its key (a Spring property name under
 * {@code balance-guard.accounts.<name>.}), whether it is required, whether it is a secret (masked by Actuator,
 * never in a message), the environment variable the command-line tool reads it from, a description and a
 * default. Immutable; build one with {@link #of} and the {@code with…} methods.
 *
 * @param key lower-case kebab-case key, such as {@code api-key}
 * @param required whether the provider cannot be built without it (alternatives are checked by the factory)
 * @param secret whether the value is a credential
 * @param environmentVariable the environment variable the CLI reads, or {@code null} for none
 * @param description one sentence for the configuration metadata and the help text
 * @param defaultValue the value used when the setting is absent, as text, or {@code null}
 */
public record ProviderSetting(
        String key,
        boolean required,
        boolean secret,
        @Nullable String environmentVariable,
        String description,
        @Nullable String defaultValue) {

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern ENV = Pattern.compile("[A-Z][A-Z0-9_]*");

    public ProviderSetting {
        Objects.requireNonNull(key, "key");
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("a setting key is lower-case kebab-case, not '" + key + "'");
        }
        if (environmentVariable != null && !ENV.matcher(environmentVariable).matches()) {
            throw new IllegalArgumentException("'" + environmentVariable + "' is not an environment variable name");
        }
        description = description == null ? "" : description;
    }

    /** An optional, non-secret setting without an environment variable or default. */
    public static ProviderSetting of(String key, String description) {
        return new ProviderSetting(key, false, false, null, description, null);
    }

    public ProviderSetting withRequired() {
        return new ProviderSetting(key, true, secret, environmentVariable, description, defaultValue);
    }

    public ProviderSetting withSecret() {
        return new ProviderSetting(key, required, true, environmentVariable, description, defaultValue);
    }

    public ProviderSetting withEnvironmentVariable(String name) {
        return new ProviderSetting(key, required, secret, name, description, defaultValue);
    }

    public ProviderSetting withDefaultValue(String value) {
        return new ProviderSetting(key, required, secret, environmentVariable, description, value);
    }

    /** The key without separators, lower case: how relaxed property names and environment variables match it. */
    public String compactKey() {
        return key.replace("-", "");
    }

    @Override
    public String toString() {
        return "ProviderSetting{" + key + (required ? ", required" : "") + (secret ? ", secret" : "")
                + (environmentVariable == null ? "" : ", env " + environmentVariable) + "}";
    }
}
