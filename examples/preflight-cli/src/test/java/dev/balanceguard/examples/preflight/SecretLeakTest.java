package dev.balanceguard.examples.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.examples.preflight.simulator.ProviderSimulator;
import dev.balanceguard.examples.preflight.simulator.ProviderSimulator.Fault;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No credential from the environment appears in stdout or stderr, whatever happens. */
class SecretLeakTest {

    private static final String SID = BalanceCommandTest.SID;
    private static final String TOKEN = "Zq8-fake-token-do-not-print";
    private static final String INFOBIP_KEY = "Zq8-fake-infobip-key";
    private static final Map<String, String> ENV = Map.of(
            "TWILIO_ACCOUNT_SID",
            SID,
            "TWILIO_AUTH_TOKEN",
            TOKEN,
            "INFOBIP_API_KEY",
            INFOBIP_KEY,
            "EXOTEL_SID",
            "acme",
            "EXOTEL_API_KEY",
            "exo-key",
            "EXOTEL_API_TOKEN",
            TOKEN,
            "MESSAGEBIRD_ACCESS_KEY",
            TOKEN);

    @Test
    void credentialsNeverAppearInAnyOutput() {
        List<Cli.Result> results = new ArrayList<>();
        try (ProviderSimulator simulator = ProviderSimulator.start()) {
            String url = simulator.baseUrl();
            // first unknown credentials (401), then each fault, then success
            for (String provider : List.of("twilio", "exotel", "infobip", "messagebird")) {
                results.add(Cli.run(ENV, "balance", "--provider", provider, "--base-url", url, "--json"));
            }
            simulator
                    .twilio(SID, TOKEN, "1", "USD")
                    .infobip(INFOBIP_KEY, "1", "EUR")
                    .exotel("acme", "exo-key", TOKEN, "1", "INR", "Pay As You Go")
                    .messagebird(TOKEN, "prepaid", "euros", "1");
            for (Fault fault : Fault.values()) {
                simulator.fault(fault);
                for (String provider : List.of("twilio", "exotel", "infobip", "messagebird")) {
                    results.add(Cli.run(ENV, "balance", "--provider", provider, "--base-url", url, "--json"));
                    results.add(Cli.run(ENV, "balance", "--provider", provider, "--base-url", url));
                }
            }
        }
        results.add(Cli.run(ENV, "balance", "--provider", "twilio", "--base-url", "http://example.com"));
        results.add(Cli.run(ENV, "balance", "--provider", "twilio", "--base-url", "not a url " + TOKEN));

        assertThat(results).extracting(Cli.Result::exitCode).contains(0, 2, 4, 5, 6);
        String basic = Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
        for (Cli.Result result : results) {
            assertThat(result.all()).doesNotContain(TOKEN, INFOBIP_KEY, basic);
        }
    }

    @Test
    void redactionCoversWhateverALibraryMightPutInAMessage() {
        Secrets secrets = Secrets.in(ENV);

        assertThat(secrets.redact("bad key " + INFOBIP_KEY + " and " + TOKEN)).isEqualTo("bad key **** and ****");
    }
}
