package dev.balanceguard.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.provider.BalanceProviders;
import dev.balanceguard.provider.ProviderType;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The generated configuration metadata describes every property, so IDEs show descriptions and defaults. */
class ConfigurationMetadataTest {

    private final Map<String, JsonNode> properties = load();

    @Test
    void everyPropertyHasADescription() {
        assertDescribed("balance-guard.", BalanceGuardProperties.class);
        assertDescribed("balance-guard.accounts.*.", BalanceGuardProperties.Account.class);
        assertDescribed("balance-guard.budgets.*.", BalanceGuardProperties.Budget.class);
    }

    @Test
    void defaultsAreDocumented() {
        assertThat(properties.get("balance-guard.enabled").get("defaultValue").asBoolean())
                .isTrue();
        assertThat(properties
                        .get("balance-guard.refresh-interval")
                        .get("defaultValue")
                        .asString())
                .isEqualTo("60s");
        assertThat(properties
                        .get("balance-guard.max-staleness")
                        .get("defaultValue")
                        .asString())
                .isEqualTo("10m");
        assertThat(properties
                        .get("balance-guard.advice-mode")
                        .get("defaultValue")
                        .asString())
                .isEqualTo("proxy");
        assertThat(properties
                        .get("balance-guard.accounts.*.when-unknown")
                        .get("defaultValue")
                        .asString())
                .isEqualTo("fail-closed");
        assertThat(properties
                        .get("balance-guard.accounts.*.stale-bound")
                        .get("defaultValue")
                        .asString())
                .isEqualTo("1h");
    }

    /** Generated at build time (src/build/java/ProviderMetadata.java) from the types the services files declare. */
    @Test
    void everyDeclaredProviderSettingIsDescribedFromItsDeclaration() {
        Map<String, ProviderType> types = BalanceProviders.types();
        assertThat(types).hasSizeGreaterThanOrEqualTo(10);
        types.forEach((name, type) -> type.settings().forEach(setting -> {
            JsonNode property = properties.get("balance-guard.accounts.*." + setting.key());
            assertThat(property).as(name + " " + setting.key()).isNotNull();
            String description = property.path("description").asString();
            if (!ACCOUNT_PROPERTIES.contains(setting.key())) { // the account's own properties describe themselves
                assertThat(description)
                        .as(setting.key())
                        .contains(setting.description())
                        .contains(name);
                assertThat(description.contains("A credential"))
                        .as(setting.key())
                        .isEqualTo(types.values().stream()
                                .flatMap(t -> t.settings().stream())
                                .anyMatch(s -> s.key().equals(setting.key()) && s.secret()));
            }
        }));
        Map<String, String> hints = new HashMap<>();
        hints("balance-guard.accounts.*.provider")
                .forEach(value -> hints.put(
                        value.get("value").asString(), value.get("description").asString()));
        assertThat(hints).containsOnlyKeys(types.keySet());
        assertThat(hints.get("twilio")).startsWith("Twilio (api.twilio.com): account-sid, auth-token");
    }

    private static final java.util.Set<String> ACCOUNT_PROPERTIES =
            java.util.Set.of("currency", "connect-timeout", "request-timeout", "max-retries", "max-retry-wait");

    private Iterable<JsonNode> hints(String name) {
        try (InputStream in =
                ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            for (JsonNode hint : JsonMapper.builder().build().readTree(in).get("hints")) {
                if (hint.get("name").asString().equals(name)) {
                    return hint.get("values");
                }
            }
            throw new AssertionError("no hints for " + name);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Each property the type's setters bind, a nested group's (an account's destinations) included. */
    private void assertDescribed(String prefix, Class<?> type) {
        Arrays.stream(type.getDeclaredMethods())
                .filter(method -> method.getName().startsWith("set"))
                .forEach(method -> {
                    String name = prefix
                            + method.getName()
                                    .substring(3)
                                    .replaceAll("([a-z])([A-Z])", "$1-$2")
                                    .toLowerCase();
                    Class<?> value = method.getParameterTypes()[0];
                    if (value == BalanceGuardProperties.Destinations.class) {
                        assertDescribed(name + ".", value);
                        return;
                    }
                    assertThat(properties).as(name).containsKey(name);
                    assertThat(properties.get(name).path("description").asString())
                            .as(name)
                            .isNotBlank();
                });
    }

    private static Map<String, JsonNode> load() {
        try (InputStream in =
                ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
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
