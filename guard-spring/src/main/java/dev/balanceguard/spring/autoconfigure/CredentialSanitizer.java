package dev.balanceguard.spring.autoconfigure;

import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks account credentials in Actuator's {@code env} and {@code configprops} endpoints, even with
 * {@code show-values=always}: the value of every credential property, whichever way it was given, and every
 * occurrence of a configured credential's value inside any other value. The second catches what a key cannot:
 * the command line in {@code sun.java.command} (credentials passed as {@code --balance-guard...auth-token=}
 * arguments), an environment variable a placeholder reads ({@code auth-token=${TWILIO_AUTH_TOKEN}}),
 * {@code SPRING_APPLICATION_JSON}, {@code JAVA_TOOL_OPTIONS}.
 */
final class CredentialSanitizer implements SanitizingFunction {

    private final AccountSettings settings;
    private volatile @Nullable List<String> secrets;

    /** @param settings where the accounts' settings are read (on first use), whichever provider they are for */
    CredentialSanitizer(AccountSettings settings) {
        this.settings = settings;
    }

    @Override
    public SanitizableData apply(SanitizableData data) {
        if (data.getKey() != null && CredentialKeys.isCredential(data.getKey())) {
            return data.withSanitizedValue();
        }
        if (!(data.getValue() instanceof CharSequence value)) {
            return data;
        }
        String text = value.toString();
        String masked = text;
        for (String secret : secrets()) {
            masked = masked.replace(secret, SanitizableData.SANITIZED_VALUE);
        }
        return masked.equals(text) ? data : data.withValue(masked);
    }

    /** The configured credential values, longest first (so a secret containing another is masked whole). */
    private List<String> secrets() {
        List<String> known = secrets;
        if (known == null) {
            known = settings.accounts().stream()
                    .flatMap(account -> settings.secretValues(account).stream())
                    .filter(secret -> !secret.isBlank())
                    .distinct()
                    .sorted(Comparator.comparingInt(String::length).reversed())
                    .toList();
            secrets = known;
        }
        return known;
    }
}
