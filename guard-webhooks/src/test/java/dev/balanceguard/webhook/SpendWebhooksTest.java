package dev.balanceguard.webhook;

import static dev.balanceguard.webhook.TwilioWebhookTest.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.core.GuardClock;
import dev.balanceguard.core.Money;
import dev.balanceguard.store.InMemoryReportStore;
import dev.balanceguard.store.ReportStore;
import dev.balanceguard.store.ReportedRun;
import dev.balanceguard.store.RunCharge;
import dev.balanceguard.store.StoreException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class SpendWebhooksTest {

    private static final String TOKEN = "tw1lio-auth-t0ken-do-not-leak";
    private static final String VONAGE_SECRET = "v0nage-signature-secret-do-not-leak";
    private static final String URL = "https://guard.example.com/balance-guard/webhooks/main";

    private static Map<String, String> priced(String sid) {
        return Map.of("MessageSid", sid, "MessageStatus", "delivered", "Price", "-0.0079", "PriceUnit", "USD");
    }

    private static WebhookResult receive(SpendWebhooks webhooks, String account, Signed.Req req) {
        return webhooks.receive(account, req.headers(), URI.create(req.url()), req.body());
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsVerifiedAndCountsNothing() {
        List<PriceReport> told = new ArrayList<>();
        SpendWebhooks webhooks = SpendWebhooks.builder()
                .account("main", WebhookAccount.twilio(TOKEN))
                .maxBodyBytes(200)
                .onCounted(told::add)
                .build();
        java.util.LinkedHashMap<String, String> params = new java.util.LinkedHashMap<>(priced("SM1"));
        params.put("Body", "x".repeat(300));

        assertThat(refusal(receive(webhooks, "main", Signed.twilio(TOKEN, URL, params))))
                .isEqualTo(Refusal.BODY_TOO_LARGE);
        assertThat(receive(webhooks, "main", Signed.twilio(TOKEN, URL, priced("SM1")))
                        .verified())
                .isTrue();
        assertThat(told).hasSize(1);
    }

    @Test
    void anAccountWithoutASecretIsRefused() {
        SpendWebhooks webhooks = SpendWebhooks.builder()
                .account("main", WebhookAccount.twilio(TOKEN))
                .build();

        assertThat(refusal(receive(webhooks, "other", Signed.twilio(TOKEN, URL, priced("SM1")))))
                .isEqualTo(Refusal.UNKNOWN_ACCOUNT);
        assertThat(refusal(webhooks.receive(null, Map.of(), URI.create(URL), new byte[0])))
                .isEqualTo(Refusal.UNKNOWN_ACCOUNT);
    }

    @Test
    void twoReplicasSharingAStoreCountADeliveryOnce() {
        ReportStore shared = new InMemoryReportStore(GuardClock.system());
        List<PriceReport> told = new ArrayList<>();
        SpendWebhooks one = SpendWebhooks.builder()
                .account("main", WebhookAccount.twilio(TOKEN))
                .reports(shared)
                .onCounted(told::add)
                .build();
        SpendWebhooks two = SpendWebhooks.builder()
                .account("main", WebhookAccount.twilio(TOKEN))
                .reports(shared)
                .onCounted(told::add)
                .build();
        Signed.Req req = Signed.twilio(TOKEN, URL, priced("SM9"));

        assertThat(((WebhookResult.Verified) receive(one, "main", req)).counted())
                .hasSize(1);
        assertThat(((WebhookResult.Verified) receive(two, "main", req)).repeats())
                .isEqualTo(1);
        assertThat(told).singleElement().satisfies(r -> assertThat(r.price()).isEqualTo(Money.of("0.0079", "USD")));
    }

    @Test
    void aStoreThatDoesNotAnswerIsA503AndCountsNothing() {
        ReportStore down = new ReportStore() {
            @Override
            public boolean firstReport(String account, String id, Duration retention, @Nullable RunCharge charge) {
                throw new StoreException("redis", "report: Redis did not answer within 500 ms", null);
            }

            @Override
            public ReportedRun reportedRun(String account, String run) {
                throw new StoreException("redis", "report: Redis did not answer within 500 ms", null);
            }
        };
        List<PriceReport> told = new ArrayList<>();
        SpendWebhooks webhooks = SpendWebhooks.builder()
                .account("main", WebhookAccount.twilio(TOKEN))
                .reports(down)
                .onCounted(told::add)
                .build();

        WebhookResult result = receive(webhooks, "main", Signed.twilio(TOKEN, URL, priced("SM2")));

        assertThat(refusal(result)).isEqualTo(Refusal.STORE_UNAVAILABLE);
        assertThat(Refusal.STORE_UNAVAILABLE.status()).isEqualTo(503);
        assertThat(told).isEmpty();
    }

    @Test
    void aPriceBookedLaterCountsOnceThroughCount() {
        List<PriceReport> told = new ArrayList<>();
        SpendWebhooks webhooks = SpendWebhooks.builder()
                .account("main", WebhookAccount.twilio(TOKEN))
                .onCounted(told::add)
                .build();
        PriceReport pending = new PriceReport(
                "main", WebhookProvider.TWILIO, "SM3", dev.balanceguard.cost.Channel.SMS, null, "run-1");

        assertThat(webhooks.count(pending.priced(Money.of("0.0079", "USD")))).isTrue();
        assertThat(webhooks.count(pending.priced(Money.of("0.0079", "USD")))).isFalse();
        assertThat(told).singleElement().satisfies(r -> assertThat(r.run()).isEqualTo("run-1"));
        assertThatThrownBy(() -> webhooks.count(pending)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aRunIdThatIsNoRunIdAttributesToNoRun() {
        SpendWebhooks webhooks = SpendWebhooks.builder()
                .account("main", WebhookAccount.twilio(TOKEN))
                .build();
        String url = URL + "?run=" + "%3Cscript%3E";

        WebhookResult.Verified result =
                (WebhookResult.Verified) receive(webhooks, "main", Signed.twilio(TOKEN, url, priced("SM4")));

        assertThat(result.counted())
                .singleElement()
                .satisfies(r -> assertThat(r.run()).isNull());
    }

    @Test
    void theSecretsAppearInNoResultMessageOrToString() {
        Signed.TelnyxKeys telnyx = Signed.TelnyxKeys.generate();
        SpendWebhooks webhooks = SpendWebhooks.builder()
                .account("tw", WebhookAccount.twilio(TOKEN))
                .account("pl", WebhookAccount.plivo(TOKEN, "USD"))
                .account("vo", WebhookAccount.vonage(VONAGE_SECRET, "EUR"))
                .account("te", WebhookAccount.telnyx(telnyx.publicKeyBase64()))
                .build();
        long now = System.currentTimeMillis() / 1000;
        List<Object> seen = new ArrayList<>();
        seen.add(webhooks);
        for (String account : List.of("tw", "pl", "vo", "te")) {
            seen.add(webhooks.account(account));
            List<Signed.Req> requests = List.of(
                    Signed.twilio("wrong", URL, priced("SM5")),
                    Signed.twilio(TOKEN, URL, priced("SM5")),
                    Signed.plivo("bad", "1", URL, priced("SM5")),
                    Signed.vonage("wrong", now, URL, VonageWebhookTest.STATUS),
                    Signed.vonage(VONAGE_SECRET, now - 3600, URL, VonageWebhookTest.STATUS),
                    Signed.vonage(VONAGE_SECRET, now, URL, "{\"usage\":{\"price\":\"x\"},\"message_uuid\":\"u\"}"),
                    telnyx.sign(now, URL, "{}"),
                    new Signed.Req(Map.of(), URL, "Price=1".getBytes(StandardCharsets.UTF_8)));
            for (Signed.Req req : requests) {
                seen.add(receive(webhooks, account, req));
            }
        }
        assertThat(seen).hasSizeGreaterThan(30);
        for (Object o : seen) {
            assertThat(String.valueOf(o)).doesNotContain(TOKEN).doesNotContain(VONAGE_SECRET);
        }
        assertThat(seen).anySatisfy(o -> assertThat(o).isInstanceOf(WebhookResult.Verified.class));
        assertThat(seen).anySatisfy(o -> assertThat(String.valueOf(o)).contains("BAD_SIGNATURE"));
        assertThatThrownBy(() -> WebhookAccount.twilio(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the twilio webhook secret is blank");
    }

    @Test
    void providersAreNamedAsInTheProperties() {
        assertThat(WebhookProvider.of(" Telnyx ")).isEqualTo(WebhookProvider.TELNYX);
        assertThat(WebhookProvider.supports("exotel")).isFalse();
        assertThatThrownBy(() -> WebhookAccount.of("exotel", TOKEN, null))
                .hasMessageContaining("'exotel'")
                .hasMessageNotContaining(TOKEN);
    }
}
