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

    static Scheme of(WebhookProvider provider) {
        return switch (provider) {
            case TWILIO -> TwilioScheme.INSTANCE;
            case PLIVO -> PlivoScheme.INSTANCE;
            case VONAGE -> VonageScheme.INSTANCE;
            case TELNYX -> TelnyxScheme.INSTANCE;
        };
    }
}
