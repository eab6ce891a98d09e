package dev.balanceguard.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.annotation.CampaignPricing;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.util.PropertyPlaceholderHelper;

/**
 * A plain Java application configures the aspect through {@link GuardSource#of}: on spring-core 6.1 (copied to
 * {@code target/spring-6.1} by the build) it must say which version it needs, not throw {@code NoSuchMethodError}.
 */
class SpringVersionTest {

    @Test
    void springCore61IsRefusedNamingTheVersionItNeeds() throws Exception {
        List<URL> spring61;
        try (Stream<Path> jars = Files.list(Path.of("target/spring-6.1"))) {
            spring61 = new ArrayList<>(jars.map(SpringVersionTest::url).toList());
        }
        assertThat(spring61).hasSize(2);

        Throwable failure = configureWith(spring61);

        assertThat(failure.getClass().getName()).isEqualTo(BalanceGuardSetupException.class.getName());
        assertThat(failure)
                .hasMessage(
                        "spring-core 6.1.21: balance-guard needs spring-core and spring-expression 6.2 " + "or later");
    }

    @Test
    void theSpringCoreOfTheBuildPassesTheCheck() throws Exception {
        List<URL> current = List.of(
                location(PropertyPlaceholderHelper.class),
                location(Class.forName("org.apache.commons.logging.LogFactory")));

        // past the version check, the missing guard is the next thing it finds
        assertThat(configureWith(current))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("guard");
    }

    /** {@code GuardSource.of(null, null, null)} in a loader holding balance-guard and the given Spring jars only. */
    private static Throwable configureWith(List<URL> springJars) throws Exception {
        List<URL> urls = new ArrayList<>(springJars);
        urls.add(location(GuardSource.class));
        urls.add(location(BalanceGuard.class));
        try (URLClassLoader isolated =
                new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> source = isolated.loadClass(GuardSource.class.getName());
            try {
                source.getMethod(
                                "of",
                                isolated.loadClass(BalanceGuard.class.getName()),
                                isolated.loadClass(CampaignPricing.class.getName()),
                                Function.class)
                        .invoke(null, null, null, null);
            } catch (InvocationTargetException e) {
                return e.getCause();
            }
        }
        throw new AssertionError("GuardSource.of accepted no guard at all");
    }

    private static URL location(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
