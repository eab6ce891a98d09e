package dev.balanceguard.spring.autoconfigure;

import static dev.balanceguard.spring.autoconfigure.StartupFailures.assertStartupFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardPolicy;
import dev.balanceguard.core.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * An account configured in a file is pointed at another provider from a source that takes precedence: the file's
 * settings of the other type are ignored with a warning naming each and where it came from; given as high as the
 * provider choice, they still fail startup.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProviderOverrideTest {

    private static final String SID = "AC0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "override-token-7c1d";

    /** {@code override/provider-override.properties} as config data, under the test's own property values. */
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withConfiguration(AutoConfigurations.of(BalanceGuardAutoConfiguration.class))
            .withPropertyValues("spring.config.location=classpath:override/provider-override.properties");

    @Test
    void aHigherSourceSwitchesTheProviderAndTheFilesOtherSettingsAreIgnoredWithAWarning(CapturedOutput output) {
        runner.withPropertyValues(
                        "balance-guard.accounts.main.provider=twilio",
                        "balance-guard.accounts.main.account-sid=" + SID,
                        "balance-guard.accounts.main.auth-token=" + TOKEN)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    BalanceGuard guard = context.getBean(BalanceGuard.class);
                    assertThat(guard.snapshot("main").provider()).isEqualTo("twilio");
                    // the file's currency is still the account's: the bare threshold is in USD
                    GuardPolicy policy = GuardFactory.policy(
                            "main",
                            context.getBean(BalanceGuardProperties.class)
                                    .getAccounts()
                                    .get("main"));
                    assertThat(policy.lowBalanceThreshold()).contains(Money.of("2", "USD"));
                });
        String warning = output.getAll()
                .lines()
                .filter(line -> line.contains("balance-guard.accounts.main.balance"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no warning in:\n" + output.getAll()));
        assertThat(warning)
                .contains("WARN")
                .contains("account 'main' uses twilio")
                .contains("(a setting of simulator)")
                .contains("class path resource [override/provider-override.properties] - 3:")
                .contains("is ignored: the provider is chosen in property source \"test\", which takes precedence");
        assertThat(output.getAll()).doesNotContain(TOKEN).doesNotContain("5.00");
        assertThat(output.getAll().lines().filter(line -> line.contains("is ignored")))
                .hasSize(1);
    }

    @Test
    void aKeyOfAnotherTypeAboveTheProviderChoiceFailsStartupNamingWhereItCameFrom() {
        assertStartupFailure(
                runner.withPropertyValues("balance-guard.accounts.main.access-key=" + TOKEN),
                "balance-guard.accounts.main.access-key",
                "'access-key' is not a setting of simulator but of messagebird; it is given in property source "
                        + "\"test\", which ranks as high as where the provider is chosen (class path resource "
                        + "[override/provider-override.properties] - 2:",
                "Remove balance-guard.accounts.main.access-key there");
    }

    @Test
    void aKeyNoTypeDeclaresFailsStartupWhereverItComesFrom() {
        assertStartupFailure(
                runner.withPropertyValues(
                        "balance-guard.accounts.main.provider=twilio",
                        "balance-guard.accounts.main.account-sid=" + SID,
                        "balance-guard.accounts.main.auth-token=" + TOKEN,
                        "balance-guard.accounts.main.acount-sid=" + SID),
                "balance-guard.accounts.main.acount-sid",
                "(did you mean account-sid?)",
                "Correct balance-guard.accounts.main.acount-sid");
    }

    @Test
    void anIgnoredSecretIsStillMasked(CapturedOutput output) {
        runner.withConfiguration(AutoConfigurations.of(BalanceGuardActuatorAutoConfiguration.class))
                .withPropertyValues("balance-guard.accounts.main.provider=simulator")
                .withSystemProperties("balance-guard.accounts.main.api-key=" + TOKEN)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    SanitizingFunction sanitizer =
                            context.getBean("balanceGuardCredentialSanitizer", SanitizingFunction.class);
                    assertThat(sanitizer
                                    .applyUnlessFiltered(
                                            new SanitizableData(null, "JAVA_TOOL_OPTIONS", "-Dkey=" + TOKEN))
                                    .getValue())
                            .isEqualTo("-Dkey=******");
                });
        assertThat(output.getAll())
                .contains("balance-guard.accounts.main.api-key (a setting of ")
                .contains("from property source \"systemProperties\" is ignored")
                .doesNotContain(TOKEN);
    }

    @Test
    void withoutAnOverrideTheFileAloneConfiguresTheAccount(CapturedOutput output) {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(BalanceGuard.class).balance("main").amount())
                    .contains(Money.of("5", "USD"));
        });
        assertThat(output.getAll()).doesNotContain("is ignored");
    }
}
