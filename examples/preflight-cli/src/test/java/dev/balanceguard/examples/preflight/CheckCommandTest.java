package dev.balanceguard.examples.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.examples.preflight.simulator.ProviderSimulator;
import dev.balanceguard.examples.preflight.simulator.ProviderSimulator.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckCommandTest {

    static final String RATES = """
            # test rates
            channel,prefix,price,currency,increment_seconds,minimum_seconds
            sms,1,0.0083,USD,,
            sms,44,0.0400,USD,,
            sms,447,0.0450,USD,,
            voice,1,0.0140,USD,1,1
            voice,44,0.0200,USD,60,60
            """;

    static ProviderSimulator simulator;

    @TempDir
    Path dir;

    Path rates;
    Path recipients;
    Path message;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start().twilio(BalanceCommandTest.SID, BalanceCommandTest.TOKEN, "0.05", "USD");
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void files() throws IOException {
        rates = Files.writeString(dir.resolve("rates.csv"), RATES);
        // US 0.0083 + UK mobile 0.045 per segment
        recipients = Files.writeString(dir.resolve("recipients.txt"), "+12025550100\n\n+447700900001\n");
        message = Files.writeString(dir.resolve("message.txt"), "Your order has shipped.");
    }

    @AfterEach
    void noFault() {
        simulator.fault(Fault.NONE);
    }

    @Test
    void allowedRunExitsZeroWithTheDecisionAsJson() {
        Cli.Result result = check("10.00", "--message-file", message.toString(), "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .startsWith("{\"allowed\":true,\"reason\":\"sufficient\",\"balance\":\"10\","
                        + "\"currency\":\"USD\",\"estimated_cost\":\"0.0533\",\"min\":\"0\",\"shortfall\":\"0\","
                        + "\"recipients\":2,\"segments_per_message\":1,\"encoding\":\"GSM-7\"");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void blockedRunExitsThreeWithShortfallAndCoverableRecipients() {
        Cli.Result result = check("0.05", "--message-file", message.toString(), "--json");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out())
                .contains(
                        "\"allowed\":false",
                        "\"reason\":\"insufficient\"",
                        "\"shortfall\":\"0.0033\"",
                        "\"coverable_recipients\":1");
    }

    @Test
    void minIsKeptInTheAccount() {
        Cli.Result result = check("1.00", "--message-file", message.toString(), "--min", "0.95", "--json");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).contains("\"min\":\"0.95\"", "\"shortfall\":\"0.0033\"");
    }

    @Test
    void aUnicodeBodyDoublesTheCost() throws IOException {
        // 100 characters with one curly apostrophe: UCS-2, 2 segments instead of 1
        Path unicode = Files.writeString(dir.resolve("unicode.txt"), "We\u2019ve shipped it. " + "x".repeat(81));

        Cli.Result result = check("10", "--message-file", unicode.toString(), "--json");
        Cli.Result smart = check("10", "--message-file", unicode.toString(), "--smart-encoding", "--json");

        assertThat(result.out())
                .contains("\"estimated_cost\":\"0.1066\"", "\"segments_per_message\":2", "\"encoding\":\"UCS-2\"");
        assertThat(smart.out()).contains("\"estimated_cost\":\"0.0533\"", "\"encoding\":\"GSM-7\"");
    }

    @Test
    void voiceRunsArePricedByDuration() {
        // US per second: 90 s x 0.014/60 = 0.021; UK 60 s increments: 2 minutes x 0.02 = 0.04
        Cli.Result result = check("10", "--channel", "voice", "--duration-seconds", "90", "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("\"estimated_cost\":\"0.061\"", "\"segments_per_message\":null", "\"encoding\":null");
    }

    @Test
    void readableOutputStatesTheDecision() {
        Cli.Result result = check("0.05", "--message-file", message.toString());

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).contains("Blocked", "0.0033 USD", "1 of 2 recipients");
    }

    @Test
    void checksAgainstARealProviderClient() {
        Cli.Result result = Cli.run(
                BalanceCommandTest.TWILIO_ENV,
                "check",
                "--provider",
                "twilio",
                "--base-url",
                simulator.baseUrl(),
                "--rates",
                rates.toString(),
                "--recipients",
                recipients.toString(),
                "--message-file",
                message.toString(),
                "--json");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).contains("\"balance\":\"0.05\"", "\"shortfall\":\"0.0033\"");
    }

    @Test
    void anAccountWithoutABalanceIsBlockedFailClosed() {
        String child = "AC" + "c".repeat(32);
        try (ProviderSimulator subaccount = ProviderSimulator.start().twilio(child, "child-token", null, null)) {
            Cli.Result result = Cli.run(
                    Map.of("TWILIO_ACCOUNT_SID", child, "TWILIO_AUTH_TOKEN", "child-token"),
                    "check",
                    "--provider",
                    "twilio",
                    "--base-url",
                    subaccount.baseUrl(),
                    "--rates",
                    rates.toString(),
                    "--recipients",
                    recipients.toString(),
                    "--message-file",
                    message.toString(),
                    "--json");

            assertThat(result.exitCode()).isEqualTo(3);
            assertThat(result.out())
                    .contains("\"allowed\":false", "\"reason\":\"balance_unknown\"", "\"balance\":null");
        }
    }

    @ParameterizedTest
    @CsvSource({"FORBIDDEN, 4", "RATE_LIMITED, 5", "UNAVAILABLE, 5", "GARBLED, 6"})
    void providerFailuresExitWithTheirCodeNotAsBlocked(Fault fault, int exitCode) {
        simulator.fault(fault);

        Cli.Result result = Cli.run(
                BalanceCommandTest.TWILIO_ENV,
                "check",
                "--provider",
                "twilio",
                "--base-url",
                simulator.baseUrl(),
                "--rates",
                rates.toString(),
                "--recipients",
                recipients.toString(),
                "--message-file",
                message.toString());

        assertThat(result.exitCode()).isEqualTo(exitCode);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).hasLineCount(1);
    }

    @Test
    void aMissingFileExitsTwoNamingIt() {
        Cli.Result result = Cli.run(
                Map.of(),
                "check",
                "--provider",
                "simulator",
                "--rates",
                rates.toString(),
                "--recipients",
                dir.resolve("nope.txt").toString(),
                "--message-file",
                message.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("nope.txt").hasLineCount(1);
    }

    @Test
    void aMissingRateCardExitsTwoNamingIt() {
        Cli.Result result = Cli.run(
                Map.of(),
                "check",
                "--provider",
                "simulator",
                "--rates",
                dir.resolve("missing.csv").toString(),
                "--recipients",
                recipients.toString(),
                "--message-file",
                message.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .isEqualTo("error: rate card not found: " + dir.resolve("missing.csv") + System.lineSeparator());
    }

    @Test
    void aMalformedRateCardExitsTwoNamingTheLine() throws IOException {
        Files.writeString(rates, RATES + "sms,49,not-a-price,USD,,\n");

        Cli.Result result = check("10", "--message-file", message.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("rates.csv line 8", "not-a-price").hasLineCount(1);
    }

    @Test
    void anInvalidNumberExitsTwoNamingIt() throws IOException {
        Files.writeString(recipients, "+12025550100\n12-not-a-number\n");

        Cli.Result result = check("10", "--message-file", message.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("12-not-a-number").hasLineCount(1);
    }

    @Test
    void aNumberNoRateCoversExitsTwoNamingIt() throws IOException {
        Files.writeString(recipients, "+4915112345678\n");

        Cli.Result result = check("10", "--message-file", message.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("4915112345678").hasLineCount(1);
    }

    @Test
    void smsWithoutAMessageFileIsAUsageError() {
        Cli.Result result = check("10");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--message-file").hasLineCount(1);
    }

    @Test
    void voiceWithoutADurationIsAUsageError() {
        Cli.Result result = check("10", "--channel", "voice");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--duration-seconds").hasLineCount(1);
    }

    @Test
    void aBalanceInAnotherCurrencyExitsTwo() {
        Cli.Result result = Cli.run(
                Map.of(),
                "check",
                "--provider",
                "simulator",
                "--simulated-balance",
                "100",
                "--simulated-currency",
                "INR",
                "--rates",
                rates.toString(),
                "--recipients",
                recipients.toString(),
                "--message-file",
                message.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .isEqualTo("error: the rate card prices in USD but the balance is in INR: " + "use a rate card in INR"
                        + System.lineSeparator());
    }

    @Test
    void messagebirdCreditsNeedACreditValue() {
        try (ProviderSimulator credits = ProviderSimulator.start().messagebird("mb-key", "prepaid", "credits", "2")) {
            List<String> args = List.of(
                    "check",
                    "--provider",
                    "messagebird",
                    "--base-url",
                    credits.baseUrl(),
                    "--rates",
                    rates.toString(),
                    "--recipients",
                    recipients.toString(),
                    "--message-file",
                    message.toString(),
                    "--json");
            Map<String, String> env = Map.of("MESSAGEBIRD_ACCESS_KEY", "mb-key");

            Cli.Result without = Cli.run(env, args.toArray(String[]::new));
            List<String> priced = new ArrayList<>(args);
            priced.addAll(List.of("--credit-value", "0.02"));
            Cli.Result with = Cli.run(env, priced.toArray(String[]::new));

            assertThat(without.exitCode()).isEqualTo(2);
            assertThat(without.err()).contains("--credit-value").hasLineCount(1);
            // 2 credits x 0.02 USD = 0.04 USD against an estimate of 0.0533 USD
            assertThat(with.exitCode()).isEqualTo(3);
            assertThat(with.out()).contains("\"balance\":\"0.04\"", "\"shortfall\":\"0.0133\"");
        }
    }

    private Cli.Result check(String balance, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "check",
                "--provider",
                "simulator",
                "--simulated-balance",
                balance,
                "--rates",
                rates.toString(),
                "--recipients",
                recipients.toString()));
        args.addAll(List.of(more));
        return Cli.run(Map.of(), args.toArray(String[]::new));
    }
}
