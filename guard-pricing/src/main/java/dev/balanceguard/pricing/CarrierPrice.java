package dev.balanceguard.pricing;

import dev.balanceguard.core.Money;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The price of one outbound SMS segment to one carrier, as published.
 *
 * @param mcc the carrier's mobile country code, or null (a country-wide row)
 * @param mnc the carrier's mobile network code, or null (a country-wide row)
 * @param carrier the carrier's name as published, or null
 * @param numberType the type of the <em>sending</em> number the price applies to: {@code local}, {@code mobile},
 *     {@code national}, {@code toll-free} or {@code short-code}; null when the price applies to every sender
 * @param price per segment, never negative
 */
public record CarrierPrice(
        @Nullable String mcc,
        @Nullable String mnc,
        @Nullable String carrier,
        @Nullable String numberType,
        Money price) {

    public CarrierPrice {
        Objects.requireNonNull(price, "price");
        if (price.signum() < 0) {
            throw new IllegalArgumentException("negative price " + price);
        }
    }
}
