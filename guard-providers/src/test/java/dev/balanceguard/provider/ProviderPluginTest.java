package dev.balanceguard.provider;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.core.Money;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A provider from its own jar is found through ServiceLoader and checked against its declaration. */
class ProviderPluginTest {

    static final String SECRET = "ACME-S3CR3T-0099";

    @Test
    void aPluginJarIsFoundAndChecked(@TempDir Path dir) throws Exception {
        assertThat(BalanceProviders.types()).doesNotContainKey(PluginJar.TYPE);
        try (URLClassLoader loader = PluginJar.loader(PluginJar.build(dir))) {
            PluginJar.withContextLoader(loader, () -> {
                assertThat(List.copyOf(BalanceProviders.types().keySet()))
                        .containsAll(servicesFiles())
                        .contains(PluginJar.TYPE)
                        .isSorted();
                BalanceProvider acme = BalanceProviders.create(
                        "ACME",
                        Map.of("account", "north", "gateway-secret", SECRET, "credit", "12.50", "currency", "eur"));
                assertThat(acme.fetchBalance().amount()).contains(Money.of("12.50", "EUR"));
                assertThat(acme.toString()).doesNotContain(SECRET);

                InvalidProviderSettingsException missing =
                        catchInvalid(() -> BalanceProviders.create("acme", Map.of("account", "north", "credit", "1")));
                assertThat(missing.key()).isEqualTo("gateway-secret");
                assertThat(missing.getMessage()).contains("missing");

                InvalidProviderSettingsException unknown = catchInvalid(() -> BalanceProviders.create(
                        "acme", Map.of("account", "north", "gateway-secret", SECRET, "credit", "1", "colour", "red")));
                assertThat(unknown.key()).isEqualTo("colour");
                assertThat(unknown.getMessage())
                        .contains("'colour' is not a setting of acme; acme reads account, "
                                + "gateway-secret, credit, currency")
                        .doesNotContain(SECRET);

                InvalidProviderSettingsException malformed = catchInvalid(() -> BalanceProviders.create(
                        "acme", Map.of("account", "north", "gateway-secret", SECRET, "credit", "lots")));
                assertThat(malformed.key()).isEqualTo("credit");
                assertThat(malformed.getMessage()).doesNotContain(SECRET);
                return null;
            });
        }
    }

    private static InvalidProviderSettingsException catchInvalid(Runnable r) {
        InvalidProviderSettingsException[] caught = new InvalidProviderSettingsException[1];
        assertThatThrownBy(r::run).isInstanceOfSatisfying(InvalidProviderSettingsException.class, e -> caught[0] = e);
        return caught[0];
    }

    /** The names of the types the services files on this class path declare: guard-core's and guard-providers'. */
    static List<String> servicesFiles() throws IOException {
        List<String> names = new ArrayList<>();
        for (URL file : Collections.list(ProviderPluginTest.class
                .getClassLoader()
                .getResources("META-INF/services/" + ProviderType.class.getName()))) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(file.openStream(), UTF_8))) {
                for (String line : in.lines()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .toList()) {
                    names.add(instantiate(line).name());
                }
            }
        }
        return names;
    }

    private static ProviderType instantiate(String className) {
        try {
            return (ProviderType) Class.forName(className).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(className, e);
        }
    }

    @Test
    void theTypesAreThoseOfTheServicesFilesByName() throws IOException {
        List<String> declared = servicesFiles();
        assertThat(declared).doesNotHaveDuplicates().contains("simulator", "twilio");
        assertThat(BalanceProviders.types().keySet())
                .containsExactlyElementsOf(declared.stream().sorted().toList());
    }

    @Test
    void everyBuiltInTypeIsDeclaredWithSecretsAndEnvironmentVariables() {
        BalanceProviders.types().forEach((name, type) -> {
            assertThat(type.name()).isEqualTo(name);
            if (!name.equals("simulator")) {
                assertThat(type.settings())
                        .as(name)
                        .anyMatch(ProviderSetting::secret)
                        .anyMatch(s -> s.key().equals("base-url"));
            }
            type.settings().stream()
                    .filter(ProviderSetting::secret)
                    .forEach(s -> assertThat(s.environmentVariable())
                            .as(name + " " + s.key())
                            .isNotNull());
        });
    }
}
