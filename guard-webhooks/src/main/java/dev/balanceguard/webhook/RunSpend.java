package dev.balanceguard.webhook;

import dev.balanceguard.core.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One run's estimate against what its provider reported the run's messages cost, so far.
 *
 * @param run the run's id ({@link dev.balanceguard.Reservation#id()})
 * @param account the guard's account
 * @param estimate what the guard estimated and held; {@code null} when the run was reserved in another JVM
 * @param actual the sum of the prices reported for the run; {@code null} before the first
 * @param messages how many priced reports were counted for the run
 */
public record RunSpend(
        String run,
        String account,
        @Nullable Money estimate,
        @Nullable Money actual,
        int messages) {

    public RunSpend {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(account, "account");
    }

    /**
     * Actual over estimate (1 is exact, above 1 the estimate was low), to six places; empty without both, with a
     * zero estimate, or in different units.
     */
    public Optional<BigDecimal> accuracy() {
        if (estimate == null || actual == null || !estimate.sameUnitAs(actual) || estimate.isZero()) {
            return Optional.empty();
        }
        return Optional.of(actual.amount().divide(estimate.amount(), 6, RoundingMode.HALF_EVEN));
    }
}
