package dev.balanceguard.webhook;

import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.json.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

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
        if (request.header("Authorization") == null) {
            verifySig(request, account, toleranceSeconds);
            return;
        }
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

    /**
     * The SMS API's signed callbacks (Vonage's {@code RequestSigning} in its Java SDK, {@code SmsSignatureGenerator}
     * in its .NET one): the parameters but {@code sig}, those with a blank value left out, sorted by name, each as
     * {@code &name=value} with {@code =} and {@code &} in names and values replaced by {@code _}; then MD5 of that
     * text followed by the secret ({@code md5hash}), or its HMAC with the secret; hex, any case. The
     * {@code timestamp} parameter (Unix seconds) must be within the tolerance. The parameters are the body's (form
     * or JSON); the callback URL's own query is tried too, as a servlet's parameter map would hold it.
     */
    private static void verifySig(Request request, WebhookAccount account, long toleranceSeconds) {
        Map<String, String> body;
        try {
            body = params(request);
        } catch (Rejected e) {
            body = Map.of();
        }
        if (!body.containsKey("sig")) {
            throw new Rejected(Refusal.NOT_SIGNED, "no Authorization header, and the body has no 'sig'");
        }
        String method = account.signatureMethod()
                .orElseThrow(() -> new Rejected(
                        Refusal.NOT_SIGNED, "a 'sig', but the account takes only JWTs (no signature method set)"));
        Map<String, String> withQuery = new TreeMap<>(body);
        request.query().forEach((name, values) -> withQuery.putIfAbsent(name, values.get(0)));
        byte[] signature = body.getOrDefault("sig", "").toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        String timestamp = body.get("timestamp");
        long signedAt;
        try {
            signedAt = Long.parseLong(timestamp == null ? "" : timestamp.strip());
        } catch (NumberFormatException e) {
            throw new Rejected(Refusal.NOT_SIGNED, "a 'sig' without a 'timestamp' in Unix seconds");
        }
        boolean match = false;
        for (Map<String, String> params : List.of(body, withQuery)) {
            byte[] expected = HexFormat.of()
                    .formatHex(sig(method, account.secret(), signedText(params)))
                    .getBytes(StandardCharsets.US_ASCII);
            match |= Crypto.same(expected, signature);
        }
        if (!match) {
            throw new Rejected(Refusal.BAD_SIGNATURE, "'sig' does not match the parameters and signature secret");
        }
        request.requireFresh(signedAt, toleranceSeconds, "the 'timestamp'");
    }

    static String signedText(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(params).forEach((name, value) -> {
            if (!name.equals("sig") && !value.isBlank()) {
                out.append('&').append(clean(name)).append('=').append(clean(value));
            }
        });
        return out.toString();
    }

    private static String clean(String s) {
        return s.replace('=', '_').replace('&', '_');
    }

    private static byte[] sig(String method, byte[] secret, String text) {
        return switch (method) {
            case "md5hash" -> Crypto.md5(text + new String(secret, StandardCharsets.UTF_8));
            case "md5" -> Crypto.hmac("HmacMD5", secret, text);
            case "sha1" -> Crypto.hmac("HmacSHA1", secret, text);
            case "sha256" -> Crypto.hmac("HmacSHA256", secret, text);
            default -> Crypto.hmac("HmacSHA512", secret, text);
        };
    }

    /** The body's parameters, first values: a JSON object's string and number fields, or the form's. */
    private static Map<String, String> params(Request request) {
        Map<String, String> params = new TreeMap<>();
        if (isJson(request.body)) {
            Reports.json(request.body, "the body").properties().forEach(e -> {
                if (e.getValue().isString()
                        || e.getValue().isNumber()
                        || e.getValue().isBoolean()) {
                    params.put(e.getKey(), e.getValue().asString());
                }
            });
        } else {
            request.form().forEach((name, values) -> params.put(name, values.get(0)));
        }
        return params;
    }

    private static boolean isJson(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '{';
            }
        }
        return false;
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
        if (!isJson(request.body)) { // a form-encoded SMS delivery receipt, signed with 'sig'
            Map<String, String> form = params(request);
            BigDecimal amount = Reports.amount(form.get("price"), "price");
            if (amount == null) {
                return List.of();
            }
            String messageId = form.get("messageId");
            String id = Reports.id(messageId != null ? messageId : form.get("message-id"), "messageId");
            Money price = Reports.price(amount, currency(account), "price");
            String to = request.country(form.get("msisdn"));
            return List.of(new PriceReport(request.account, WebhookProvider.VONAGE, id, Channel.SMS, price, run, to));
        }
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
