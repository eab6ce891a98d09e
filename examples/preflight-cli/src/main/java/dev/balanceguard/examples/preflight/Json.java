package dev.balanceguard.examples.preflight;

import dev.balanceguard.core.Money;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON in and out: one object per line; amounts as strings in plain notation. */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    static String line(Map<String, ?> fields) {
        return MAPPER.writeValueAsString(fields);
    }

    /** {@code "1543.75"}; {@code null} (JSON null) when absent. */
    static String amount(Optional<Money> money) {
        return money.map(Money::toPlainString).orElse(null);
    }

    static String amount(Money money) {
        return money.toPlainString();
    }

    /** Parses one JSON text; empty when it is not JSON. */
    static Optional<JsonNode> parse(String text) {
        try {
            return Optional.of(MAPPER.readTree(text));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
