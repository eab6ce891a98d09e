package dev.balanceguard.webhook;

import dev.balanceguard.core.Money;
import dev.balanceguard.core.SafeText;
import dev.balanceguard.json.JsonNode;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/**
 * Reading a signed body's report: JSON with every number exact, amounts through {@link Money}'s door, and anything
 * the provider does not document refused as {@link Refusal#MALFORMED}, naming the field.
 */
final class Reports {

    /** The longest message id taken: every provider's ids are far shorter. */
    static final int MAX_ID_LENGTH = 100;

    private Reports() {}

    static JsonNode json(byte[] body, String what) {
        try {
            JsonNode node = JsonNode.read(body);
            if (!node.isObject()) {
                throw malformed(what + " is not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw malformed(what + " is not JSON: " + e.getOriginalMessage());
        } catch (NumberFormatException e) { // a number's exponent beyond any range
            throw malformed(what + " has a number beyond any amount: " + SafeText.quote(e.getMessage()));
        }
    }

    /** A JSON field's text, or {@code null} when absent or null; a field of another type is malformed. */
    static @Nullable String text(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw malformed("'" + field + "' is not a string");
        }
        return node.asString();
    }

    /** A JSON amount given as a string or a number, or {@code null} when absent, null or empty. */
    static @Nullable BigDecimal amount(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            try {
                return Money.checkAmount(node.decimalValue());
            } catch (IllegalArgumentException e) {
                throw malformed("'" + field + "': " + e.getMessage());
            }
        }
        if (node.isString()) {
            return amount(node.asString(), field);
        }
        throw malformed("'" + field + "' is neither a string nor a number");
    }

    /** An amount in text, or {@code null} when absent or empty. */
    static @Nullable BigDecimal amount(@Nullable String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Money.parseAmount(text);
        } catch (IllegalArgumentException e) {
            throw malformed("'" + field + "': " + e.getMessage());
        }
    }

    /** A price as a positive or zero amount of {@code unit}; a negative one is malformed. */
    static Money price(BigDecimal amount, String unit, String field) {
        if (amount.signum() < 0) {
            throw malformed("'" + field + "' is negative: " + Money.plain(amount));
        }
        try {
            return Money.of(amount, unit);
        } catch (IllegalArgumentException e) {
            throw malformed("the currency of '" + field + "': " + e.getMessage());
        }
    }

    /** A message id: present, and no longer than ids are. */
    static String id(@Nullable String id, String field) {
        if (id == null || id.isBlank()) {
            throw malformed("no '" + field + "'");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw malformed("'" + field + "' is longer than " + MAX_ID_LENGTH + " characters: " + SafeText.quote(id));
        }
        return id.strip();
    }

    static Rejected malformed(String detail) {
        return new Rejected(Refusal.MALFORMED, detail);
    }
}
