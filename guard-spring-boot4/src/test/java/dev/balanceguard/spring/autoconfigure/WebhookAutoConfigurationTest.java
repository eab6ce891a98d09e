package dev.balanceguard.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.webhook.SpendWebhooks;
import dev.balanceguard.webhook.WebhookProvider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** Which accounts' webhooks are verified, and configuration mistakes reported at startup, never quoting a secret. */
class WebhookAutoConfigurationTest {

    private static final String PLIVO_TOKEN = "plivo-t0ken-in-a-failure";

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    BalanceGuardAutoConfiguration.class, BalanceGuardWebhooksAutoConfiguration.class))
            .withPropertyValues(
                    "balance-guard.webhooks.enabled=true",
                    "balance-guard.default-account=sim",
                    "balance-guard.accounts.sim.provider=simulator",
                    "balance-guard.accounts.sim.balance=10",
                    "balance-guard.accounts.sim.currency=USD",
                    "balance-guard.accounts.pl.provider=plivo",
                    "balance-guard.accounts.pl.auth-id=MAXXXXXXXXXXXXXXXXXX",
                    "balance-guard.accounts.pl.auth-token=" + PLIVO_TOKEN,
                    "balance-guard.accounts.vo.provider=vonage",
                    "balance-guard.accounts.vo.api-key=abcd1234",
                    "balance-guard.accounts.vo.api-secret=secret1234",
                    "balance-guard.accounts.vo.currency=EUR");

    @Test
    void accountsWithASecretTakeWebhooksAndPlivoFallsBackToItsAuthToken() {
        runner.run(context -> {
            SpendWebhooks webhooks = context.getBean(SpendWebhooks.class);
            assertThat(webhooks.accounts()).containsExactly("pl"); // vonage has no webhook-secret; the simulator none
            assertThat(webhooks.account("pl").provider()).isEqualTo(WebhookProvider.PLIVO);
            assertThat(webhooks.account("pl").currency()).contains("USD");
            assertThat(context.getBean("balanceGuardWebhookServlet").toString()).doesNotContain(PLIVO_TOKEN);
        });
    }

    @Test
    void aTelnyxKeyThatIsNoKeyFailsStartupNamingThePropertyNotTheValue() {
        runner.withPropertyValues(
                        "balance-guard.accounts.te.provider=telnyx",
                        "balance-guard.accounts.te.api-key=KEY0123",
                        "balance-guard.accounts.te.webhook-public-key=bm90LWEta2V5")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new BalanceGuardFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription())
                            .contains("balance-guard.accounts.te.webhook-public-key")
                            .contains("not base64 of an Ed25519 public key")
                            .doesNotContain("bm90LWEta2V5");
                });
    }

    @Test
    void aVonageSignatureMethodThatIsNoneOfVonagesFailsStartupNamingTheProperty() {
        runner.withPropertyValues(
                        "balance-guard.accounts.vo.webhook-secret=signature-secret-in-a-failure",
                        "balance-guard.accounts.vo.webhook-signature-method=sha384")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new BalanceGuardFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription())
                            .contains("balance-guard.accounts.vo.webhook-signature-method")
                            .contains("md5hash, md5, sha1, sha256 or sha512")
                            .doesNotContain("signature-secret-in-a-failure");
                });
        runner.withPropertyValues(
                        "balance-guard.accounts.vo.webhook-secret=signature-secret",
                        "balance-guard.accounts.vo.webhook-signature-method=SHA256")
                .run(context -> assertThat(context.getBean(SpendWebhooks.class).accounts())
                        .contains("vo"));
    }

    @Test
    void aPathThatIsNoPathFailsStartup() {
        runner.withPropertyValues("balance-guard.webhooks.path=webhooks/*").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new BalanceGuardFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("balance-guard.webhooks.path");
        });
    }

    @Test
    void offByDefaultAndOffOutsideAServletApplication() {
        runner.withPropertyValues("balance-guard.webhooks.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(SpendWebhooks.class));
        new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        BalanceGuardAutoConfiguration.class, BalanceGuardWebhooksAutoConfiguration.class))
                .withPropertyValues(
                        "balance-guard.webhooks.enabled=true",
                        "balance-guard.accounts.sim.provider=simulator",
                        "balance-guard.accounts.sim.balance=10",
                        "balance-guard.accounts.sim.currency=USD")
                .run(context -> assertThat(context).doesNotHaveBean(SpendWebhooks.class));
    }
}
