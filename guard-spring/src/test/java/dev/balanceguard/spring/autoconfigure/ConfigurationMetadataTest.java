package dev.balanceguard.spring.autoconfigure;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated configuration metadata describes every property, so IDEs show descriptions and defaults. */
class ConfigurationMetadataTest {

    private final Map<String, JsonNode> properties = load();

    @Test
    void everyPropertyHasADescription() {
        assertDescribed("balance-guard.", BalanceGuardProperties.class);
        assertDescribed("balance-guard.accounts.*.", BalanceGuardProperties.Account.class);
    }

    @Test
    void defaultsAreDocumented() {
        assertThat(properties.get("balance-guard.enabled").get("defaultValue").asBoolean()).isTrue();
        assertThat(properties.get("balance-guard.refresh-interval").get("defaultValue").asString()).isEqualTo("60s");
        assertThat(properties.get("balance-guard.max-staleness").get("defaultValue").asString()).isEqualTo("10m");
        assertThat(properties.get("balance-guard.advice-mode").get("defaultValue").asString()).isEqualTo("proxy");
        assertThat(properties.get("balance-guard.accounts.*.when-unknown").get("defaultValue").asString())
                .isEqualTo("fail-closed");
        assertThat(properties.get("balance-guard.accounts.*.stale-bound").get("defaultValue").asString())
                .isEqualTo("1h");
    }

    private void assertDescribed(String prefix, Class<?> type) {
        Arrays.stream(type.getDeclaredMethods())
                .map(Method::getName)
                .filter(name -> name.startsWith("set"))
                .map(name -> prefix + name.substring(3).replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase())
                .forEach(name -> {
                    assertThat(properties).as(name).containsKey(name);
                    assertThat(properties.get(name).path("description").asString()).as(name).isNotBlank();
                });
    }

    private static Map<String, JsonNode> load() {
        try (InputStream in = ConfigurationMetadataTest.class
                .getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            Map<String, JsonNode> byName = new HashMap<>();
            for (JsonNode property : JsonMapper.builder().build().readTree(in).get("properties")) {
                byName.put(property.get("name").asString(), property);
            }
            return byName;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
