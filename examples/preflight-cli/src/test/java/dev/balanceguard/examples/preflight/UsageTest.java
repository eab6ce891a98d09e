package dev.balanceguard.examples.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.provider.BalanceProviders;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageTest {

    @Test
    void noCommandIsAUsageError() {
        Cli.Result result = Cli.run(Map.of());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("missing command").hasLineCount(1);
    }

    @Test
    void unknownOptionIsAUsageErrorOnOneLine() {
        Cli.Result result = Cli.run(Map.of(), "balance", "--provider", "twilio", "--auth-token", "x");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--auth-token").hasLineCount(1);
    }

    @Test
    void unknownProviderIsAUsageError() {
        Cli.Result result = Cli.run(Map.of(), "balance", "--provider", "nexmo");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("nexmo").hasLineCount(1);
    }

    @Test
    void theProviderHelpComesFromTheDeclarations() {
        for (String command : new String[] {"balance", "check", "rates"}) {
            Cli.Result result = Cli.run(Map.of(), command, "--help");

            assertThat(result.exitCode()).isZero();
            String help = result.out().replaceAll("\\s+", " ");
            BalanceProviders.types().forEach((name, type) -> {
                assertThat(help).as(command).contains("--provider=NAME").contains(" " + name + ",");
                type.settings().stream()
                        .filter(s -> s.environmentVariable() != null)
                        .filter(s -> !s.key().startsWith("webhook-")) // the webhooks' secrets: no command uses them
                        .forEach(s -> assertThat(help)
                                .as(command + " " + name)
                                .containsPattern(" " + name + " [^a-z]*" + s.environmentVariable()
                                        + (s.required() ? "\\*" : "[,\\s]")));
            });
        }
    }

    @Test
    void theWebhooksSecretsAreNotInTheHelp() {
        String help = Cli.run(Map.of(), "balance", "--help").out();

        assertThat(help).doesNotContain("WEBHOOK_SECRET").doesNotContain("VONAGE_SIGNATURE_SECRET");
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        Cli.Result result = Cli.run(Map.of(), "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("segments", "balance", "check", "demo", "Exit codes");
    }
}
