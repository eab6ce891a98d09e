package dev.balanceguard.cost;

import java.util.Locale;

/** What a campaign sends, and so which rows of a {@link RateCard} price it. */
public enum Channel {

    /** Text messages, priced per segment. */
    SMS,

    /** Calls, priced per minute with increments and a minimum. */
    VOICE;

    /** The lower-case name used in rate cards and configuration: {@code "sms"} or {@code "voice"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code "sms"} or {@code "voice"}, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static Channel parse(String value) {
        if (value != null) {
            String id = value.trim().toLowerCase(Locale.ROOT);
            for (Channel channel : values()) {
                if (channel.id().equals(id)) {
                    return channel;
                }
            }
        }
        throw new IllegalArgumentException(
                "unknown channel " + dev.balanceguard.core.SafeText.quote(value) + " (expected sms or voice)");
    }

    @Override
    public String toString() {
        return id();
    }
}
