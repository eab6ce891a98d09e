package dev.balanceguard.cost;

import dev.balanceguard.core.BalanceGuardException;

/**
 * A recipient matches no row of the rate card for the channel, and the card has no {@code *} default row for
 * it. Such a recipient is never priced at zero. Thrown after the whole input was read.
 */
public final class NoMatchingRateException extends BalanceGuardException {

    private final String number;
    private final Channel channel;
    private final long count;

    NoMatchingRateException(String number, Channel channel, long count, String rateCard) {
        super("no " + channel.id() + " rate in " + rateCard + " for " + number
                + (count > 1 ? " (and " + (count - 1) + " more recipients)" : "")
                + "; add a row for its prefix or a '*' default row");
        this.number = number;
        this.channel = channel;
        this.count = count;
    }

    /** The first recipient that matched no row, as given; {@code "*"} for a count-only estimate. */
    public String number() {
        return number;
    }

    public Channel channel() {
        return channel;
    }

    /** How many recipients matched no row. */
    public long count() {
        return count;
    }
}
