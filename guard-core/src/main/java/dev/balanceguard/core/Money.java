package dev.balanceguard.core;

import java.math.BigDecimal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An exact amount in one unit: an ISO-4217 currency code ({@code "USD"}) or {@link #CREDITS} (MessageBird
 * credits, which are not money).
 *
 * <p>Amounts are {@link BigDecimal}s built from text or other decimals, never from {@code double}. Arithmetic
 * and comparison between different units throw {@link UnitMismatchException}: converting is a configured
 * decision, never a guess. Equality is numeric ({@code 1.0 USD} equals {@code 1.00 USD}).
 *
 * <h2>Bounds: what money can be</h2>
 * Every amount that enters from outside — a provider's answer, a rate card's price, a property, a command-line
 * option, an annotation attribute — passes {@link #parseAmount(String)} (text) or {@link #checkAmount(BigDecimal)}
 * (a decimal someone else parsed), and {@link #of(String, String)} parses through the same door. An amount has
 * at most {@value #MAX_INTEGER_DIGITS} digits before the decimal point and at most {@value #MAX_SCALE} after it
 * (trailing zeros do not count), and comes out in plain notation with a scale from 0 to {@value #MAX_SCALE}:
 * <ul>
 * <li>18 integer digits hold any real balance or price with room to spare: the amounts with the most digits are
 *   in currencies with tiny units (a US dollar is tens of thousands of Iranian rials or Vietnamese dong), and
 *   even the world's yearly output in such a currency stays below 10<sup>18</sup>. It also keeps an amount in
 *   a signed 64-bit integer of its units, for stores that need one.</li>
 * <li>12 decimal places cover every ISO-4217 minor unit (at most 4) and the sub-cent prices providers quote
 *   per segment or per second (6 to 8 places), with room for a credit's value.</li>
 * </ul>
 * Anything beyond is not money but a broken answer or a typo, and it is refused with an
 * {@link IllegalArgumentException} saying why; callers turn that into their own typed error naming the field.
 * The bound matters because decimal syntax is not: {@code "1e-999999999"} is one digit of text, yet subtracting
 * it from 1 needs a billion digits, and printing {@code "1e999999999"} in plain notation a gigabyte. Arithmetic on
 * bounded amounts stays small (a product of two has at most 60 digits), so results of arithmetic are not
 * checked again.
 */
public final class Money implements Comparable<Money> {

    /** The unit of MessageBird credit balances. */
    public static final String CREDITS = "CREDITS";

    /** The most digits an amount may have before the decimal point. */
    public static final int MAX_INTEGER_DIGITS = 18;

    /** The most digits an amount may have after the decimal point, trailing zeros not counted. */
    public static final int MAX_SCALE = 12;

    /** Text longer than this is refused before it is parsed: no amount money can be needs more. */
    public static final int MAX_TEXT_LENGTH = 64;

    private final BigDecimal amount;
    private final String unit;

    private Money(BigDecimal amount, String unit) {
        this.amount = amount;
        this.unit = unit;
    }

    /**
     * An amount as given. For an amount from outside (a parsed answer, a user's input), check it first with
     * {@link #checkAmount(BigDecimal)}, or use {@link #of(String, String)}; results of arithmetic on checked
     * amounts need no check.
     *
     * @param amount exact amount
     * @param unit ISO-4217 code (any case) or {@code CREDITS}
     * @throws IllegalArgumentException if the unit is neither
     */
    public static Money of(BigDecimal amount, String unit) {
        Objects.requireNonNull(amount, "amount");
        return new Money(amount, normalizeUnit(unit));
    }

    /**
     * Parses a plain or scientific decimal string exactly through {@link #parseAmount(String)}, e.g.
     * {@code Money.of("1543.75", "INR")}.
     *
     * @throws IllegalArgumentException if the text is not a decimal, not within the bounds, or the unit is wrong
     */
    public static Money of(String amount, String unit) {
        return of(parseAmount(amount), unit);
    }

    /**
     * The one door for amounts given as text: ASCII decimal syntax ({@code [+-]digits[.digits][e[+-]digits]},
     * surrounding whitespace ignored, at most {@value #MAX_TEXT_LENGTH} characters), within the bounds in the
     * class description, returned in plain notation with a scale from 0 to {@value #MAX_SCALE} (the text's own
     * scale when it is in that range, so {@code "0.0500"} keeps its four places).
     *
     * @throws IllegalArgumentException saying what is wrong; it quotes the text through {@link SafeText#quote}
     */
    public static BigDecimal parseAmount(String text) {
        Objects.requireNonNull(text, "amount");
        String t = text.strip();
        if (t.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException(
                    "not an amount: " + SafeText.quote(t) + " is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        if (!isDecimalSyntax(t)) {
            throw new IllegalArgumentException("not a decimal amount: " + SafeText.quote(text));
        }
        BigDecimal value;
        try {
            value = new BigDecimal(t);
        } catch (NumberFormatException e) { // an exponent beyond int range
            throw new IllegalArgumentException(
                    "not an amount money can be: " + SafeText.quote(t) + " has an exponent out of range");
        }
        String problem = outOfBounds(value);
        if (problem != null) {
            throw new IllegalArgumentException("not an amount money can be: " + SafeText.quote(t) + problem);
        }
        return normalized(value);
    }

    /**
     * The same bounds for a decimal parsed elsewhere (a JSON number, a value from a program).
     *
     * @return the amount in plain form, scale 0 to {@value #MAX_SCALE}
     * @throws IllegalArgumentException saying which bound it exceeds
     */
    public static BigDecimal checkAmount(BigDecimal value) {
        Objects.requireNonNull(value, "amount");
        String problem = outOfBounds(value);
        if (problem != null) {
            // toString keeps an exponent: 1E+999999999 is described in 13 characters, not a billion
            throw new IllegalArgumentException(
                    "not an amount money can be: " + SafeText.quote(value.toString()) + problem);
        }
        return normalized(value);
    }

    /**
     * {@code null} when within the bounds, else why not. Never expands the value and never strips zeros from a
     * negative scale (which can overflow), so it is cheap and safe for any exponent.
     */
    private static @Nullable String outOfBounds(BigDecimal value) {
        if (value.signum() == 0) {
            return null;
        }
        long integerDigits = (long) value.precision() - value.scale(); // the same with trailing zeros stripped
        if (integerDigits > MAX_INTEGER_DIGITS) {
            return " has more than " + MAX_INTEGER_DIGITS + " digits before the decimal point";
        }
        if (value.scale() > MAX_SCALE && value.stripTrailingZeros().scale() > MAX_SCALE) {
            return " has more than " + MAX_SCALE + " decimal places";
        }
        return null;
    }

    private static BigDecimal normalized(BigDecimal value) {
        if (value.scale() >= 0 && value.scale() <= MAX_SCALE) {
            return value;
        }
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal plain = value.scale() > MAX_SCALE ? value.stripTrailingZeros() : value;
        return plain.scale() < 0 ? plain.setScale(0) : plain;
    }

    /** Optional sign, digits with at most one point (at least one digit), optional exponent; ASCII only. */
    private static boolean isDecimalSyntax(String t) {
        int i = 0;
        int n = t.length();
        if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        boolean point = false;
        for (; i < n; i++) {
            char c = t.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
            i++;
            if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            for (; i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9'; i++) {
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
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
