package dev.balanceguard.examples.preflight;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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
    void helpListsTheCommandsAndExitCodes() {
        Cli.Result result = Cli.run(Map.of(), "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("segments", "balance", "check", "demo", "Exit codes");
    }
}
