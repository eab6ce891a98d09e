package dev.balanceguard.test.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.core.Money;
import dev.balanceguard.store.ReportStore;
import dev.balanceguard.store.ReportedRun;
import dev.balanceguard.store.RunCharge;
import dev.balanceguard.test.Eventually;
import java.math.BigDecimal;
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

    @Test
    void aFirstReportAddsItsPriceToItsRunExactlyAndARepeatAddsNothing() {
        String run = "run-" + UUID.randomUUID();
        assertThat(store().reportedRun(account, run)).isEqualTo(ReportedRun.none(run));
        assertThat(store().firstReport(account, "twilio:SM1", DAY, charge(run, "GB", "0.0075")))
                .isTrue();
        assertThat(store().firstReport(account, "twilio:SM1", DAY, charge(run, "GB", "0.0075")))
                .isFalse();
        assertThat(store().firstReport(account, "twilio:SM2", DAY, charge(run, "GB", "0.000000000001")))
                .isTrue();
        assertThat(store().firstReport(account, "twilio:SM3", DAY, charge(run, "US", "0.1")))
                .isTrue();
        assertThat(store().firstReport(account, "twilio:SM4", DAY, charge(run, "US", "0.2")))
                .isTrue();
        assertThat(store().firstReport(account, "twilio:SM5", DAY, null)).isTrue();

        ReportedRun reported = store().reportedRun(account, run);
        assertThat(reported.countries())
                .containsExactly(
                        new ReportedRun.Country("GB", Money.of("0.007500000001", "USD"), 2),
                        new ReportedRun.Country("US", Money.of("0.3", "USD"), 2));
        assertThat(reported.actual()).contains(Money.of("0.307500000001", "USD"));
        assertThat(reported.messages()).isEqualTo(4);
    }

    @Test
    void largeAndTinyPricesAddUpWithoutRounding() {
        String run = "run-" + UUID.randomUUID();
        String big = "399999999999999999.999999999999";
        assertThat(store().firstReport(account, "plivo:1", DAY, charge(run, "IN", big)))
                .isTrue();
        assertThat(store().firstReport(account, "plivo:2", DAY, charge(run, "IN", big)))
                .isTrue();
        for (int i = 0; i < 3; i++) {
            assertThat(store().firstReport(account, "plivo:t" + i, DAY, charge(run, "IN", "0.999999999999")))
                    .isTrue();
        }
        assertThat(store().reportedRun(account, run).actual())
                .map(Money::amount)
                .contains(new BigDecimal(big).multiply(BigDecimal.valueOf(2)).add(new BigDecimal("2.999999999997")));
    }

    @Test
    void aRunsReportsSplitAcrossReplicasAddUpOnceOnEveryReplica() throws Exception {
        String run = "run-" + UUID.randomUUID();
        int messages = 40;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                RunCharge charge = charge(run, i % 2 == 0 ? "DE" : "FR", "0.0" + (i % 10) + "1");
                String id = "telnyx:m" + i;
                // every message is delivered to both replicas, and twice to one of them
                for (ReportStore replica : List.of(store(), otherReplica(), i % 3 == 0 ? store() : otherReplica())) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return replica.firstReport(account, id, DAY, charge);
                    }));
                }
            }
            start.countDown();
            int first = 0;
            for (Future<Boolean> result : results) {
                first += result.get() ? 1 : 0;
            }
            assertThat(first).isEqualTo(messages);
        } finally {
            pool.shutdownNow();
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < messages; i++) {
            sum = sum.add(new BigDecimal("0.0" + (i % 10) + "1"));
        }
        BigDecimal expected = sum;
        for (ReportStore replica : List.of(store(), otherReplica())) {
            ReportedRun reported = replica.reportedRun(account, run);
            assertThat(reported.messages()).isEqualTo(messages);
            assertThat(reported.actual())
                    .map(Money::amount)
                    .hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo(expected));
            assertThat(reported.countries())
                    .extracting(ReportedRun.Country::country)
                    .containsExactly("DE", "FR");
        }
    }

    @Test
    void aPriceInAnotherUnitThanTheRunsCountsButIsNotAdded() {
        String run = "run-" + UUID.randomUUID();
        assertThat(store().firstReport(account, "vonage:1", DAY, charge(run, "GB", "0.04")))
                .isTrue();
        assertThat(store().firstReport(account, "vonage:2", DAY, new RunCharge(run, "GB", Money.of("0.05", "EUR"))))
                .isTrue();
        assertThat(store().firstReport(account, "vonage:2", DAY, charge(run, "GB", "0.05")))
                .isFalse();
        assertThat(store().reportedRun(account, run).countries())
                .containsExactly(new ReportedRun.Country("GB", Money.of("0.04", "USD"), 1));
    }

    @Test
    void runsAndAccountsAreSeparate() {
        String run = "run-" + UUID.randomUUID();
        assertThat(store().firstReport(account, "telnyx:a", DAY, charge(run, "GB", "1")))
                .isTrue();
        assertThat(store().firstReport(account, "telnyx:b", DAY, charge(run + "x", "GB", "2")))
                .isTrue();
        assertThat(store().firstReport(account + "-other", "telnyx:a", DAY, charge(run, "GB", "4")))
                .isTrue();
        assertThat(store().reportedRun(account, run).actual()).contains(Money.of("1", "USD"));
        assertThat(store().reportedRun(account + "-other", run).actual()).contains(Money.of("4", "USD"));
        assertThat(otherReplica().reportedRun(account, run + "x").actual()).contains(Money.of("2", "USD"));
    }

    private static RunCharge charge(String run, String country, String usd) {
        return new RunCharge(run, country, Money.of(usd, "USD"));
    }
}
