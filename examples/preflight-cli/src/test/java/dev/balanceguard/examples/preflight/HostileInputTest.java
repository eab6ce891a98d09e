package dev.balanceguard.examples.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.balanceguard.AmountFuzz;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CLI on unbounded and hostile input: endless devices, pipes, amounts no money can be, empty options. Every
 * path ends in a documented exit code with one line on stderr naming the problem, never a stack trace or an
 * out-of-memory death.
 */
class HostileInputTest {

    private static final Set<Integer> DOCUMENTED = Set.of(0, 2, 3, 4, 5, 6);

    @TempDir
    Path dir;

    Path rates;
    Path recipients;
    Path message;

    @BeforeEach
    void files() throws IOException {
        rates = Files.writeString(dir.resolve("rates.csv"), CheckCommandTest.RATES);
        recipients = Files.writeString(dir.resolve("recipients.txt"), "+12025550100\n+447700900001\n");
        message = Files.writeString(dir.resolve("message.txt"), "Your order has shipped.");
    }

    @ParameterizedTest(name = "--{0} {1}")
    @CsvSource({
        "recipients, /dev/zero, line 1 is longer than 1000 characters",
        "recipients, /dev/urandom, ''",
        "message-file, /dev/urandom, is larger than 65536 bytes",
        "message-file, /dev/zero, is larger than 65536 bytes",
        "rates, /dev/zero, longer than 1000 characters",
        "rates, /dev/urandom, ''"
    })
    void endlessDevicesAreInputErrorsNamingTheFile(String option, String device, String problem) {
        assumeTrue(Files.isReadable(Path.of(device)), device + " is not available here");
        List<String> args = new ArrayList<>(List.of(
                "check",
                "--provider",
                "simulator",
                "--rates",
                rates.toString(),
                "--recipients",
                recipients.toString(),
                "--message-file",
                message.toString()));
        args.set(args.indexOf("--" + option) + 1, device);

        Cli.Result result = Cli.run(Map.of(), args.toArray(String[]::new));

        assertUsageError(result, device);
        assertThat(result.err()).contains(problem);
    }

    @Test
    void rateCardRecipientsAndMessageAreReadFromPipes() throws Exception {
        // what `--rates <(cat rates.csv)` gives: a readable file that is not a regular one
        List<CompletableFuture<Void>> writers = List.of(
                Fifos.feed(Fifos.fifo(dir, "rates.fifo"), CheckCommandTest.RATES),
                Fifos.feed(Fifos.fifo(dir, "recipients.fifo"), "+12025550100\n+447700900001\n"),
                Fifos.feed(Fifos.fifo(dir, "message.fifo"), "Your order has shipped."));

        Cli.Result result = Cli.run(
                Map.of(),
                "check",
                "--provider",
                "simulator",
                "--simulated-balance",
                "10",
                "--rates",
                dir.resolve("rates.fifo").toString(),
                "--recipients",
                dir.resolve("recipients.fifo").toString(),
                "--message-file",
                dir.resolve("message.fifo").toString(),
                "--json");

        // no join: a writer whose pipe the CLI never opened stays blocked, a daemon thread that ends with the JVM
        assertThat(result.err()).isEmpty();
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("\"estimated_cost\":\"0.0533\"", "\"recipients\":2");
        assertThat(writers).allMatch(CompletableFuture::isDone);
    }

    @Test
    void aDirectoryOrAMissingFileIsNamed() {
        Cli.Result directory = Cli.run(
                Map.of(),
                "check",
                "--provider",
                "simulator",
                "--rates",
                dir.toString(),
                "--recipients",
                recipients.toString(),
                "--message-file",
                message.toString());
        assertUsageError(directory, dir.toString());
        assertThat(directory.err()).contains("is a directory");

        Path missing = dir.resolve("missing.txt");
        Cli.Result absent = Cli.run(
                Map.of(),
                "check",
                "--provider",
                "simulator",
                "--rates",
                rates.toString(),
                "--recipients",
                missing.toString(),
                "--message-file",
                message.toString());
        assertUsageError(absent, missing.toString());
        assertThat(absent.err()).contains("not found");
    }

    @Test
    void tooManyRecipientLinesAreRefusedNotCounted() throws IOException {
        // blank lines cost nothing to write but still have to be read: the line count is bounded too
        Path blank = dir.resolve("blank.txt");
        try (OutputStream out = Files.newOutputStream(blank)) {
            byte[] lines = "\n".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (long written = 0; written <= Inputs.MAX_RECIPIENT_LINES; written += lines.length) {
                out.write(lines);
            }
        }
        Cli.Result result = Cli.run(
                Map.of(),
                "check",
                "--provider",
                "simulator",
                "--rates",
                rates.toString(),
                "--recipients",
                blank.toString(),
                "--message-file",
                message.toString());

        assertUsageError(result, blank.toString());
        assertThat(result.err()).contains("more than 10000000 lines");
    }

