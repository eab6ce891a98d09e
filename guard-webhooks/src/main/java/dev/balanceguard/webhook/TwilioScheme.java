package dev.balanceguard.webhook;

import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Twilio's status callbacks. {@code X-Twilio-Signature} is base64 of HMAC-SHA1, keyed with the auth token, of the
 * full URL Twilio called followed by each form parameter's name and value, sorted by name. As Twilio's own
 * validators do, the URL is tried with and without its port (default ports are dropped by some proxies and added by
 * others). A JSON body is signed through the URL: its {@code bodySHA256} query parameter is the body's hex SHA-256,
 * and the signature covers the URL alone (twilio-java's {@code validate(url, body, signature)}). No timestamp is
 * signed. {@code Price} is negative (a charge) and often empty until Twilio books it: such a
 * report is unpriced, to be completed from the Message resource, once the message reached a final status.
 */
enum TwilioScheme implements Scheme {
    INSTANCE;

    /** Statuses after which Twilio books the price: before them an empty price says nothing yet. */
    private static final Set<String> FINAL = Set.of("sent", "delivered", "undelivered", "failed", "read");

    private static final String BODY_SHA256 = "bodySHA256";

    @Override
    public void verify(Request request, WebhookAccount account, long toleranceSeconds) {
        byte[] signature = Crypto.base64(request.requireHeader("X-Twilio-Signature"));
        if (signature == null) {
            throw new Rejected(Refusal.NOT_SIGNED, "X-Twilio-Signature is not base64");
        }
        String bodyHash = Form.first(request.query(), BODY_SHA256);
        // a JSON body: the signature covers the URL alone, whose bodySHA256 is the body's hex SHA-256
        String params = bodyHash == null ? Form.sorted(request.form(), "", "") : "";
        boolean match = false;
        for (String url : List.of(withoutPort(request.url), withPort(request.url))) {
            match |= Crypto.same(Crypto.hmac("HmacSHA1", account.secret(), url + params), signature);
        }
        if (!match) {
            throw new Rejected(Refusal.BAD_SIGNATURE, "X-Twilio-Signature does not match the URL and parameters");
        }
        if (bodyHash != null) {
            byte[] actual =
                    HexFormat.of().formatHex(Crypto.sha256(request.body)).getBytes(StandardCharsets.US_ASCII);
            if (!Crypto.same(actual, bodyHash.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
                throw new Rejected(Refusal.BAD_SIGNATURE, "the body's SHA-256 is not the URL's bodySHA256");
            }
        }
    }

    /** The body's fields: form parameters, or a JSON body's (signed through {@code bodySHA256}) top-level ones. */
    private static Map<String, List<String>> fields(Request request) {
        if (Form.first(request.query(), BODY_SHA256) == null) {
            return request.form();
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        Reports.json(request.body, "the body").properties().forEach(e -> {
            if (e.getValue().isString() || e.getValue().isNumber()) {
                fields.put(e.getKey(), List.of(e.getValue().asString()));
            }
        });
        return fields;
    }

    @Override
    public List<PriceReport> reports(Request request, WebhookAccount account, @Nullable String run) {
        Map<String, List<String>> form = fields(request);
        String sid = Form.first(form, "MessageSid");
        if (sid == null) {
            sid = Form.first(form, "SmsSid");
        }
        if (sid == null) {
            if (Form.first(form, "CallSid") != null) {
                return List.of(); // a call's status callback carries no price
            }
            throw Reports.malformed("no 'MessageSid'");
        }
        String id = Reports.id(sid, "MessageSid");
        String to = request.country(Form.first(form, "To"));
        BigDecimal amount = Reports.amount(Form.first(form, "Price"), "Price");
        if (amount == null) {
            String status = Form.first(form, "MessageStatus");
            return status != null && FINAL.contains(status)
                    ? List.of(new PriceReport(request.account, WebhookProvider.TWILIO, id, Channel.SMS, null, run, to))
                    : List.of();
        }
        String unit = Form.first(form, "PriceUnit");
        if (unit == null) {
            throw Reports.malformed("'Price' without 'PriceUnit'");
        }
        Money price = Reports.price(amount.abs(), unit, "Price"); // Twilio reports a charge as negative
        return List.of(new PriceReport(request.account, WebhookProvider.TWILIO, id, Channel.SMS, price, run, to));
    }

    /** The URL with its port left out (Twilio's validators try both forms). */
    static String withoutPort(URI url) {
        return render(url, -1);
    }

    /** The URL with its port, the scheme's default when it names none. */
    static String withPort(URI url) {
        int port = url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return render(url, port);
    }

    private static String render(URI url, int port) {
        StringBuilder out = new StringBuilder().append(url.getScheme()).append("://");
        if (url.getRawUserInfo() != null) {
            out.append(url.getRawUserInfo()).append('@');
        }
        out.append(url.getHost());
        if (port != -1) {
            out.append(':').append(port);
        }
        out.append(url.getRawPath() == null ? "" : url.getRawPath());
        if (url.getRawQuery() != null) {
            out.append('?').append(url.getRawQuery());
        }
        return out.toString();
    }
}
