package dev.balanceguard.examples.preflight;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.balanceguard.provider.LoopbackWire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How long {@code balance} and {@code check} wait for the provider: for their own fetch, as long as the transport's
 * timeouts and retries allow (not a service's few seconds of cold wait), or until {@code --timeout} passes. The real
 * Twilio client against its API emulated on a loopback WireMock.
 */
class BalanceCommandTimeoutTest extends LoopbackWire {

    static final String SID = "AC" + "0123456789abcdef".repeat(2);
    static final String TOKEN = "fake-auth-token-timeout-4b7e";
    static final Map<String, String> TWILIO_ENV = Map.of("TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN", TOKEN);
    static final String PATH = "/2010-04-01/Accounts/" + SID + "/Balance.json";
    static final String OK = "{\"account_sid\":\"" + SID + "\",\"balance\":\"12.50\",\"currency\":\"USD\"}";
    /** Inside the transport's 10 s request timeout, beyond a service's 3 s cold wait. */
    static final int SLOW_MILLIS = 5_000;

    @TempDir
    Path dir;

    @Override
    protected List<String> secrets() {
        return List.of(TOKEN, Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes()));
    }

    private void answerIn(int millis) {
        wire.stubFor(get(urlPathEqualTo(PATH)).willReturn(json(200, OK).withFixedDelay(millis)));
    }

    private Cli.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--provider", "twilio", "--base-url", baseUrl()));
        Cli.Result result = Cli.run(TWILIO_ENV, all.toArray(String[]::new));
        assertThat(result.all()).doesNotContain(TOKEN);
        return result;
    }

    private String[] check(String... extra) throws IOException {
        Path rates = Files.writeString(
                dir.resolve("rates.csv"),
                "channel,prefix,price,currency,increment_seconds,minimum_seconds\nsms,*,0.05,USD,,\n");
        Path recipients = Files.writeString(dir.resolve("recipients.txt"), "+14155550100\n+14155550101\n");
        Path message = Files.writeString(dir.resolve("message.txt"), "Sale ends tonight");
        List<String> args = new ArrayList<>(List.of(
                "check",
                "--rates",
                rates.toString(),
                "--recipients",
                recipients.toString(),
                "--message-file",
                message.toString(),
                "--json"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    @Timeout(60)
    void aProviderThatAnswersInFiveSecondsIsWaitedFor() {
        answerIn(SLOW_MILLIS);

        Cli.Result result = run("balance", "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("\"amount\":\"12.5\"", "\"currency\":\"USD\"");
        assertThat(result.err()).isEmpty();
        wire.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    @Timeout(60)
    void checkWaitsForASlowProviderToo() throws IOException {
        answerIn(SLOW_MILLIS);

        Cli.Result result = run(check());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("\"allowed\":true", "\"balance\":\"12.5\"", "\"estimated_cost\":\"0.1\"");
    }

    @Test
    @Timeout(60)
    void withTimeoutOneSecondTheSlowProviderExitsFiveSayingTheTimeoutPassed() {
        answerIn(SLOW_MILLIS);

        Cli.Result result = run("balance", "--json", "--timeout", "1s");

        // had the CLI waited for the answer, it would have printed the balance and exited 0
        assertThat(result.exitCode()).as(result.err()).isEqualTo(5);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .startsWith("error: twilio: ")
                .contains("--timeout 1s", "the timeout passed")
                .doesNotContain("background")
                .hasLineCount(1);
    }

    @Test
    @Timeout(60)
    void checkWithTimeoutExitsFiveToo() throws IOException {
        answerIn(SLOW_MILLIS);

        Cli.Result result = run(check("--timeout", "PT1S"));

        assertThat(result.exitCode()).as(result.err()).isEqualTo(5);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("--timeout 1s", "the timeout passed").hasLineCount(1);
    }

    @Test
    @Timeout(60)
    void aTooManyRequestsWithRetryAfterOneSecondThenAnAnswerSucceeds() {
        wire.stubFor(get(urlPathEqualTo(PATH))
                .inScenario("429")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(429, "{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}")
                        .withHeader("Retry-After", "1"))
                .willSetStateTo("open"));
        wire.stubFor(get(urlPathEqualTo(PATH))
                .inScenario("429")
                .whenScenarioStateIs("open")
                .willReturn(json(200, OK)));

        Cli.Result result = run("balance", "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("\"amount\":\"12.5\"");
        wire.verify(2, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @ParameterizedTest(name = "--timeout {0}")
    @ValueSource(strings = {"30s", "2m", "1500ms", "1h", "PT30S", "pt2m", "1d"})
    void timeoutsInSecondsMinutesOrIso8601AreAccepted(String timeout) {
        answerIn(0);

        Cli.Result result = run("balance", "--timeout", timeout);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("12.5 USD");
    }

    @ParameterizedTest(name = "--timeout {0}")
    @ValueSource(
            strings = {
                "soon",
                "10",
                "10x",
                "0s",
                "0ms",
                "-1s",
                "PT-1S",
                "P",
                "PT0.0001S",
                "2d",
                "PT25H",
                "9999999999s",
                "1.5s",
                ""
            })
    void anInvalidTimeoutIsAUsageErrorNamingIt(String timeout) {
        Cli.Result result = run("balance", "--timeout", timeout);

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains("--timeout").hasLineCount(1);
        assertThat(result.out()).isEmpty();
        wire.verify(0, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void theHelpOfBalanceAndCheckDocumentsTheTimeout() {
        assertThat(Cli.run(Map.of(), "balance", "--help").out()).contains("--timeout=DURATION");
        assertThat(Cli.run(Map.of(), "check", "--help").out()).contains("--timeout=DURATION");
    }
}
