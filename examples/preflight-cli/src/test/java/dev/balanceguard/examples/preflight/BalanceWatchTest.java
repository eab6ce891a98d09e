package dev.balanceguard.examples.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.examples.preflight.simulator.ProviderSimulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code balance --watch}: successive readings of an account that spends and is topped up, a plain line each. */
class BalanceWatchTest {

    private static final String SID = "AC" + "5a5a5a5a5a5a5a5a".repeat(2);
    private static final String TOKEN = "fake-watch-token-91c2";
    private static final Map<String, String> ENV = Map.of("TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN", TOKEN);

    private static ProviderSimulator simulator;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private Cli.Result watch(String sid, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "balance",
                "--provider",
                "twilio",
                "--base-url",
                simulator.baseUrl(),
                "--watch",
                "50ms",
                "--count",
                "4"));
        args.addAll(List.of(more));
        return Cli.run(Map.of("TWILIO_ACCOUNT_SID", sid, "TWILIO_AUTH_TOKEN", TOKEN), args.toArray(String[]::new));
    }

    @Test
    void eachReadingIsAPlainLineWithTheDropOrRiseSinceTheLast() {
        simulator.twilioReadings(SID, TOKEN, "USD", "100.00", "87.50", "87.50", "150.00");

        Cli.Result result = watch(SID);

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).endsWith("twilio account " + SID + ": 100 USD (unknown)");
        assertThat(lines.get(1)).endsWith(": 87.5 USD (unknown), down 12.5");
        assertThat(lines.get(2)).endsWith(", unchanged");
        assertThat(lines.get(3)).endsWith(", up 62.5");
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ twilio .*");
        // no terminal tricks: no carriage returns, no escape sequences
        assertThat(result.out()).doesNotContain("\r").doesNotContain("\u001b");
    }

    @Test
    void asJsonEachReadingCarriesItsSignedChange() {
        String sid = "AC" + "6b6b6b6b6b6b6b6b".repeat(2);
        simulator.twilioReadings(sid, TOKEN, "USD", "10", "9.25", "9.25", "20");

        Cli.Result result = watch(sid, "--json");

        assertThat(result.exitCode()).isZero();
        List<JsonNode> readings =
                result.out().lines().map(l -> Json.parse(l).orElseThrow()).toList();
        assertThat(readings).hasSize(4);
        assertThat(readings.get(0).get("change").isNull()).isTrue();
        assertThat(readings.get(1).get("change").asString()).isEqualTo("-0.75");
        assertThat(readings.get(2).get("change").asString()).isEqualTo("0");
        assertThat(readings.get(3).get("change").asString()).isEqualTo("10.75");
        assertThat(readings.get(3).get("amount").asString()).isEqualTo("20");
        assertThat(readings.get(3).get("fetched_at").asString()).endsWith("Z");
    }

    @Test
    void countWithoutWatchOrAZeroIntervalIsAUsageError() {
        Cli.Result noWatch =
                Cli.run(ENV, "balance", "--provider", "twilio", "--base-url", simulator.baseUrl(), "--count", "2");
        Cli.Result zero =
                Cli.run(ENV, "balance", "--provider", "twilio", "--base-url", simulator.baseUrl(), "--watch", "0");

        assertThat(noWatch.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noWatch.err()).contains("--count");
        assertThat(zero.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(zero.err()).contains("--watch");
    }
}
