package dev.balanceguard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CampaignEstimate;
import dev.balanceguard.cost.CostEstimator;
import dev.balanceguard.cost.RateCard;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Plain Java" example, on the simulator, so the front door stays true. */
class ReadmeExampleTest {

    @Test
    void thePlainJavaExampleRunsAsWritten(@TempDir Path dir) throws Exception {
        Path rates = Files.writeString(dir.resolve("rates.csv"), """
                channel,prefix,price,currency,increment_seconds,minimum_seconds
                sms,*,0.0500,USD,,
                sms,44,0.0400,USD,,
                sms,447,0.0450,USD,,
                """);
        List<String> recipients = List.of("+447700900001", "+447700900002", "+4420 7946 0000");
        AtomicInteger sent = new AtomicInteger();
        BalanceGuard guard = BalanceGuard.builder()
                .account("main", SimulatorBalanceProvider.of("0.20", "USD"))
                .build();

        CostEstimator estimator = CostEstimator.of(RateCard.load(rates));
        CampaignEstimate estimate = estimator.sms(recipients, "Your order has shipped");

        GuardDecision decision = guard.check("main", estimate);
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.estimate()).isEqualTo(Money.of("0.13", "USD"));

        try (Reservation held = guard.reserve("main", estimate)) {
            sent.addAndGet(recipients.size());
            held.commit(estimate.total());
        }
        GuardDecision second = guard.check("main", estimate);
        assertThat(second.allowed()).isFalse();
        assertThat(second.message()).startsWith("Blocked on account 'main': short by 0.06 USD");
        assertThat(second.coverableRecipients()).hasValue(1);

        // the same in one line, with a send that returns nothing
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> guard.run("main", estimate, () -> send(recipients, sent)))
                .isInstanceOf(InsufficientBalanceException.class);
        assertThat(sent).hasValue(3);
    }

    private static void send(List<String> recipients, AtomicInteger sent) {
        sent.addAndGet(recipients.size());
    }
}
