package dev.balanceguard.examples.campaigns;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.balanceguard.interceptor.BalanceGuardSetupException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service's application.properties makes {@code main} a simulator; command-line arguments point it at Twilio
 * (WireMock on loopback), as its comment suggests, without editing the file.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProviderOverrideTest {

    private static final String SID = "AC0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "override-auth-token-4e7a";
    private static final String BALANCE = "/2010-04-01/Accounts/" + SID + "/Balance.json";

    private final WireMockServer twilio =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    @BeforeEach
    void startTwilio() {
        twilio.start();
        twilio.stubFor(get(urlPathEqualTo(BALANCE))
                .withBasicAuth(SID, TOKEN)
                .willReturn(
                        okJson("{\"balance\": \"0.20\", \"currency\": \"USD\", \"account_sid\": \"" + SID + "\"}")));
    }

    @AfterEach
    void stopTwilio() {
        twilio.stop();
    }

    private List<String> twilioArguments() {
        return new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--balance-guard.accounts.main.provider=twilio",
                "--balance-guard.accounts.main.account-sid=" + SID,
                "--balance-guard.accounts.main.auth-token=" + TOKEN,
                "--balance-guard.accounts.main.base-url=" + twilio.baseUrl()));
    }

    @Test
    void theFilesSimulatorAccountRunsOnTwilioFromTheCommandLine(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CampaignServiceApplication.class)
                .run(twilioArguments().toArray(String[]::new))) {
            int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            // ten UK mobiles at 0.045 each: the file's simulator (5.00) could pay, Twilio's 0.20 cannot
            String recipients = String.join(
                    ",",
                    IntStream.range(0, 10)
                            .mapToObj(i -> "\"+4477009000" + (10 + i) + "\"")
                            .toList());
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/campaigns"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"recipients\": [" + recipients
                                            + "], \"message\": \"Sale ends tonight\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(402);
            JsonNode problem = JsonMapper.builder().build().readTree(response.body());
            assertThat(problem.get("balance").asString()).isEqualTo("0.2");
            assertThat(problem.get("estimate").asString()).isEqualTo("0.45");
            twilio.verify(getRequestedFor(urlPathEqualTo(BALANCE)));
        }
        List<String> ignored = output.getAll()
                .lines()
                .filter(line -> line.contains("is ignored"))
                .toList();
        assertThat(ignored)
                .singleElement()
                .asString()
                .contains("balance-guard.accounts.main.balance (a setting of simulator)")
                .contains("from class path resource [application.properties] - ")
                .contains("the provider is chosen in property source \"commandLineArgs\", which takes precedence");
        assertThat(output.getAll()).doesNotContain(TOKEN);
    }

    @Test
    void aSimulatorKeyBesideTheProviderChoiceStillFailsStartup(CapturedOutput output) {
        List<String> arguments = twilioArguments();
        arguments.add("--balance-guard.accounts.main.balance=5.00");

        assertThatThrownBy(() -> new SpringApplicationBuilder(CampaignServiceApplication.class)
                        .run(arguments.toArray(String[]::new)))
                .rootCause()
                .isInstanceOfSatisfying(BalanceGuardSetupException.class, e -> {
                    assertThat(e.where()).isEqualTo("balance-guard.accounts.main.balance");
                    assertThat(e.problem())
                            .contains("'balance' is not a setting of twilio but of simulator")
                            .contains("it is given in property source \"commandLineArgs\", which ranks as high as "
                                    + "where the provider is chosen (property source \"commandLineArgs\")");
                });
        assertThat(output.getAll()).contains("balance-guard could not start").doesNotContain(TOKEN);
        assertThat(twilio.getAllServeEvents()).isEmpty();
    }
}
