package dev.balanceguard.examples.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.examples.preflight.simulator.ProviderSimulator;
import dev.balanceguard.examples.preflight.simulator.ProviderSimulator.Fault;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code balance} against the real provider clients, talking to the embedded simulators over loopback HTTP. */
class BalanceCommandTest {

    static final String SID = "AC" + "0123456789abcdef".repeat(2);
    static final String TOKEN = "fake-auth-token-7f3a9c";
    static final Map<String, String> TWILIO_ENV = Map.of("TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN", TOKEN);

    static ProviderSimulator simulator;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start()
                .twilio(SID, TOKEN, "1543.75", "USD")
                .exotel("acme", "exo-key", "exo-token-secret", "1543.75", "INR", "Pay As You Go")
                .infobip("ib-key-secret", "47.79134", "EUR")
                .messagebird("mb-key-secret", "postpaid", "euros", "0");
    }

    @AfterEach
    void noFault() {
        simulator.fault(Fault.NONE);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void twilioBalanceAsJson() {
        Cli.Result result = balance(TWILIO_ENV, "twilio");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().strip())
                .isEqualTo("{\"provider\":\"twilio\",\"account\":\"" + SID
                        + "\",\"amount\":\"1543.75\",\"currency\":\"USD\",\"payment\":\"unknown\"}"); // Twilio
        // does
        // not say
        assertThat(result.err()).isEmpty();
    }

    @Test
    void aSubaccountWithoutABalancePrintsNullAndSaysWhy() {
        String child = "AC" + "c".repeat(32);
        try (ProviderSimulator subaccount = ProviderSimulator.start().twilio(child, "child-token", null, null)) {
            Cli.Result result = Cli.run(
                    Map.of("TWILIO_ACCOUNT_SID", child, "TWILIO_AUTH_TOKEN", "child-token"),
                    "balance",
                    "--provider",
                    "twilio",
                    "--base-url",
                    subaccount.baseUrl(),
                    "--json");

            assertThat(result.exitCode()).isZero();
            assertThat(result.out())
                    .contains("\"amount\":null,\"currency\":null")
                    .doesNotContain("\"unknown\",\"cur");
            tools.jackson.databind.JsonNode json = Json.parse(result.out()).orElseThrow();
            assertThat(json.get("amount").isNull()).isTrue();
            assertThat(json.get("detail").asString()).contains("subaccount").contains("parent account");
        }
    }

    @ParameterizedTest(name = "a balance of {0} is unreadable")
    @CsvSource({"1e999999999", "1e-999999999", "-1e999999999", "NaN", "Infinity"})
    void aBalanceNoMoneyCanBeIsUnreadableExitSix(String amount) {
        try (ProviderSimulator hostile = ProviderSimulator.start().twilio(SID, TOKEN, amount, "USD")) {
            Cli.Result result =
                    Cli.run(TWILIO_ENV, "balance", "--provider", "twilio", "--base-url", hostile.baseUrl(), "--json");

            assertThat(result.exitCode()).as(result.err()).isEqualTo(6);
            assertThat(result.err()).contains("'balance'").hasLineCount(1).doesNotContain("Exception");
            assertThat(result.out()).isEmpty();
        }
    }

    @Test
    void twilioApiKeyCredentialsWork() {
        String keySid = "SK" + "1".repeat(32);
        try (ProviderSimulator keyed = ProviderSimulator.start().twilio(SID, keySid, "key-secret", "2.5", "USD")) {
            Map<String, String> env =
                    Map.of("TWILIO_ACCOUNT_SID", SID, "TWILIO_API_KEY", keySid, "TWILIO_API_SECRET", "key-secret");
            Cli.Result result = Cli.run(env, "balance", "--provider", "twilio", "--base-url", keyed.baseUrl());

            assertThat(result.exitCode()).isZero();
            assertThat(result.out()).contains("2.5 USD");
        }
    }

    @Test
    void exotelInfobipAndMessagebirdBalancesAsJson() {
        Cli.Result exotel = balance(
                Map.of("EXOTEL_SID", "acme", "EXOTEL_API_KEY", "exo-key", "EXOTEL_API_TOKEN", "exo-token-secret"),
                "exotel");
        Cli.Result infobip = balance(Map.of("INFOBIP_API_KEY", "ib-key-secret"), "infobip");
        Cli.Result messagebird = balance(Map.of("MESSAGEBIRD_ACCESS_KEY", "mb-key-secret"), "messagebird");

        assertThat(exotel.out())
                .contains(
                        "\"provider\":\"exotel\"",
                        "\"account\":\"acme\"",
                        "\"amount\":\"1543.75\"",
                        "\"currency\":\"INR\"");
        assertThat(infobip.out())
                .contains("\"provider\":\"infobip\"", "\"amount\":\"47.79134\"", "\"currency\":\"EUR\"");
        assertThat(messagebird.out())
                .contains("\"provider\":\"messagebird\"", "\"currency\":\"EUR\"", "\"payment\":\"postpaid\"");
        assertThat(exotel.exitCode() + infobip.exitCode() + messagebird.exitCode())
                .isZero();
    }

    @Test
    void simulatorProviderNeedsNoCredentials() {
        Cli.Result result = Cli.run(
                Map.of(),
                "balance",
                "--provider",
                "simulator",
                "--simulated-balance",
                "12.50",
                "--simulated-currency",
                "eur",
                "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("\"amount\":\"12.5\"", "\"currency\":\"EUR\"", "\"payment\":\"prepaid\"");
    }

    @Test
    void readableOutputWithoutJson() {
        Cli.Result result = Cli.run(TWILIO_ENV, "balance", "--provider", "twilio", "--base-url", simulator.baseUrl());

        assertThat(result.out().strip()).isEqualTo("twilio account " + SID + ": 1543.75 USD (unknown)");
    }

    @Test
    void aMissingCredentialVariableExitsTwoNamingIt() {
        Cli.Result result = balance(Map.of("TWILIO_ACCOUNT_SID", SID), "twilio");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .contains("missing environment variable TWILIO_AUTH_TOKEN: the auth token from the "
                        + "Twilio console, or TWILIO_API_KEY and TWILIO_API_SECRET")
                .hasLineCount(1);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void plainHttpToANonLoopbackHostIsRefusedBeforeSendingCredentials() {
        Cli.Result result =
                Cli.run(TWILIO_ENV, "balance", "--provider", "twilio", "--base-url", "http://api.example.com");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("base-url").hasLineCount(1);
    }

    @Test
    void wrongCredentialsExitFour() {
        Cli.Result result = balance(Map.of("TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN", "wrong-token-x1"), "twilio");

        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.err()).startsWith("error: ").hasLineCount(1);
    }

    @Test
    void anUnknownAccountExitsFour() {
        String otherSid = "AC" + "f".repeat(32);
        ProviderSimulator other = ProviderSimulator.start().twilio(otherSid, SID, TOKEN, "1", "USD");
        try (other) {
            Cli.Result result = Cli.run(TWILIO_ENV, "balance", "--provider", "twilio", "--base-url", other.baseUrl());

            assertThat(result.exitCode()).isEqualTo(4);
        }
    }

    @ParameterizedTest
    @CsvSource({"FORBIDDEN, 4", "RATE_LIMITED, 5", "UNAVAILABLE, 5", "GARBLED, 6"})
    void providerFailuresExitWithTheirCode(Fault fault, int exitCode) {
        simulator.fault(fault);

        Cli.Result twilio = balance(TWILIO_ENV, "twilio");
        Cli.Result infobip = balance(Map.of("INFOBIP_API_KEY", "ib-key-secret"), "infobip");

        assertThat(twilio.exitCode()).isEqualTo(exitCode);
        assertThat(infobip.exitCode()).isEqualTo(exitCode);
        assertThat(twilio.err()).startsWith("error: twilio").hasLineCount(1);
        assertThat(twilio.out()).isEmpty();
    }

    static Cli.Result balance(Map<String, String> env, String provider) {
        return Cli.run(env, "balance", "--provider", provider, "--base-url", simulator.baseUrl(), "--json");
    }
}
