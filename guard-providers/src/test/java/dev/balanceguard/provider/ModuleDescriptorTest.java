package dev.balanceguard.provider;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.balanceguard.core.Money;
import dev.balanceguard.json.JsonNode;
import dev.balanceguard.pricing.PricingSource;
import dev.balanceguard.provider.internal.HttpTransport;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.ObjectMapper;

/**
 * guard-providers is a named module that hides its transport: the descriptor compiled from module-info.java, and the
 * module on a module layer of its own, where code outside it meets the module system's access checks.
 */
class ModuleDescriptorTest {

    private static final String MODULE = "dev.balanceguard.providers";
    private static final String INTERNAL = "dev.balanceguard.provider.internal";

    @Test
    void everyPackageButTheTransportIsExportedToAll() throws Exception {
        ModuleDescriptor descriptor = descriptor();

        assertThat(descriptor.isAutomatic()).isFalse();
        assertThat(descriptor.packages()).contains(INTERNAL).hasSizeGreaterThan(10);
        assertThat(descriptor.exports())
                .allSatisfy(exports -> assertThat(exports.isQualified()).isFalse());
        assertThat(descriptor.exports().stream().map(ModuleDescriptor.Exports::source))
                .containsExactlyInAnyOrderElementsOf(descriptor.packages().stream()
                        .filter(pkg -> !pkg.equals(INTERNAL))
                        .toList());
        assertThat(descriptor.opens()).isEmpty();
    }

    @Test
    void theModuleProvidesWhatTheServicesFileListsForTheClassPath() throws Exception {
        List<String> servicesFile;
        try (var in =
                ModuleDescriptorTest.class.getResourceAsStream("/META-INF/services/" + ProviderType.class.getName())) {
            assertThat(in).isNotNull();
            servicesFile = new String(in.readAllBytes(), UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .toList();
        }

        assertThat(descriptor().provides()).singleElement().satisfies(provides -> {
            assertThat(provides.service()).isEqualTo(ProviderType.class.getName());
            assertThat(provides.providers()).containsExactlyElementsOf(servicesFile);
        });
        assertThat(servicesFile).hasSize(9);
    }

    @Test
    void codeOutsideTheModuleCannotReachTheTransport(@TempDir Path dir) throws Exception {
        ModuleLayer layer = layer(dir);
        Module providers = layer.findModule(MODULE).orElseThrow();
        Class<?> transport = Class.forName(providers, HttpTransport.class.getName());
        Class<?> policy = Class.forName(providers, "dev.balanceguard.provider.http.BaseUrlPolicy");

        assertThat(transport).isNotNull().isNotSameAs(HttpTransport.class);
        assertThat(policy).isNotNull();
        assertThat(providers.isExported(INTERNAL)).isFalse();
        assertThat(providers.isExported(policy.getPackageName())).isTrue();
        // this test is in the unnamed module: a public method of an exported package is open to it, the same
        // method shape in the transport's package is not
        assertThat(policy.getMethod("check", String.class).invoke(null, "https://api.example.com"))
                .isEqualTo(URI.create("https://api.example.com"));
        assertThatThrownBy(
                        () -> transport.getMethod("checkBaseUrl", String.class).invoke(null, "https://api.example.com"))
                .isInstanceOf(IllegalAccessException.class)
                .hasMessageContaining("does not export " + INTERNAL);
    }

    @Test
    void theProviderTypesAreServicesOnTheModulePath(@TempDir Path dir) throws Exception {
        ModuleLayer layer = layer(dir);
        Class<?> service =
                Class.forName(layer.findModule("dev.balanceguard.core").orElseThrow(), ProviderType.class.getName());

        List<String> found = ServiceLoader.load(layer, service).stream()
                .map(ServiceLoader.Provider::type)
                .filter(type -> MODULE.equals(type.getModule().getName()))
                .map(Class::getName)
                .toList();

        assertThat(found)
                .hasSize(9)
                .containsExactlyElementsOf(
                        descriptor().provides().iterator().next().providers());
    }

    private static ModuleDescriptor descriptor() throws Exception {
        return ModuleFinder.of(location(HttpTransport.class))
                .find(MODULE)
                .orElseThrow()
                .descriptor();
    }

    /** This module (compiled classes, a module) and what it requires, on a module path: a new layer. */
    private static ModuleLayer layer(Path dir) throws Exception {
        List<Path> path = new ArrayList<>();
        path.add(location(HttpTransport.class));
        path.add(asJar(location(Money.class), "dev.balanceguard.core", dir));
        path.add(asJar(location(PricingSource.class), "dev.balanceguard.pricing", dir));
        path.add(asJar(location(JsonNode.class), "dev.balanceguard.json", dir));
        for (Class<?> type : List.of(ObjectMapper.class, JsonParser.class, JsonProperty.class)) {
            path.add(location(type));
        }
        ModuleLayer boot = ModuleLayer.boot();
        Configuration configuration = boot.configuration()
                .resolve(ModuleFinder.of(path.toArray(Path[]::new)), ModuleFinder.of(), Set.of(MODULE));
        return boot.defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
    }

    private static Path location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** A reactor build may hand over a module's classes directory: an automatic module needs a jar. */
    private static Path asJar(Path location, String module, Path dir) throws IOException {
        if (!Files.isDirectory(location)) {
            return location;
        }
        Path jar = dir.resolve(module + ".jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                Stream<Path> files = Files.walk(location)) {
            for (Path each : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                out.putNextEntry(
                        new JarEntry(location.relativize(each).toString().replace('\\', '/')));
                Files.copy(each, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
