package dev.balanceguard.test.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.store.ReportStore;
import dev.balanceguard.test.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ReportStore} passes (the rules are on {@link ReportStore}): extend it and return the
 * store under test from {@link #store()}, running against the real server. {@link #otherReplica()} is a second
 * store object on the same data, as another JVM of the fleet would have.
 */
public abstract class ReportStoreContract {

    private static final Duration DAY = Duration.ofDays(1);

    protected abstract ReportStore store();

    /** Another store on the same data (another connection, another pool); the same object when there is none. */
    protected ReportStore otherReplica() {
        return store();
    }

    private final String account = "acct-" + UUID.randomUUID();

    @Test
    void theFirstReportCountsAndARepeatDoesNot() {
        assertThat(store().firstReport(account, "telnyx:msg-1", DAY)).isTrue();
        assertThat(store().firstReport(account, "telnyx:msg-1", DAY)).isFalse();
        assertThat(store().firstReport(account, "telnyx:msg-2", DAY)).isTrue();
    }

    @Test
    void aReportCountsOnceAcrossReplicas() {
        assertThat(store().firstReport(account, "twilio:SM1", DAY)).isTrue();
        assertThat(otherReplica().firstReport(account, "twilio:SM1", DAY)).isFalse();
        assertThat(otherReplica().firstReport(account, "twilio:SM2", DAY)).isTrue();
        assertThat(store().firstReport(account, "twilio:SM2", DAY)).isFalse();
    }

    @Test
    void accountsAreSeparate() {
        assertThat(store().firstReport(account, "plivo:abc", DAY)).isTrue();
        assertThat(store().firstReport(account + "-other", "plivo:abc", DAY)).isTrue();
    }

    @Test
    void ofConcurrentDeliveriesExactlyOneCounts() throws Exception {
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            for (int round = 0; round < 20; round++) {
                String id = "vonage:" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    ReportStore replica = i % 2 == 0 ? store() : otherReplica();
                    Callable<Boolean> call = () -> {
                        start.await();
                        return replica.firstReport(account, id, DAY);
                    };
                    results.add(pool.submit(call));
                }
                start.countDown();
                int first = 0;
                for (Future<Boolean> result : results) {
                    first += result.get() ? 1 : 0;
                }
                assertThat(first).as("reports of %s that counted", id).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anIdPastItsRetentionCountsAgain() {
        Duration retention = Duration.ofMillis(300);
        assertThat(store().firstReport(account, "telnyx:old", retention)).isTrue();
        assertThat(store().firstReport(account, "telnyx:kept", DAY)).isTrue();

        Eventually.until(
                "the report past its retention counts again", () -> store().firstReport(account, "telnyx:old", DAY));
        assertThat(store().firstReport(account, "telnyx:old", DAY)).isFalse();
        assertThat(store().firstReport(account, "telnyx:kept", DAY)).isFalse();
    }

    @Test
    void longIdsAndAnyCharactersAreIdsLikeAnyOther() {
        String id = "twilio:" + "x".repeat(190) + "é'\"%{}";
        assertThat(store().firstReport(account, id, DAY)).isTrue();
        assertThat(store().firstReport(account, id, DAY)).isFalse();
        assertThat(store().firstReport(account, id.substring(0, id.length() - 1), DAY))
                .isTrue();
    }
}
