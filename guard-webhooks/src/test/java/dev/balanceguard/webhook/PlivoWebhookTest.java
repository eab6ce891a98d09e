package dev.balanceguard.webhook;

import static dev.balanceguard.webhook.TwilioWebhookTest.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.core.Money;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlivoWebhookTest {

    private static final String TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OTA";
    private static final String NONCE = "12345678901234567890";
    private static final String URL = "https://example.com/balance-guard/webhooks/main?run=abc-1";
    /**
     * What plivo-python's {@code utils.validate_v3_signature} (the algorithm of its {@code signature_v3.py}, run in
     * Python 3) computes for {@link #URL}, {@link #callback()}, {@link #NONCE} and {@link #TOKEN}.
     */
    private static final String SIGNATURE = "n7nkiwJAvFMwnNYbcWgKJX6h1tboSQ/8Ktqht8cva/0=";

    private static final String SIGNATURE_WITHOUT_QUERY = "kcrj3z2+/M+WpKExve4Dk08PYkZ1nJ8HG97GtBP/zGs=";

    private final SpendWebhooks webhooks = SpendWebhooks.builder()
            .account("main", WebhookAccount.plivo(TOKEN, null))
            .build();

    private WebhookResult receive(Signed.Req req) {
        return webhooks.receive("main", req.headers(), URI.create(req.url()), req.body());
    }

    /** plivo-dotnet's {@code TestSignatureV2Pass}: URL {@code https://answer.url}, nonce 12345, my_auth_token. */
    @Test
    void verifiesPlivosV2Example() {
        Request req = new Request(
                "main",
                Map.of(
                        "X-Plivo-Signature-V2", java.util.List.of("ehV3IKhLysWBxC1sy8INm0qGoQYdYsHwuoKjsX7FsXc="),
                        "X-Plivo-Signature-V2-Nonce", java.util.List.of("12345")),
                URI.create("https://answer.url"),
                new byte[0],
                0,
                dev.balanceguard.pricing.Countries.resolver());

        PlivoScheme.INSTANCE.verify(req, WebhookAccount.plivo("my_auth_token", null), 300);
        assertThat(TwilioWebhookTest.rejection(
                        () -> PlivoScheme.INSTANCE.verify(req, WebhookAccount.plivo("my_auth_tokens", null), 300)))
                .isEqualTo(Refusal.BAD_SIGNATURE);
    }

    @Test
    void aV2SignedCallbackCountsOnceAndItsNonceCannotCarryAnotherBody() {
        Signed.Req req = Signed.plivoV2(TOKEN, "31415926535", URL, callback());

        assertThat(((WebhookResult.Verified) receive(req)).counted())
                .singleElement()
                .satisfies(r -> assertThat(r.price()).isEqualTo(Money.of("0.0065", "USD")));
        Map<String, String> other = new LinkedHashMap<>(callback());
        other.put("MessageUUID", "0936ec98-7c4c-11e4-9bd8-22000afa12ff");
        other.put("TotalAmount", "9.99");
        assertThat(refusal(receive(req.withBody(Signed.form(other)))))
                .as("the captured signature with another body")
                .isEqualTo(Refusal.STALE);
        assertThat(refusal(receive(req))).as("the same request again").isEqualTo(Refusal.STALE);
        assertThat(refusal(receive(Signed.plivoV2("another-token", "27182818", URL, other))))
                .isEqualTo(Refusal.BAD_SIGNATURE);
        assertThat(refusal(receive(Signed.plivoV2(TOKEN, "1618", URL, other).withUrl(URL.replace("/main", "/x")))))
                .as("V2 signs the URL's path")
                .isEqualTo(Refusal.BAD_SIGNATURE);
    }

    static Map<String, String> callback() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("MessageUUID", "0936ec98-7c4c-11e4-9bd8-22000afa12b9");
        p.put("Status", "delivered");
        p.put("TotalAmount", "0.00650");
        p.put("TotalRate", "0.00650");
        p.put("Units", "1");
        p.put("From", "+14155551234");
        p.put("To", "+14155556789");
        return p;
    }

    @Test
    void verifiesWhatPlivosSdkSignsAndCountsTheTotalAmountOnce() {
        Signed.Req req = Signed.plivo(SIGNATURE, NONCE, URL, callback());

        WebhookResult.Verified first = (WebhookResult.Verified) receive(req);
        WebhookResult.Verified again = (WebhookResult.Verified) receive(req);

        assertThat(first.counted()).singleElement().satisfies(r -> {
            assertThat(r.price()).isEqualTo(Money.of("0.0065", "USD"));
            assertThat(r.messageId()).isEqualTo("0936ec98-7c4c-11e4-9bd8-22000afa12b9");
            assertThat(r.run()).isEqualTo("abc-1");
        });
        assertThat(again.repeats()).isEqualTo(1);
        assertThat(receive(Signed.plivo(
                                SIGNATURE_WITHOUT_QUERY,
                                NONCE,
                                "https://example.com/balance-guard/webhooks/main",
                                callback()))
                        .verified())
                .isTrue();
    }

    @Test
    void theTestsSignerComputesWhatPlivosSdkComputes() {
        assertThat(Signed.plivo(TOKEN, NONCE, URL, callback(), true).headers().get("X-Plivo-Signature-V3"))
                .containsExactly(SIGNATURE);
    }

    @Test
    void anyOfSeveralSignaturesMayMatchOneForEachActiveToken() {
        Signed.Req req = Signed.plivo("c29tZXRoaW5nIGVsc2U=," + SIGNATURE, NONCE, URL, callback());

        assertThat(receive(req).verified()).isTrue();
    }

    @Test
    void aChangedNonceBodyOrUrlOrAnotherTokenIsRefused() {
        Signed.Req req = Signed.plivo(SIGNATURE, NONCE, URL, callback());
        SpendWebhooks other = SpendWebhooks.builder()
                .account("main", WebhookAccount.plivo("another", null))
                .build();

        assertThat(refusal(receive(req.withHeader("X-Plivo-Signature-V3-Nonce", "12345678901234567891"))))
                .isEqualTo(Refusal.BAD_SIGNATURE);
        assertThat(refusal(receive(req.withBody(Signed.form(callback()).replace("0.00650", "0.00050")))))
                .isEqualTo(Refusal.BAD_SIGNATURE);
        assertThat(refusal(receive(req.withUrl(URL.replace("abc-1", "abc-2"))))).isEqualTo(Refusal.BAD_SIGNATURE);
        assertThat(refusal(other.receive("main", req.headers(), URI.create(URL), req.body())))
                .isEqualTo(Refusal.BAD_SIGNATURE);
        assertThat(refusal(receive(new Signed.Req(Map.of(), URL, req.body())))).isEqualTo(Refusal.NOT_SIGNED);
    }

    @Test
    void theRateTimesUnitsPricesACallbackWithoutTotalAmountAndEarlyStatusesCountNothing() {
        Map<String, String> queued = callback();
        queued.put("Status", "queued");
        Map<String, String> rated = callback();
        rated.remove("TotalAmount");
        rated.put("Units", "3");

        assertThat(PlivoScheme.INSTANCE.reports(request(queued), WebhookAccount.plivo(TOKEN, null), null))
                .isEmpty();
        assertThat(PlivoScheme.INSTANCE.reports(request(rated), WebhookAccount.plivo(TOKEN, "EUR"), null))
                .singleElement()
                .satisfies(r -> assertThat(r.price()).isEqualTo(Money.of("0.0195", "EUR")));
    }

    private static Request request(Map<String, String> params) {
        return new Request(
                "main",
                Map.of(),
                URI.create(URL),
                Signed.form(params).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                0,
                dev.balanceguard.pricing.Countries.resolver());
    }
}
