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
