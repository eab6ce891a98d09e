package dev.balanceguard.store;

import dev.balanceguard.core.Money;
import java.util.Objects;

/**
 * What a counted report adds to its run's fleet-wide totals ({@link ReportStore#firstReport(String, String,
 * java.time.Duration, RunCharge)}): the price of one message to one destination country.
 *
 * @param run the run's id ({@code Reservation.id()})
 * @param country ISO 3166 alpha-2 of the message's destination, or {@code ZZ} when unknown; never a phone number
 * @param price what the message cost, zero or more
 */
public record RunCharge(String run, String country, Money price) {

    public RunCharge {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(price, "price");
        if (price.isNegative()) {
            throw new IllegalArgumentException("a run's charge is zero or more, was " + price);
        }
        if (!country.matches("[A-Z]{2}")) {
            throw new IllegalArgumentException("a country is an ISO 3166 alpha-2 code");
        }
    }
}
