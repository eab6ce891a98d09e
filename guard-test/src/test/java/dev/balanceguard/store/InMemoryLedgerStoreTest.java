package dev.balanceguard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.core.GuardClock;
import dev.balanceguard.core.Money;
import dev.balanceguard.test.ManualClock;
import dev.balanceguard.test.store.LedgerStoreContract;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The in-memory store: the contract, and what it remembers staying bounded. */
class InMemoryLedgerStoreTest extends LedgerStoreContract {

    private final LedgerStore store = new InMemoryLedgerStore(GuardClock.system());

    @Override
    protected LedgerStore store() {
        return store;
    }

    /** A steady stream of runs, on a clock the test moves: what the store remembers must stay bounded. */
    @Nested
    class BoundedMemory {

        private final ManualClock clock = new ManualClock();
        private final InMemoryLedgerStore memory = new InMemoryLedgerStore(clock);

        /** One run: hold, then commit; no balance is fetched meanwhile, so no spend is shown by one. */
        private void run(String id, String amount) {
            Money money = usd(amount);
            assertThat(memory.reserve("main", new HoldRequest(id, money, null, 60_000, 0))
                            .held())
                    .isTrue();
            assertThat(memory.end("main", id, money)).isTrue();
        }

        private BigDecimal unbooked() {
            return memory.totals("main", "USD", 0).unbooked();
        }

        @Test
        void committedIdsOutsideTheirWindowAreForgottenAndOldSpendIsFoldedNeverLost() {
            int seconds = 3 * 60 * 60;
            for (int i = 0; i < seconds; i++) {
                run("run-" + i, "0.01");
                clock.advance(Duration.ofSeconds(1));
            }

            int perWindow = (int) (InMemoryLedgerStore.COMMITTED_IDS_MILLIS / 1000);
            assertThat(memory.committedIds("main")).isBetween(perWindow - 1, perWindow + 1);
            assertThat(memory.state("main").spends().size()).isLessThanOrEqualTo(perWindow + 2);
            assertThat(unbooked()).isEqualByComparingTo("108.00"); // every cent still counts

            // a repeat within the window records nothing; one of an id forgotten two hours ago counts again
            assertThat(memory.end("main", "run-" + (seconds - 10), usd("5"))).isFalse();
            assertThat(unbooked()).isEqualByComparingTo("108.00");
            memory.end("main", "run-0", usd("5"));
            assertThat(unbooked()).isEqualByComparingTo("113.00");
        }

        @Test
        void atMostTheLatestCommittedIdsAreRememberedHoweverFastTheyCome() {
            int runs = InMemoryLedgerStore.COMMITTED_IDS_MAX + 500;
            for (int i = 0; i < runs; i++) {
                run("run-" + i, "0.01");
            }

            assertThat(memory.committedIds("main")).isEqualTo(InMemoryLedgerStore.COMMITTED_IDS_MAX);
            assertThat(memory.state("main").spends()).hasSize(1); // one second of spend
            assertThat(memory.end("main", "run-" + (runs - 1), usd("5"))).isFalse();
            assertThat(unbooked()).isEqualByComparingTo(new BigDecimal(runs).movePointLeft(2));
        }

        @Test
        void spendANewerBalanceShowsIsDroppedWithTheNextHold() {
            for (int i = 0; i < 100; i++) {
                run("run-" + i, "1");
                clock.advance(Duration.ofSeconds(1));
            }
            assertThat(memory.state("main").spends()).hasSize(100);

            long fetchedNow = clock.millis();
            memory.reserve("main", new HoldRequest("next", usd("1"), usd("10"), 60_000, fetchedNow));

            assertThat(memory.state("main").spends()).isEmpty();
            assertThat(memory.state("main").holds())
                    .extracting(LedgerState.Hold::id)
                    .containsExactly("next");
        }
    }
}
