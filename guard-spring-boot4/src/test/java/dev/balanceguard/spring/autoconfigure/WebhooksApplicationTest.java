package dev.balanceguard.spring.autoconfigure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.balanceguard.BalanceGuard;
import dev.balanceguard.Reservation;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.cost.CostEstimator;
import dev.balanceguard.cost.RateCard;
import dev.balanceguard.spring.RunCostReportedEvent;
import dev.balanceguard.test.Eventually;
import dev.balanceguard.test.server.LocalRedis;
import dev.balanceguard.webhook.RunSpend;
import dev.balanceguard.webhook.Signed;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;

/**
 * balance-guard.webhooks in a real Boot application over real HTTP: correctly and wrongly signed requests per
 * provider, two replicas on one Redis, Twilio's empty price completed from WireMock's Message resource, and the run
 * each price is attributed to in /actuator/balance/{account}.
 */
class WebhooksApplicationTest {

    private static final String TWILIO_SID = "AC0123456789abcdef0123456789abcdef";
    private static final String TWILIO_TOKEN = "twilio-auth-t0ken-never-shown";
    private static final String PLIVO_TOKEN = "plivo-auth-t0ken-never-shown";
    private static final String VONAGE_SECRET = "vonage-signature-secret-never-shown";
    private static final Signed.TelnyxKeys TELNYX = Signed.TelnyxKeys.generate();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static WireMockServer providers;
    private static LocalRedis redis;
    private static ConfigurableApplicationContext replicaA;
    private static ConfigurableApplicationContext replicaB;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        final List<RunCostReportedEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        void heard(RunCostReportedEvent event) {
            events.add(event);
        }
    }

    @BeforeAll
    static void start() {
        providers = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        providers.start();
        providers.stubFor(get(urlPathEqualTo("/v2/balance"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":{\"balance\":\"300.00\",\"currency\":\"USD\",\"credit_limit\":\"0.00\","
                                + "\"available_credit\":\"300.00\",\"record_type\":\"balance\"}}")));
        redis = LocalRedis.launch();
        replicaA = app();
        replicaB = app();
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext c : new ConfigurableApplicationContext[] {replicaA, replicaB}) {
            if (c != null) {
                c.close();
            }
        }
        if (redis != null) {
            redis.close();
        }
        providers.stop();
    }

    private static ConfigurableApplicationContext app() {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--management.endpoints.web.exposure.include=balance,env,configprops",
                "--management.endpoint.env.show-values=always",
                "--management.endpoint.configprops.show-values=always",
                "--balance-guard.store=redis",
                "--balance-guard.redis.key-prefix=webhooks-test",
                "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + redis.port(),
                "--balance-guard.webhooks.enabled=true",
                "--balance-guard.webhooks.max-body-size=4KB",
                "--balance-guard.webhooks.twilio-price-delays=50ms,50ms,50ms",
                "--balance-guard.default-account=te",
                "--balance-guard.accounts.tw.provider=twilio",
                "--balance-guard.accounts.tw.account-sid=" + TWILIO_SID,
                "--balance-guard.accounts.tw.auth-token=" + TWILIO_TOKEN,
                "--balance-guard.accounts.tw.base-url=" + providers.baseUrl(),
                "--balance-guard.accounts.pl.provider=plivo",
                "--balance-guard.accounts.pl.auth-id=MAXXXXXXXXXXXXXXXXXX",
                "--balance-guard.accounts.pl.auth-token=" + PLIVO_TOKEN,
                "--balance-guard.accounts.pl.base-url=" + providers.baseUrl(),
                "--balance-guard.accounts.vo.provider=vonage",
                "--balance-guard.accounts.vo.api-key=abcd1234",
                "--balance-guard.accounts.vo.api-secret=api-secret-not-the-signature-secret",
                "--balance-guard.accounts.vo.currency=EUR",
                "--balance-guard.accounts.vo.webhook-secret=" + VONAGE_SECRET,
                "--balance-guard.accounts.vo.base-url=" + providers.baseUrl(),
                "--balance-guard.accounts.vs.provider=vonage",
                "--balance-guard.accounts.vs.api-key=efgh5678",
                "--balance-guard.accounts.vs.api-secret=api-secret-not-the-signature-secret",
                "--balance-guard.accounts.vs.currency=EUR",
                "--balance-guard.accounts.vs.webhook-secret=" + VONAGE_SECRET,
                "--balance-guard.accounts.vs.webhook-signature-method=sha256",
                "--balance-guard.accounts.vs.base-url=" + providers.baseUrl(),
                "--balance-guard.accounts.te.provider=telnyx",
                "--balance-guard.accounts.te.api-key=KEY0123456789",
                "--balance-guard.accounts.te.webhook-public-key=" + TELNYX.publicKeyBase64(),
                "--balance-guard.accounts.te.base-url=" + providers.baseUrl()));
        return new SpringApplicationBuilder(App.class).run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    private static String url(ConfigurableApplicationContext app, String account, String query) {
        return "http://127.0.0.1:" + port(app) + "/balance-guard/webhooks/" + account + (query == null ? "" : query);
    }

    private static int post(Signed.Req req) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(req.url()))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(req.body()));
        req.headers().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String getText(ConfigurableApplicationContext app, String path) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(app) + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** What replica {@code app} counted as reported for the account, in the account's currency. */
    private static double reported(ConfigurableApplicationContext app, String account) {
        var counter = app.getBean(MeterRegistry.class)
                .find("balance.guard.spend.reported")
                .tag("account", account)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static double reportedByFleet(String account) {
        return reported(replicaA, account) + reported(replicaB, account);
    }

    private static Map<String, String> twilioCallback(String sid, String price) {
        return Map.of(
                "MessageSid", sid, "MessageStatus", "delivered", "Price", price, "PriceUnit", "USD", "To", "+1555");
    }

    @Test
    void twilioCountsOnceAcrossReplicasAndRefusesWhatItDidNotSign() throws Exception {
        Signed.Req req = Signed.twilio(TWILIO_TOKEN, url(replicaA, "tw", null), twilioCallback("SMa1", "-0.0079"));

        assertThat(post(req)).isEqualTo(200);
        assertThat(post(req)).isEqualTo(200);
        // the same delivery reaching the other replica: its URL is the one Twilio signed, at the other host
        Signed.Req atB = Signed.twilio(TWILIO_TOKEN, url(replicaB, "tw", null), twilioCallback("SMa1", "-0.0079"));
        assertThat(post(atB)).isEqualTo(200);
        assertThat(reportedByFleet("tw")).isEqualTo(0.0079);

        Signed.Req forged = Signed.twilio("forged", url(replicaA, "tw", null), twilioCallback("SMa2", "-0.0079"));
        assertThat(post(forged)).isEqualTo(401);
        assertThat(post(req.withBody(Signed.form(twilioCallback("SMa1", "-9.0079")))))
                .isEqualTo(401);
        Map<String, String> big = new java.util.HashMap<>(twilioCallback("SMa3", "-0.0079"));
        big.put("Body", "x".repeat(5_000));
        assertThat(post(Signed.twilio(TWILIO_TOKEN, url(replicaA, "tw", null), big)))
                .isEqualTo(401);
        assertThat(post(Signed.twilio(TWILIO_TOKEN, url(replicaA, "nobody", null), twilioCallback("SMa4", "-1"))))
                .isEqualTo(401);
        assertThat(reportedByFleet("tw")).isEqualTo(0.0079);
    }

    @Test
    void twilioEmptyPriceIsReadLaterFromTheMessageResource() throws Exception {
        String path = "/2010-04-01/Accounts/" + TWILIO_SID + "/Messages/SMb7c0a2ce80504485a6f653a7110836f5.json";
        providers.stubFor(get(urlPathEqualTo(path))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"SMb7c0a2ce80504485a6f653a7110836f5\",\"status\":\"delivered\","
                                + "\"price\":\"-0.00750\",\"price_unit\":\"USD\",\"num_segments\":\"1\"}")));
        double before = reported(replicaA, "tw");

        Signed.Req req = Signed.twilio(
                TWILIO_TOKEN,
                url(replicaA, "tw", null),
                Map.of("MessageSid", "SMb7c0a2ce80504485a6f653a7110836f5", "MessageStatus", "delivered"));
        assertThat(post(req)).isEqualTo(200);

        Eventually.until("the booked price is counted", () -> reported(replicaA, "tw") > before);
        assertThat(reported(replicaA, "tw") - before).isCloseTo(0.0075, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void plivoCountsOnceAndRefusesAnotherToken() throws Exception {
        Map<String, String> callback = Map.of(
                "MessageUUID", "0936ec98-7c4c-11e4-9bd8-22000afa12b9",
                "Status", "sent",
                "TotalAmount", "0.00650",
                "TotalRate", "0.00650",
                "Units", "1");
        Signed.Req req = Signed.plivo(PLIVO_TOKEN, "12345678901234567890", url(replicaA, "pl", null), callback, true);

        assertThat(post(req)).isEqualTo(200);
        assertThat(post(req)).isEqualTo(200);
        assertThat(post(Signed.plivo("other", "1", url(replicaB, "pl", null), callback, true)))
                .isEqualTo(401);
        assertThat(post(req.withHeader("X-Plivo-Signature-V3-Nonce", "changed")))
                .isEqualTo(401);
        assertThat(post(Signed.plivo(PLIVO_TOKEN, "98765", url(replicaB, "pl", null), callback, true)))
                .isEqualTo(200);
        assertThat(post(req.withBody(Signed.form(callback).replace("0.00650", "0.00001"))))
                .isEqualTo(401);
        assertThat(post(new Signed.Req(Map.of(), req.url(), req.body())))
                .as("not signed")
                .isEqualTo(401);
        Map<String, String> big = new java.util.HashMap<>(callback);
        big.put("Text", "x".repeat(5_000));
        assertThat(post(Signed.plivo(PLIVO_TOKEN, "1", url(replicaA, "pl", null), big, true)))
                .isEqualTo(401);
        assertThat(reportedByFleet("pl")).isEqualTo(0.0065);
    }

    @Test
    void vonageCountsOnceAndRefusesAReplayedOrChangedRequest() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String status = """
                {"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab","status":"delivered","channel":"sms",
                "usage":{"currency":"EUR","price":"0.0333"}}""";
        Signed.Req req = Signed.vonage(VONAGE_SECRET, now, url(replicaA, "vo", null), status);

        assertThat(post(req)).isEqualTo(200);
        assertThat(post(req.withUrl(url(replicaB, "vo", null)))).isEqualTo(200); // the JWT signs the body, not the URL
        assertThat(post(Signed.vonage(VONAGE_SECRET, now - 3600, url(replicaA, "vo", null), status)))
                .isEqualTo(401);
        assertThat(post(Signed.vonage("api-secret-not-the-signature-secret", now, url(replicaA, "vo", null), status)))
                .isEqualTo(401);
        assertThat(post(req.withBody(status.replace("0.0333", "0.0001")))).isEqualTo(401);
        String big =
                status.replace("\"channel\":\"sms\"", "\"channel\":\"sms\",\"text\":\"" + "x".repeat(5_000) + "\"");
        assertThat(post(Signed.vonage(VONAGE_SECRET, now, url(replicaA, "vo", null), big)))
                .isEqualTo(401);
        assertThat(post(new Signed.Req(Map.of(), req.url(), req.body())))
                .as("not signed")
                .isEqualTo(401);
        assertThat(reportedByFleet("vo")).isEqualTo(0.0333);
    }

    @Test
    void vonageSigSignedDeliveryReceiptCountsOnceAndAWrongSigIs401() throws Exception {
        Map<String, String> receipt = new java.util.LinkedHashMap<>();
        receipt.put("msisdn", "442071838750");
        receipt.put("to", "AcmeInc");
        receipt.put("messageId", "0B00000012345678");
        receipt.put("price", "0.03330000");
        receipt.put("status", "delivered");
        receipt.put("err-code", "0");
        long now = System.currentTimeMillis() / 1000;
        Map<String, String> signed = Signed.vonageSig(VONAGE_SECRET, "sha256", now, receipt);
        Signed.Req req = new Signed.Req(
                Map.of("Content-Type", List.of(Signed.FORM)),
                url(replicaA, "vs", null),
                Signed.form(signed).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        double before = reportedByFleet("vs");

        assertThat(post(req)).isEqualTo(200);
        assertThat(post(req.withUrl(url(replicaB, "vs", null)))).isEqualTo(200);
        assertThat(post(req.withBody(Signed.form(Signed.vonageSig("another-secret", "sha256", now, receipt)))))
                .as("signed with another secret")
                .isEqualTo(401);
        assertThat(post(req.withBody(Signed.form(Signed.vonageSig(VONAGE_SECRET, "md5hash", now, receipt)))))
                .as("signed by another method than the account's")
                .isEqualTo(401);
        assertThat(post(req.withBody(Signed.form(signed).replace("0.0333", "0.0001"))))
                .as("changed after signing")
                .isEqualTo(401);
        assertThat(post(req.withBody(Signed.form(Signed.vonageSig(VONAGE_SECRET, "sha256", now - 3600, receipt)))))
                .as("an old timestamp")
                .isEqualTo(401);
        assertThat(reportedByFleet("vs") - before).isCloseTo(0.0333, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void telnyxAttributesThePriceToTheRunNamedOnTheUrl() throws Exception {
        App app = replicaA.getBean(App.class);
        BalanceGuard guard = replicaA.getBean(BalanceGuard.class);
        Reservation run = guard.reserve("te", CostEstimate.of(Money.of("0.0100", "USD")));
        long now = System.currentTimeMillis() / 1000;
        String body = Signed.telnyxFinalized(
                "40385f64-5717-4562-b3fc-2c963f66afa6", "{\"amount\":\"0.0051\",\"currency\":\"USD\"}");
        Signed.Req req = TELNYX.sign(now, url(replicaA, "te", "?run=" + run.id()), body);

        assertThat(post(req)).isEqualTo(200);
        assertThat(post(req.withUrl(url(replicaB, "te", "?run=" + run.id())))).isEqualTo(200);
        assertThat(post(TELNYX.sign(now - 301, url(replicaA, "te", null), body)))
                .isEqualTo(401);
        assertThat(post(Signed.TelnyxKeys.generate().sign(now, url(replicaA, "te", null), body)))
                .isEqualTo(401);
        assertThat(post(req.withBody(body.replace("0.0051", "0.0001")))).isEqualTo(401);
        String big = body.replace("\"text\":\"Hello\"", "\"text\":\"" + "x".repeat(5_000) + "\"");
        assertThat(post(TELNYX.sign(now, url(replicaA, "te", null), big))).isEqualTo(401);
        assertThat(post(new Signed.Req(Map.of(), req.url(), req.body())))
                .as("not signed")
                .isEqualTo(401);
        run.commit(Money.of("0.0100", "USD"));

        assertThat(reportedByFleet("te")).isEqualTo(0.0051);
        assertThat(app.events).singleElement().satisfies(e -> {
            assertThat(e.run().run()).isEqualTo(run.id());
            assertThat(e.run().estimate()).isEqualTo(Money.of("0.01", "USD"));
            assertThat(e.run().actual()).isEqualTo(Money.of("0.0051", "USD"));
        });
        assertThat(getText(replicaA, "/actuator/balance/te"))
                .contains("\"runs\":[{\"run\":\"" + run.id() + "\",\"estimate\":\"0.01\",\"reported\":\"0.0051\","
                        + "\"unit\":\"USD\",\"messages\":1,\"accuracy\":\"0.51\","
                        + "\"countries\":[{\"country\":\"US\",\"reported\":\"0.0051\",\"messages\":1}]}]");
    }

    @Test
    void aRunsReportsSplitAcrossReplicasAddUpOnceEverywhereAndItsAccuracyIsRecordedWhenComplete() throws Exception {
        Reservation run = replicaA.getBean(BalanceGuard.class).reserve("te", twoRecipients(Money.of("0.0200", "USD")));
        long now = System.currentTimeMillis() / 1000;
        String toGb = Signed.telnyxFinalized(
                        "7a1c0f64-5717-4562-b3fc-2c963f66afa6", "{\"amount\":\"0.0051\",\"currency\":\"USD\"}")
                .replace("+18665550001", "+442071838750");
        String toFr = Signed.telnyxFinalized(
                        "7a1c0f64-5717-4562-b3fc-2c963f66afa7", "{\"amount\":\"0.0072\",\"currency\":\"USD\"}")
                .replace("+18665550001", "+33612345678");
        String query = "?run=" + run.id();
        double accuracyBefore = accuracies(replicaA);
        double reportedBefore = reportedByFleet("te");

        assertThat(post(TELNYX.sign(now, url(replicaB, "te", query), toGb))).isEqualTo(200);
        assertThat(post(TELNYX.sign(now, url(replicaA, "te", query), toGb)))
                .as("again, at A")
                .isEqualTo(200);
        assertThat(accuracies(replicaA)).as("1 of 2 reported").isEqualTo(accuracyBefore);
        assertThat(post(TELNYX.sign(now, url(replicaA, "te", query), toFr))).isEqualTo(200);
        assertThat(post(TELNYX.sign(now, url(replicaB, "te", query), toFr)))
                .as("again, at B")
                .isEqualTo(200);
        run.commit(Money.of("0.0200", "USD"));

        assertThat(accuracies(replicaA)).as("complete: recorded at once").isEqualTo(accuracyBefore + 1);
        String expected = "\"reported\":\"0.0123\",\"unit\":\"USD\",\"messages\":2";
        String countries = "\"countries\":[{\"country\":\"FR\",\"reported\":\"0.0072\",\"messages\":1},"
                + "{\"country\":\"GB\",\"reported\":\"0.0051\",\"messages\":1}]";
        for (ConfigurableApplicationContext replica : List.of(replicaA, replicaB)) {
            String runs = getText(replica, "/actuator/balance/te");
            assertThat(runs).contains(run.id()).contains(expected);
            assertThat(runs).contains(countries);
        }
        assertThat(getText(replicaA, "/actuator/balance/te"))
                .contains("\"estimate\":\"0.02\"", "\"accuracy\":\"0.615\"");
        App atA = replicaA.getBean(App.class);
        assertThat(atA.events.get(atA.events.size() - 1).run().messages()).isEqualTo(2);
        assertThat(reportedByFleet("te") - reportedBefore).isCloseTo(0.0123, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(getText(replicaA, "/actuator/balance/te")).doesNotContain("442071838750", "33612345678");
    }

    @Test
    void aRunToTwoCountriesShowsItsEstimateAgainstTheBillPerCountry() throws Exception {
        RateCard card = RateCard.builder()
                .sms("44", "0.0050", "USD")
                .sms("33", "0.0080", "USD")
                .build();
        CostEstimator estimator = CostEstimator.builder(card)
                .countries(n -> n.startsWith("+44") ? "GB" : n.startsWith("+33") ? "FR" : "ZZ")
                .build();
        Reservation run = replicaA.getBean(BalanceGuard.class)
                .reserve("te", estimator.sms(List.of("+442071838750", "+33612345678"), "Hello"));
        long now = System.currentTimeMillis() / 1000;
        String toGb = Signed.telnyxFinalized(
                        "8b2d0f64-5717-4562-b3fc-2c963f66afa6", "{\"amount\":\"0.0051\",\"currency\":\"USD\"}")
                .replace("+18665550001", "+442071838750");
        String toFr = Signed.telnyxFinalized(
                        "8b2d0f64-5717-4562-b3fc-2c963f66afa7", "{\"amount\":\"0.0072\",\"currency\":\"USD\"}")
                .replace("+18665550001", "+33612345678");
        String query = "?run=" + run.id();

        assertThat(post(TELNYX.sign(now, url(replicaA, "te", query), toGb))).isEqualTo(200);
        assertThat(post(TELNYX.sign(now, url(replicaA, "te", query), toFr))).isEqualTo(200);
        run.commit(Money.of("0.0123", "USD"));

        assertThat(getText(replicaA, "/actuator/balance/te"))
                .contains("\"run\":\"" + run.id() + "\",\"estimate\":\"0.013\",\"reported\":\"0.0123\"")
                .contains("\"countries\":[{\"country\":\"FR\",\"estimate\":\"0.008\",\"reported\":\"0.0072\","
                        + "\"messages\":1,\"difference\":\"-0.0008\"},{\"country\":\"GB\",\"estimate\":\"0.005\","
                        + "\"reported\":\"0.0051\",\"messages\":1,\"difference\":\"0.0001\"}]")
                .doesNotContain("442071838750", "33612345678");
        App atA = replicaA.getBean(App.class);
        RunCostReportedEvent last = atA.events.get(atA.events.size() - 1);
        assertThat(last.run().run()).isEqualTo(run.id());
        assertThat(last.countries())
                .containsExactly(
                        new RunSpend.CountrySpend("FR", Money.of("0.0080", "USD"), Money.of("0.0072", "USD"), 1),
                        new RunSpend.CountrySpend("GB", Money.of("0.0050", "USD"), Money.of("0.0051", "USD"), 1));
        assertThat(last.countries())
                .extracting(c -> c.difference().orElseThrow())
                .containsExactly(Money.of("-0.0008", "USD"), Money.of("0.0001", "USD"));
    }

    private static double accuracies(ConfigurableApplicationContext app) {
        var summary = app.getBean(MeterRegistry.class)
                .find("balance.guard.spend.accuracy")
                .tag("account", "te")
                .summary();
        return summary == null ? 0 : summary.count();
    }

    /** An estimate of {@code total} for two recipients. */
    private static CostEstimate twoRecipients(Money total) {
        return new CostEstimate() {
            @Override
            public Money total() {
                return total;
            }

            @Override
            public long recipients() {
                return 2;
            }

            @Override
            public java.util.OptionalLong coverableRecipients(Money available) {
                return java.util.OptionalLong.empty();
            }
        };
    }

    @Test
    void twilioJsonBodiesAndPlivoV2CountOnceAndRefuseWhatWasNotSigned() throws Exception {
        String json = "{\"MessageSid\":\"SMjson1\",\"MessageStatus\":\"delivered\",\"Price\":\"-0.0042\","
                + "\"PriceUnit\":\"USD\",\"To\":\"+442071838750\"}";
        Signed.Req twilio = Signed.twilioJson(TWILIO_TOKEN, url(replicaA, "tw", null), json);
        double twilioBefore = reportedByFleet("tw");

        assertThat(post(twilio)).isEqualTo(200);
        assertThat(post(twilio)).isEqualTo(200);
        assertThat(post(twilio.withBody(json.replace("0.0042", "0.0001")))).isEqualTo(401);
        assertThat(post(Signed.twilioJson("forged", url(replicaB, "tw", null), json)))
                .isEqualTo(401);
        assertThat(reportedByFleet("tw") - twilioBefore).isCloseTo(0.0042, org.assertj.core.data.Offset.offset(1e-9));

        Map<String, String> callback = Map.of(
                "MessageUUID", "0936ec98-7c4c-11e4-9bd8-22000afa1200",
                "Status", "delivered",
                "TotalAmount", "0.0070",
                "To", "+33612345678");
        Signed.Req plivo = Signed.plivoV2(PLIVO_TOKEN, "v2-nonce-1", url(replicaA, "pl", null), callback);
        double plivoBefore = reportedByFleet("pl");

        assertThat(post(plivo)).isEqualTo(200);
        assertThat(post(plivo.withUrl(url(replicaB, "pl", null))))
                .as("another host: another URL")
                .isEqualTo(401);
        Map<String, String> other = new java.util.HashMap<>(callback);
        other.put("MessageUUID", "0936ec98-7c4c-11e4-9bd8-22000afa12ff");
        assertThat(post(plivo.withBody(Signed.form(other))))
                .as("the nonce again, another body")
                .isEqualTo(401);
        assertThat(post(Signed.plivoV2("other-token", "v2-nonce-2", url(replicaA, "pl", null), other)))
                .isEqualTo(401);
        assertThat(reportedByFleet("pl") - plivoBefore).isCloseTo(0.0070, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void noSecretIsShownByActuator() throws Exception {
        String env = getText(replicaA, "/actuator/env");
        String configprops = getText(replicaA, "/actuator/configprops");
        String balance = getText(replicaA, "/actuator/balance");

        assertThat(env).contains("balance-guard.accounts.vo.webhook-secret");
        for (String body : List.of(env, configprops, balance)) {
            assertThat(body)
                    .doesNotContain(VONAGE_SECRET)
                    .doesNotContain(TWILIO_TOKEN)
                    .doesNotContain(PLIVO_TOKEN);
        }
    }

    @Test
    void offByDefault() {
        try (ConfigurableApplicationContext plain = new SpringApplicationBuilder(App.class)
                .run(
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--balance-guard.accounts.te.provider=telnyx",
                        "--balance-guard.accounts.te.api-key=KEY0123456789",
                        "--balance-guard.accounts.te.webhook-public-key=" + TELNYX.publicKeyBase64(),
                        "--balance-guard.accounts.te.base-url=" + providers.baseUrl())) {
            assertThat(plain.getBeanNamesForType(dev.balanceguard.webhook.SpendWebhooks.class))
                    .isEmpty();
            assertThat(plain.containsBean("balanceGuardWebhookServlet")).isFalse();
        }
    }
}
