package dev.balanceguard.pricing;

import dev.balanceguard.core.Money;
import java.util.Objects;

/**
 * The per-minute price of outbound calls to numbers starting with a prefix, as published.
 *
 * @param prefix E.164 digits without {@code +}
 * @param pricePerMinute never negative
 * @param incrementSeconds the billing increment (60: every started minute; 1: per second)
 * @param minimumSeconds the least a call is billed
 */
public record VoicePrice(String prefix, Money pricePerMinute, int incrementSeconds, int minimumSeconds) {

    public VoicePrice {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(pricePerMinute, "pricePerMinute");
        if (pricePerMinute.signum() < 0) {
            throw new IllegalArgumentException("negative price " + pricePerMinute);
        }
        if (incrementSeconds < 1 || minimumSeconds < 0) {
            throw new IllegalArgumentException("voice billing needs an increment of at least 1 s and a minimum of at "
                    + "least 0 s, not " + incrementSeconds + "/" + minimumSeconds);
        }
    }
}
