package dev.balanceguard.store;

import dev.balanceguard.core.Money;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the fleet's counted reports of one run add up to, per destination country ({@link ReportStore#reportedRun}).
 *
 * @param run the run's id
 * @param countries per destination country, by code; all in one unit; empty before the first report
 */
public record ReportedRun(String run, List<Country> countries) {

    /**
     * The reports of a run to one country.
     *
     * @param country ISO 3166 alpha-2, or {@code ZZ} when unknown
     * @param actual the sum of their prices
     * @param messages how many were counted
     */
    public record Country(String country, Money actual, long messages) {
        public Country {
            Objects.requireNonNull(country, "country");
            Objects.requireNonNull(actual, "actual");
        }
    }

    public ReportedRun {
        Objects.requireNonNull(run, "run");
        countries = countries.stream()
                .sorted(Comparator.comparing(Country::country))
                .toList();
        if (countries.stream().map(c -> c.actual().unit()).distinct().count() > 1) {
            throw new IllegalArgumentException("a run's reported prices are in one unit");
        }
    }

    /** A run nothing was reported for yet. */
    public static ReportedRun none(String run) {
        return new ReportedRun(run, List.of());
    }

    /** The sum of the reported prices; empty before the first. */
    public Optional<Money> actual() {
        return countries.stream().map(Country::actual).reduce(Money::plus);
    }

    /** How many reports were counted for the run. */
    public long messages() {
        return countries.stream().mapToLong(Country::messages).sum();
    }
}
