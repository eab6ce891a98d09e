package dev.balanceguard.webhook;

import dev.balanceguard.core.Money;
import dev.balanceguard.store.ReportedRun;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One run's estimate against what its provider reported the run's messages cost, so far, over the whole fleet.
 *
 * @param run the run's id ({@link dev.balanceguard.Reservation#id()})
 * @param account the guard's account
 * @param estimate what the guard estimated and held; {@code null} when the run was reserved in another JVM
 * @param expected how many messages the estimate counted (its recipients); 0 when not known here
 * @param reported the prices the fleet counted for the run, per destination country
 */
public record RunSpend(String run, String account, @Nullable Money estimate, long expected, ReportedRun reported) {

    public RunSpend {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(reported, "reported");
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
