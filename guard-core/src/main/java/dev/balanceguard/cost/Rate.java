package dev.balanceguard.cost;

import dev.balanceguard.core.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Objects;

/**
 * One row of a {@link RateCard}.
 *
 * @param channel what the row prices
 * @param prefix E.164 digits without {@code +}, or {@code "*"} for the channel's default row
 * @param price per SMS segment, or per minute of a call
 * @param incrementSeconds voice billing increment (60 = every started minute, 1 = per second); 0 for SMS
 * @param minimumSeconds seconds billed at least for a voice call; 0 for SMS
 *
 * <p>Construction throws {@link IllegalArgumentException} if the price is negative, or a voice increment is
 * below 1 s or its minimum below 0 s.
 */
public record Rate(Channel channel, String prefix, Money price, int incrementSeconds, int minimumSeconds) {

    /** The prefix of a default row. */
    public static final String DEFAULT_PREFIX = "*";

    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);

    public Rate {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(price, "price");
        if (price.signum() < 0) {
            throw new IllegalArgumentException("negative price: " + price);
        }
        if (channel == Channel.VOICE && (incrementSeconds < 1 || minimumSeconds < 0)) {
            throw new IllegalArgumentException("voice billing needs an increment of at least 1 s and a minimum of at "
                    + "least 0 s, not " + incrementSeconds + "/" + minimumSeconds);
        }
    }

    /** Whether this is the channel's {@code *} default row. */
    public boolean isDefault() {
        return prefix.equals(DEFAULT_PREFIX);
    }

    /**
     * Seconds billed for a voice call of the given duration: {@code max(minimum, ceil(duration / increment) *
     * increment)}. A call of 61 s bills 120 s at 60/60, 61 s at 1/1 and 75 s at 15/15.
     *
     * @throws IllegalArgumentException if the duration is negative
     * @throws IllegalStateException if this is not a voice rate
     */
    public long billedSeconds(Duration duration) {
        if (channel != Channel.VOICE) {
            throw new IllegalStateException("billed seconds apply to voice rates, not " + channel.id());
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative call duration: " + duration);
        }
        // Increments are whole seconds, so rounding the duration up to a second first changes nothing.
        long seconds = Math.addExact(duration.getSeconds(), duration.getNano() > 0 ? 1 : 0);
        long increments = seconds / incrementSeconds + (seconds % incrementSeconds == 0 ? 0 : 1);
        return Math.max(minimumSeconds, Math.multiplyExact(increments, (long) incrementSeconds));
    }

    /**
     * The cost of one voice call of the given duration: {@link #price()} per minute times
     * {@link #billedSeconds(Duration)} / 60. Exact whenever that division terminates (always for whole minutes);
     * otherwise rounded up (never down) at four more decimals than the price has.
     */
    public Money callCost(Duration duration) {
        long seconds = billedSeconds(duration);
        return Money.of(perMinute(price.amount(), seconds), price.unit());
    }

    static BigDecimal perMinute(BigDecimal pricePerMinute, long seconds) {
        BigDecimal numerator = pricePerMinute.multiply(BigDecimal.valueOf(seconds));
        try {
            return numerator.divide(SIXTY);
        } catch (ArithmeticException nonTerminating) {
            return numerator.divide(SIXTY, Math.max(pricePerMinute.scale(), 0) + 4, RoundingMode.CEILING);
        }
    }

    @Override
    public String toString() {
        return channel.id() + " " + prefix + " " + price
                + (channel == Channel.VOICE
                        ? " per minute, " + incrementSeconds + "/" + minimumSeconds
                        : " per segment");
    }
}
