package dev.balanceguard.redis;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money in Redis: whole millionths of the account's unit, so that Lua (whose numbers are doubles, exact up to
 * 2^53) adds and compares them exactly. Converting rounds to the safe side: holds and spends up, ceilings down.
 */
final class Amounts {

    static final int SCALE = 6;
    /** The largest integer a double holds exactly, and so the largest amount or total the store keeps. */
    static final long MAX = (1L << 53) - 1;
    /** A hold no total can take: the scripts refuse it like any hold beyond the ceiling. */
    static final long TOO_LARGE = MAX + 1;

    private static final BigDecimal MAX_DECIMAL = BigDecimal.valueOf(MAX);

    private Amounts() {}

    /** A hold in millionths, rounded up; {@link #TOO_LARGE} beyond the exact range. */
    static long hold(BigDecimal amount) {
        BigDecimal m = millionths(amount, RoundingMode.CEILING);
        return m.compareTo(MAX_DECIMAL) > 0 ? TOO_LARGE : m.longValueExact();
    }

    /**
     * A spend in millionths, rounded up (more spend counted, never less).
     *
     * @throws IllegalArgumentException beyond the exact range: recording less than was spent is never an option
     */
    static long spend(BigDecimal amount) {
        BigDecimal m = millionths(amount, RoundingMode.CEILING);
        if (m.abs().compareTo(MAX_DECIMAL) > 0) {
            throw new IllegalArgumentException("a spend beyond " + decimal(MAX).toPlainString()
                    + " cannot be recorded exactly in the Redis store");
        }
        return m.longValueExact();
    }

    /** A ceiling in millionths, rounded down, and clamped down into the exact range. */
    static long ceiling(BigDecimal ceiling) {
        BigDecimal m = millionths(ceiling, RoundingMode.FLOOR);
        return m.max(MAX_DECIMAL.negate()).min(MAX_DECIMAL).longValueExact();
    }

    static BigDecimal decimal(long millionths) {
        return BigDecimal.valueOf(millionths, SCALE);
    }

    private static BigDecimal millionths(BigDecimal amount, RoundingMode mode) {
        return amount.setScale(SCALE, mode).movePointRight(SCALE);
    }
}
