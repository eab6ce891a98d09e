package dev.balanceguard.json;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * A read-only JSON tree, read with Jackson's streaming parser alone ({@code tools.jackson.core:jackson-core}): no
 * data binding, so no {@code jackson-annotations}, whose version an application's framework pins (Spring Boot 3.5
 * pins one older than Jackson 3's databind needs). The parser keeps Jackson's hardening (its
 * {@code StreamReadConstraints} bound the nesting, the number and string lengths); duplicate names and trailing
 * tokens are refused. Numbers keep their wire text and are read exactly into {@link BigDecimal}, never through
 * {@code double}. The methods behave as Jackson's {@code JsonNode} ones of the same name.
 *
 * <p>Support code for balance-guard's own modules (the provider clients, the webhooks), not an API to build on: it
 * may change in any release.
 */
public final class JsonNode implements Iterable<JsonNode> {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private static final JsonNode MISSING = new JsonNode(Kind.MISSING, null, null, List.of(), Map.of());
    private static final JsonNode NULL = new JsonNode(Kind.NULL, "null", null, List.of(), Map.of());

    private enum Kind {
        OBJECT,
        ARRAY,
        STRING,
        NUMBER,
        BOOLEAN,
        NULL,
        MISSING
    }

    private final Kind kind;
    private final @Nullable String text;
    private final @Nullable BigDecimal number;
    private final List<JsonNode> elements;
    private final Map<String, JsonNode> properties;

    private JsonNode(
            Kind kind,
            @Nullable String text,
            @Nullable BigDecimal number,
            List<JsonNode> elements,
            Map<String, JsonNode> properties) {
        this.kind = kind;
        this.text = text;
        this.number = number;
        this.elements = elements;
        this.properties = properties;
    }

