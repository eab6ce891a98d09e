package dev.balanceguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.core.Money;
import dev.balanceguard.store.BudgetRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BudgetPeriodTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void aDayInAZoneStartsAndEndsAtItsMidnights() {
        BudgetPeriod day = BudgetPeriod.day(PARIS);
        Instant lastMillisecond = Instant.parse("2026-01-14T22:59:59.999Z"); // 23:59:59.999 in Paris (UTC+1)

        assertThat(day.start(lastMillisecond)).isEqualTo("2026-01-13T23:00:00Z");
        assertThat(day.end(lastMillisecond)).isEqualTo("2026-01-14T23:00:00Z");
        assertThat(day.start(lastMillisecond.plusMillis(1))).isEqualTo("2026-01-14T23:00:00Z");
    }

    @Test
    void theDaysOfADaylightSavingChangeLast23And25Hours() {
        BudgetPeriod day = BudgetPeriod.day(PARIS);
        Instant spring = Instant.parse("2026-03-29T12:00:00Z");
        Instant autumn = Instant.parse("2026-10-25T12:00:00Z");

        assertThat(Duration.between(day.start(spring), day.end(spring))).isEqualTo(Duration.ofHours(23));
        assertThat(day.start(spring)).isEqualTo("2026-03-28T23:00:00Z"); // midnight CET
        assertThat(day.end(spring)).isEqualTo("2026-03-29T22:00:00Z"); // midnight CEST
        assertThat(Duration.between(day.start(autumn), day.end(autumn))).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void aDayWhoseMidnightASkipsStartsAfterTheGap() {
        // Sao Paulo moved its clocks from 00:00 to 01:00 on 2018-11-04: that day had no midnight
        BudgetPeriod day = BudgetPeriod.day(ZoneId.of("America/Sao_Paulo"));
        Instant noon = Instant.parse("2018-11-04T15:00:00Z");

        assertThat(day.start(noon)).isEqualTo("2018-11-04T03:00:00Z"); // 01:00 -02:00
        assertThat(Duration.between(day.start(noon), day.end(noon))).isEqualTo(Duration.ofHours(23));
    }

    @Test
    void weeksStartOnMondayAndMonthsOnTheFirst() {
        Instant thursday = Instant.parse("2026-01-01T10:00:00Z");

        assertThat(BudgetPeriod.week(ZoneOffset.UTC).start(thursday)).isEqualTo("2025-12-29T00:00:00Z");
        assertThat(BudgetPeriod.week(ZoneOffset.UTC).end(thursday)).isEqualTo("2026-01-05T00:00:00Z");
        assertThat(BudgetPeriod.month(ZoneOffset.UTC).start(Instant.parse("2026-02-28T23:59:59Z")))
                .isEqualTo("2026-02-01T00:00:00Z");
        assertThat(BudgetPeriod.month(ZoneOffset.UTC).end(Instant.parse("2026-02-28T23:59:59Z")))
                .isEqualTo("2026-03-01T00:00:00Z");
    }

    @Test
    void fixedWindowsCountFromTheEpoch() {
        BudgetPeriod quarter = BudgetPeriod.every(Duration.ofMinutes(15));
        Instant at = Instant.parse("2026-01-01T10:14:59.999Z");

        assertThat(quarter.start(at)).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(quarter.end(at)).isEqualTo("2026-01-01T10:15:00Z");
        assertThat(quarter.start(at.plusMillis(1))).isEqualTo("2026-01-01T10:15:00Z");
        assertThat(BudgetPeriod.every(Duration.ofSeconds(10)).start(Instant.ofEpochMilli(-1)))
                .isEqualTo(Instant.ofEpochMilli(-10_000));
    }

    @Test
    void periodsParseFromTheirNames() {
        assertThat(BudgetPeriod.parse("day", PARIS)).isEqualTo(BudgetPeriod.day(PARIS));
        assertThat(BudgetPeriod.parse(" Week ", PARIS)).isEqualTo(BudgetPeriod.week(PARIS));
        assertThat(BudgetPeriod.parse("month", PARIS)).isEqualTo(BudgetPeriod.month(PARIS));
        assertThat(BudgetPeriod.parse("10s", PARIS)).isEqualTo(BudgetPeriod.every(Duration.ofSeconds(10)));
        assertThat(BudgetPeriod.parse("15m", PARIS)).isEqualTo(BudgetPeriod.every(Duration.ofMinutes(15)));
        assertThat(BudgetPeriod.parse("7d", PARIS)).isEqualTo(BudgetPeriod.every(Duration.ofDays(7)));
        assertThat(BudgetPeriod.parse("PT1H", PARIS)).isEqualTo(BudgetPeriod.every(Duration.ofHours(1)));
    }

    @Test
    void badPeriodsAreRefusedNamingTheText() {
        assertThatThrownBy(() -> BudgetPeriod.parse("fortnight", PARIS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fortnight'");
        assertThatThrownBy(() -> BudgetPeriod.parse("0s", PARIS)).hasMessageContaining("1 ms to 366 days");
        assertThatThrownBy(() -> BudgetPeriod.parse("400d", PARIS)).hasMessageContaining("1 ms to 366 days");
        assertThatThrownBy(() -> BudgetPeriod.parse("99999999999999999999s", PARIS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBudgetChecksItsNameLimitAndWarning() {
        Money usd = Money.of("500", "USD");
        BudgetPeriod day = BudgetPeriod.day(PARIS);

        assertThatThrownBy(() -> Budget.of("a b", usd, day)).hasMessageContaining("not a budget name");
        assertThatThrownBy(() -> Budget.of("m", Money.of("-1", "USD"), day)).hasMessageContaining("negative");
        assertThatThrownBy(() -> Budget.of("m", usd, day).withWarnAt(new BigDecimal("120")))
                .hasMessageContaining("at most 100%");
        assertThat(Budget.of("tenant:42", usd, day).withAccounts(Set.of("main")).accounts())
                .containsExactly("main");
    }

    @Test
    void aStoreRequestCarriesThePeriodsAroundTheGuardsNow() {
        Budget budget = Budget.of("m", Money.of("5", "USD"), BudgetPeriod.day(PARIS));
        BudgetRequest request = budget.request(Instant.parse("2026-03-29T12:00:00Z"));

        assertThat(request.bounds())
                .containsExactly(
                        Instant.parse("2026-03-27T23:00:00Z").toEpochMilli(),
                        Instant.parse("2026-03-28T23:00:00Z").toEpochMilli(),
                        Instant.parse("2026-03-29T22:00:00Z").toEpochMilli(),
                        Instant.parse("2026-03-30T22:00:00Z").toEpochMilli());
        // a store clock a little behind or ahead still finds its period; one beyond the bounds takes the nearest
        long boundary = Instant.parse("2026-03-29T22:00:00Z").toEpochMilli();
        assertThat(request.periodStart(boundary - 1)).isEqualTo(request.bounds()[1]);
        assertThat(request.periodStart(boundary)).isEqualTo(boundary);
        assertThat(request.periodEnd(boundary)).isEqualTo(request.bounds()[3]);
        assertThat(request.periodStart(Long.MAX_VALUE)).isEqualTo(boundary);
        assertThat(request.periodStart(Long.MIN_VALUE)).isEqualTo(request.bounds()[0]);
    }
}
