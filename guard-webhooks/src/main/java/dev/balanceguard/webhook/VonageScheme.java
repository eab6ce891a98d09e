package dev.balanceguard.webhook;

import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Vonage's signed webhooks. {@code Authorization: Bearer} carries a JWT signed with HS256 and the account's
 * signature secret; its {@code iat} (seconds) must be within the tolerance of now, an {@code exp} not past, and its
 * {@code payload_hash} the hex SHA-256 of the body, so the body cannot change after signing. Any other algorithm
 * ({@code none} included) is refused. Prices: the Messages API's status ({@code message_uuid},
 * {@code usage.price}, {@code usage.currency}) or an SMS delivery receipt in JSON ({@code messageId} or
 * {@code message-id}, {@code price}, in the account's configured currency).
 */
enum VonageScheme implements Scheme {
    INSTANCE;

    @Override
    public void verify(Request request, WebhookAccount account, long toleranceSeconds) {
        String authorization = request.requireHeader("Authorization");
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Rejected(Refusal.NOT_SIGNED, "Authorization is not a Bearer token");
        }
        String[] parts = authorization.substring(7).trim().split("\\.", -1);
        byte[] signature = parts.length == 3 ? Crypto.base64Url(parts[2]) : null;
        if (signature == null) {
            throw new Rejected(Refusal.NOT_SIGNED, "the Bearer token is not a signed JWT");
        }
        JsonNode header = segment(parts[0], "header");
        if (!"HS256".equals(header.path("alg").asString(""))) {
            throw new Rejected(Refusal.BAD_SIGNATURE, "the JWT is not signed with HS256");
        }
        byte[] expected = Crypto.hmac("HmacSHA256", account.secret(), parts[0] + "." + parts[1]);
        if (!Crypto.same(expected, signature)) {
            throw new Rejected(Refusal.BAD_SIGNATURE, "the JWT's signature does not match the signature secret");
        }
        JsonNode claims = segment(parts[1], "claims");
        JsonNode iat = claims.get("iat");
        if (iat == null || !iat.canConvertToLong()) {
            throw new Rejected(Refusal.BAD_SIGNATURE, "the JWT has no 'iat'");
        }
        request.requireFresh(iat.asLong(), toleranceSeconds, "the JWT's 'iat'");
        JsonNode exp = claims.get("exp");
        if (exp != null && exp.canConvertToLong() && request.nowSeconds >= exp.asLong()) {
            throw new Rejected(Refusal.STALE, "the JWT expired");
        }
        String hash = claims.path("payload_hash").asString("");
        byte[] body = HexFormat.of().formatHex(Crypto.sha256(request.body)).getBytes(StandardCharsets.US_ASCII);
        if (!Crypto.same(body, hash.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw new Rejected(Refusal.BAD_SIGNATURE, "the body's SHA-256 is not the JWT's 'payload_hash'");
        }
    }

    private static JsonNode segment(String base64Url, String what) {
        byte[] json = Crypto.base64Url(base64Url);
        if (json == null) {
            throw new Rejected(Refusal.NOT_SIGNED, "the JWT's " + what + " is not base64url");
        }
        try {
            return Reports.json(json, "the JWT's " + what);
        } catch (Rejected e) {
            throw new Rejected(Refusal.NOT_SIGNED, String.valueOf(e.getMessage()));
        }
    }

    @Override
    public List<PriceReport> reports(Request request, WebhookAccount account, @Nullable String run) {
        JsonNode body = Reports.json(request.body, "the body");
        JsonNode usage = body.get("usage");
        if (usage != null && usage.isObject()) { // Messages API status
            String id = Reports.id(Reports.text(body, "message_uuid"), "message_uuid");
            BigDecimal amount = Reports.amount(usage, "price");
            if (amount == null) {
                return List.of();
            }
            String currency = Reports.text(usage, "currency");
            Money price = Reports.price(amount, currency != null ? currency : currency(account), "usage.price");
            String to = request.country(Reports.text(body, "to"));
            return List.of(new PriceReport(request.account, WebhookProvider.VONAGE, id, Channel.SMS, price, run, to));
        }
        BigDecimal amount = Reports.amount(body, "price"); // an SMS delivery receipt
        if (amount == null) {
            return List.of();
        }
        String messageId = Reports.text(body, "messageId");
        String id = Reports.id(messageId != null ? messageId : Reports.text(body, "message-id"), "messageId");
        Money price = Reports.price(amount, currency(account), "price");
        String to = request.country(Reports.text(body, "msisdn")); // a receipt's 'to' is the sender
        return List.of(new PriceReport(request.account, WebhookProvider.VONAGE, id, Channel.SMS, price, run, to));
    }

    private static String currency(WebhookAccount account) {
        return account.currency()
                .orElseThrow(() ->
                        Reports.malformed("a price without a currency, and no currency is configured for the account"));
    }
}
