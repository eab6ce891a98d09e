package dev.balanceguard.webhook;

import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.json.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Telnyx's webhooks (API v2). {@code telnyx-signature-ed25519} is base64 of the Ed25519 signature, made with
 * Telnyx's private key, of {@code telnyx-timestamp} (Unix seconds), {@code |} and the body; it is verified with the
 * account's public key, and the timestamp must be within the tolerance of now. The price is in
 * {@code message.finalized} events: {@code data.payload.cost.amount} and {@code .currency}.
 */
enum TelnyxScheme implements Scheme {
    INSTANCE;

    @Override
    public void verify(Request request, WebhookAccount account, long toleranceSeconds) {
        byte[] signature = Crypto.base64(request.requireHeader("telnyx-signature-ed25519"));
        String timestamp = request.requireHeader("telnyx-timestamp");
        long signedAt;
        try {
            signedAt = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new Rejected(Refusal.NOT_SIGNED, "telnyx-timestamp is not Unix seconds");
        }
        if (signature == null || signature.length != 64) {
            throw new Rejected(Refusal.NOT_SIGNED, "telnyx-signature-ed25519 is not base64 of an Ed25519 signature");
        }
        boolean valid;
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(account.publicKey());
            ed25519.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            ed25519.update((byte) '|');
            ed25519.update(request.body);
            valid = ed25519.verify(signature);
        } catch (GeneralSecurityException e) {
            valid = false;
        }
        if (!valid) {
            throw new Rejected(
                    Refusal.BAD_SIGNATURE, "telnyx-signature-ed25519 does not verify the timestamp and body");
        }
        request.requireFresh(signedAt, toleranceSeconds, "telnyx-timestamp");
    }

    @Override
    public List<PriceReport> reports(Request request, WebhookAccount account, @Nullable String run) {
        JsonNode data = Reports.json(request.body, "the body").path("data");
        if (!"message.finalized".equals(data.path("event_type").asString(""))) {
            return List.of();
        }
        JsonNode payload = data.path("payload");
        String id = Reports.id(Reports.text(payload, "id"), "data.payload.id");
        JsonNode cost = payload.get("cost");
        if (cost == null || !cost.isObject()) {
            return List.of();
        }
        BigDecimal amount = Reports.amount(cost, "amount");
        if (amount == null) {
            return List.of();
        }
        String currency = Reports.text(cost, "currency");
        if (currency == null) {
            throw Reports.malformed("'data.payload.cost' without 'currency'");
        }
        Money price = Reports.price(amount, currency, "data.payload.cost.amount");
        JsonNode to = payload.path("to").path(0).get("phone_number");
        String country = request.country(to != null && to.isString() ? to.asString() : null);
        return List.of(new PriceReport(request.account, WebhookProvider.TELNYX, id, Channel.SMS, price, run, country));
    }
}
