package dev.balanceguard;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An exact amount in one unit: an ISO-4217 currency code ({@code "USD"}) or {@link #CREDITS} (MessageBird
 * credits, which are not money).
 *
 * <p>Amounts are {@link BigDecimal}s built from text or other decimals, never from {@code double}. Arithmetic
 * and comparison between different units throw {@link UnitMismatchException}: converting is a configured
 * decision, never a guess. Equality is numeric ({@code 1.0 USD} equals {@code 1.00 USD}).
 */
public final class Money implements Comparable<Money> {

    /** The unit of MessageBird credit balances. */
    public static final String CREDITS = "CREDITS";

    private final BigDecimal amount;
    private final String unit;

    private Money(BigDecimal amount, String unit) {
        this.amount = amount;
        this.unit = unit;
    }

    /**
     * @param amount exact amount
     * @param unit ISO-4217 code (any case) or {@code CREDITS}
     * @throws IllegalArgumentException if the unit is neither
     */
    public static Money of(BigDecimal amount, String unit) {
        Objects.requireNonNull(amount, "amount");
        return new Money(amount, normalizeUnit(unit));
    }

    /** Parses a plain or scientific decimal string exactly, e.g. {@code Money.of("1543.75", "INR")}. */
    public static Money of(String amount, String unit) {
        Objects.requireNonNull(amount, "amount");
        try {
            return of(new BigDecimal(amount.trim()), unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a decimal amount: '" + amount + "'");
        }
    }

    public static Money zero(String unit) {
        return of(BigDecimal.ZERO, unit);
    }

    /**
     * Upper-cases and checks a unit: three letters (ISO-4217 shape) or {@code CREDITS}.
     *
     * @throws IllegalArgumentException naming the offending unit
     */
    public static String normalizeUnit(String unit) {
        Objects.requireNonNull(unit, "unit");
        if (isUpperIsoCode(unit) || unit.equals(CREDITS)) {
            return unit; // the common case, on hot paths: already normal
        }
        String upper = unit.trim().toUpperCase(java.util.Locale.ROOT);
        if (!upper.equals(CREDITS) && !isUpperIsoCode(upper)) {
            throw new IllegalArgumentException("not an ISO-4217 currency code or CREDITS: '" + unit + "'");
        }
        return upper;
    }

    private static boolean isUpperIsoCode(String s) {
        return s.length() == 3 && isUpper(s.charAt(0)) && isUpper(s.charAt(1)) && isUpper(s.charAt(2));
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    public BigDecimal amount() {
        return amount;
    }

    public String unit() {
        return unit;
    }

    public boolean isCredits() {
        return unit.equals(CREDITS);
    }

    public Money plus(Money other) {
        requireSameUnit(other, "add");
        if (other.amount.signum() == 0) {
            return this;
        }
        return new Money(amount.add(other.amount), unit);
    }

    public Money minus(Money other) {
        requireSameUnit(other, "subtract");
        if (other.amount.signum() == 0) {
            return this;
        }
        return new Money(amount.subtract(other.amount), unit);
    }

    public Money times(long factor) {
        return new Money(amount.multiply(BigDecimal.valueOf(factor)), unit);
    }

    public Money times(BigDecimal factor) {
        return new Money(amount.multiply(factor), unit);
    }

    /** The larger of this and zero. */
    public Money atLeastZero() {
        return amount.signum() < 0 ? zero(unit) : this;
    }

    public Money max(Money other) {
        return compareTo(other) >= 0 ? this : other;
    }

    public int signum() {
        return amount.signum();
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    public boolean sameUnitAs(Money other) {
        return unit.equals(other.unit);
    }

    public boolean isGreaterThan(Money other) {
        return compareTo(other) > 0;
    }

    public boolean isLessThan(Money other) {
        return compareTo(other) < 0;
    }

    /** @throws UnitMismatchException if the units differ */
    @Override
    public int compareTo(Money other) {
        requireSameUnit(other, "compare");
        return amount.compareTo(other.amount);
    }

    /** The amount in plain notation with trailing zeros stripped to at least no decimals: {@code "1543.75"}. */
    public String toPlainString() {
        return plain(amount);
    }

    /** Plain notation, never scientific: {@code 1.54375E3} prints {@code "1543.75"}. */
    public static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    private void requireSameUnit(Money other, String operation) {
        if (!unit.equals(other.unit)) {
            throw new UnitMismatchException(operation, unit, other.unit);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Money other && unit.equals(other.unit) && amount.compareTo(other.amount) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * amount.stripTrailingZeros().hashCode() + unit.hashCode();
    }

    @Override
    public String toString() {
        return toPlainString() + " " + unit;
    }
}
