package dev.balanceguard.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.spring.autoconfigure.masking.MaskingApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Credentials are masked in Actuator's {@code env} and {@code configprops} endpoints, with
 * {@code show-values=always}, whichever way they reach the application: a properties file, an environment
 * variable (bound directly, or read by a placeholder), a command-line argument (which Java also keeps in the
 * {@code sun.java.command} system property) and a system property.
 */
class CredentialMaskingTest {

    private static final String SID = "AC0123456789abcdef0123456789abcdef";
    private static final String ARGUMENT_SECRET = "arg-twilio-token-5a1c9e";
    private static final String FILE_SECRET = "file-exotel-key-77c2d1";
    private static final String ENVIRONMENT_SECRET = "env-exotel-token-3f8b0a";
    private static final String PLACEHOLDER_SECRET = "placeholder-messagebird-key-9d4e2f";
    private static final String SYSTEM_PROPERTY_SECRET = "sysprop-infobip-key-1b6a7c";
    private static final List<String> SECRETS =
            List.of(ARGUMENT_SECRET, FILE_SECRET, ENVIRONMENT_SECRET, PLACEHOLDER_SECRET, SYSTEM_PROPERTY_SECRET);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a guard against a hung child JVM, not a measurement
    void credentialsGivenEveryWayAreMaskedInEnvAndConfigprops(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(
                dir.resolve("masking.properties"),
                String.join(
                        "\n",
                        "balance-guard.accounts.exo.api-key=" + FILE_SECRET,
                        "balance-guard.accounts.mb.access-key=${MESSAGEBIRD_ACCESS_KEY}",
                        ""));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dbalance-guard.accounts.ib.api-key=" + SYSTEM_PROPERTY_SECRET,
                MaskingApplication.class.getName(),
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.config.additional-location=file:" + file,
                "--management.endpoints.web.exposure.include=env,configprops",
                "--management.endpoint.env.show-values=always",
                "--management.endpoint.configprops.show-values=always",
                "--balance-guard.default-account=main",
                "--balance-guard.accounts.main.provider=twilio",
                "--balance-guard.accounts.main.account-sid=" + SID,
                "--balance-guard.accounts.main.auth-token=" + ARGUMENT_SECRET,
                "--balance-guard.accounts.exo.provider=exotel",
                "--balance-guard.accounts.exo.sid=acme",
                "--balance-guard.accounts.ib.provider=infobip",
                "--balance-guard.accounts.ib.base-url=https://abc.api.infobip.com",
                "--balance-guard.accounts.mb.provider=messagebird"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("BALANCEGUARD_ACCOUNTS_EXO_APITOKEN", ENVIRONMENT_SECRET);
        builder.environment().put("MESSAGEBIRD_ACCESS_KEY", PLACEHOLDER_SECRET);
        Process app = builder.start();
        StringBuilder log = new StringBuilder();
        try {
            int port = ServedApplications.awaitPort(app, log);
            String env = ServedApplications.get(port, "/actuator/env");
            String configprops = ServedApplications.get(port, "/actuator/configprops");
            String commandLine = ServedApplications.get(port, "/actuator/env/sun.java.command");
            String token = ServedApplications.get(port, "/actuator/env/balance-guard.accounts.main.auth-token");

            // the places a credential could show are there, with their values masked
            assertThat(env)
                    .contains("sun.java.command")
                    .contains("--balance-guard.accounts.main.auth-token=******")
                    .contains("BALANCEGUARD_ACCOUNTS_EXO_APITOKEN")
                    .contains("MESSAGEBIRD_ACCESS_KEY")
                    .contains("balance-guard.accounts.ib.api-key")
                    .contains("balance-guard.accounts.exo.api-key")
                    .contains(SID);
            // the bound accounts hold no provider setting: configprops shows the accounts, and no credential key
            assertThat(configprops).contains("\"provider\":\"messagebird\"").doesNotContain("authToken");
            for (String body : List.of(env, configprops, commandLine, token)) {
                SECRETS.forEach(secret -> assertThat(body).doesNotContain(secret));
            }
        } finally {
            ServedApplications.stop(app);
        }
        SECRETS.forEach(
                secret -> assertThat(log.toString()).as("the application's log").doesNotContain(secret));
    }

    @Test
    void environmentVariableKeysOfCredentialsAreMasked() {
        contextRunner().run(context -> {
            SanitizingFunction sanitizer = context.getBean("balanceGuardCredentialSanitizer", SanitizingFunction.class);
            for (String key : List.of(
                    "BALANCEGUARD_ACCOUNTS_MAIN_AUTHTOKEN",
                    "BALANCE_GUARD_ACCOUNTS_MAIN_AUTH_TOKEN",
                    "BALANCEGUARD_ACCOUNTS_EU_APIKEYSECRET",
                    "balance_guard_accounts_x_password")) {
                assertThat(sanitize(sanitizer, key, "x")).as(key).isEqualTo(SanitizableData.SANITIZED_VALUE);
            }
            for (String key : List.of(
                    "BALANCEGUARD_ACCOUNTS_MAIN_APIKEYSID",
                    "BALANCEGUARD_ACCOUNTS_MAIN_BALANCE",
                    "PATH",
                    "OTHER_PASSWORD_HINT")) {
                assertThat(sanitize(sanitizer, key, "x")).as(key).isEqualTo("x");
            }
        });
    }

    @Test
    void aConfiguredCredentialsValueIsMaskedWhereverItAppears() {
        contextRunner().run(context -> {
            SanitizingFunction sanitizer = context.getBean("balanceGuardCredentialSanitizer", SanitizingFunction.class);
            assertThat(sanitize(
                            sanitizer,
                            "sun.java.command",
                            "app.jar --balance-guard.accounts.main.auth-token=" + ARGUMENT_SECRET + " --debug"))
                    .isEqualTo("app.jar --balance-guard.accounts.main.auth-token=****** --debug");
            assertThat(sanitize(sanitizer, "TWILIO_AUTH_TOKEN", ARGUMENT_SECRET))
                    .isEqualTo("******");
            assertThat(sanitize(sanitizer, "SPRING_APPLICATION_JSON", "{\"t\":\"" + ARGUMENT_SECRET + "\"}"))
                    .isEqualTo("{\"t\":\"******\"}");
            assertThat(sanitize(sanitizer, "unrelated", "nothing secret")).isEqualTo("nothing secret");
        });
    }

    private static ApplicationContextRunner contextRunner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        BalanceGuardAutoConfiguration.class, BalanceGuardActuatorAutoConfiguration.class))
                .withPropertyValues(
                        "balance-guard.accounts.main.provider=twilio",
                        "balance-guard.accounts.main.account-sid=" + SID,
                        "balance-guard.accounts.main.auth-token=" + ARGUMENT_SECRET);
    }

    private static Object sanitize(SanitizingFunction sanitizer, String key, String value) {
        return sanitizer
                .applyUnlessFiltered(new SanitizableData(null, key, value))
                .getValue();
    }
}
