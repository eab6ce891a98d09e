package dev.balanceguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.core.GuardClock;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.store.InMemoryReportStore;
import dev.balanceguard.store.ReportedRun;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RecentRunsTest {

    private final InMemoryReportStore store = new InMemoryReportStore(GuardClock.system());
    private final List<RunSpend> done = new ArrayList<>();
    private final RecentRuns runs = new RecentRuns(2, store::reportedRun, done::add);

    private static PriceReport report(String account, @Nullable String run, String id, String price, String to) {
        return new PriceReport(account, WebhookProvider.TELNYX, id, Channel.SMS, Money.of(price, "USD"), run, to);
    }

    /** Counts the report in the shared store, as SpendWebhooks does, and tells {@code replica}. */
    private @Nullable RunSpend count(RecentRuns replica, PriceReport report) {
        store.firstReport(report.account(), report.reportId(), Duration.ofDays(1), report.charge());
        return replica.reported(report);
    }

    @Test
    void aRunsReportsAddUpAgainstItsEstimatePerCountry() {
        runs.reserved("main", "r1", Money.of("1.00", "USD"), 3);

        count(runs, report("main", "r1", "m1", "0.40", "GB"));
        RunSpend now = count(runs, report("main", "r1", "m2", "0.70", "US"));

        assertThat(now.actual()).isEqualTo(Money.of("1.10", "USD"));
        assertThat(now.messages()).isEqualTo(2);
        assertThat(now.countries())
                .containsExactly(
                        new ReportedRun.Country("GB", Money.of("0.40", "USD"), 1),
                        new ReportedRun.Country("US", Money.of("0.70", "USD"), 1));
        assertThat(now.accuracy()).contains(new BigDecimal("1.100000"));
        assertThat(runs.recent("main")).containsExactly(now);
        assertThat(runs.recent("other")).isEmpty();
        assertThat(done).as("2 of 3 messages reported: not complete").isEmpty();
    }

    @Test
    void perCountryTheEstimateMeetsTheReportsExactlyAndAnotherUnitIsNotCompared() {
        Money gb = Money.of("0.0050", "USD");
        Money fr = Money.of("0.0080", "USD");
        runs.reserved("main", "r1", Money.of("0.0130", "USD"), 3, Map.of("GB", gb, "FR", fr));

        count(runs, report("main", "r1", "m1", "0.0051", "GB"));
        RunSpend now = count(runs, report("main", "r1", "m2", "0.0072", "US"));

        assertThat(now.byCountry())
                .containsExactly(
                        new RunSpend.CountrySpend("FR", fr, null, 0),
                        new RunSpend.CountrySpend("GB", gb, Money.of("0.0051", "USD"), 1),
                        new RunSpend.CountrySpend("US", null, Money.of("0.0072", "USD"), 1));
        assertThat(now.byCountry())
                .extracting(c -> c.difference().orElse(null))
                .containsExactly(null, Money.of("0.0001", "USD"), null);
        assertThat(runs.recent("main")).singleElement().isEqualTo(now);

        RunSpend inEuros = new RunSpend(
                "r", "main", Money.of("1", "EUR"), 1, totals("r", "1"), Map.of("GB", Money.of("1", "EUR")));
        assertThat(inEuros.byCountry()).singleElement().satisfies(c -> {
            assertThat(c.unitMismatch()).isTrue();
            assertThat(c.difference()).isEmpty();
        });
        assertThat(new RunSpend("r", "main", null, 0, ReportedRun.none("r")).byCountry())
                .isEmpty();
    }

    @Test
    void aReportBeforeTheReservationIsKnownAndReportsWithoutRunsAreNotRuns() {
        count(runs, report("main", "r1", "m1", "0.40", "GB"));
        runs.reserved("main", "r1", Money.of("0.50", "USD"), 0);

        assertThat(runs.recent("main")).singleElement().satisfies(r -> {
            assertThat(r.estimate()).isEqualTo(Money.of("0.50", "USD"));
            assertThat(r.actual()).isEqualTo(Money.of("0.40", "USD"));
        });
        assertThat(count(runs, report("main", null, "m9", "1", "GB"))).isNull();
        assertThat(count(runs, report("other", "r1", "m3", "9", "GB")).actual())
                .as("another account's report never joins the run")
                .isEqualTo(Money.of("0.40", "USD"));
    }

    @Test
    void aRunIsDoneOnceAsSoonAsItsReportsAreComplete() {
        runs.reserved("main", "r1", Money.of("1", "USD"), 2);
        count(runs, report("main", "r1", "m1", "0.45", "GB"));
        assertThat(done).isEmpty();

        count(runs, report("main", "r1", "m2", "0.45", "GB"));

        assertThat(done).singleElement().satisfies(r -> {
            assertThat(r.complete()).isTrue();
            assertThat(r.accuracy()).contains(new BigDecimal("0.900000"));
        });
        runs.reserved("main", "r2", Money.of("1", "USD"), 1);
        runs.reserved("main", "r3", Money.of("1", "USD"), 1);
        assertThat(done).as("r1 leaves the window, already recorded").hasSize(1);
    }

    @Test
    void aRunThatNeverCompletesIsDoneWhenItLeavesWithTheFleetsTotals() {
        RecentRuns other = new RecentRuns(2, store::reportedRun, r -> {});
        runs.reserved("main", "r1", Money.of("1", "USD"), 5);
        count(runs, report("main", "r1", "m1", "0.5", "GB"));
        count(other, report("main", "r1", "m2", "0.4", "FR")); // reached another replica only
        runs.reserved("main", "r2", Money.of("1", "USD"), 0);
        assertThat(done).isEmpty();

        runs.reserved("main", "r3", Money.of("1", "USD"), 0);

        assertThat(done).singleElement().satisfies(r -> {
            assertThat(r.run()).isEqualTo("r1");
            assertThat(r.complete()).isFalse();
            assertThat(r.accuracy()).contains(new BigDecimal("0.900000"));
        });
        assertThat(runs.recent("main")).extracting(RunSpend::run).containsExactly("r3", "r2");
        assertThat(new RunSpend("r", "main", Money.of("0", "USD"), 1, totals("r", "1")).accuracy())
                .isEmpty();
        assertThat(new RunSpend("r", "main", Money.of("1", "EUR"), 1, totals("r", "1")).accuracy())
                .isEmpty();
    }

    @Test
    void replicasShowTheFleetsTotalsAndTheReservingOneSeesTheRunComplete() {
        RecentRuns other = new RecentRuns(2, store::reportedRun, r -> {});
        runs.reserved("main", "r1", Money.of("0.30", "USD"), 3);
        count(runs, report("main", "r1", "m1", "0.1", "GB"));
        count(other, report("main", "r1", "m2", "0.1", "GB"));
        count(other, report("main", "r1", "m2", "0.1", "GB")); // a retry: counted once
        count(other, report("main", "r1", "m3", "0.1", "DE"));

        RunSpend here = runs.recent("main").get(0);
        RunSpend there = other.recent("main").get(0);

        assertThat(here.reported()).isEqualTo(there.reported());
        assertThat(here.actual()).isEqualTo(Money.of("0.3", "USD"));
        assertThat(here.messages()).isEqualTo(3);
        assertThat(there.estimate())
                .as("the estimate is the reserving replica's")
                .isNull();
        assertThat(done).singleElement().satisfies(r -> assertThat(r.accuracy()).contains(new BigDecimal("1.000000")));
    }

    private static ReportedRun totals(String run, String usd) {
        return new ReportedRun(run, List.of(new ReportedRun.Country("GB", Money.of(usd, "USD"), 1)));
    }
}
