package dev.balanceguard;

import static dev.balanceguard.GuardTesting.cost;
import static dev.balanceguard.GuardTesting.usd;
import static dev.balanceguard.ManualGuards.manualGuard;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.test.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One misbehaving listener hides no event from the others, and its failure is logged once, by the core. */
class ListenersTest {

    private final ManualClock clock = new ManualClock();
    private final SimulatorBalanceProvider provider = SimulatorBalanceProvider.of("100", "USD");
    private final Logger log = Logger.getLogger(GuardListener.class.getName());
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level previous;

    @BeforeEach
    void captureLog() {
        previous = log.getLevel();
        log.setLevel(Level.ALL);
        log.addHandler(capture);
    }

    @AfterEach
    void restoreLog() {
        log.removeHandler(capture);
        log.setLevel(previous);
    }

    /** Throws on every event, after counting it. */
    private static final class Broken implements GuardListener {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void onDecision(GuardDecision decision) {
            calls.incrementAndGet();
            throw new IllegalStateException("broken listener");
        }

        @Override
        public void onFetch(FetchEvent event) {
            calls.incrementAndGet();
            throw new IllegalStateException("broken listener");
        }

        @Override
        public void onLowBalance(LowBalanceEvent event) {
            calls.incrementAndGet();
            throw new IllegalStateException("broken listener");
        }
    }

    private static final class Recording implements GuardListener {
        final List<Object> heard = new ArrayList<>();

        @Override
        public void onDecision(GuardDecision decision) {
            heard.add(decision);
        }

        @Override
        public void onFetch(FetchEvent event) {
            heard.add(event);
        }

        @Override
        public void onLowBalance(LowBalanceEvent event) {
            heard.add(event);
        }
    }

    @Test
    void aThrowingListenerHidesNothingFromTheOthersAndIsWarnedAboutOnce() {
        Broken broken = new Broken();
        Recording before = new Recording();
        Recording after = new Recording();
        BalanceGuard guard = manualGuard(clock, provider)
                .defaultPolicy(
                        GuardPolicy.builder().lowBalanceThreshold(usd("500")).build())
                .listener(before)
                .listener(broken)
                .listener(after)
                .build();

        GuardDecision first = guard.check("main", cost("1"));
        GuardDecision second = guard.check("main", cost("2"));

        assertThat(broken.calls).hasValue(4); // fetch, low-balance crossing, two decisions
        assertThat(after.heard)
                .hasSize(4)
                .contains(first, second)
                .anySatisfy(e -> assertThat(e).isInstanceOf(FetchEvent.class))
                .anySatisfy(e -> assertThat(e).isInstanceOf(LowBalanceEvent.class));
        assertThat(after.heard).isEqualTo(before.heard);
        assertThat(guard.snapshot("main").lastDecision()).contains(second);

        assertThat(records).hasSize(4).allSatisfy(r -> {
            assertThat(r.getMessage()).contains(Broken.class.getName());
            assertThat(r.getThrown()).hasMessage("broken listener");
        });
        assertThat(records.stream().filter(r -> r.getLevel() == Level.WARNING)).hasSize(1);
        assertThat(records.get(0).getLevel()).isEqualTo(Level.WARNING);
        assertThat(records.get(0).getMessage()).contains("failed on a fetch");
    }

    @Test
    void listenersLookedUpLaterHearEventsFromTheFirstOn() {
        Recording fixed = new Recording();
        Recording late = new Recording();
        AtomicInteger lookups = new AtomicInteger();
        BalanceGuard guard = manualGuard(clock, provider)
                .listener(fixed)
                .listeners(() -> {
                    lookups.incrementAndGet();
                    return List.of(new Broken(), late);
                })
                .build();
        assertThat(lookups).hasValue(0);

        guard.check("main", cost("1"));
        guard.check("main", cost("1"));

        assertThat(lookups).hasValue(1);
        assertThat(late.heard).hasSize(3).isEqualTo(fixed.heard);
        assertThat(records.stream().filter(r -> r.getLevel() == Level.WARNING)).hasSize(1);
    }

    @Test
    void aLookupThatFailsIsTriedAgainAndTheFixedListenersStillHear() {
        Recording fixed = new Recording();
        Recording late = new Recording();
        AtomicInteger lookups = new AtomicInteger();
        BalanceGuard guard = manualGuard(clock, provider)
                .listener(fixed)
                .listeners(() -> {
                    if (lookups.incrementAndGet() == 1) {
                        throw new IllegalStateException("not ready");
                    }
                    return List.of(late);
                })
                .build();

        guard.check("main", cost("1")); // fetch (lookup fails) and decision (lookup succeeds)

        assertThat(fixed.heard).hasSize(2);
        assertThat(late.heard).hasSize(1);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
            assertThat(r.getThrown()).hasMessage("not ready");
        });
    }

    @Test
    void aReservationIsHeardWithTheIdThatNamesItsRunAndItsEstimate() {
        List<Reservation> reserved = new CopyOnWriteArrayList<>();
        BalanceGuard guard = manualGuard(clock, provider)
                .listener(new GuardListener() {
                    @Override
                    public void onReserved(Reservation reservation) {
                        reserved.add(reservation);
                    }
                })
                .build();

        Reservation held = guard.reserve("main", cost("12.50"), java.math.BigDecimal.ZERO);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> guard.reserve("main", cost("500"), java.math.BigDecimal.ZERO));

        assertThat(reserved).singleElement().isSameAs(held);
        assertThat(reserved.get(0).decision().estimate()).isEqualTo(usd("12.50"));
        held.release();
    }
}
