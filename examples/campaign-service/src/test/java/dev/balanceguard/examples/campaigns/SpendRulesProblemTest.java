package dev.balanceguard.examples.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.spring.RunBlockedEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.event.EventListener;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An account with spend rules, over HTTP: a recipient in a country it does not send to, or a run over its ceiling, is a
 * 422 that names the rule, the countries and how many recipients; no phone number appears in the answer, the log or
 * the events, and nothing is sent or held.
 */
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpendRulesProblemTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The national digits of every number sent below, none of which may leave the request. */
    private static final List<String> DIGITS =
            List.of("7400123456", "7400123457", "4165550123", "2125550100", "2125500");

    @DynamicPropertySource
    static void guardedAccount(DynamicPropertyRegistry registry) {
        registry.add("balance-guard.accounts.guarded.provider", () -> "simulator");
        registry.add("balance-guard.accounts.guarded.balance", () -> "1000.00");
        registry.add("balance-guard.accounts.guarded.currency", () -> "USD");
        registry.add("balance-guard.accounts.guarded.rates", () -> "classpath:rates.csv");
        registry.add("balance-guard.accounts.guarded.destinations.allow", () -> "US,CA");
        registry.add("balance-guard.accounts.guarded.max-run-cost", () -> "1 USD");
    }

    @TestConfiguration
    static class Events {
        final List<RunBlockedEvent> blocked = new CopyOnWriteArrayList<>();

        @EventListener
        void on(RunBlockedEvent event) {
            blocked.add(event);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    SmsGateway gateway;

    @Autowired
    BalanceGuard guard;

    @Autowired
    Events events;

    @Test
    void aRecipientInACountryTheAccountDoesNotSendToIsA422NamingCountriesNeverNumbers(CapturedOutput output)
            throws Exception {
        long sent = gateway.sentCount();

        HttpResponse<String> response = post("""
                {"recipients": ["+12125550100", "+447400123456", "+44 7400 123457", "+14165550123"],
                 "message": "hello", "account": "guarded"}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("reason").asString()).isEqualTo("DESTINATION_NOT_ALLOWED");
        assertThat(problem.get("rule").asString()).isEqualTo("destinations.allow");
        assertThat(problem.get("countries").isArray()).isTrue();
        assertThat(problem.get("countries").get(0).asString()).isEqualTo("GB");
        assertThat(problem.get("countries").size()).isEqualTo(1);
        assertThat(problem.get("refused_recipients").asLong()).isEqualTo(2);
        assertThat(problem.get("recipients").asLong()).isEqualTo(4);
        assertThat(gateway.sentCount()).isEqualTo(sent);
        assertThat(guard.snapshot("guarded").reserved())
                .hasValueSatisfying(r -> assertThat(r.isZero()).isTrue());
        assertNoNumberIn(response.body(), output);
    }

    @Test
    void aRunOverTheAccountsCeilingIsA422NamingTheLimitAndTheCost(CapturedOutput output) throws Exception {
        long sent = gateway.sentCount();
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            recipients.add("+121255" + String.format("%05d", i));
        }

        HttpResponse<String> response =
                post(JSON.writeValueAsString(new CampaignRequest(recipients, "Grand opening tonight", "guarded")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("reason").asString()).isEqualTo("RUN_LIMIT_EXCEEDED");
        assertThat(problem.get("rule").asString()).isEqualTo("max-run-cost");
        assertThat(problem.get("limit").asString()).isEqualTo("1");
        assertThat(problem.get("cost").asString()).isEqualTo("1.58"); // 200 x 0.0079
        assertThat(problem.get("currency").asString()).isEqualTo("USD");
        assertThat(problem.has("countries")).isFalse();
        assertThat(gateway.sentCount()).isEqualTo(sent);
        assertNoNumberIn(response.body(), output);
    }

    private void assertNoNumberIn(String body, CapturedOutput output) {
        assertThat(events.blocked).as("a RunBlockedEvent per refusal").isNotEmpty();
        for (String digits : DIGITS) {
            assertThat(body).doesNotContain(digits);
            assertThat(output.getAll()).doesNotContain(digits);
            for (RunBlockedEvent event : events.blocked) {
                assertThat(event.decision().message()).doesNotContain(digits);
                assertThat(event.decision().toString()).doesNotContain(digits);
                assertThat(event.decision().detail()).isEmpty();
            }
        }
    }

    private HttpResponse<String> post(String body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/campaigns"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
