package dev.balanceguard.webhook;

import static dev.balanceguard.webhook.TwilioWebhookTest.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.core.Money;
import dev.balanceguard.test.ManualClock;
import java.net.URI;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TelnyxWebhookTest {

    private static final String URL = "https://guard.example.com/balance-guard/webhooks/main?run=run-42";
    private static final Signed.TelnyxKeys KEYS = Signed.TelnyxKeys.generate();

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T12:00:00Z"));
    private final SpendWebhooks webhooks = SpendWebhooks.builder()
            .account("main", WebhookAccount.telnyx(KEYS.publicKeyBase64()))
            .clock(clock)
            .build();

    private long now() {
        return clock.now().getEpochSecond();
    }

    private WebhookResult receive(Signed.Req req) {
        return webhooks.receive("main", req.headers(), URI.create(req.url()), req.body());
    }

    @Test
    void aFinalizedMessageCountsItsCostOnce() {
        String body = Signed.telnyxFinalized(
                "40385f64-5717-4562-b3fc-2c963f66afa6", "{\"amount\":\"0.0051\",\"currency\":\"USD\"}");
        Signed.Req req = KEYS.sign(now() - 10, URL, body);

        WebhookResult.Verified first = (WebhookResult.Verified) receive(req);

        assertThat(first.counted()).singleElement().satisfies(r -> {
            assertThat(r.price()).isEqualTo(Money.of("0.0051", "USD"));
            assertThat(r.messageId()).isEqualTo("40385f64-5717-4562-b3fc-2c963f66afa6");
            assertThat(r.run()).isEqualTo("run-42");
        });
        assertThat(((WebhookResult.Verified) receive(req)).repeats()).isEqualTo(1);
    }

    @Test
    void costsAsNumbersCountAndOtherEventsOrNoCostReportNothing() {
        String numeric = Signed.telnyxFinalized("m-2", "{\"amount\":0.0040,\"currency\":\"EUR\"}");
        String noCost = Signed.telnyxFinalized("m-3", "null");
        String sent = Signed.telnyxFinalized("m-4", "{\"amount\":\"0.0051\",\"currency\":\"USD\"}")
                .replace("message.finalized", "message.sent");

        assertThat(((WebhookResult.Verified) receive(KEYS.sign(now(), URL, numeric))).counted())
                .singleElement()
                .satisfies(r -> assertThat(r.price().amount()).isEqualByComparingTo("0.0040"));
        assertThat(((WebhookResult.Verified) receive(KEYS.sign(now(), URL, noCost))).counted())
                .isEmpty();
        assertThat(((WebhookResult.Verified) receive(KEYS.sign(now(), URL, sent))).counted())
                .isEmpty();
    }

    @Test
    void anotherKeyAChangedBodyOrTimestampAndAReplayAreRefused() {
        String body = Signed.telnyxFinalized("m-5", "{\"amount\":\"0.0051\",\"currency\":\"USD\"}");
        Signed.Req req = KEYS.sign(now(), URL, body);
        Signed.Req forged = Signed.TelnyxKeys.generate().sign(now(), URL, body);

        assertThat(refusal(receive(forged))).isEqualTo(Refusal.BAD_SIGNATURE);
        assertThat(refusal(receive(req.withBody(body.replace("0.0051", "0.0001")))))
                .isEqualTo(Refusal.BAD_SIGNATURE);
        assertThat(refusal(receive(req.withHeader("telnyx-timestamp", Long.toString(now() + 1)))))
                .isEqualTo(Refusal.BAD_SIGNATURE);
        assertThat(refusal(receive(KEYS.sign(now() - 301, URL, body)))).isEqualTo(Refusal.STALE);
        assertThat(refusal(receive(req.withHeader("telnyx-timestamp", "soon")))).isEqualTo(Refusal.NOT_SIGNED);
        assertThat(refusal(receive(req.withHeader("telnyx-signature-ed25519", "AAAA"))))
                .isEqualTo(Refusal.NOT_SIGNED);
    }

    @Test
    void thePublicKeyMayBeGivenRawOrX509AndAnythingElseIsRefusedWithoutQuotingIt() {
        byte[] raw = Base64.getDecoder().decode(KEYS.publicKeyBase64());
        byte[] x509 = new byte[44];
        System.arraycopy(java.util.HexFormat.of().parseHex("302a300506032b6570032100"), 0, x509, 0, 12);
        System.arraycopy(raw, 0, x509, 12, 32);
        SpendWebhooks fromX509 = SpendWebhooks.builder()
                .account("main", WebhookAccount.telnyx(Base64.getEncoder().encodeToString(x509)))
                .clock(clock)
                .build();
        Signed.Req req = KEYS.sign(now(), URL, Signed.telnyxFinalized("m-6", "null"));

        assertThat(fromX509.receive("main", req.headers(), URI.create(URL), req.body())
                        .verified())
                .isTrue();
        assertThatThrownBy(() -> WebhookAccount.telnyx("bm90LWEta2V5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("bm90LWEta2V5");
    }
}
