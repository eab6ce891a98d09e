package dev.balanceguard.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.core.Money;
import dev.balanceguard.interceptor.BalanceGuardSetupException;
import dev.balanceguard.provider.PluginJar;
import dev.balanceguard.spring.autoconfigure.masking.MaskingApplication;
import java.io.File;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A provider from a separate jar ({@link PluginJar}, compiled at test time and never on this module's class path)
 * is configured with Spring properties alone: bound generically, checked against its declaration, its secret
 * masked by the declaration.
 */
class ProviderPluginTest {

    private static final String SECRET = "acme-gateway-S3CR3T-4242";

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a guard against a hung child JVM, not a measurement
    void aPluginJarOnTheClassPathIsAProviderFromPropertiesAlone(@TempDir Path dir) throws Exception {
        Path jar = PluginJar.build(dir);
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path") + File.pathSeparator + jar,
                        MaskingApplication.class.getName(),
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--management.endpoints.web.exposure.include=env,configprops,balance",
                        "--management.endpoint.env.show-values=always",
                        "--management.endpoint.configprops.show-values=always",
                        "--balance-guard.accounts.main.provider=acme",
                        "--balance-guard.accounts.main.account=north",
                        "--balance-guard.accounts.main.credit=42.50",
                        "--balance-guard.accounts.main.currency=EUR")
                .redirectErrorStream(true);
        builder.environment().put("BALANCEGUARD_ACCOUNTS_MAIN_GATEWAYSECRET", SECRET);
        Process app = builder.start();
        StringBuilder log = new StringBuilder();
        try {
            int port = ServedApplications.awaitPort(app, log);
            String balance = ServedApplications.get(port, "/actuator/balance");
            String env = ServedApplications.get(port, "/actuator/env");
            // the guard was built at start-up from the plugin's declaration (a bad setting fails start-up)
            assertThat(balance).contains("\"provider\":\"acme\"");
            assertThat(env).contains("BALANCEGUARD_ACCOUNTS_MAIN_GATEWAYSECRET").doesNotContain(SECRET);
            assertThat(ServedApplications.get(port, "/actuator/configprops")).doesNotContain(SECRET);
        } finally {
            ServedApplications.stop(app);
        }
        synchronized (log) {
            assertThat(log.toString()).as("the application's log").doesNotContain(SECRET);
        }
    }

    @Test
    void aPluginsSettingsAreCheckedAgainstItsDeclaration(@TempDir Path dir) throws Exception {
        try (URLClassLoader loader = PluginJar.loader(PluginJar.build(dir))) {
            PluginJar.withContextLoader(loader, () -> {
                runner().withPropertyValues(
                                "balance-guard.accounts.main.gateway-secret=" + SECRET,
                                "balance-guard.accounts.main.credit=7",
                                "balance-guard.accounts.main.currency=GBP")
                        .run(context -> {
                            assertThat(context).hasNotFailed();
                            assertThat(context.getBean(BalanceGuard.class)
                                            .check("main", Money.of("5", "GBP"))
                                            .allowed())
                                    .isTrue();
                            SanitizingFunction sanitizer =
                                    context.getBean("balanceGuardCredentialSanitizer", SanitizingFunction.class);
                            assertThat(sanitizer
                                            .applyUnlessFiltered(new SanitizableData(
                                                    null, "balance-guard.accounts.main.gateway-secret", "x"))
                                            .getValue())
                                    .isEqualTo(SanitizableData.SANITIZED_VALUE);
                            assertThat(sanitizer
                                            .applyUnlessFiltered(
                                                    new SanitizableData(null, "JAVA_TOOL_OPTIONS", "-Dx=" + SECRET))
                                            .getValue())
                                    .isEqualTo("-Dx=******");
                        });
                runner().withPropertyValues("balance-guard.accounts.main.credit=7")
                        .run(context -> {
                            assertThat(context).hasFailed();
                            assertThat(context.getStartupFailure())
                                    .hasStackTraceContaining(BalanceGuardSetupException.class.getSimpleName())
                                    .hasStackTraceContaining("balance-guard.accounts.main.gateway-secret");
                        });
                runner().withPropertyValues(
                                "balance-guard.accounts.main.gateway-secret=" + SECRET,
                                "balance-guard.accounts.main.credit=7",
                                "balance-guard.accounts.main.colour=red")
                        .run(context -> {
                            assertThat(context).hasFailed();
                            assertThat(context.getStartupFailure())
                                    .hasStackTraceContaining("balance-guard.accounts.main.colour")
                                    .hasStackTraceContaining("'colour' is not a setting of acme; acme reads account");
                            assertThat(stackTrace(context.getStartupFailure())).doesNotContain(SECRET);
                        });
                return null;
            });
        }
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter text = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }

    private static ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        BalanceGuardAutoConfiguration.class, BalanceGuardActuatorAutoConfiguration.class))
                .withPropertyValues(
                        "balance-guard.accounts.main.provider=acme", "balance-guard.accounts.main.account=north");
    }
}
