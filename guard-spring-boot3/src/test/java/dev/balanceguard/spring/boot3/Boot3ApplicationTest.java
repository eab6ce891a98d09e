package dev.balanceguard.spring.boot3;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.balanceguard.spring.autoconfigure.SpringBootLine;
import dev.balanceguard.spring.boot3.app.Boot3Application;
import dev.balanceguard.spring.boot3.app.CampaignSender;
import dev.balanceguard.test.server.LocalRedis;
import dev.balanceguard.webhook.Signed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.SpringVersion;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.ClassUtils;

/**
 * A Spring Boot 3.5.7 application on Boot's own managed versions (Spring Framework 6.2, Jackson 2 with
 * jackson-annotations 2.19.2, Micrometer 1.15, Lettuce 6), served over real HTTP: "main" is a Twilio account and
 * "low" an Infobip account, both real provider clients fetching from WireMock on loopback, the ledger in a real
 * Redis. A call the low account cannot pay is refused with 402 before its body runs. "te" is a Telnyx account
 * whose signed price webhooks (guard-webhooks, read with guard-json on Jackson's streaming parser) are counted.
 */
@SpringBootTest(
        classes = Boot3Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "balance-guard.default-account=main",
            "balance-guard.accounts.main.provider=twilio",
            "balance-guard.accounts.main.account-sid=" + Boot3ApplicationTest.SID,
            "balance-guard.accounts.main.auth-token=" + Boot3ApplicationTest.TWILIO_TOKEN,
            "balance-guard.accounts.main.rates=classpath:rates.csv",
            "balance-guard.accounts.low.provider=infobip",
            "balance-guard.accounts.low.api-key=" + Boot3ApplicationTest.INFOBIP_KEY,
            "balance-guard.accounts.low.rates=classpath:rates.csv",
            "balance-guard.accounts.low.currency=USD",
            "balance-guard.accounts.te.provider=telnyx",
            "balance-guard.accounts.te.api-key=" + Boot3ApplicationTest.TELNYX_KEY,
            "balance-guard.webhooks.enabled=true",
            "balance-guard.store=redis",
            "balance-guard.redis.key-prefix=boot3-app:",
            "spring.data.redis.host=127.0.0.1",
            // bounds with slack for a loaded machine: a cold check decides without a reading only after this
            "balance-guard.cold-wait=30s",
            "spring.data.redis.timeout=10s",
            "management.endpoints.web.exposure.include=health,balance,metrics",
            "management.endpoint.health.show-details=always",
        })
class Boot3ApplicationTest {

    static final String SID = "AC5f0c3e9a1b2d4c6e8f0a1b2c3d4e5f60";
    static final String TWILIO_TOKEN = "fake-twilio-auth-token-4f9c2e71";
    static final String INFOBIP_KEY = "fake-infobip-api-key-8b31d7aa";
    static final String TELNYX_KEY = "fake-telnyx-api-key-KEY0123456789";
    private static final Signed.TelnyxKeys TELNYX_WEBHOOKS = Signed.TelnyxKeys.generate();
    private static final String TWILIO_BALANCE = "/2010-04-01/Accounts/" + SID + "/Balance.json";
    private static final String UK = "+447700900001";

    static final WireMockServer TWILIO = start();
    static final WireMockServer INFOBIP = start();
    static final WireMockServer TELNYX = start();
    static final LocalRedis REDIS = LocalRedis.launch();

    static {
        TWILIO.stubFor(WireMock.get(urlPathEqualTo(TWILIO_BALANCE))
                .withBasicAuth(SID, TWILIO_TOKEN)
                .willReturn(okJson("{\"account_sid\":\"" + SID + "\",\"balance\":\"100.00\",\"currency\":\"USD\"}")));
        INFOBIP.stubFor(WireMock.get(urlPathEqualTo("/account/1/balance"))
                .withHeader("Authorization", equalTo("App " + INFOBIP_KEY))
                .willReturn(okJson("{\"balance\":0.01,\"currency\":\"USD\"}")));
        TELNYX.stubFor(WireMock.get(urlPathEqualTo("/v2/balance"))
                .willReturn(okJson("{\"data\":{\"balance\":\"300.00\",\"currency\":\"USD\",\"credit_limit\":\"0.00\","
                        + "\"available_credit\":\"300.00\",\"record_type\":\"balance\"}}")));
    }

    private static WireMockServer start() {
        WireMockServer server =
                new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return server;
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("balance-guard.accounts.main.base-url", TWILIO::baseUrl);
        registry.add("balance-guard.accounts.low.base-url", INFOBIP::baseUrl);
        registry.add("balance-guard.accounts.te.base-url", TELNYX::baseUrl);
        registry.add("balance-guard.accounts.te.webhook-public-key", TELNYX_WEBHOOKS::publicKeyBase64);
        registry.add("spring.data.redis.port", REDIS::port);
    }

