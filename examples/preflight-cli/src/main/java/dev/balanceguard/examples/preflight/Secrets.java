package dev.balanceguard.examples.preflight;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The credential values in the environment, so that no message the CLI prints can carry one, whatever a
 * library puts into an exception message.
 */
final class Secrets {

    static final List<String> VARIABLES = List.of("TWILIO_AUTH_TOKEN", "TWILIO_API_KEY", "TWILIO_API_SECRET",
            "EXOTEL_API_KEY", "EXOTEL_API_TOKEN", "INFOBIP_API_KEY", "MESSAGEBIRD_ACCESS_KEY");

    private final List<String> values;

    private Secrets(List<String> values) {
        this.values = values;
    }

    static Secrets in(Map<String, String> env) {
        return new Secrets(VARIABLES.stream().map(env::get).filter(Objects::nonNull)
                .map(String::strip).filter(v -> !v.isEmpty()).toList());
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
