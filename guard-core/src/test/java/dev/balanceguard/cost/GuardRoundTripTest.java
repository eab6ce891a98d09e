package dev.balanceguard.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.core.Money;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** From a CSV rate card and a recipient list to the guard's decision. */
class GuardRoundTripTest {

    private static final RateCard CARD = RateCard.parse(new StringReader("""
            channel,prefix,price,currency,increment_seconds,minimum_seconds
            sms,*,0.0500,USD,,
            sms,44,0.0400,USD,,
            sms,447,0.0450,USD,,
            voice,91,0.0120,USD,60,60
            voice,1,0.0140,USD,1,1
            """), "rates.csv");

    private final BalanceGuard guard = BalanceGuard.builder()
            .account("main", SimulatorBalanceProvider.of("10", "USD"))
            .build();

    @Test
    void anAffordableCampaignIsAllowed() {
        // 100 UK mobiles, 2 segments each: 100 * 2 * 0.045 = 9.00 USD of 10.
        CampaignEstimate estimate = new CostEstimator(CARD).sms(ukMobiles(100), "a".repeat(161));
        assertThat(estimate.total()).isEqualTo(Money.of("9", "USD"));

        GuardDecision decision = guard.check("main", estimate);

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.estimate()).isEqualTo(Money.of("9", "USD"));
        assertThat(decision.recipients()).isEqualTo(100);
    }

    @Test
    void aCampaignBeyondTheBalanceIsBlockedWithTheCoverablePart() {
        // 200 UK mobiles in UCS-2 (one emoji), 71 units = 2 segments: 200 * 2 * 0.045 = 18.00 USD.
        CampaignEstimate estimate = new CostEstimator(CARD).sms(ukMobiles(200), "🎉" + "x".repeat(69));
        assertThat(estimate.encoding()).contains(Encoding.UCS_2);

        GuardDecision decision = guard.check("main", estimate);

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.shortfall()).isEqualTo(Money.of("8", "USD"));
        // 10 USD pays for 111 messages at 0.09.
        assertThat(decision.coverableRecipients()).hasValue(111);
        assertThat(estimate.coverableRecipients(Money.of("10", "USD"))).hasValue(111);
    }

    private static List<String> ukMobiles(int count) {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            numbers.add(String.format("+44 7700 %06d", i));
        }
        return numbers;
    }
}
