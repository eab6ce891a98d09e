package dev.balanceguard.provider;

import dev.balanceguard.core.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A provider from its own jar is found through ServiceLoader and checked against its declaration. */
class ProviderPluginTest {

    static final String SECRET = "ACME-S3CR3T-0099";

    @Test
    void aPluginJarIsFoundAndChecked(@TempDir Path dir) throws Exception {
        assertThat(BalanceProviders.types()).doesNotContainKey(PluginJar.TYPE);
        try (URLClassLoader loader = PluginJar.loader(PluginJar.build(dir))) {
            PluginJar.withContextLoader(loader, () -> {
                assertThat(BalanceProviders.types().keySet()).startsWith(BalanceProviders.BUILT_IN.toArray(String[]::new))
                        .contains(PluginJar.TYPE);
                BalanceProvider acme = BalanceProviders.create("ACME", Map.of("account", "north",
                        "gateway-secret", SECRET, "credit", "12.50", "currency", "eur"));
                assertThat(acme.fetchBalance().amount()).contains(Money.of("12.50", "EUR"));
                assertThat(acme.toString()).doesNotContain(SECRET);

                InvalidProviderSettingsException missing = catchInvalid(() -> BalanceProviders.create("acme",
                        Map.of("account", "north", "credit", "1")));
                assertThat(missing.key()).isEqualTo("gateway-secret");
                assertThat(missing.getMessage()).contains("missing");

                InvalidProviderSettingsException unknown = catchInvalid(() -> BalanceProviders.create("acme",
                        Map.of("account", "north", "gateway-secret", SECRET, "credit", "1", "colour", "red")));
                assertThat(unknown.key()).isEqualTo("colour");
                assertThat(unknown.getMessage()).contains("not a acme setting").doesNotContain(SECRET);

                InvalidProviderSettingsException malformed = catchInvalid(() -> BalanceProviders.create("acme",
                        Map.of("account", "north", "gateway-secret", SECRET, "credit", "lots")));
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

    @Test
    void everyBuiltInTypeIsDeclaredWithSecretsAndEnvironmentVariables() {
        assertThat(BalanceProviders.types().keySet()).containsExactlyElementsOf(BalanceProviders.BUILT_IN);
        BalanceProviders.types().forEach((name, type) -> {
            assertThat(type.name()).isEqualTo(name);
            if (!name.equals("simulator")) {
                assertThat(type.settings()).as(name).anyMatch(ProviderSetting::secret)
                        .anyMatch(s -> s.key().equals("base-url"));
            }
            type.settings().stream().filter(ProviderSetting::secret).forEach(s ->
                    assertThat(s.environmentVariable()).as(name + " " + s.key()).isNotNull());
        });
    }
}
