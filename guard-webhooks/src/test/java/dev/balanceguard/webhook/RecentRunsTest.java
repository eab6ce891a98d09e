package dev.balanceguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentRunsTest {

    private final List<RunSpend> left = new ArrayList<>();
    private final RecentRuns runs = new RecentRuns(2, left::add);

    private static PriceReport report(String account, String run, String id, String price) {
        return new PriceReport(account, WebhookProvider.TELNYX, id, Channel.SMS, Money.of(price, "USD"), run);
    }

    @Test
    void aRunsReportsAddUpAgainstItsEstimate() {
        runs.reserved("main", "r1", Money.of("1.00", "USD"));

        runs.reported(report("main", "r1", "m1", "0.40"));
        RunSpend now = runs.reported(report("main", "r1", "m2", "0.70"));

        assertThat(now.actual()).isEqualTo(Money.of("1.10", "USD"));
        assertThat(now.messages()).isEqualTo(2);
        assertThat(now.accuracy()).contains(new BigDecimal("1.100000"));
        assertThat(runs.recent("main")).containsExactly(now);
        assertThat(runs.recent("other")).isEmpty();
    }

    @Test
    void aReportBeforeTheReservationIsKnownAndReportsWithoutRunsAreNotRuns() {
        runs.reported(report("main", "r1", "m1", "0.40"));
        runs.reserved("main", "r1", Money.of("0.50", "USD"));

        assertThat(runs.recent("main")).singleElement().satisfies(r -> {
            assertThat(r.estimate()).isEqualTo(Money.of("0.50", "USD"));
            assertThat(r.actual()).isEqualTo(Money.of("0.40", "USD"));
        });
        assertThat(runs.reported(report("main", null, "m9", "1"))).isNull();
        assertThat(runs.reported(report("other", "r1", "m3", "9")).actual())
                .as("another account's report never joins the run")
                .isEqualTo(Money.of("0.40", "USD"));
    }

    @Test
    void theOldestRunLeavesOnceTheWindowIsFull() {
        runs.reserved("main", "r1", Money.of("1", "USD"));
        runs.reported(report("main", "r1", "m1", "0.9"));
        runs.reserved("main", "r2", Money.of("1", "USD"));
        runs.reserved("main", "r3", Money.of("1", "USD"));

        assertThat(left).singleElement().satisfies(r -> {
            assertThat(r.run()).isEqualTo("r1");
            assertThat(r.accuracy()).contains(new BigDecimal("0.900000"));
        });
        assertThat(runs.recent("main")).extracting(RunSpend::run).containsExactly("r3", "r2");
        assertThat(new RunSpend("r", "main", Money.of("0", "USD"), Money.of("1", "USD"), 1).accuracy())
                .isEmpty();
        assertThat(new RunSpend("r", "main", Money.of("1", "EUR"), Money.of("1", "USD"), 1).accuracy())
                .isEmpty();
    }
}
