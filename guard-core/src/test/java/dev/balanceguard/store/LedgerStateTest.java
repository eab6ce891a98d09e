package dev.balanceguard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.core.Money;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class LedgerStateTest {

    private static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    @Test
    void expiredHoldsDoNotCountAndArePrunedOnTheNextHold() {
        LedgerState state = LedgerState.EMPTY
                .withHold(new LedgerState.Hold("a", usd("5"), 1_000), 0, 0)
                .withHold(new LedgerState.Hold("b", usd("7"), 5_000), 0, 0);
        assertThat(state.totals("USD", 999, 0).reserved()).isEqualByComparingTo("12");
        assertThat(state.totals("USD", 1_000, 0).reserved()).isEqualByComparingTo("7");

        LedgerState next = state.withHold(new LedgerState.Hold("c", usd("1"), 9_000), 2_000, 0);
        assertThat(next.holds()).extracting(LedgerState.Hold::id).containsExactly("b", "c");
    }

    @Test
    void spendsInOneSecondAreKeptAsOneStampedWithTheLatest() {
        LedgerState state = LedgerState.EMPTY;
        for (int i = 0; i < 1_000; i++) {
            state = state.ending("none", new LedgerState.Spend(usd("0.01"), 10_000 + i));
        }
        state = state.ending("none", new LedgerState.Spend(usd("1"), 11_000));

        assertThat(state.spends()).hasSize(2);
        assertThat(state.spends().get(0)).isEqualTo(new LedgerState.Spend(usd("10.00"), 10_999));
        assertThat(unbooked(state, 10_500)).isEqualByComparingTo("11"); // the whole second counts: safe side
        assertThat(unbooked(state, 11_000)).isEqualByComparingTo("1");
        assertThat(unbooked(state, 11_001)).isEqualByComparingTo("0");
    }

    @Test
    void spendOlderThanTheWindowIsFoldedIntoOneEntryStampedWithItsLatestTime() {
        long hour = LedgerState.SPEND_WINDOW_MILLIS;
        LedgerState state = LedgerState.EMPTY
                .ending("none", new LedgerState.Spend(usd("1"), 1_000))
                .ending("none", new LedgerState.Spend(usd("2"), 2_000))
                .ending("none", new LedgerState.Spend(usd("4"), 3_000))
                .ending("none", new LedgerState.Spend(usd("8"), 2_500 + hour));

        assertThat(state.spends())
                .containsExactly(
                        new LedgerState.Spend(usd("3"), 2_000),
                        new LedgerState.Spend(usd("4"), 3_000),
                        new LedgerState.Spend(usd("8"), 2_500 + hour));
        assertThat(unbooked(state, 0)).isEqualByComparingTo("15");
        assertThat(unbooked(state, 1_500)).isEqualByComparingTo("15"); // the folded 1 counts too: the safe side
        assertThat(unbooked(state, 2_001)).isEqualByComparingTo("12");
    }

    @Test
    void aLapsedHoldIsNoLongerLive() {
        LedgerState state = LedgerState.EMPTY.withHold(new LedgerState.Hold("a", usd("5"), 1_000), 0, 0);

        assertThat(state.liveHold("a", 999)).isNotNull();
        assertThat(state.liveHold("a", 1_000)).isNull();
        assertThat(state.liveHold("b", 0)).isNull();
    }

    @Test
    void spendsABalanceAlreadyShowsArePrunedOnTheNextHold() {
        LedgerState state = LedgerState.EMPTY
                .ending("none", new LedgerState.Spend(usd("3"), 1_000))
                .ending("none", new LedgerState.Spend(usd("4"), 5_000))
                .withHold(new LedgerState.Hold("h", usd("1"), 99_000), 6_000, 2_000);
        assertThat(state.spends()).containsExactly(new LedgerState.Spend(usd("4"), 5_000));
        assertThat(unbooked(state, 0)).isEqualByComparingTo("4");
    }

    private static BigDecimal unbooked(LedgerState state, long since) {
        return state.totals("USD", 0, since).unbooked();
    }
}
