package dev.balanceguard.examples.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.interceptor.BalanceGuardSetupException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a careless or hostile client sends: every mistake is a 4xx problem naming the field, client text comes
 * back short and with invisible characters escaped, nothing of it reaches the log, and nothing is sent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class HostileRequestsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RLO = "\u202E";
    private static final String ZWSP = "\u200B";

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    SmsGateway gateway;

    @Autowired
    CampaignLimits limits;

    @Test
    void anUnknownAccountIsA404NamingTheFieldWithoutLoggingIt(CapturedOutput output) throws Exception {
        String name = "evil" + RLO + "gnp.exe" + "x".repeat(20_000);
        long before = gateway.sentCount();

        HttpResponse<String> response = post(JSON.writeValueAsString(
                Map.of("recipients", List.of("+14155550100"), "message", "hi", "account", name)));

        JsonNode problem = problem(response, 404, "account");
        assertThat(problem.get("detail").asString())
                .startsWith("no account named 'evil\\u202Egnp.exe")
                .contains("more characters)")
                .hasSizeLessThan(200);
        assertThat(response.body()).doesNotContain(RLO).doesNotContain("x".repeat(100));
        assertThat(output.getAll())
                .doesNotContain("evil")
                .doesNotContain("x".repeat(100))
                .doesNotContain("Exception");
        assertThat(gateway.sentCount()).isEqualTo(before);
    }

    @Test
    void aMissingOrNullOrBlankMessageIsA400NamingIt(CapturedOutput output) throws Exception {
        for (String body : List.of(
                "{\"recipients\": [\"+14155550100\"]}",
                "{\"recipients\": [\"+14155550100\"], \"message\": null}",
                "{\"recipients\": [\"+14155550100\"], \"message\": \"  \"}")) {
            JsonNode problem = problem(post(body), 400, "message");
            assertThat(problem.get("detail").asString()).as(body).isEqualTo("message is required");
        }
        assertThat(output.getAll()).doesNotContain("Exception");
    }

    @Test
    void missingOrTooManyRecipientsAndTooLongAMessageAreA400NamingTheField() throws Exception {
        problem(post("{\"message\": \"hi\"}"), 400, "recipients");
        problem(post("{\"recipients\": [], \"message\": \"hi\"}"), 400, "recipients");
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= limits.maxRecipients(); i++) {
            many.add("+1415555" + String.format("%04d", i % 10_000));
        }
        JsonNode tooMany =
                problem(post(JSON.writeValueAsString(Map.of("recipients", many, "message", "hi"))), 400, "recipients");
        assertThat(tooMany.get("detail").asString()).contains("at most " + limits.maxRecipients());
        JsonNode tooLong = problem(
                post(JSON.writeValueAsString(Map.of(
                        "recipients", List.of("+14155550100"), "message", "x".repeat(limits.maxMessageLength() + 1)))),
                400,
                "message");
        assertThat(tooLong.get("detail").asString()).contains(Integer.toString(limits.maxMessageLength()));
    }

    @Test
    void invalidNumbersComeBackEscapedAndShort() throws Exception {
        String hostile = "+1" + RLO + "415" + ZWSP + "555" + "9".repeat(5_000);

        HttpResponse<String> response =
                post(JSON.writeValueAsString(Map.of("recipients", List.of("+14155550100", hostile), "message", "hi")));

        JsonNode problem = problem(response, 400, "recipients");
        assertThat(problem.get("detail").asString())
                .contains("#2 '+1\\u202E415\\u200B555")
                .contains("more characters)")
                .hasSizeLessThan(300);
        assertThat(response.body()).doesNotContain(RLO).doesNotContain(ZWSP);
    }

    @Test
    void aBodyOverTheLimitIs413BeforeItIsParsed() throws Exception {
        long before = gateway.sentCount();
        byte[] large = ("{\"recipients\": [\"+14155550100\"], \"message\": \""
                        + "x".repeat((int) limits.maxRequestSize().toBytes()) + "\"}")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> declared = http.send(
                request().POST(HttpRequest.BodyPublishers.ofByteArray(large)).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> chunked = http.send(
                request()
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> response : List.of(declared, chunked)) {
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(response.body()).get("status").asInt()).isEqualTo(413);
        }
        assertThat(gateway.sentCount()).isEqualTo(before);
    }

    @Test
    void malformedJsonAndAWrongMediaTypeAreProblemsToo() throws Exception {
        HttpResponse<String> malformed = post("{\"recipients\": [\"+14155550100\"], \"message\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));

        HttpResponse<String> text = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/campaigns"))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("hello"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(text.body()).get("status").asInt()).isEqualTo(415);
    }

    @Test
    void aNegativeMinimumBalanceStopsTheServiceFromStarting() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(CampaignServiceApplication.class)
                        .properties("campaigns.minimum-balance=-5", "server.port=0")
                        .run()
                        .close())
                .rootCause()
                .isInstanceOf(BalanceGuardSetupException.class)
                .hasMessageContaining("campaigns.minimum-balance")
                .hasMessageContaining("negative");
    }

    private JsonNode problem(HttpResponse<String> response, int status, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("field").asString()).isEqualTo(field);
        return problem;
    }

    private HttpRequest.Builder request() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/campaigns"))
                .header("Content-Type", "application/json");
    }

    private HttpResponse<String> post(String json) throws Exception {
        return http.send(
                request().POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
