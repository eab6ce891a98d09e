package dev.balanceguard.examples.preflight;

import dev.balanceguard.provider.BalanceProviders;
import dev.balanceguard.provider.ProviderSetting;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The credential values in the environment, so that no message the CLI prints can carry one, whatever a
 * library puts into an exception message.
 */
final class Secrets {

    /** The environment variables of every secret a provider type declares (plugins' included). */
    static List<String> variables() {
        return BalanceProviders.types().values().stream()
                .flatMap(type -> type.settings().stream())
                .filter(ProviderSetting::secret)
                .map(ProviderSetting::environmentVariable)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
    }

    private final List<String> values;

    private Secrets(List<String> values) {
        this.values = values;
    }

    static Secrets in(Map<String, String> env) {
        return new Secrets(variables().stream()
                .map(env::get)
                .filter(Objects::nonNull)
                .map(String::strip)
                .filter(v -> !v.isEmpty())
                .toList());
    }

    String redact(String text) {
        if (text == null) {
            return "";
        }
        String result = text;
        for (String value : values) {
            result = result.replace(value, "****");
        }
        return result;
    }
}
