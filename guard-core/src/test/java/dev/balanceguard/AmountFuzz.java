package dev.balanceguard;

import dev.balanceguard.core.Money;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Generated amount texts for every parser's fuzz test: a fixed corpus of known troublemakers (huge and tiny
 * exponents, NaN and Infinity words, non-ASCII digits, signs) plus texts drawn from a seeded grammar of signs,
 * digits, points, exponents and padding. {@link #expected} is the oracle, written from the bounds as
 * {@link Money} documents them rather than from its code. The seed is fixed so a failure repeats; run with
 * {@code -Dfuzz.seed=N} to explore others.
 */
public final class AmountFuzz {

    public static final long SEED = Long.getLong("fuzz.seed", 20261122L);

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");

    /** Known troublemakers, always included. */
    public static final List<String> CORPUS = List.of(
            "1e-999999999",
            "1e999999999",
            "-1e999999999",
            "1E+999999999",
            "0e999999999",
            "0e-999999999",
            "1e2147483647",
            "1e-2147483647",
            "1e2147483648",
            "1e-2147483649",
            "1e99999999999",
            "NaN",
            "-NaN",
            "Infinity",
            "-Infinity",
            "+Infinity",
            "inf",
            "infinity",
            "null",
            "true",
            "",
            " ",
            ".",
            "-",
            "+",
            "e5",
            "1e",
            "1e+",
            "--1",
            "+-1",
            "1..2",
            "1.2.3",
            "1e5.5",
            "0x1F",
            "1_000",
            "1,5",
            "\u0661\u0662\u0663",
            "\uFF11\uFF12",
            "\u00BD",
            "1\u202E5",
            "\u200B1",
            "1 000",
            "999999999999999999",
            "-999999999999999999",
            "1000000000000000000",
            "999999999999999999.999999999999",
            "9.99999999999999999e17",
            "1e17",
            "1e18",
            "0.000000000001",
            "0.0000000000001",
            "1e-12",
            "1e-13",
            "1.000000000000000000000000",
            "1000000000000000000e-1",
            "12345678901234567890.12",
            "-0",
            "+5",
            ".5",
            "5.",
            "0.0500",
            "1543.750",
            "1.54375E3",
            "-12.34",
            "1" + "0".repeat(120),
            "0." + "0".repeat(60) + "1");

    private static final String[] WORDS = {
        "NaN", "Infinity", "-Infinity", "inf", "nan", "Infinity1", "1NaN", "\u0661", "\uFF15", "1\u200D", "\u202E1"
    };

    private AmountFuzz() {}

    /** The corpus and {@code generated} texts from the seeded grammar. */
    public static List<String> texts(int generated) {
        Random random = new Random(SEED);
        List<String> texts = new ArrayList<>(CORPUS);
        for (int i = 0; i < generated; i++) {
            texts.add(generate(random));
        }
        return texts;
    }

    /** Decimals with any unscaled value up to 40 digits and any scale an int allows. */
    public static List<BigDecimal> decimals(int generated) {
        Random random = new Random(SEED);
        List<BigDecimal> decimals = new ArrayList<>();
        for (int i = 0; i < generated; i++) {
            BigInteger unscaled = new BigInteger(random.nextInt(133), random);
            if (random.nextBoolean()) {
                unscaled = unscaled.negate();
            }
            int scale = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(41) - 20;
                case 1 -> random.nextInt();
                case 2 -> random.nextBoolean() ? Integer.MAX_VALUE - random.nextInt(3) : Integer.MIN_VALUE + 1;
                default -> random.nextInt(31) - 15 + (random.nextBoolean() ? 12 : -18);
            };
            decimals.add(new BigDecimal(unscaled, scale));
        }
        return decimals;
    }

    /**
     * What the one door must make of {@code text}: the amount (compare with {@code compareTo}), or empty when
     * it must refuse it. Decimal syntax in ASCII, at most {@link Money#MAX_TEXT_LENGTH} characters once
     * stripped, at most {@link Money#MAX_INTEGER_DIGITS} digits before the point and {@link Money#MAX_SCALE}
     * after it, trailing zeros not counted.
     */
    public static Optional<BigDecimal> expected(String text) {
        String t = text.strip();
        if (t.length() > Money.MAX_TEXT_LENGTH || !DECIMAL.matcher(t).matches()) {
            return Optional.empty();
        }
        BigDecimal value;
        try {
            value = new BigDecimal(t);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return withinBounds(value) ? Optional.of(value) : Optional.empty();
    }

    /** Whether the decimal is an amount money can be: counted on its digits, without arithmetic. */
    public static boolean withinBounds(BigDecimal value) {
        if (value.signum() == 0) {
            return true;
        }
        String digits = value.unscaledValue().abs().toString();
        int trailingZeros = digits.length() - digits.replaceFirst("0+$", "").length();
        long integerDigits = (long) digits.length() - value.scale();
        long decimalPlaces = Math.max(0, (long) value.scale() - trailingZeros);
        return integerDigits <= Money.MAX_INTEGER_DIGITS && decimalPlaces <= Money.MAX_SCALE;
    }

    /** Whether the stripped text is a JSON number literal (a wire format may carry it unquoted). */
    public static boolean isJsonNumber(String text) {
        return JSON_NUMBER.matcher(text.strip()).matches();
    }

    /**
     * Whether a decimal a parser returned is in the shape the door promises: scale 0 to 12 (so it prints in
     * plain notation as it is), within the bounds, at most 32 characters in plain notation.
     */
    public static boolean isPlainAndBounded(BigDecimal value) {
        return value.scale() >= 0
                && value.scale() <= Money.MAX_SCALE
                && withinBounds(value)
                && value.toPlainString().length() <= 32;
    }

    private static String generate(Random random) {
        if (random.nextInt(10) == 0) {
            return WORDS[random.nextInt(WORDS.length)];
        }
        StringBuilder s = new StringBuilder();
        s.append(" ".repeat(random.nextInt(8) == 0 ? 1 : 0));
        s.append(
                switch (random.nextInt(4)) {
                    case 0 -> "-";
                    case 1 -> "+";
                    default -> "";
                });
        int integerDigits = switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> 17 + random.nextInt(4);
            case 2 -> random.nextInt(70);
            default -> 1 + random.nextInt(6);
        };
        digits(s, integerDigits, random);
        if (random.nextInt(3) > 0) {
            s.append('.');
            int fraction = switch (random.nextInt(4)) {
                case 0 -> 11 + random.nextInt(4);
                case 1 -> random.nextInt(40);
                default -> random.nextInt(6);
            };
            digits(s, fraction, random);
            if (random.nextInt(4) == 0) {
                s.append("0".repeat(random.nextInt(30)));
            }
        }
        if (random.nextInt(3) == 0) {
            s.append(random.nextBoolean() ? 'e' : 'E');
            s.append(
                    switch (random.nextInt(3)) {
                        case 0 -> "-";
                        case 1 -> "+";
                        default -> "";
                    });
            s.append(
                    switch (random.nextInt(5)) {
                        case 0 -> Integer.toString(random.nextInt(30));
                        case 1 -> Integer.toString(11 + random.nextInt(9));
                        case 2 -> "999999999";
                        case 3 -> Long.toString(Integer.MAX_VALUE + (long) random.nextInt(3));
                        default -> Integer.toString(random.nextInt(Integer.MAX_VALUE));
                    });
        }
        s.append(" ".repeat(random.nextInt(8) == 0 ? 1 : 0));
        return s.toString();
    }

    private static void digits(StringBuilder s, int n, Random random) {
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
    }
}
