package dev.balanceguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.core.Money;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioWebhookTest {

    private static final String TOKEN = "12345";

    private final SpendWebhooks webhooks = SpendWebhooks.builder()
            .account("main", WebhookAccount.twilio(TOKEN))
            .build();

    private WebhookResult receive(Signed.Req req) {
        return webhooks.receive("main", req.headers(), URI.create(req.url()), req.body());
    }

    /** Twilio's documented example (docs' and helper libraries' signature validation snippets). */
    @Test
    void verifiesTwilioDocumentedExample() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallSid", "CA1234567890ABCDE");
        params.put("Caller", "+14158675310");
        params.put("Digits", "1234");
        params.put("From", "+14158675310");
        params.put("To", "+18005551212");
        Signed.Req req = new Signed.Req(
                Map.of("X-Twilio-Signature", java.util.List.of("GvWf1cFY/Q7PnoempGyD5oXAezc=")),
                "https://mycompany.com/myapp.php?foo=1&bar=2",
                Signed.form(params).getBytes(java.nio.charset.StandardCharsets.UTF_8));

        WebhookResult result = receive(req);

        assertThat(result).isInstanceOf(WebhookResult.Verified.class); // a call's callback: verified, no price
        assertThat(((WebhookResult.Verified) result).counted()).isEmpty();
        assertThat(receive(req.withUrl("https://mycompany.com/myapp.php?foo=1&bar=3")))
                .isEqualTo(new WebhookResult.Refused(
                        Refusal.BAD_SIGNATURE, "twilio: X-Twilio-Signature does not match the URL and parameters"));
        assertThat(receive(req.withBody(Signed.form(params).replace("1234", "1235"))))
                .extracting(r -> ((WebhookResult.Refused) r).refusal())
                .isEqualTo(Refusal.BAD_SIGNATURE);
    }

    /**
     * twilio-java's {@code RequestValidatorTest} example of a JSON body: auth token {@code 12345}, the body's SHA-256
     * in {@code bodySHA256}, the URL alone signed ({@code a9nBmqA0ju/hNViExpshrM61xv4=}, and
     * {@code y77kIzt2vzLz71DgmJGsen2scGs=} with no other query parameter).
     */
    @Test
    void verifiesTwilioJavasJsonBodyExample() {
        String body = "{\"property\": \"value\", \"boolean\": true}";
        String hash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
        Request ok = request("https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=" + hash, body);
        Request only = request("https://mycompany.com/myapp.php?bodySHA256=" + hash, body);

        TwilioScheme.INSTANCE.verify(with(ok, "a9nBmqA0ju/hNViExpshrM61xv4="), WebhookAccount.twilio(TOKEN), 300);
        TwilioScheme.INSTANCE.verify(with(only, "y77kIzt2vzLz71DgmJGsen2scGs="), WebhookAccount.twilio(TOKEN), 300);

        Request changed = request(
                "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=" + hash, body.replace("value", "valuE"));
        assertThat(rejection(() -> TwilioScheme.INSTANCE.verify(
                        with(changed, "a9nBmqA0ju/hNViExpshrM61xv4="), WebhookAccount.twilio(TOKEN), 300)))
                .isEqualTo(Refusal.BAD_SIGNATURE);
        assertThat(rejection(() -> TwilioScheme.INSTANCE.verify(
                        with(ok, "a9nBmqA0ju/hNViExpshrM61xv4="), WebhookAccount.twilio("54321"), 300)))
                .isEqualTo(Refusal.BAD_SIGNATURE);
    }

    @Test
    void aJsonStatusCallbackSignedThroughBodySha256CountsOnce() {
        String json = "{\"MessageSid\":\"SMj1\",\"MessageStatus\":\"delivered\",\"Price\":\"-0.0079\","
                + "\"PriceUnit\":\"USD\",\"To\":\"+442071838750\"}";
        Signed.Req req = Signed.twilioJson(TOKEN, "https://guard.example.com/balance-guard/webhooks/main?run=r1", json);

        WebhookResult.Verified first = (WebhookResult.Verified) receive(req);

        assertThat(first.counted()).singleElement().satisfies(r -> {
            assertThat(r.price()).isEqualTo(Money.of("0.0079", "USD"));
            assertThat(r.run()).isEqualTo("r1");
            assertThat(r.country()).isEqualTo("GB");
        });
        assertThat(((WebhookResult.Verified) receive(req)).repeats()).isEqualTo(1);
        assertThat(refusal(receive(req.withBody(json.replace("0.0079", "0.0001")))))
                .isEqualTo(Refusal.BAD_SIGNATURE);
        assertThat(refusal(receive(Signed.twilioJson("forged", "https://guard.example.com/x", json))))
                .isEqualTo(Refusal.BAD_SIGNATURE);
    }

    private static Request request(String url, String body) {
        return new Request(
                "main",
                Map.of(),
                URI.create(url),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                0,
                dev.balanceguard.pricing.Countries.resolver());
    }

    private static Request with(Request r, String signature) {
        return new Request(
                r.account,
                Map.of("X-Twilio-Signature", List.of(signature)),
                r.url,
                r.body,
                r.nowSeconds,
                dev.balanceguard.pricing.Countries.resolver());
    }

    static Refusal rejection(Runnable verify) {
        try {
            verify.run();
        } catch (Rejected e) {
            return e.refusal;
        }
        throw new AssertionError("verified");
    }

    private static Map<String, String> statusCallback(String sid, String status, String price) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccountSid", "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
        p.put("From", "+15017122661");
        p.put("MessageSid", sid);
        p.put("MessageStatus", status);
        p.put("SmsSid", sid);
        p.put("SmsStatus", status);
        p.put("To", "+15558675310");
        if (price != null) {
            p.put("Price", price);
            p.put("PriceUnit", "USD");
        }
        return p;
    }

    @Test
    void aPricedStatusCallbackCountsOnceWithTheChargeAsAPositiveAmount() {
        String url = "https://guard.example.com/balance-guard/webhooks/main?run=7f3a-1c";
        Signed.Req req = Signed.twilio(TOKEN, url, statusCallback("SM1", "delivered", "-0.00750"));

        WebhookResult.Verified first = (WebhookResult.Verified) receive(req);
        WebhookResult.Verified again = (WebhookResult.Verified) receive(req);

        assertThat(first.counted()).singleElement().satisfies(r -> {
            assertThat(r.price()).isEqualTo(Money.of("0.0075", "USD"));
            assertThat(r.price().amount().scale()).isEqualTo(5);
            assertThat(r.messageId()).isEqualTo("SM1");
            assertThat(r.run()).isEqualTo("7f3a-1c");
            assertThat(r.provider()).isEqualTo(WebhookProvider.TWILIO);
        });
        assertThat(again.counted()).isEmpty();
        assertThat(again.repeats()).isEqualTo(1);
    }

    @Test
    void anEmptyPriceAtAFinalStatusIsUnpricedAndAnEarlierStatusReportsNothing() {
        String url = "https://guard.example.com/balance-guard/webhooks/main";

        WebhookResult.Verified delivered =
                (WebhookResult.Verified) receive(Signed.twilio(TOKEN, url, statusCallback("SM2", "delivered", "")));
        WebhookResult.Verified queued =
                (WebhookResult.Verified) receive(Signed.twilio(TOKEN, url, statusCallback("SM2", "queued", null)));

        assertThat(delivered.counted()).isEmpty();
        assertThat(delivered.unpriced()).singleElement().satisfies(r -> {
            assertThat(r.cost()).isEmpty();
            assertThat(r.runId()).isEmpty();
        });
        assertThat(queued.counted()).isEmpty();
        assertThat(queued.unpriced()).isEmpty();
    }

    @Test
    void theUrlVerifiesWithOrWithoutItsDefaultPortAsTwiliosValidatorsAccept() {
        Map<String, String> params = statusCallback("SM3", "sent", "-0.0079");
        Signed.Req signedWithPort = Signed.twilio(TOKEN, "https://guard.example.com:443/hook/main", params);
        Signed.Req signedWithout = Signed.twilio(TOKEN, "https://guard.example.com/hook/main", params);

        assertThat(receive(signedWithPort.withUrl("https://guard.example.com/hook/main"))
                        .verified())
                .isTrue();
        assertThat(receive(signedWithout.withUrl("https://guard.example.com:443/hook/main"))
                        .verified())
                .isTrue();
        assertThat(receive(signedWithout.withUrl("http://guard.example.com/hook/main"))
                        .verified())
                .isFalse();
    }

    @Test
    void theWrongTokenAMissingOrGarbledHeaderAreRefused() {
        String url = "https://guard.example.com/hook/main";
        Signed.Req other = Signed.twilio("another-token", url, statusCallback("SM4", "sent", "-0.0079"));

        assertThat(refusal(receive(other))).isEqualTo(Refusal.BAD_SIGNATURE);
        assertThat(refusal(receive(new Signed.Req(Map.of(), url, other.body()))))
                .isEqualTo(Refusal.NOT_SIGNED);
        assertThat(refusal(receive(other.withHeader("X-Twilio-Signature", "%%%"))))
                .isEqualTo(Refusal.NOT_SIGNED);
        assertThat(refusal(receive(new Signed.Req(Map.of("x-twilio-signature", List.of(" ")), url, other.body()))))
                .isEqualTo(Refusal.NOT_SIGNED);
    }

    @Test
    void aSignedPriceThatIsNoAmountIsMalformed() {
        String url = "https://guard.example.com/hook/main";
        Map<String, String> params = statusCallback("SM5", "sent", "-0.0079");
        params.remove("PriceUnit");

        assertThat(refusal(receive(Signed.twilio(TOKEN, url, params)))).isEqualTo(Refusal.MALFORMED);
        assertThat(refusal(receive(Signed.twilio(TOKEN, url, statusCallback("SM6", "sent", "0x10")))))
                .isEqualTo(Refusal.MALFORMED);
        assertThat(refusal(receive(Signed.twilio(TOKEN, url, statusCallback("SM7", "sent", "1e999999")))))
                .isEqualTo(Refusal.MALFORMED);
    }

    static Refusal refusal(WebhookResult result) {
        assertThat(result).isInstanceOf(WebhookResult.Refused.class);
        return ((WebhookResult.Refused) result).refusal();
    }
}
