package dev.balanceguard;

import static dev.balanceguard.GuardTesting.cost;
import static dev.balanceguard.GuardTesting.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.GuardDecision.Reason;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.store.SharedReading;
import dev.balanceguard.store.StoreException;
import dev.balanceguard.test.ManualClock;
import dev.balanceguard.test.SwitchableLedgerStore;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class StoreOutageTest {

    private final ManualClock clock = new ManualClock();
    private final SwitchableLedgerStore store = new SwitchableLedgerStore(clock);
    private final List<StoreEvent> events = new CopyOnWriteArrayList<>();

    private BalanceGuard guard(GuardPolicy policy) {
        return ManualGuards.manualGuard(clock, SimulatorBalanceProvider.of("100", "USD"))
                .ledger(store)
                .defaultPolicy(policy)
                .listener(new GuardListener() {
                    @Override
                    public void onStoreOperation(StoreEvent event) {
                        events.add(event);
                    }
                })
                .build();
    }

    @Test
    void withoutTheStoreEveryRunIsRefusedEvenUnderFailOpen() {
        BalanceGuard guard = guard(GuardPolicy.builder()
                .whenUnknown(GuardPolicy.WhenUnknown.FAIL_OPEN)
                .build());
        store.down(true);

        GuardDecision check = guard.check("main", cost("1"));
        assertThat(check.allowed()).isFalse();
        assertThat(check.reason()).isEqualTo(Reason.STORE_UNAVAILABLE);
        assertThat(check.detail()).hasValueSatisfying(d -> assertThat(d).contains("connection refused"));
        assertThatThrownBy(() -> guard.reserve("main", cost("1")))
                .isInstanceOfSatisfying(
                        InsufficientBalanceException.class,
                        e -> assertThat(e.decision().reason()).isEqualTo(Reason.STORE_UNAVAILABLE));

        store.down(false);
        assertThat(guard.check("main", cost("1")).allowed()).isTrue();
    }

    @Test
    void withoutTheStoreNoSharedReadingEitherAndARunIsRefusedForWantOfTheStoreNotOfMoney() {
        // a replica that starts while the store is down: no reading cached, none to be had from the fleet
        ReadingStore readings = new ReadingStore() {
            @Override
            public Snapshot read(String account) {
                throw new StoreException("switchable", "connection refused", null);
            }

            @Override
            public OptionalLong claimFetch(String account, String claimant, long leaseMillis, SharedReading seen) {
                throw new StoreException("switchable", "connection refused", null);
            }

            @Override
            public void publish(String account, String claimant, SharedReading reading) {
                throw new StoreException("switchable", "connection refused", null);
            }

            @Override
            public boolean publishAfter(
                    String account, String claimant, @Nullable SharedReading seen, SharedReading reading) {
                throw new StoreException("switchable", "connection refused", null);
            }

            @Override
            public void invalidate(String account) {
                throw new StoreException("switchable", "connection refused", null);
            }
        };
        store.down(true);
        BalanceGuard guard = ManualGuards.manualGuard(clock, SimulatorBalanceProvider.of("100", "USD"))
                .ledger(store)
                .readings(readings)
                .defaultPolicy(GuardPolicy.builder()
                        .whenUnknown(GuardPolicy.WhenUnknown.FAIL_OPEN)
                        .build())
                .build();

        GuardDecision check = guard.check("main", cost("1"));
        assertThat(check.reason()).isEqualTo(Reason.STORE_UNAVAILABLE);
        assertThat(check.allowed()).isFalse();
        assertThat(check.detail()).hasValueSatisfying(d -> assertThat(d).contains("connection refused"));
        assertThatThrownBy(() -> guard.reserve("main", cost("1")))
                .isInstanceOfSatisfying(
                        InsufficientBalanceException.class,
                        e -> assertThat(e.decision().reason()).isEqualTo(Reason.STORE_UNAVAILABLE));
    }

    @Test
    void aCommitTheStoreMissedCanBeRetriedAndCountsOnce() {
        BalanceGuard guard = guard(GuardPolicy.defaults());
        Reservation held = guard.reserve("main", cost("60"));
        store.down(true);

        assertThatThrownBy(() -> held.commit(usd("60"))).isInstanceOf(StoreException.class);
        store.down(false);
        held.commit(usd("60"));
        held.commit(usd("60"));

        GuardDecision after = guard.check("main", cost("0"));
        assertThat(after.unbookedSpend()).isEqualTo(usd("60"));
        assertThat(after.reserved()).isEqualTo(usd("0"));
    }

    @Test
    void everyOperationOnASharedStoreIsReportedWithItsOutcome() {
        BalanceGuard guard = guard(GuardPolicy.defaults());
        guard.reserve("main", cost("1")).release();
        store.down(true);
        guard.check("main", cost("1"));

        assertThat(events)
                .extracting(StoreEvent::operation, StoreEvent::outcome)
                .containsExactly(
                        // the fetch's reading is set against the ledger (observed spend: what runs hold at it)
                        org.assertj.core.groups.Tuple.tuple("totals", "success"),
                        org.assertj.core.groups.Tuple.tuple("reserve", "success"),
                        org.assertj.core.groups.Tuple.tuple("end", "success"),
                        org.assertj.core.groups.Tuple.tuple("totals", "failure"));
        assertThat(events).allSatisfy(e -> assertThat(e.store()).isEqualTo("switchable"));
    }
}