    @Test
    void endlessStdinLineForSegmentsIsAnInputError() {
        Cli.Result result = Cli.runWithStdin(Map.of(), "{\"text\": \"" + "x".repeat(100_000) + "\"}\n", "segments");

        assertUsageError(result, "stdin");
        assertThat(result.err()).contains("line 1 is longer than");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--base-url=|--base-url|empty",
                "--base-url=  |--base-url|empty",
                "--min=-5|--min|negative",
                "--min=1e999999999|--min|more than 18 digits",
                "--min=1e-999999999|--min|more than 12 decimal places",
                "--min=NaN|--min|not a decimal amount",
                "--credit-value=0|--credit-value|not more than zero",
                "--credit-value=-0.05|--credit-value|not more than zero",
                "--credit-value=1e999999999|--credit-value|more than 18 digits",
                "--simulated-balance=1e999999999|--simulated-balance|more than 18 digits",
                "--simulated-balance=1e-999999999|--simulated-balance|more than 12 decimal places",
                "--simulated-balance=Infinity|--simulated-balance|not a decimal amount",
                "--duration-seconds=9223372036854775807|--duration-seconds|1 to 86400"
            })
    void optionsThatWouldOverdrawOrAreNoAmountAreUsageErrorsNamingTheOption(
            String option, String name, String problem) {
        Cli.Result result = check(option.contains("duration") ? "voice" : "sms", option);

        assertUsageError(result, name);
        assertThat(result.err()).contains(problem);
    }

    /** Generated amounts in each amount option: a decision on exactly that amount, or exit 2 naming the option. */
    @Test
    void everyGeneratedAmountOptionIsReadExactlyOrNamedAsAUsageError() {
        for (String text : AmountFuzz.texts(60)) {
            Optional<BigDecimal> expected = AmountFuzz.expected(text);
            String as = "'" + text + "' (seed " + AmountFuzz.SEED + ")";

            Cli.Result min = check("sms", "--min=" + text, "--json");
            if (expected.isPresent() && expected.get().signum() >= 0) {
                assertThat(min.exitCode()).as("--min " + as + ": " + min.err()).isIn(0, 3);
                assertThat(new BigDecimal(
                                Json.parse(min.out()).orElseThrow().get("min").asString()))
                        .as(as)
                        .isEqualByComparingTo(expected.get());
            } else {
                assertUsageError(min, "--min");
            }

            Cli.Result balance = check("sms", "--simulated-balance=" + text, "--json");
            if (expected.isPresent()) {
                assertThat(balance.exitCode())
                        .as("--simulated-balance " + as + ": " + balance.err())
                        .isIn(0, 3);
                assertThat(new BigDecimal(Json.parse(balance.out())
                                .orElseThrow()
                                .get("balance")
                                .asString()))
                        .as(as)
                        .isEqualByComparingTo(expected.get());
            } else {
                assertUsageError(balance, "--simulated-balance");
            }

            Cli.Result credit = check("sms", "--credit-value=" + text);
            if (expected.isPresent() && expected.get().signum() > 0) {
                assertThat(credit.exitCode())
                        .as("--credit-value " + as + ": " + credit.err())
                        .isIn(0, 3);
            } else {
                assertUsageError(credit, "--credit-value");
            }
        }
    }

    private Cli.Result check(String channel, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "check",
                "--provider",
                "simulator",
                "--rates",
                rates.toString(),
                "--recipients",
                recipients.toString(),
                "--channel",
                channel));
        if (channel.equals("sms")) {
            args.addAll(List.of("--message-file", message.toString()));
        } else if (List.of(more).stream().noneMatch(m -> m.startsWith("--duration-seconds"))) {
            args.add("--duration-seconds=60");
        }
        args.addAll(List.of(more));
        return Cli.run(Map.of(), args.toArray(String[]::new));
    }

    private static void assertUsageError(Cli.Result result, String named) {
        assertThat(DOCUMENTED)
                .as("exit code " + result.exitCode() + ", stderr " + result.err())
                .contains(result.exitCode());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err())
                .startsWith("error: ")
                .contains(named)
                .hasLineCount(1)
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("internal error");
        assertThat(result.err().length()).isLessThan(2_500);
    }
}
