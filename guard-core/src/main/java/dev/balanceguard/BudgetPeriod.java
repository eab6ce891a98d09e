package dev.balanceguard;

import dev.balanceguard.core.SafeText;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Objects;

/**
 * How a {@link Budget}'s spend is counted in time: calendar days, weeks (from Monday) or months in a zone, or fixed
 * windows of a duration counted from the epoch (1970-01-01T00:00Z). Spend counts in the period of the instant it was
 * committed, on the store's clock; nothing "resets": each period starts from nothing.
 *
 * <p>A calendar period starts at the first instant of its first day in the zone ({@link LocalDate#atStartOfDay
 * (ZoneId)}): on a day whose midnight a DST change skips, the first instant after the gap; a day with a DST change
 * is 23 or 25 hours long.
 */
public sealed interface BudgetPeriod {

    /** The longest fixed window: a year of days. */
    Duration MAX_WINDOW = Duration.ofDays(366);

    /** The first instant of the period that contains {@code at}. */
    Instant start(Instant at);

    /** The first instant after the period that contains {@code at}: when its budget starts afresh. */
    Instant end(Instant at);

    static BudgetPeriod day(ZoneId zone) {
        return new Calendar(Calendar.Unit.DAY, zone);
    }

    /** Weeks from Monday 00:00 in {@code zone}. */
    static BudgetPeriod week(ZoneId zone) {
        return new Calendar(Calendar.Unit.WEEK, zone);
    }

    static BudgetPeriod month(ZoneId zone) {
        return new Calendar(Calendar.Unit.MONTH, zone);
    }

    /** Fixed windows of {@code length}, counted from the epoch: 1 ms to {@link #MAX_WINDOW}, whole milliseconds. */
    static BudgetPeriod every(Duration length) {
        return new Fixed(length);
    }

    /**
     * {@code day}, {@code week} or {@code month} (calendar periods in {@code zone}), or a duration: a whole number
     * followed by {@code ms}, {@code s}, {@code m}, {@code h} or {@code d} ({@code 10s}, {@code 15m}, {@code 7d}),
     * or ISO-8601 ({@code PT1H}).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static BudgetPeriod parse(String text, ZoneId zone) {
        Objects.requireNonNull(text, "period");
        String t = text.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "day":
                return day(zone);
            case "week":
                return week(zone);
            case "month":
                return month(zone);
            default:
                return every(duration(t, text));
        }
    }

    private static Duration duration(String t, String text) {
        String problem =
                "not a period: " + SafeText.quote(text) + " (day, week, month, or a duration such as 10s, 15m, 1h, 7d)";
        if (t.startsWith("p")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(problem);
            }
        }
        int digits = 0;
        while (digits < t.length() && digits < 12 && t.charAt(digits) >= '0' && t.charAt(digits) <= '9') {
            digits++;
        }
        if (digits == 0) {
            throw new IllegalArgumentException(problem);
        }
        long n = Long.parseLong(t.substring(0, digits));
        return switch (t.substring(digits)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException(problem);
        };
    }

    /** Calendar days, weeks (from Monday) or months in {@code zone}. */
    record Calendar(Unit unit, ZoneId zone) implements BudgetPeriod {

        public enum Unit {
            DAY,
            WEEK,
            MONTH
        }

        public Calendar {
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(zone, "zone");
        }

        @Override
        public Instant start(Instant at) {
            return first(at).atStartOfDay(zone).toInstant();
        }

        @Override
        public Instant end(Instant at) {
            LocalDate first = first(at);
            LocalDate next = switch (unit) {
                case DAY -> first.plusDays(1);
                case WEEK -> first.plusWeeks(1);
                case MONTH -> first.plusMonths(1);
            };
            return next.atStartOfDay(zone).toInstant();
        }

        private LocalDate first(Instant at) {
            LocalDate day = at.atZone(zone).toLocalDate();
            return switch (unit) {
                case DAY -> day;
                case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                case MONTH -> day.withDayOfMonth(1);
            };
        }

        @Override
        public String toString() {
            return unit.name().toLowerCase(Locale.ROOT) + " in " + zone;
        }
    }

    /** Windows of {@code length} counted from the epoch. */
    record Fixed(Duration length) implements BudgetPeriod {

        public Fixed {
            Objects.requireNonNull(length, "length");
            if (length.isNegative()
                    || length.isZero()
                    || length.compareTo(MAX_WINDOW) > 0
                    || length.toNanos() % 1_000_000 != 0) {
                throw new IllegalArgumentException(
                        "a budget window must be whole milliseconds from 1 ms to 366 days, was " + length);
            }
        }

        @Override
        public Instant start(Instant at) {
            long ms = length.toMillis();
            return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), ms) * ms);
        }

        @Override
        public Instant end(Instant at) {
            return start(at).plus(length);
        }

        @Override
        public String toString() {
            return "every " + length;
        }
    }
}
