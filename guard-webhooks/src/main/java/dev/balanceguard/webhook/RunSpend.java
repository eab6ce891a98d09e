package dev.balanceguard.webhook;

import dev.balanceguard.core.Money;
import dev.balanceguard.store.ReportedRun;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One run's estimate against what its provider reported the run's messages cost, so far, over the whole fleet.
 *
 * @param run the run's id ({@link dev.balanceguard.Reservation#id()})
 * @param account the guard's account
 * @param estimate what the guard estimated and held; {@code null} when the run was reserved in another JVM
 * @param expected how many messages the estimate counted (its recipients); 0 when not known here
 * @param reported the prices the fleet counted for the run, per destination country
 * @param estimateByCountry the estimate per destination country
 *     ({@link dev.balanceguard.cost.CostEstimate#costByCountry()}); empty when not known here
 */
public record RunSpend(
        String run,
        String account,
        @Nullable Money estimate,
        long expected,
        ReportedRun reported,
        Map<String, Money> estimateByCountry) {

    /**
     * One destination country of the run: what the guard estimated for it against what was reported. Only an ISO
     * country code, never a phone number.
     *
     * @param country ISO 3166 alpha-2, or {@code ZZ} when unknown
     * @param estimate the estimate for the country; {@code null} when not known here, or when it named no such country
     * @param reported the sum of the prices reported for it; {@code null} before the first
     * @param messages how many priced reports were counted for it, fleet-wide
     */
    public record CountrySpend(
            String country,
            @Nullable Money estimate,
            @Nullable Money reported,
            long messages) {

        public CountrySpend {
            Objects.requireNonNull(country, "country");
        }

        /** Whether both are known but in different units: then they are not compared. */
        public boolean unitMismatch() {
            return estimate != null && reported != null && !estimate.sameUnitAs(reported);
        }

        /**
         * Reported minus estimated (above zero: the bill was higher), exact; empty without both or when they are in
         * different units ({@link #unitMismatch()}).
         */
        public Optional<Money> difference() {
            if (estimate == null || reported == null || unitMismatch()) {
                return Optional.empty();
            }
            return Optional.of(reported.minus(estimate));
        }
    }

    public RunSpend {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(reported, "reported");
        estimateByCountry = Collections.unmodifiableMap(new TreeMap<>(estimateByCountry));
    }

    /** A run without a per-country estimate. */
    public RunSpend(String run, String account, @Nullable Money estimate, long expected, ReportedRun reported) {
        this(run, account, estimate, expected, reported, Map.of());
    }

    /** The sum of the prices reported for the run; {@code null} before the first. */
    public @Nullable Money actual() {
        return reported.actual().orElse(null);
    }

    /** How many priced reports were counted for the run, fleet-wide. */
    public long messages() {
        return reported.messages();
    }

    /** The reported prices per destination country, by code. */
    public List<ReportedRun.Country> countries() {
        return reported.countries();
    }

    /**
     * Estimate against reports per destination country, by code: every country the estimate or a report names.
     * Empty when neither knows of one.
     */
    public List<CountrySpend> byCountry() {
        Map<String, CountrySpend> out = new TreeMap<>();
        estimateByCountry.forEach((country, cost) -> out.put(country, new CountrySpend(country, cost, null, 0)));
        for (ReportedRun.Country c : reported.countries()) {
            out.put(
                    c.country(),
                    new CountrySpend(c.country(), estimateByCountry.get(c.country()), c.actual(), c.messages()));
        }
        return List.copyOf(out.values());
    }

    /** Whether every message the estimate counted has been reported. */
    public boolean complete() {
        return expected > 0 && messages() >= expected;
    }

    /**
     * Actual over estimate (1 is exact, above 1 the estimate was low), to six places; empty without both, with a
     * zero estimate, or in different units.
     */
    public Optional<BigDecimal> accuracy() {
        Money actual = actual();
        if (estimate == null || actual == null || !estimate.sameUnitAs(actual) || estimate.isZero()) {
            return Optional.empty();
        }
        return Optional.of(actual.amount().divide(estimate.amount(), 6, RoundingMode.HALF_EVEN));
    }
}
