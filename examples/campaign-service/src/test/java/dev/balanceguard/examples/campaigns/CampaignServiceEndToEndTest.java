package dev.balanceguard.examples.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Drives the running service over HTTP, on its default simulator accounts. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CampaignServiceEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    SmsGateway gateway;

    @Test
    void aCampaignTheAccountCanPayForIsSent() throws Exception {
        long before = gateway.sentCount();

        HttpResponse<String> response = post("/campaigns", """
                {"recipients": ["+14155550100", "+1 415 555 0101"], "message": "Sale ends tonight"}""");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(response.body()).get("sent").asInt()).isEqualTo(2);
        // no account named: the default one ran it, and the answer says which
        assertThat(JSON.readTree(response.body()).get("account").asString()).isEqualTo("main");
        assertThat(gateway.sentCount()).isEqualTo(before + 2);
    }

    @Test
    void aCampaignOverTheDailyBudgetIsRefusedWith402NamingTheBudget() throws Exception {
        long before = gateway.sentCount();
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            recipients.add("+4477009" + String.format("%05d", i));
        }
        String body = JSON.writeValueAsString(new CampaignRequest(recipients, "Flash sale", "marketing"));

        HttpResponse<String> response = post("/campaigns", body);

        assertThat(response.statusCode()).isEqualTo(402);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("reason").asString()).isEqualTo("BUDGET_EXCEEDED");
        assertThat(problem.get("budget").asString()).isEqualTo("marketing-daily");
        assertThat(problem.get("limit").asString()).isEqualTo("100");
        assertThat(problem.get("balance").asString()).isEqualTo("250"); // the balance would have paid
        assertThat(problem.get("estimate").asString()).isEqualTo("112.5"); // 2500 x 0.045
        // other tests may have spent on marketing today: it counts against the budget
        BigDecimal left = new BigDecimal("100")
                .subtract(new BigDecimal(problem.get("spent").asString()))
                .subtract(new BigDecimal(problem.get("held").asString()));
        assertThat(new BigDecimal(problem.get("shortfall").asString()))
                .isEqualByComparingTo(new BigDecimal("112.5").subtract(left));
        assertThat(problem.get("coverable_recipients").asLong())
                .isEqualTo(left.divide(new BigDecimal("0.045"), 0, RoundingMode.FLOOR)
                        .longValue());
        assertThat(java.time.Instant.parse(problem.get("resets_at").asString()))
                .isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                        .plusDays(1)
                        .atStartOfDay(java.time.ZoneOffset.UTC)
                        .toInstant());
        assertThat(gateway.sentCount()).isEqualTo(before);
    }

    @Test
    void theAnswerNamesTheAccountAsConfiguredNotAsTyped() throws Exception {
        HttpResponse<String> blank = post("/campaigns", """
                {"recipients": ["+14155550100"], "message": "hello", "account": "  "}""");
        HttpResponse<String> padded = post("/campaigns", """
                {"recipients": ["+14155550100"], "message": "hello", "account": " marketing "}""");

        assertThat(blank.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(blank.body()).get("account").asString()).isEqualTo("main");
        assertThat(padded.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(padded.body()).get("account").asString()).isEqualTo("marketing");
    }

    @Test
    void aCampaignTheAccountCannotPayForIsRefusedWith402AndNothingIsSent() throws Exception {
        long before = gateway.sentCount();
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            recipients.add("+4477009" + String.format("%05d", i));
        }
        String body =
                JSON.writeValueAsString(new CampaignRequest(recipients, "Grand opening \uD83C\uDF89 tonight", null));

        HttpResponse<String> response = post("/campaigns", body);

        assertThat(response.statusCode()).isEqualTo(402);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(402);
        assertThat(problem.get("reason").asString()).isEqualTo("INSUFFICIENT");
        assertThat(problem.get("balance").asString()).isEqualTo("5");
        assertThat(problem.get("estimate").asString()).isEqualTo("9"); // 200 x 1 segment x 0.045
        // other tests may have spent on this account already: what they spent is unbooked until the next fetch
        BigDecimal available = new BigDecimal(problem.get("available").asString());
        assertThat(available)
                .isEqualByComparingTo(new BigDecimal("5")
                        .subtract(new BigDecimal(problem.get("unbooked_spend").asString())));
        assertThat(new BigDecimal(problem.get("shortfall").asString()))
                .isEqualByComparingTo(new BigDecimal("9").subtract(available));
        assertThat(problem.get("coverable_recipients").asLong())
                .isEqualTo(available
                        .divide(new BigDecimal("0.045"), 0, RoundingMode.FLOOR)
                        .longValue());
        assertThat(gateway.sentCount()).isEqualTo(before);
    }

    @Test
    void theRequestCanNameAnotherAccount() throws Exception {
        HttpResponse<String> response = post("/campaigns", """
                {"recipients": ["+447700900123"], "message": "hello", "account": "marketing"}""");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(response.body()).get("account").asString()).isEqualTo("marketing");
    }

    @Test
    void invalidNumbersAreABadRequestNamingThem() throws Exception {
        HttpResponse<String> response = post("/campaigns", """
                {"recipients": ["+14155550100", "not-a-number"], "message": "hello"}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("not-a-number");
    }

    @Test
    void actuatorShowsHealthAndBalancesWithoutSecrets() throws Exception {
        post("/campaigns", """
                {"recipients": ["+14155550100"], "message": "warm up"}""");

        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("balanceGuard");

        HttpResponse<String> balances = get("/actuator/balance");
        assertThat(balances.statusCode()).isEqualTo(200);
        assertThat(balances.body()).contains("main").contains("marketing");

        HttpResponse<String> metric = get("/actuator/metrics/balance.guard.decisions");
        assertThat(metric.statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
