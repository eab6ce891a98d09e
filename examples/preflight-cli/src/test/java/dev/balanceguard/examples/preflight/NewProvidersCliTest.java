package dev.balanceguard.examples.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.examples.preflight.simulator.ProviderSimulator;
import dev.balanceguard.examples.preflight.simulator.ProviderSimulator.Fault;
import dev.balanceguard.provider.PluginJar;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Vonage, Plivo, Telnyx, ClickSend and Africa's Talking through the CLI (credentials from the environment variables
 * their declarations name, against the embedded simulators), and a provider plugin from its own jar.
 */
class NewProvidersCliTest {

    static final String VONAGE_SECRET = "vonage-secret-S3CR3T-11";
    static final String PLIVO_TOKEN = "plivo-token-S3CR3T-22";
    static final String TELNYX_KEY = "KEY-telnyx-S3CR3T-33";
    static final String CLICKSEND_KEY = "clicksend-key-S3CR3T-44";
    static final String AT_KEY = "atsk-S3CR3T-55";
    static final String PLIVO_ID = "MAZZZZZZZZZZZZZZZZZZ";
    static final List<String> SECRETS = List.of(VONAGE_SECRET, PLIVO_TOKEN, TELNYX_KEY, CLICKSEND_KEY, AT_KEY);