    @AfterAll
    static void stopServers() {
        TWILIO.stop();
        INFOBIP.stop();
        TELNYX.stop();
        REDIS.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    CampaignSender sender;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void runsOnSpringBoot35sOwnVersions() {
        assertThat(SpringBootVersion.getVersion()).isEqualTo("3.5.7");
        assertThat(SpringVersion.getVersion()).startsWith("6.2.");
        assertThat(SpringBootLine.running(getClass().getClassLoader())).isEqualTo(SpringBootLine.BOOT_3);
        // Boot 3.5 pins jackson-annotations 2.19.2, which Jackson 3's databind cannot run on: no balance-guard
        // module may need it, and none is here to hide the clash
        assertThat(ClassUtils.isPresent("com.fasterxml.jackson.annotation.JsonSerializeAs", null))
                .isFalse();
        assertThat(ClassUtils.isPresent("tools.jackson.databind.ObjectMapper", null))
                .isFalse();
    }

    @Test
    void aCampaignTheAccountCanPayRunsAndOneItCannotIsRefusedWith402BeforeItsBody() throws Exception {
        HttpResponse<String> paid = post("/campaigns?to=" + UK.replace("+", "%2B"));
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
        assertThat(paid.body()).isEqualTo("sent 1");
        TWILIO.verify(getRequestedFor(urlPathEqualTo(TWILIO_BALANCE)));

        int runs = sender.bodyRuns();
        HttpResponse<String> refused = post("/campaigns?account=low&to=" + UK.replace("+", "%2B"));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(402);
        assertThat(refused.body()).isEqualTo("INSUFFICIENT");
        assertThat(sender.bodyRuns()).isEqualTo(runs);
        INFOBIP.verify(getRequestedFor(urlPathEqualTo("/account/1/balance")));
    }

    @Test
    void actuatorShowsTheBalanceEndpointHealthOnTheRedisStoreAndMetrics() throws Exception {
        HttpResponse<String> paid = post("/campaigns?to=" + UK.replace("+", "%2B"));
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);

        JsonNode balance = json.readTree(get("/actuator/balance"));
        assertThat(balance.at("/defaultAccount").asText()).isEqualTo("main");
        assertThat(balance.at("/accounts/main/balance").asText()).isEqualTo("100");
        assertThat(balance.at("/accounts/main/provider").asText()).isEqualTo("twilio");

        JsonNode health = json.readTree(get("/actuator/health"));
        assertThat(health.at("/components/balanceGuard/details/store/name").asText())
                .isEqualTo("redis");
        assertThat(health.at("/components/balanceGuard/details/store/answers").asBoolean())
                .isTrue();
        assertThat(health.at("/components/balanceGuard/details/accounts/main/currency")
                        .asText())
                .isEqualTo("USD");

        JsonNode decisions = json.readTree(get("/actuator/metrics/balance.guard.decisions"));
        assertThat(decisions.at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aSignedTelnyxPriceIsCountedOnceAForgedOneRefusedWith401AMalformedOneWith400() throws Exception {
        String url = "http://127.0.0.1:" + port + "/balance-guard/webhooks/te";
        long now = System.currentTimeMillis() / 1000;
        String body = Signed.telnyxFinalized(
                "5c0e0d5a-7b7e-4d52-9d1c-1f3a5e0b9a21", "{\"amount\":\"0.0051\",\"currency\":\"USD\"}");
        Signed.Req signed = TELNYX_WEBHOOKS.sign(now, url, body);

        assertThat(post(signed)).as("signed").isEqualTo(200);
        assertThat(post(signed)).as("the same report again").isEqualTo(200);
        assertThat(post(Signed.TelnyxKeys.generate().sign(now, url, body)))
                .as("signed with another key")
                .isEqualTo(401);
        assertThat(post(signed.withBody(body.replace("0.0051", "0.0001"))))
                .as("the body changed after signing")
                .isEqualTo(401);
        String duplicate = body.replace("\"parts\":1", "\"parts\":1,\"parts\":2");
        assertThat(post(TELNYX_WEBHOOKS.sign(now, url, duplicate)))
                .as("signed, but a name twice: not a report Telnyx sends")
                .isEqualTo(400);

        JsonNode reported = json.readTree(get("/actuator/metrics/balance.guard.spend.reported?tag=account:te"));
        assertThat(reported.at("/measurements/0/value").decimalValue()).isEqualByComparingTo("0.0051");
    }

    private static int post(Signed.Req req) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(req.url()))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(req.body()));
        req.headers().forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        return HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private HttpResponse<String> post(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }
}
