package dev.balanceguard.webhook;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One provider's way of signing webhooks and of reporting prices in them. */
interface Scheme {

    /** Proves {@code request} came from the provider, or throws {@link Rejected}. */
    void verify(Request request, WebhookAccount account, long toleranceSeconds);

    /**
     * The price reports in a verified request: none when it reports no price (another event, a status before the
     * provider prices the message). Throws {@link Rejected} ({@link Refusal#MALFORMED}) for what it cannot read.
     *
     * @param run the run the callback URL names, or {@code null}
     */
    List<PriceReport> reports(Request request, WebhookAccount account, @Nullable String run);

    /**
     * A verified request's token that may be used once only (remembered in the shared store like a report id), for
     * a scheme that signs no timestamp and not the body (Plivo V2: its nonce), so that a captured signature cannot
     * carry another body; {@code null} when the scheme needs none.
     */
    default @Nullable String onceOnly(Request request) {
        return null;
    }

    static Scheme of(WebhookProvider provider) {
        return switch (provider) {
            case TWILIO -> TwilioScheme.INSTANCE;
            case PLIVO -> PlivoScheme.INSTANCE;
            case VONAGE -> VonageScheme.INSTANCE;
            case TELNYX -> TelnyxScheme.INSTANCE;
        };
    }
}