    static ProviderSimulator simulator;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start()
                .vonage("abcd1234", VONAGE_SECRET, "10.28")
                .plivo(PLIVO_ID, PLIVO_TOKEN, "23.73125", "postpaid")
                .telnyx(TELNYX_KEY, "300.00", "100.00", "USD")
                .clicksend("ops@example.com", CLICKSEND_KEY, "4.998000", "AUD")
                .africastalking("acme_app", AT_KEY, "KES 1785.50");
    }

    @AfterEach
    void noFault() {
        simulator.fault(Fault.NONE);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    static Stream<Arguments> providers() {
        return Stream.of(
                Arguments.of(
                        "vonage",
                        Map.of("VONAGE_API_KEY", "abcd1234", "VONAGE_API_SECRET", VONAGE_SECRET),
                        List.of("--currency", "EUR"),
                        "{\"provider\":\"vonage\",\"account\":\"abcd1234\","
                                + "\"amount\":\"10.28\",\"currency\":\"EUR\",\"payment\":\"prepaid\"}"),
                Arguments.of(
                        "plivo",
                        Map.of("PLIVO_AUTH_ID", PLIVO_ID, "PLIVO_AUTH_TOKEN", PLIVO_TOKEN),
                        List.of(),
                        "{\"provider\":\"plivo\",\"account\":\"" + PLIVO_ID + "\",\"amount\":\"23.73125\","
                                + "\"currency\":\"USD\",\"payment\":\"postpaid\"}"),
                Arguments.of(
                        "telnyx",
                        Map.of("TELNYX_API_KEY", TELNYX_KEY),
                        List.of(),
                        "{\"provider\":\"telnyx\",\"account\":\"telnyx\",\"amount\":\"400\",\"currency\":\"USD\","
                                + "\"payment\":\"prepaid\""),
                Arguments.of(
                        "clicksend",
                        Map.of("CLICKSEND_USERNAME", "ops@example.com", "CLICKSEND_API_KEY", CLICKSEND_KEY),
                        List.of(),
                        "{\"provider\":\"clicksend\",\"account\":\"ops@example.com\","
                                + "\"amount\":\"4.998\",\"currency\":\"AUD\",\"payment\":\"prepaid\"}"),
                Arguments.of(
                        "africastalking",
                        Map.of("AT_USERNAME", "acme_app", "AT_API_KEY", AT_KEY),
                        List.of(),
                        "{\"provider\":\"africastalking\",\"account\":\"acme_app\",\"amount\":\"1785.5\","
                                + "\"currency\":\"KES\",\"payment\":\"prepaid\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void balanceFromTheDeclaredEnvironmentVariables(
            String provider, Map<String, String> env, List<String> extra, String json) {
        Cli.Result result = balance(env, provider, extra);
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().strip()).startsWith(json);
        SECRETS.forEach(secret -> assertThat(result.all()).doesNotContain(secret));
    }

    @ParameterizedTest(name = "{0}: wrong credential is exit 4, rate limits exit 5")
    @MethodSource("providers")
    void refusalsAndOutagesHaveTheirExitCodes(
            String provider, Map<String, String> env, List<String> extra, String json) {
        Map<String, String> wrong = new java.util.HashMap<>(env);
        wrong.replaceAll((k, v) ->
                k.endsWith("SECRET") || k.endsWith("TOKEN") || k.endsWith("_API_KEY") && !k.startsWith("VONAGE")
                        ? v + "-wrong"
                        : v);
        Cli.Result refused = balance(wrong, provider, extra);
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(4);
        simulator.fault(Fault.RATE_LIMITED);
        Cli.Result limited = balance(env, provider, extra);
        assertThat(limited.exitCode()).as(limited.err()).isEqualTo(5);
        for (Cli.Result r : List.of(refused, limited)) {
            SECRETS.forEach(secret -> assertThat(r.all()).doesNotContain(secret));
        }
    }

    @Test
    void aMissingVariableIsNamed() {
        Cli.Result result = balance(Map.of("VONAGE_API_KEY", "abcd1234"), "vonage", List.of("--currency", "EUR"));
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("missing environment variable VONAGE_API_SECRET");
        Cli.Result noCurrency =
                balance(Map.of("VONAGE_API_KEY", "abcd1234", "VONAGE_API_SECRET", VONAGE_SECRET), "vonage", List.of());
        assertThat(noCurrency.exitCode()).isEqualTo(2);
        assertThat(noCurrency.err()).contains("--currency").doesNotContain(VONAGE_SECRET);
    }

    @Test
    void aProviderPluginFromItsOwnJarWorksInBalanceAndCheck(@TempDir Path dir) throws Exception {
        String secret = "acme-cli-S3CR3T-77";
        Map<String, String> env =
                Map.of("ACME_ACCOUNT", "north", "ACME_GATEWAY_SECRET", secret, "ACME_CREDIT", "12.50");
        Path recipients = Files.writeString(dir.resolve("recipients.txt"), "+447700900001\n+447700900002\n");
        Path message = Files.writeString(dir.resolve("message.txt"), "Your parcel is on its way");
        Path rates = Files.writeString(
                dir.resolve("rates.csv"),
                "channel,prefix,price,currency,increment_seconds,minimum_seconds\nsms,*,0.0500,USD,,\n");
        String[] check = {
            "check",
            "--provider",
            "acme",
            "--rates",
            rates.toString(),
            "--recipients",
            recipients.toString(),
            "--message-file",
            message.toString(),
            "--json"
        };
        try (URLClassLoader loader = PluginJar.loader(PluginJar.build(dir.resolve("plugin")))) {
            PluginJar.withContextLoader(loader, () -> {
                Cli.Result balance = Cli.run(env, "balance", "--provider", "acme", "--json");
                assertThat(balance.exitCode()).as(balance.err()).isZero();
                assertThat(balance.out().strip())
                        .isEqualTo("{\"provider\":\"acme\",\"account\":\"north\","
                                + "\"amount\":\"12.5\",\"currency\":\"USD\",\"payment\":\"prepaid\"}");

                Cli.Result allowed = Cli.run(env, check);
                assertThat(allowed.exitCode()).as(allowed.err()).isZero();
                assertThat(allowed.out()).contains("\"allowed\":true").contains("\"estimated_cost\":\"0.1");

                Map<String, String> poor = new java.util.HashMap<>(env);
                poor.put("ACME_CREDIT", "0.05");
                Cli.Result blocked = Cli.run(poor, check);
                assertThat(blocked.exitCode()).as(blocked.err()).isEqualTo(3);

                Cli.Result help = Cli.run(Map.of(), "balance", "--help");
                assertThat(help.out())
                        .contains("acme, africastalking")
                        .contains("  acme            ACME_ACCOUNT*, ACME_GATEWAY_SECRET*, ACME_CREDIT*");

                Cli.Result missing =
                        Cli.run(Map.of("ACME_ACCOUNT", "north", "ACME_CREDIT", "1"), "balance", "--provider", "acme");
                assertThat(missing.exitCode()).isEqualTo(2);
                assertThat(missing.err()).contains("missing environment variable ACME_GATEWAY_SECRET");
                for (Cli.Result r : List.of(balance, allowed, blocked, missing)) {
                    assertThat(r.all()).doesNotContain(secret);
                }
                return null;
            });
        }
        // without the plugin's jar, the name is unknown
        Cli.Result unknown = Cli.run(env, "balance", "--provider", "acme");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("'acme' is not a provider");
    }

    private static Cli.Result balance(Map<String, String> env, String provider, List<String> extra) {
        List<String> args = new java.util.ArrayList<>(
                List.of("balance", "--provider", provider, "--base-url", simulator.baseUrl(), "--json"));
        args.addAll(extra);
        return Cli.run(env, args.toArray(String[]::new));
    }
}
