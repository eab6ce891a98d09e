package dev.balanceguard.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;

/** balance-guard's JSON tree on Jackson's streaming parser alone: exact numbers, strict syntax, its limits. */
class JsonNodeTest {

    static JsonNode read(String json) {
        return JsonNode.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void numbersKeepTheirWireTextAndExactValue() {
        JsonNode json = read("{\"a\":0.1,\"b\":12.3400,\"c\":-7,\"d\":1E+2,\"e\":123456789012345678901234567890}");
        assertThat(json.get("a").decimalValue()).isEqualTo(new BigDecimal("0.1"));
        assertThat(json.get("b").decimalValue().toString()).isEqualTo("12.3400");
        assertThat(json.get("c").isIntegralNumber()).isTrue();
        assertThat(json.get("d").isIntegralNumber()).isFalse();
        assertThat(json.get("d").decimalValue()).isEqualByComparingTo("100");
        assertThat(json.get("e").asString()).isEqualTo("123456789012345678901234567890");
    }

    @Test
    void anExponentBeyondAnyRangeFailsWhileReadingNeverInArithmetic() {
        assertThatThrownBy(() -> read("{\"a\":1e9999999999}")).isInstanceOf(NumberFormatException.class);
        // one digit of text with a huge scale: read as such, Money's door refuses it later
        assertThat(read("{\"a\":1e999999999}").get("a").decimalValue().scale()).isEqualTo(-999999999);
    }

    @Test
    void duplicateNamesTrailingTokensAndBadSyntaxAreRefused() {
        assertThatThrownBy(() -> read("{\"a\":1,\"a\":2}")).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> read("{\"a\":1} {}")).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> read("{\"a\":}")).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> read("{\"a\":1")).isInstanceOf(JacksonException.class);
    }

    @Test
    void jacksonsStreamReadConstraintsStillBoundTheInput() {
        assertThatThrownBy(() -> read("[".repeat(5_000) + "]".repeat(5_000)))
                .isInstanceOf(StreamConstraintsException.class);
        assertThatThrownBy(() -> read("{\"a\":" + "9".repeat(5_000) + "}"))
                .isInstanceOf(StreamConstraintsException.class);
    }

    @Test
    void pathsOfMissingPropertiesAreMissingAndIterationFollowsJackson() {
        JsonNode json = read("{\"list\":[1,\"two\",null,true],\"object\":{\"x\":\"1\",\"y\":\"2\"},\"n\":null}");
        assertThat(json.get("absent")).isNull();
        assertThat(json.path("absent").path("deeper").isMissingNode()).isTrue();
        assertThat(json.path("absent")).isEmpty();
        assertThat(json.has("n")).isTrue();
        assertThat(json.get("n").isNull()).isTrue();
        assertThat(json.get("list").size()).isEqualTo(4);
        assertThat(json.get("list")).extracting(JsonNode::asString).containsExactly("1", "two", "", "true");
        assertThat(json.get("object")).extracting(JsonNode::stringValue).containsExactly("1", "2");
        assertThat(json.get("list").isContainer()).isTrue();
        assertThatThrownBy(() -> json.get("list").stringValue()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void propertiesIndexedPathsBooleansAndWholeNumbersAsTheWebhooksReadThem() {
        JsonNode json = read("{\"to\":[{\"n\":\"+1\"}],\"iat\":1700000000000,\"half\":1.5,\"ok\":false,\"e\":null}");
        assertThat(json.path("to").path(0).path("n").asString()).isEqualTo("+1");
        assertThat(json.path("to").path(1).isMissingNode()).isTrue();
        assertThat(json.path("iat").path(0).isMissingNode()).isTrue();
        assertThat(json.properties())
                .extracting(java.util.Map.Entry::getKey)
                .containsExactly("to", "iat", "half", "ok", "e");
        assertThat(json.get("ok").isBoolean()).isTrue();
        assertThat(json.get("iat").canConvertToLong()).isTrue();
        assertThat(json.get("iat").canConvertToInt()).isFalse();
        assertThat(json.get("iat").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(json.get("half").canConvertToLong()).isFalse();
        assertThat(json.get("half").asLong()).isZero();
        assertThat(read("{\"a\":1e19}").get("a").canConvertToLong()).isFalse();
        assertThat(json.path("e").asString("none")).isEqualTo("none");
        assertThat(json.path("absent").asString("none")).isEqualTo("none");
        assertThat(json.path("to").asString("none")).isEqualTo("none");
        assertThat(json.path("ok").asString("none")).isEqualTo("false");
    }

    @Test
    void toStringIsCompactJson() {
        String text = "{\"a\":[1,2.50,\"x\\\"y\\n\"],\"b\":{\"c\":null,\"d\":false}}";
        assertThat(read(text)).hasToString(text);
    }
}
