package dev.balanceguard.webhook;

import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Plivo's message callbacks (POST). {@code X-Plivo-Signature-V3} is base64 of HMAC-SHA256, keyed with the auth
 * token, of: the URL without its query; {@code ?} and the query's parameters sorted as {@code name=value} joined
 * with {@code &} (the {@code ?} also when the query is empty but the body is not); a {@code .} when both are
 * non-empty; the form parameters sorted by name as {@code namevalue}; then {@code .} and
 * {@code X-Plivo-Signature-V3-Nonce}. The header may hold several signatures, comma-separated (one per active auth
 * token): one that matches is enough. That is what Plivo's Python and PHP SDKs compute ({@code validate_v3_signature},
 * {@code validateV3Signature}). No timestamp is signed. The price is {@code TotalAmount} (or {@code TotalRate} times
 * {@code Units}), in the account's currency, counted once the message was sent.
 */
enum PlivoScheme implements Scheme {
    INSTANCE;

    /** Statuses at which Plivo has charged: earlier callbacks may carry no amount, or zero. */
    private static final Set<String> CHARGED = Set.of("sent", "delivered", "undelivered", "failed", "read");

    @Override
    public void verify(Request request, WebhookAccount account, long toleranceSeconds) {
        if (request.header("X-Plivo-Signature-V3") == null && request.header("X-Plivo-Signature-V2") != null) {
            verifyV2(request, account);
            return;
        }
        String signatures = request.requireHeader("X-Plivo-Signature-V3");
        String nonce = request.requireHeader("X-Plivo-Signature-V3-Nonce");
        byte[] expected = Crypto.hmac("HmacSHA256", account.secret(), signedText(request) + "." + nonce);
        boolean match = false;
        for (String candidate : signatures.split(",")) {
            byte[] signature = Crypto.base64(candidate);
            match |= signature != null && Crypto.same(expected, signature); // every candidate, no early exit
        }
        if (!match) {
            throw new Rejected(Refusal.BAD_SIGNATURE, "X-Plivo-Signature-V3 does not match the URL, body and nonce");
        }
    }

    /**
     * V2: base64 of HMAC-SHA256 of the URL without its query and {@code X-Plivo-Signature-V2-Nonce}
     * (plivo-python's {@code validate_signature}). It signs neither the body nor a time: the nonce is taken once
     * ({@link #onceOnly}), so a captured signature cannot carry another body.
     */
    private static void verifyV2(Request request, WebhookAccount account) {
        byte[] signature = Crypto.base64(request.requireHeader("X-Plivo-Signature-V2"));
        String nonce = request.requireHeader("X-Plivo-Signature-V2-Nonce");
        if (signature == null || nonce.length() > Reports.MAX_ID_LENGTH) {
            throw new Rejected(Refusal.NOT_SIGNED, "X-Plivo-Signature-V2 is not base64, or its nonce is too long");
        }
        String url = request.url.getScheme() + "://" + request.url.getRawAuthority()
                + (request.url.getRawPath() == null ? "" : request.url.getRawPath());
        if (!Crypto.same(Crypto.hmac("HmacSHA256", account.secret(), url + nonce), signature)) {
            throw new Rejected(Refusal.BAD_SIGNATURE, "X-Plivo-Signature-V2 does not match the URL and nonce");
        }
    }

    @Override
    public @Nullable String onceOnly(Request request) {
        boolean v2 = request.header("X-Plivo-Signature-V3") == null;
        String nonce = request.header("X-Plivo-Signature-V2-Nonce");
        return v2 && nonce != null ? "plivo-v2-nonce:" + nonce : null;
    }

    static String signedText(Request request) {
        StringBuilder out = new StringBuilder()
                .append(request.url.getScheme())
                .append("://")
                .append(request.url.getRawAuthority())
                .append(request.url.getRawPath() == null ? "" : request.url.getRawPath());
        String query = Form.sorted(request.query(), "=", "&");
        String params = Form.sorted(request.form(), "", "");
        if (!query.isEmpty() || !params.isEmpty()) {
            out.append('?').append(query);
        }
        if (!query.isEmpty() && !params.isEmpty()) {
            out.append('.');
        }
        return out.append(params).toString();
    }

    @Override
    public List<PriceReport> reports(Request request, WebhookAccount account, @Nullable String run) {
        Map<String, List<String>> form = request.form();
        String uuid = Form.first(form, "MessageUUID");
        if (uuid == null) {
            if (Form.first(form, "CallUUID") != null) {
                return List.of(); // a call's callback: not a message price
            }
            throw Reports.malformed("no 'MessageUUID'");
        }
        String id = Reports.id(uuid, "MessageUUID");
        String status = Form.first(form, "Status");
        if (status == null) {
            status = Form.first(form, "MessageState");
        }
        if (status == null || !CHARGED.contains(status)) {
            return List.of();
        }
        BigDecimal amount = Reports.amount(Form.first(form, "TotalAmount"), "TotalAmount");
        if (amount == null) {
            BigDecimal rate = Reports.amount(Form.first(form, "TotalRate"), "TotalRate");
            BigDecimal units = Reports.amount(Form.first(form, "Units"), "Units");
            if (rate == null || units == null) {
                return List.of();
            }
            amount = rate.multiply(units);
        }
        Money price = Reports.price(amount, account.currency().orElse("USD"), "TotalAmount");
        String to = request.country(Form.first(form, "To"));
        return List.of(new PriceReport(request.account, WebhookProvider.PLIVO, id, Channel.SMS, price, run, to));
    }
}
