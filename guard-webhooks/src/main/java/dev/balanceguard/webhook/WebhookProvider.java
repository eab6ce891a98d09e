package dev.balanceguard.webhook;

import dev.balanceguard.core.SafeText;
import java.util.Locale;

/** The providers whose delivery webhooks report what a message really cost, each with its own signing scheme. */
public enum WebhookProvider {

    /** Status callbacks: {@code X-Twilio-Signature}, HMAC-SHA1 of the URL and the sorted form parameters. */
    TWILIO,

    /** Message callbacks: {@code X-Plivo-Signature-V3} with its nonce, HMAC-SHA256. */
    PLIVO,

    /** Signed webhooks: a JWT (HS256, the signature secret) whose {@code payload_hash} is the body's SHA-256. */
    VONAGE,

    /** Webhooks: {@code telnyx-signature-ed25519} over {@code timestamp|body}, with the account's public key. */
    TELNYX;

    /** The lower-case name, as in {@code balance-guard.accounts.<a>.provider}: {@code "twilio"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The provider named {@code name} (any case).
     *
     * @throws IllegalArgumentException naming the value and the providers that sign webhooks
     */
    public static WebhookProvider of(String name) {
        if (name != null) {
            for (WebhookProvider p : values()) {
                if (p.id().equals(name.trim().toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("no signed price webhooks from provider " + SafeText.quote(name)
                + " (twilio, plivo, vonage and telnyx send them)");
    }

    /** Whether {@code name} is one of these providers. */
    public static boolean supports(String name) {
        try {
            of(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return id();
    }
}
