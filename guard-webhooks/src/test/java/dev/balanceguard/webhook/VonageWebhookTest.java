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
