package dev.balanceguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.core.Money;
import dev.balanceguard.test.ManualClock;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Prices from a seeded random source, as strings and as numbers, through each provider's parser: every one is either
 * counted as exactly the amount the text says (Twilio's negative charges as positive amounts) or refused as
 * {@link Refusal#MALFORMED}; nothing else happens, whatever the exponent.
 */
class PriceFuzzTest {

    private static final String TOKEN = "fuzz-token";
    private static final String URL = "https://guard.example.com/hook/main";
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T12:00:00Z"));
    private final Signed.TelnyxKeys telnyx = Signed.TelnyxKeys.generate();

    private static String randomPrice(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> "-0.00" + random.nextInt(10_000);
            case 1 -> random.nextInt(1000) + "." + random.nextInt(1_000_000);
            case 2 -> (random.nextBoolean() ? "-" : "") + "1e" + (random.nextInt(2_000_000_000) - 1_000_000_000);
            case 3 -> random.nextInt(10) + "E-" + random.nextInt(20);
            case 4 -> "9".repeat(1 + random.nextInt(30));
            case 5 -> "0." + "0".repeat(random.nextInt(20)) + "1";
            case 6 ->
                List.of("", " ", "NaN", "Infinity", "0x1p3", "1,5", "--1", "1.2.3", "١٢٣")
                        .get(random.nextInt(9));
            case 7 -> "1e" + (random.nextBoolean() ? "" : "+") + "99999999999";
            default -> Long.toString(random.nextLong());
        };
    }

    /** What the text says as an exact positive amount, or null when Money's door refuses it. */
    private static BigDecimal expected(String text, boolean twilio) {
        try {
            BigDecimal amount = Money.parseAmount(text);
            return twilio ? amount.abs() : amount.signum() < 0 ? null : amount;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Test
    void everyPriceIsExactlyItsTextOrMalformed() {
        Random random = new Random(20261206);
        SpendWebhooks webhooks = SpendWebhooks.builder()
                .account("tw", WebhookAccount.twilio(TOKEN))
                .account("vo", WebhookAccount.vonage(TOKEN, "EUR"))
                .account("te", WebhookAccount.telnyx(telnyx.publicKeyBase64()))
                .account("pl", WebhookAccount.plivo(TOKEN, "USD"))
                .account("vs", WebhookAccount.vonage(TOKEN, "EUR").withSignatureMethod("sha256"))
                .clock(clock)
                .build();
        long now = clock.now().getEpochSecond();
        int counted = 0;
        int malformed = 0;
        for (int i = 0; i < 6_000; i++) {
            String text = randomPrice(random);
            boolean asNumber = random.nextBoolean();
            String json = asNumber && isJsonNumber(text) ? text : "\"" + text + "\"";
            String account;
            Signed.Req req;
            switch (i % 6) {
                case 0 -> {
                    account = "tw";
                    req = Signed.twilio(
                            TOKEN,
                            URL,
                            Map.of("MessageSid", "SM" + i, "MessageStatus", "sent", "Price", text, "PriceUnit", "USD"));
                }
                case 1 -> {
                    account = "vo";
                    req = Signed.vonage(
                            TOKEN,
                            now,
                            URL,
                            "{\"message_uuid\":\"u-" + i + "\",\"usage\":{\"price\":" + json
                                    + ",\"currency\":\"EUR\"}}");
                }
                case 3 -> {
                    account = "pl";
                    req = Signed.plivo(
                            TOKEN,
                            "n" + i,
                            URL,
                            Map.of("MessageUUID", "p-" + i, "Status", "delivered", "TotalAmount", text),
                            true);
                }
                case 4 -> {
                    account = "tw";
                    req = Signed.twilioJson(
                            TOKEN,
                            URL,
                            "{\"MessageSid\":\"SJ" + i + "\",\"MessageStatus\":\"sent\",\"Price\":" + json
                                    + ",\"PriceUnit\":\"USD\"}");
                }
                case 5 -> {
                    account = "vs";
                    Map<String, String> dlr = Map.of("messageId", "v-" + i, "price", text, "status", "delivered");
                    req = new Signed.Req(
                            Map.of("Content-Type", java.util.List.of(Signed.FORM)),
                            URL,
                            Signed.form(Signed.vonageSig(TOKEN, "sha256", now, dlr))
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                default -> {
                    account = "te";
                    req = telnyx.sign(
                            now,
                            URL,
                            Signed.telnyxFinalized("m-" + i, "{\"amount\":" + json + ",\"currency\":\"USD\"}"));
                }
            }
            WebhookResult result = webhooks.receive(account, req.headers(), URI.create(req.url()), req.body());
            BigDecimal want = text.isBlank() ? null : expected(text, account.equals("tw"));
            if (result instanceof WebhookResult.Verified v && !v.counted().isEmpty()) {
                assertThat(want).as("%s counted from %s", account, text).isNotNull();
                assertThat(v.counted().get(0).price().amount()).as(text).isEqualByComparingTo(want);
                counted++;
            } else if (result instanceof WebhookResult.Refused r) {
                assertThat(r.refusal()).as(text).isEqualTo(Refusal.MALFORMED);
                assertThat(want)
                        .as("%s refused %s: %s", account, text, r.detail())
                        .isNull();
                assertThat(r.detail().length()).isLessThan(300);
                malformed++;
            } else {
                assertThat(text.isBlank() || (text.strip().isEmpty()))
                        .as("nothing counted for %s", text)
                        .isTrue();
            }
        }
        assertThat(counted).isGreaterThan(1000);
        assertThat(malformed).isGreaterThan(1000);
    }

    /** Random signature headers and bodies: every one is refused as unsigned or forged (401), none throws. */
    @Test
    void garbageIsRefusedAs401AndNeverThrows() {
        Random random = new Random(6122026);
        SpendWebhooks webhooks = SpendWebhooks.builder()
                .account("tw", WebhookAccount.twilio(TOKEN))
                .account("vo", WebhookAccount.vonage(TOKEN, "EUR").withSignatureMethod("md5hash"))
                .account("te", WebhookAccount.telnyx(telnyx.publicKeyBase64()))
                .account("pl", WebhookAccount.plivo(TOKEN, "USD"))
                .clock(clock)
                .build();
        List<String> headers = List.of(
                "X-Twilio-Signature",
                "X-Plivo-Signature-V3",
                "X-Plivo-Signature-V3-Nonce",
                "X-Plivo-Signature-V2",
                "X-Plivo-Signature-V2-Nonce",
                "Authorization",
                "telnyx-signature-ed25519",
                "telnyx-timestamp");
        List<String> bodies = List.of("", "{", "{}", "sig=00&timestamp=1", "a=%zz", "[1,2]", "{\"sig\":1}", "\u0000");
        int refused = 0;
        for (int i = 0; i < 4_000; i++) {
            Map<String, List<String>> h = new java.util.HashMap<>();
            for (int k = random.nextInt(4); k > 0; k--) {
                h.put(headers.get(random.nextInt(headers.size())), List.of(garbage(random)));
            }
            byte[] body = random.nextBoolean()
                    ? bodies.get(random.nextInt(bodies.size())).getBytes(java.nio.charset.StandardCharsets.UTF_8)
                    : garbage(random).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String account = List.of("tw", "vo", "te", "pl").get(i % 4);
            String url = URL
                    + (random.nextBoolean() ? "&bodySHA256=" + garbage(random).replaceAll("[^a-f0-9]", "") : "");
            WebhookResult result = webhooks.receive(account, h, URI.create(url), body);
            assertThat(result).as("%s %s", account, h).isInstanceOf(WebhookResult.Refused.class);
            assertThat(((WebhookResult.Refused) result).refusal().status())
                    .as("%s: %s", account, ((WebhookResult.Refused) result).detail())
                    .isEqualTo(401);
            refused++;
        }
        assertThat(refused).isEqualTo(4_000);
    }

    private static String garbage(Random random) {
        String alphabet = "abcdef0123456789+/=.,&%{}\":|Bearer xyz";
        StringBuilder out = new StringBuilder();
        for (int n = random.nextInt(90); n > 0; n--) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static boolean isJsonNumber(String text) {
        return text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    }
}
