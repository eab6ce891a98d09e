package dev.balanceguard;

import static dev.balanceguard.GuardTesting.cost;
import static dev.balanceguard.GuardTesting.dec;
import static dev.balanceguard.GuardTesting.usd;
import static dev.balanceguard.ManualGuards.manualGuard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.core.Money;
import dev.balanceguard.core.UnitMismatchException;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.test.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReservationTest {

    private final ManualClock clock = new ManualClock();
    private final SimulatorBalanceProvider provider = SimulatorBalanceProvider.of("100", "USD");
    private final BalanceGuard guard =
            manualGuard(clock, provider).lease(Duration.ofMinutes(10)).build();

    @Test
    void holdsCountAgainstLaterChecksUntilReleased() {
        Reservation first = guard.reserve("main", cost("60"));
        assertThat(first.amount()).isEqualTo(usd("60"));
        assertThat(first.decision().allowed()).isTrue();

        GuardDecision second = guard.check("main", cost("50"));
        assertThat(second.allowed()).isFalse();
        assertThat(second.reserved()).isEqualTo(usd("60"));
        assertThat(second.shortfall()).isEqualTo(usd("10"));

        first.release();
        assertThat(guard.check("main", cost("50")).allowed()).isTrue();
    }

    @Test
    void aRefusedReserveThrowsWithTheDecision() {
        assertThatThrownBy(() -> guard.reserve("main", cost("90"), dec("20")))
                .isInstanceOfSatisfying(InsufficientBalanceException.class, e -> {
                    assertThat(e.decision().shortfall()).isEqualTo(usd("10"));
                    assertThat(e.getMessage()).isEqualTo(e.decision().message());
                });
        assertThat(guard.snapshot("main").reserved()).contains(usd("0"));
    }

    @Test
    void closingWithoutCommitReleasesAndEndingIsIdempotent() {
        Reservation r;
        try (Reservation held = guard.reserve("main", cost("100"))) {
            r = held;
            assertThat(guard.check("main", cost("0.01")).allowed()).isFalse();
        }
        assertThat(guard.check("main", cost("100")).allowed()).isTrue();
        r.commit(usd("100")); // after release: ignored
        assertThat(guard.check("main", cost("100")).allowed()).isTrue();
    }

    @Test
    void commitRecordsTheActualSpend() {
        Reservation r = guard.reserve("main", cost("40"));
        r.commit(usd("35"));
        r.release();
        GuardDecision d = guard.check("main", cost("65"));
        assertThat(d.allowed()).isTrue();
        assertThat(d.unbookedSpend()).isEqualTo(usd("35"));
        assertThat(d.reserved()).isEqualTo(usd("0"));
        assertThatThrownBy(() -> guard.reserve("main", cost("1")).commit(Money.of("1", "EUR")))
                .isInstanceOf(UnitMismatchException.class);
    }

    @Test
    void anExpiredLeaseFreesTheFunds() {
        Reservation crashed = guard.reserve("main", cost("80"));
        assertThat(crashed.expiresAt()).isEqualTo(clock.now().plus(Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(9));
        assertThat(guard.check("main", cost("30")).allowed()).isFalse();

        clock.advance(Duration.ofMinutes(1));
        assertThat(guard.check("main", cost("30")).allowed()).isTrue();
        Reservation next = guard.reserve("main", cost("30"));
        assertThat(guard.snapshot("main").reserved()).contains(usd("30"));
        next.release();
    }

    @Test
    void runCommitsTheEstimateAndARefusedRunNeverStarts() {
        AtomicInteger sent = new AtomicInteger();
        assertThat(guard.run("main", cost("30"), sent::incrementAndGet)).isEqualTo(1);
        assertThat(guard.check("main", cost("70")).unbookedSpend()).isEqualTo(usd("30"));

        assertThatThrownBy(() -> guard.run("main", usd("71"), sent::incrementAndGet))
                .isInstanceOf(InsufficientBalanceException.class);
        assertThat(sent).hasValue(1); // the refused run never started
    }

    @Test
    void workThatReturnsNothingRunsAsAVoidLambdaAndAValueStillComesBack() {
        List<String> outbox = new ArrayList<>();
        guard.run("main", cost("30"), () -> send(outbox, "+447700900001")); // send returns void
        assertThat(outbox).containsExactly("+447700900001");
        assertThat(guard.check("main", cost("1")).unbookedSpend()).isEqualTo(usd("30"));

        String receipt = guard.run("main", cost("20"), () -> receipt(outbox)); // a value still picks the Supplier
        assertThat(receipt).isEqualTo("sent 1");
        assertThat(guard.check("main", cost("1")).unbookedSpend()).isEqualTo(usd("50"));

        assertThatThrownBy(() -> guard.run("main", cost("51"), () -> send(outbox, "+447700900002")))
                .isInstanceOf(InsufficientBalanceException.class);
        assertThat(outbox).hasSize(1); // the refused run never started
    }

    @Test
    void voidWorkCanNameTheFailuresThatSpendNothing() {
        List<String> outbox = new ArrayList<>();
        assertThatThrownBy(() -> guard.run(
                        "main", cost("40"), Set.of(IllegalArgumentException.class), () -> send(outbox, "not a number")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(guard.check("main", cost("100")).unbookedSpend()).isEqualTo(usd("0")); // released

        assertThatThrownBy(() -> guard.run(
                        "main", cost("40"), Set.of(IllegalArgumentException.class), () -> send(null, "+447700900001")))
                .isInstanceOf(NullPointerException.class);
        assertThat(guard.check("main", cost("1")).unbookedSpend()).isEqualTo(usd("40")); // counted as spent
    }

    private static void send(List<String> outbox, String number) {
        if (!number.startsWith("+")) {
            throw new IllegalArgumentException("not E.164: " + number);
        }
        outbox.add(number);
    }

    private static String receipt(List<String> outbox) {
        return "sent " + outbox.size();
    }

    @Test
    void aRunThatThrowsCountsTheEstimateAsSpentAndRefreshesTheBalance() {
        guard.check("main", cost("1"));
        long fetches = provider.fetchCount();

        assertThatThrownBy(() -> guard.run("main", cost("40"), () -> {
                    throw new IllegalStateException("gateway down after 200 of 500 messages");
                }))
                .hasMessageContaining("gateway down");

        GuardDecision next = guard.check("main", cost("60.01"));
        assertThat(provider.fetchCount()).isEqualTo(fetches + 1); // the balance was fetched afresh
        assertThat(next.source()).isEqualTo(BalanceSource.FRESH);
        assertThat(next.reserved()).isEqualTo(usd("0"));
        assertThat(next.unbookedSpend()).isEqualTo(usd("40")); // the provider has not booked it at this instant
        assertThat(next.allowed()).isFalse();

        // once the provider books the spend, a reading taken after the failure replaces the guess
        clock.advance(Duration.ofSeconds(1));
        provider.spend(usd("40"));
        guard.invalidate("main");
        GuardDecision booked = guard.check("main", cost("60"));
        assertThat(booked.balance()).contains(usd("60"));
        assertThat(booked.unbookedSpend()).isEqualTo(usd("0"));
        assertThat(booked.allowed()).isTrue();
    }

    @Test
    void aFailureDeclaredAsSpendingNothingReleases() {
        guard.check("main", cost("1"));
        long fetches = provider.fetchCount();

        assertThatThrownBy(() -> guard.run("main", cost("40"), Set.of(IllegalArgumentException.class), () -> {
                    throw new NumberFormatException("bad template"); // an IllegalArgumentException
                }))
                .isInstanceOf(NumberFormatException.class);

        GuardDecision next = guard.check("main", cost("100"));
        assertThat(next.allowed()).isTrue();
        assertThat(next.unbookedSpend()).isEqualTo(usd("0"));
        assertThat(provider.fetchCount()).isEqualTo(fetches);
    }

    @Test
    void failIsIdempotentAndDoesNothingAfterTheHoldEnded() {
        guard.check("main", cost("1"));
        long fetches = provider.fetchCount();
        Reservation committed = guard.reserve("main", cost("10"));
        committed.commit(usd("10"));

        committed.fail(new IllegalStateException(), Set.of());

        assertThat(guard.snapshot("main").balance()).isPresent();
        assertThat(guard.check("main", cost("1")).unbookedSpend()).isEqualTo(usd("10"));
        assertThat(provider.fetchCount()).isEqualTo(fetches);
    }
}
