package dev.balanceguard.examples.preflight.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.examples.preflight.simulator.ProviderSimulator.Fault;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The simulator's wire formats, checked with a plain HTTP client against the providers' documented shapes. */
class ProviderSimulatorTest {

    private static final String SID = "AC" + "0123456789abcdef".repeat(2);
    private final ProviderSimulator simulator = ProviderSimulator.start();
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(URI.create(simulator.baseUrl()).getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void twilioAnswersItsBalanceJsonToTheRightBasicCredentials() throws Exception {
        simulator.twilio(SID, "token-1", "0.05", "USD");

        HttpResponse<String> ok = get("/2010-04-01/Accounts/" + SID + "/Balance.json", basic(SID, "token-1"));
        HttpResponse<String> wrong = get("/2010-04-01/Accounts/" + SID + "/Balance.json", basic(SID, "nope"));

        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(ok.body());
        assertThat(body.get("account_sid").asString()).isEqualTo(SID);
        assertThat(body.get("balance").isString()).isTrue();
        assertThat(body.get("balance").asString()).isEqualTo("0.05");
        assertThat(body.get("currency").asString()).isEqualTo("USD");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json.readTree(wrong.body()).get("code").asInt()).isEqualTo(20003);
    }

    @Test
    void twilioAnswers404ForAnotherAccountsSid() throws Exception {
        simulator.twilio(SID, "token-1", "0.05", "USD");
        String other = "AC" + "f".repeat(32);

        HttpResponse<String> response = get("/2010-04-01/Accounts/" + other + "/Balance.json", basic(SID, "token-1"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json.readTree(response.body()).get("code").asInt()).isEqualTo(20404);
    }

    @Test
    void exotelWrapsTheBalanceInAccountBalanceData() throws Exception {
        simulator.exotel("acme", "key", "token", "1543.75", "INR", "Pay As You Go");

        HttpResponse<String> ok = get("/v1/Accounts/acme/Balance.json", basic("key", "token"));
        HttpResponse<String> wrong = get("/v1/Accounts/acme/Balance.json", basic("key", "other"));

        JsonNode account = json.readTree(ok.body()).get("Account");
        assertThat(account.get("AccountSid").asString()).isEqualTo("acme");
        assertThat(account.get("BalanceData").get("Balance").asString()).isEqualTo("1543.75");
        assertThat(account.get("BalanceData").get("Currency").asString()).isEqualTo("INR");
        assertThat(account.get("BalanceData").get("PricingPlan").asString()).isEqualTo("Pay As You Go");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json.readTree(wrong.body())
                        .get("RestException")
                        .get("Message")
                        .asString())
                .isEqualTo("Authentication failed");
    }

    @Test
    void infobipSendsTheBalanceAsAJsonNumberWithAppAuth() throws Exception {
        simulator.infobip("ib-key", "47.79134", "EUR");

        HttpResponse<String> ok = get("/account/1/balance", "App ib-key");
        HttpResponse<String> wrong = get("/account/1/balance", "App other");

        assertThat(ok.body()).contains("\"balance\":47.79134");
        assertThat(json.readTree(ok.body()).get("currency").asString()).isEqualTo("EUR");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("UNAUTHORIZED");
    }

    @Test
    void messagebirdReportsPaymentTypeAndAmountWithAccessKeyAuth() throws Exception {
        simulator.messagebird("mb-key", "postpaid", "euros", "0");

        HttpResponse<String> ok = get("/balance", "AccessKey mb-key");
        HttpResponse<String> missing = get("/balance", null);

        JsonNode body = json.readTree(ok.body());
        assertThat(body.get("payment").asString()).isEqualTo("postpaid");
        assertThat(body.get("type").asString()).isEqualTo("euros");
        assertThat(body.get("amount").isNumber()).isTrue();
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(json.readTree(missing.body())
                        .get("errors")
                        .get(0)
                        .get("parameter")
                        .asString())
                .isEqualTo("access_key");
    }

    @Test
    void faultsApplyToAuthenticatedRequests() throws Exception {
        simulator.infobip("ib-key", "10", "EUR");

        simulator.fault(Fault.FORBIDDEN);
        int forbidden = get("/account/1/balance", "App ib-key").statusCode();
        simulator.fault(Fault.RATE_LIMITED);
        HttpResponse<String> limited = get("/account/1/balance", "App ib-key");
        simulator.fault(Fault.UNAVAILABLE);
        int unavailable = get("/account/1/balance", "App ib-key").statusCode();
        simulator.fault(Fault.GARBLED);
        HttpResponse<String> garbled = get("/account/1/balance", "App ib-key");
        int unauthenticated = get("/account/1/balance", "App other").statusCode();

        assertThat(forbidden).isEqualTo(403);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("0");
        assertThat(unavailable).isEqualTo(503);
        assertThat(garbled.statusCode()).isEqualTo(200);
        assertThat(garbled.body()).startsWith("<html>");
        assertThat(unauthenticated).isEqualTo(401);
        assertThat(simulator.requestCount()).isEqualTo(5);
    }

    private HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
