package dev.balanceguard.cost;

import dev.balanceguard.core.Money;
import java.util.Objects;

/**
 * Recipients of a run that go to one country at one unit price: what spend rules by destination and unit price
 * judge. Never a phone number.
 *
 * @param country ISO 3166 alpha-2, or {@link CountryResolver#UNKNOWN} when the number has no country, or when the
 *     estimate was made without a {@link CountryResolver}
 * @param unitPrice per SMS segment, or per voice minute
 * @param recipients how many, more than zero
 */
public record Destination(String country, Money unitPrice, long recipients) {

    public Destination {
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(unitPrice, "unitPrice");
        if (recipients <= 0) {
            throw new IllegalArgumentException("recipients must be more than zero: " + recipients);
        }
    }
}
