package dev.balanceguard.webhook;

import static dev.balanceguard.webhook.TwilioWebhookTest.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.core.Money;
import dev.balanceguard.test.ManualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VonageWebhookTest {

    private static final String SECRET = "s1gnatur3-s3cret-0f-the-acc0unt";
    private static final String URL = "https://guard.example.com/balance-guard/webhooks/main?run=r-9";
    /** A Messages API status webhook, as Vonage's reference shows it. */
    static final String STATUS = """
            {"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab","to":"447700900000","from":"447700900001",
            "timestamp":"2026-12-06T12:00:00Z","status":"delivered","usage":{"currency":"EUR","price":"0.0333"},
            "channel":"sms"}""";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T12:00:00Z"));
    private final SpendWebhooks webhooks = SpendWebhooks.builder()
            .account("main", WebhookAccount.vonage(SECRET, "GBP"))
            .clock(clock)
            .build();

    private long now() {
        return clock.now().getEpochSecond();
    }

    private WebhookResult receive(Signed.Req req) {
        return webhooks.receive("main", req.headers(), URI.create(req.url()), req.body());
    }

    @Test
    void aSignedStatusCountsItsUsagePriceOnce() {
        Signed.Req req = Signed.vonage(SECRET, now() - 2, URL, STATUS);

        WebhookResult.Verified first = (WebhookResult.Verified) receive(req);

        assertThat(first.counted()).singleElement().satisfies(r -> {
            assertThat(r.price()).isEqualTo(Money.of("0.0333", "EUR"));
            assertThat(r.messageId()).isEqualTo("aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab");
            assertThat(r.run()).isEqualTo("r-9");
        });
        assertThat(((WebhookResult.Verified) receive(req)).repeats()).isEqualTo(1);
    }

    @Test
    void aDeliveryReceiptIsPricedInTheAccountsCurrency() {
        String dlr = """
                {"msisdn":"447700900000","to":"AcmeInc","network-code":"23410","messageId":"0A0000001234567B",
                "price":"0.03330000","status":"delivered","scts":"2612061200","err-code":"0",
                "message-timestamp":"2026-12-06 12:00:00"}""";

        WebhookResult.Verified result = (WebhookResult.Verified) receive(Signed.vonage(SECRET, now(), URL, dlr));

        assertThat(result.counted())
                .singleElement()
                .satisfies(r -> assertThat(r.price()).isEqualTo(Money.of("0.0333", "GBP")));
        SpendWebhooks noCurrency = SpendWebhooks.builder()
                .account("main", WebhookAccount.vonage(SECRET, null))
                .clock(clock)
                .build();
        Signed.Req req = Signed.vonage(SECRET, now(), URL, dlr);
        assertThat(refusal(noCurrency.receive("main", req.headers(), URI.create(URL), req.body())))
                .isEqualTo(Refusal.MALFORMED);
    }

    @Test
    void aWrongSecretAnotherAlgorithmAChangedBodyAndAnOldTokenAreRefused() {
        assertThat(refusal(receive(Signed.vonage("another-secret", now(), URL, STATUS))))
                .isEqualTo(Refusal.BAD_SIGNATURE);
        assertThat(refusal(receive(Signed.vonage(SECRET, "HS512", now(), Signed.sha256Hex(STATUS), URL, STATUS))))
                .isEqualTo(Refusal.BAD_SIGNATURE);
        assertThat(refusal(receive(
                        Signed.vonage(SECRET, now(), URL, STATUS).withBody(STATUS.replace("0.0333", "0.0001")))))
                .isEqualTo(Refusal.BAD_SIGNATURE);
        assertThat(refusal(receive(Signed.vonage(SECRET, now() - 301, URL, STATUS))))
                .isEqualTo(Refusal.STALE);
        assertThat(refusal(receive(Signed.vonage(SECRET, now() + 301, URL, STATUS))))
                .isEqualTo(Refusal.STALE);
        assertThat(receive(Signed.vonage(SECRET, now() - 300, URL, STATUS)).verified())
                .isTrue();
    }

    /**
     * vonage-java-sdk's {@code RequestSigningTest}: a=alphabet, b=bananas, timestamp=2100, secret abcde signs as
     * {@code 7d43241108912b32cc315b48ce681acf} (md5hash) and {@code 8d1b0428…cb546} (HMAC-SHA256);
     * vonage-python's {@code test_signature}: a=1, b=2, timestamp=1461605396, secret "secret" as
     * {@code 6af838ef94998832dbfc29020b564830}.
     */
    @Test
    void verifiesVonagesSdkExamplesOfSigSignedParameters() {
        String sha256 = "8d1b0428276b6a070578225914c3502cc0687a454dfbbbb370c76a14234cb546";
        sigVerifies(
                "abcde", "md5hash", 2100, "a=alphabet&b=bananas&timestamp=2100&sig=7d43241108912b32cc315b48ce681acf");
        sigVerifies("abcde", "sha256", 2100, "a=alphabet&b=bananas&timestamp=2100&sig=" + sha256.toUpperCase());
        sigVerifies(
                "secret", "md5hash", 1461605396, "a=1&b=2&timestamp=1461605396&sig=6af838ef94998832dbfc29020b564830");
        assertThat(TwilioWebhookTest.rejection(() -> sigVerifies(
                        "abcde",
                        "sha256",
                        2100,
                        "a=alphabet&b=bananas&timestamp=2100&sig=7d43241108912b32cc315b48ce681acf")))
                .isEqualTo(Refusal.BAD_SIGNATURE);
        assertThat(TwilioWebhookTest.rejection(() -> sigVerifies(
                        "abcde",
                        "md5hash",
                        2100 + 301,
                        "a=alphabet&b=bananas&timestamp=2100&sig=7d43241108912b32cc315b48ce681acf")))
                .isEqualTo(Refusal.STALE);
    }

    private static void sigVerifies(String secret, String method, long now, String form) {
        Request req = new Request(
                "main",
                java.util.Map.of(),
                URI.create("https://guard.example.com/balance-guard/webhooks/main"),
                form.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                now,
                dev.balanceguard.pricing.Countries.resolver());
        VonageScheme.INSTANCE.verify(req, WebhookAccount.vonage(secret, "EUR").withSignatureMethod(method), 300);
    }

    @Test
    void aSigSignedDeliveryReceiptCountsOnceByEveryMethodAndOnlyByTheConfiguredOne() {
        java.util.Map<String, String> dlr = new java.util.LinkedHashMap<>();
        dlr.put("msisdn", "442071838750");
        dlr.put("to", "AcmeInc");
        dlr.put("messageId", "0A00000012345678");
        dlr.put("price", "0.03330000");
        dlr.put("status", "delivered");
        dlr.put("err-code", "0");
        dlr.put("message-timestamp", "2026-12-06 12:00:00");
        for (String method : java.util.List.of("md5hash", "md5", "sha1", "sha256", "sha512")) {
            SpendWebhooks signed = SpendWebhooks.builder()
                    .account("main", WebhookAccount.vonage(SECRET, "EUR").withSignatureMethod(method))
                    .clock(clock)
                    .build();
            dlr.put("messageId", "0A0000001234567" + method.length());
            byte[] body = Signed.form(Signed.vonageSig(SECRET, method, now(), dlr))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            java.util.Map<String, java.util.List<String>> form =
                    java.util.Map.of("Content-Type", java.util.List.of(Signed.FORM));

            WebhookResult result = signed.receive("main", form, URI.create(URL), body);

            assertThat(((WebhookResult.Verified) result).counted())
                    .as(method)
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.price()).isEqualTo(Money.of("0.0333", "EUR"));
                        assertThat(r.run()).isEqualTo("r-9");
                        assertThat(r.country()).isEqualTo("GB");
                    });
            assertThat(((WebhookResult.Verified) signed.receive("main", form, URI.create(URL), body)).repeats())
                    .isEqualTo(1);
            String changed = new String(body, java.nio.charset.StandardCharsets.UTF_8).replace("0.0333", "0.0001");
            assertThat(refusal(signed.receive(
                            "main", form, URI.create(URL), changed.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                    .isEqualTo(Refusal.BAD_SIGNATURE);
            byte[] wrongSecret = Signed.form(Signed.vonageSig("another", method, now(), dlr))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(refusal(signed.receive("main", form, URI.create(URL), wrongSecret)))
                    .isEqualTo(Refusal.BAD_SIGNATURE);
            byte[] old = Signed.form(Signed.vonageSig(SECRET, method, now() - 301, dlr))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(refusal(signed.receive("main", form, URI.create(URL), old)))
                    .isEqualTo(Refusal.STALE);
            String otherMethod = method.equals("sha512") ? "sha256" : "sha512";
            byte[] other = Signed.form(Signed.vonageSig(SECRET, otherMethod, now(), dlr))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(refusal(signed.receive("main", form, URI.create(URL), other)))
                    .isEqualTo(Refusal.BAD_SIGNATURE);
            assertThat(refusal(webhooks.receive("main", form, URI.create(URL), body)))
                    .as("an account without a signature method takes only JWTs")
                    .isEqualTo(Refusal.NOT_SIGNED);
        }
    }

    @Test
    void aReplayIsRefusedOnceFiveMinutesPassed() {
        Signed.Req req = Signed.vonage(SECRET, now(), URL, STATUS);
        assertThat(receive(req).verified()).isTrue();

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        assertThat(refusal(receive(req))).isEqualTo(Refusal.STALE);
    }

    @Test
    void anUnsignedOrNoneAlgorithmTokenIsRefused() {
        Signed.Req req = Signed.vonage(SECRET, now(), URL, STATUS);
        String token = req.headers().get("Authorization").get(0).substring(7);
        String[] parts = token.split("\\.");
        String none = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(refusal(receive(req.withHeader("Authorization", "Bearer " + none + "." + parts[1] + "."))))
                .isIn(Refusal.BAD_SIGNATURE, Refusal.NOT_SIGNED);
        assertThat(refusal(receive(req.withHeader("Authorization", "Basic " + token))))
                .isEqualTo(Refusal.NOT_SIGNED);
        assertThat(refusal(receive(req.withHeader("Authorization", "Bearer x.y"))))
                .isEqualTo(Refusal.NOT_SIGNED);
    }
}
