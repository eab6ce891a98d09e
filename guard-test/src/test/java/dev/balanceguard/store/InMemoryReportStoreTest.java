package dev.balanceguard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.core.GuardClock;
import dev.balanceguard.test.ManualClock;
import dev.balanceguard.test.store.ReportStoreContract;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The in-memory report store keeps the contract, and its memory stays bounded. */
class InMemoryReportStoreTest extends ReportStoreContract {

    private final ReportStore store = new InMemoryReportStore(GuardClock.system());

    @Override
    protected ReportStore store() {
        return store;
    }

    @Test
    void forgetsWhatIsPastItsRetentionOnItsClock() {
        ManualClock clock = new ManualClock();
        InMemoryReportStore reports = new InMemoryReportStore(clock);
        assertThat(reports.firstReport("main", "a", Duration.ofMinutes(10))).isTrue();

        clock.advance(Duration.ofMinutes(9));
        assertThat(reports.firstReport("main", "a", Duration.ofMinutes(10))).isFalse();
        clock.advance(Duration.ofMinutes(2));
        assertThat(reports.firstReport("main", "b", Duration.ofMinutes(10))).isTrue();

        assertThat(reports.size()).as("the expired id is dropped").isEqualTo(1);
        assertThat(reports.firstReport("main", "a", Duration.ofMinutes(10))).isTrue();
    }

    @Test
    void remembersAtMostItsCapOldestFirst() {
        InMemoryReportStore reports = new InMemoryReportStore(new ManualClock(), 100);
        for (int i = 0; i < 1_000; i++) {
            assertThat(reports.firstReport("main", "id-" + i, Duration.ofDays(1)))
                    .isTrue();
        }

        assertThat(reports.size()).isEqualTo(100);
        assertThat(reports.firstReport("main", "id-999", Duration.ofDays(1))).isFalse();
        assertThat(reports.firstReport("main", "id-0", Duration.ofDays(1))).isTrue();
    }
}
