package dev.balanceguard;

import dev.balanceguard.core.Money;
import dev.balanceguard.core.SafeText;
import dev.balanceguard.store.BudgetRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A limit on what runs may spend per period, beside the balance: "marketing spends at most 500 USD a day". A run
 * counts against the budgets of its account ({@link #accounts()}) and those it names; its spend in a budget is what
 * runs committed in the current period plus what runs in flight hold, and a run is refused with
 * {@link GuardDecision.Reason#BUDGET_EXCEEDED} when it would take that past the limit.
 *
 * <pre>{@code
 * Budget marketing = Budget.of("marketing", Money.of("500", "USD"), BudgetPeriod.day(ZoneId.of("Europe/Paris")))
 *         .withAccounts(Set.of("main"))
 *         .withWarnAt(new BigDecimal("80"));
 * }</pre>
 *
 * @param name its name: 1 to 100 of letters, digits and {@code . _ - : @ /}
 * @param limit what the runs of one period may spend together (never negative); a run in another unit is refused
 *     with {@link GuardDecision.Reason#UNIT_MISMATCH}
 * @param period how spend is counted in time
 * @param accounts the accounts whose runs count against it without naming it; empty: only runs that name it
 * @param warnAtPercent when spend crosses this percentage of the limit a {@link BudgetWarningEvent} is published;
 *     {@code null}: never
 */
public record Budget(
        String name,
        Money limit,
        BudgetPeriod period,
        Set<String> accounts,
        @Nullable BigDecimal warnAtPercent) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:@/-]{1,100}");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public Budget {
        checkName(name);
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(period, "period");
        accounts = Set.copyOf(accounts);
        if (limit.isNegative()) {
            throw new IllegalArgumentException("budget '" + name + "': the limit must not be negative, was " + limit);
        }
        if (warnAtPercent != null && (warnAtPercent.signum() <= 0 || warnAtPercent.compareTo(HUNDRED) > 0)) {
            throw new IllegalArgumentException("budget '" + name + "': warn-at must be above 0% and at most 100%, was "
                    + warnAtPercent.toPlainString() + "%");
        }
    }

    /** A budget no account counts against unless its runs name it, with no warning. */
    public static Budget of(String name, Money limit, BudgetPeriod period) {
        return new Budget(name, limit, period, Set.of(), null);
    }

    /** This budget, counted by every run on {@code accounts}. */
    public Budget withAccounts(Set<String> accounts) {
        return new Budget(name, limit, period, accounts, warnAtPercent);
    }

    /** This budget, warning when spend crosses {@code percent} of the limit. */
    public Budget withWarnAt(BigDecimal percent) {
        return new Budget(name, limit, period, accounts, percent);
    }

    public Optional<BigDecimal> warnAt() {
        return Optional.ofNullable(warnAtPercent);
    }

    /**
     * What a store needs to hold against this budget around {@code now} (the guard's clock): the limit and the
     * bounds of the periods before, at and after {@code now}, of which the store's own clock picks one.
     */
    BudgetRequest request(Instant now) {
        if (period instanceof BudgetPeriod.Fixed fixed) {
            return new BudgetRequest(name, limit, fixed.length().toMillis(), new long[0]);
        }
        Instant start = period.start(now);
        Instant end = period.end(now);
        long[] bounds = {
            period.start(start.minusMillis(1)).toEpochMilli(),
            start.toEpochMilli(),
            end.toEpochMilli(),
            period.end(end).toEpochMilli()
        };
        return new BudgetRequest(name, limit, 0, bounds);
    }

    static void checkName(String name) {
        Objects.requireNonNull(name, "budget name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "not a budget name: " + SafeText.quote(name) + " (1 to 100 of letters, digits and . _ - : @ /)");
        }
    }

    @Override
    public String toString() {
        return "Budget{" + name + ", " + limit + " per " + period
                + (accounts.isEmpty() ? "" : ", accounts " + Arrays.toString(accounts.toArray()))
                + (warnAtPercent == null ? "" : ", warn at " + warnAtPercent.toPlainString() + "%") + "}";
    }
}