    /**
     * Reads one JSON value that fills {@code body}.
     *
     * @throws tools.jackson.core.JacksonException when it is not well-formed JSON, has a duplicate name or trailing
     *     tokens, or passes Jackson's limits
     * @throws NumberFormatException when a number's exponent is beyond any range
     */
    public static JsonNode read(byte[] body) {
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return MISSING;
            }
            JsonNode root = value(parser, first);
            if (parser.nextToken() != null) {
                throw new tools.jackson.core.exc.StreamReadException(parser, "trailing tokens after the JSON value");
            }
            return root;
        }
    }

    private static JsonNode value(JsonParser parser, JsonToken token) {
        return switch (token) {
            case START_OBJECT -> {
                Map<String, JsonNode> properties = new LinkedHashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = parser.currentName();
                    properties.put(name, value(parser, parser.nextToken()));
                }
                yield new JsonNode(Kind.OBJECT, null, null, List.of(), Collections.unmodifiableMap(properties));
            }
            case START_ARRAY -> {
                List<JsonNode> elements = new java.util.ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    elements.add(value(parser, next));
                }
                yield new JsonNode(Kind.ARRAY, null, null, Collections.unmodifiableList(elements), Map.of());
            }
            case VALUE_STRING -> new JsonNode(Kind.STRING, parser.getString(), null, List.of(), Map.of());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                String wire = parser.getString();
                // from the wire text: an exponent beyond int range throws here, before any arithmetic
                yield new JsonNode(Kind.NUMBER, wire, new BigDecimal(wire), List.of(), Map.of());
            }
            case VALUE_TRUE -> new JsonNode(Kind.BOOLEAN, "true", null, List.of(), Map.of());
            case VALUE_FALSE -> new JsonNode(Kind.BOOLEAN, "false", null, List.of(), Map.of());
            case VALUE_NULL -> NULL;
            default -> throw new tools.jackson.core.exc.StreamReadException(parser, "unexpected token " + token);
        };
    }

    /** The value of property {@code name} of an object; {@code null} when absent or this is not an object. */
    public @Nullable JsonNode get(String name) {
        return properties.get(name);
    }

    /** Element {@code index} of an array; {@code null} when out of range or this is not an array. */
    public @Nullable JsonNode get(int index) {
        return index >= 0 && index < elements.size() ? elements.get(index) : null;
    }

    /** The value of property {@code name} of an object, or a missing node (never {@code null}). */
    public JsonNode path(String name) {
        return properties.getOrDefault(name, MISSING);
    }

    /** Element {@code index} of an array, or a missing node (never {@code null}). */
    public JsonNode path(int index) {
        JsonNode element = get(index);
        return element != null ? element : MISSING;
    }

    /** The properties of an object, in their order; nothing for anything else. */
    public Set<Map.Entry<String, JsonNode>> properties() {
        return properties.entrySet();
    }

    public boolean has(String name) {
        return properties.containsKey(name);
    }

    public boolean isObject() {
        return kind == Kind.OBJECT;
    }

    public boolean isArray() {
        return kind == Kind.ARRAY;
    }

    public boolean isContainer() {
        return kind == Kind.OBJECT || kind == Kind.ARRAY;
    }

    public boolean isString() {
        return kind == Kind.STRING;
    }

    public boolean isNumber() {
        return kind == Kind.NUMBER;
    }

    /** A number written without fraction or exponent. */
    public boolean isIntegralNumber() {
        return number != null && text != null && text.chars().allMatch(c -> c == '-' || Character.isDigit(c));
    }

    public boolean isBoolean() {
        return kind == Kind.BOOLEAN;
    }

    public boolean isNull() {
        return kind == Kind.NULL;
    }

    public boolean isMissingNode() {
        return kind == Kind.MISSING;
    }

    /**
     * A string's value.
     *
     * @throws IllegalStateException when this is not a string
     */
    public String stringValue() {
        if (kind != Kind.STRING || text == null) {
            throw new IllegalStateException(
                    "not a JSON string but " + kind.name().toLowerCase(java.util.Locale.ROOT));
        }
        return text;
    }

    /** A scalar as text (a number as written); {@code ""} for a container, {@code null} or a missing node. */
    public String asString() {
        return text == null || kind == Kind.NULL ? "" : text;
    }

    /** A scalar as text, as {@link #asString()}; {@code defaultValue} for a container, {@code null} or missing. */
    public String asString(String defaultValue) {
        return text == null || kind == Kind.NULL ? defaultValue : text;
    }

    /**
     * A number's exact value, from its wire text.
     *
     * @throws IllegalStateException when this is not a number
     */
    public BigDecimal decimalValue() {
        if (number == null) {
            throw new IllegalStateException(
                    "not a JSON number but " + kind.name().toLowerCase(java.util.Locale.ROOT));
        }
        return number;
    }

    /** A number whose value is a whole number in {@code int} range. */
    public boolean canConvertToInt() {
        return isWholeWithin(Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** A number whose value is a whole number in {@code long} range. */
    public boolean canConvertToLong() {
        return isWholeWithin(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private boolean isWholeWithin(long min, long max) {
        if (number == null) {
            return false;
        }
        BigDecimal whole = number.stripTrailingZeros();
        return whole.scale() <= 0
                && whole.compareTo(BigDecimal.valueOf(min)) >= 0
                && whole.compareTo(BigDecimal.valueOf(max)) <= 0;
    }

    /** The {@code int} value of a number that {@linkplain #canConvertToInt() can convert}; 0 for anything else. */
    public int asInt() {
        return canConvertToInt() && number != null ? number.intValueExact() : 0;
    }

    /** The {@code long} value of a number that {@linkplain #canConvertToLong() can convert}; 0 for anything else. */
    public long asLong() {
        return canConvertToLong() && number != null ? number.longValueExact() : 0;
    }

    /** Whether an array or object has no elements (always for anything else). */
    public boolean isEmpty() {
        return size() == 0;
    }

    /** The number of elements of an array or properties of an object; 0 for anything else. */
    public int size() {
        return kind == Kind.OBJECT ? properties.size() : elements.size();
    }

    /** The elements of an array, the values of an object; nothing for anything else. */
    @Override
    public Iterator<JsonNode> iterator() {
        return kind == Kind.OBJECT ? properties.values().iterator() : elements.iterator();
    }

    /** Compact JSON text of this node ({@code ""} for a missing node). */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        write(out);
        return out.toString();
    }

    private void write(StringBuilder out) {
        switch (kind) {
            case OBJECT -> {
                out.append('{');
                String separator = "";
                for (Map.Entry<String, JsonNode> property : properties.entrySet()) {
                    out.append(separator);
                    quote(out, property.getKey());
                    out.append(':');
                    property.getValue().write(out);
                    separator = ",";
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                String separator = "";
                for (JsonNode element : elements) {
                    out.append(separator);
                    element.write(out);
                    separator = ",";
                }
                out.append(']');
            }
            case STRING -> quote(out, asString());
            case MISSING -> {}
            default -> out.append(asString().isEmpty() ? "null" : asString());
        }
    }

    private static void quote(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
