package dev.balanceguard.webhook;

import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.cost.CountryResolver;
import dev.balanceguard.store.RunCharge;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a provider reported about one message, verified: its id at the provider, what it cost (absent while the
 * provider has not booked it: Twilio's {@code Price} is often empty at first) and the run it belongs to, when the
 * callback URL named one ({@code ?run=} with {@link dev.balanceguard.Reservation#id()}).
 *
 * @param account the guard's account the webhook was for
 * @param provider the provider that signed it
 * @param messageId the provider's id of the message (Twilio {@code MessageSid}, Plivo {@code MessageUUID}, Vonage
 *     {@code message_uuid}, Telnyx's message id)
 * @param channel what was sent
 * @param price what the message cost, a positive or zero amount; {@code null} when not reported yet
 * @param run the run's id, or {@code null}
 * @param country the ISO 3166 alpha-2 code of the message's destination ({@code ZZ} when unknown): the number itself
 *     is never kept
 */
public record PriceReport(
        String account,
        WebhookProvider provider,
        String messageId,
        Channel channel,
        @Nullable Money price,
        @Nullable String run,
        String country) {

    public PriceReport {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(country, "country");
        if (!country.matches("[A-Z]{2}")) {
            throw new IllegalArgumentException("a country is an ISO 3166 alpha-2 code");
        }
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(channel, "channel");
    }

    /** A report to no known country. */
    public PriceReport(
            String account,
            WebhookProvider provider,
            String messageId,
            Channel channel,
            @Nullable Money price,
            @Nullable String run) {
        this(account, provider, messageId, channel, price, run, CountryResolver.UNKNOWN);
    }

    /** The price, when the provider reported it. */
    public Optional<Money> cost() {
        return Optional.ofNullable(price);
    }

    /** The run, when the callback named one. */
    public Optional<String> runId() {
        return Optional.ofNullable(run);
    }

    /** The id that makes this report count once: provider and message. */
    public String reportId() {
        return provider.id() + ":" + messageId;
    }

    /** This report with the price the provider booked later. */
    public PriceReport priced(Money booked) {
        return new PriceReport(
                account, provider, messageId, channel, Objects.requireNonNull(booked, "price"), run, country);
    }

    /** What this report adds to its run's totals: nothing without a run or a price. */
    @Nullable
    RunCharge charge() {
        return run == null || price == null ? null : new RunCharge(run, country, price);
    }
}
