package dev.balanceguard.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.store.ReportedRun;
import dev.balanceguard.webhook.PriceReport;
import dev.balanceguard.webhook.RunSpend;
import dev.balanceguard.webhook.WebhookProvider;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpendReportMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SpendReportMetrics metrics = new SpendReportMetrics();

    @Test
    void reportedPricesAddUpPerAccountAndChannelAndRunsRecordTheirAccuracy() {
        metrics.bindTo(registry);

        metrics.reported(
                new PriceReport("main", WebhookProvider.TELNYX, "m1", Channel.SMS, Money.of("0.0051", "USD"), null));
        metrics.reported(
                new PriceReport("main", WebhookProvider.TELNYX, "m2", Channel.SMS, Money.of("0.0049", "USD"), "r"));
        metrics.reported(new PriceReport("main", WebhookProvider.TWILIO, "m3", Channel.SMS, null, null));
        metrics.runDone(new RunSpend("r", "main", Money.of("0.02", "USD"), 2, reported("r", "0.01")));
        metrics.runDone(new RunSpend("q", "main", null, 1, reported("q", "0.01")));

        assertThat(registry.get("balance.guard.spend.reported")
                        .tag("account", "main")
                        .tag("channel", "sms")
                        .counter()
                        .count())
                .isEqualTo(0.01, org.assertj.core.data.Offset.offset(1e-12));
        DistributionSummary accuracy = registry.get("balance.guard.spend.accuracy")
                .tag("account", "main")
                .summary();
        assertThat(accuracy.count()).isEqualTo(1);
        assertThat(accuracy.totalAmount()).isEqualTo(0.5);
    }

    @Test
    void nothingIsRecordedBeforeARegistryIsBound() {
        metrics.reported(
                new PriceReport("main", WebhookProvider.TELNYX, "m1", Channel.SMS, Money.of("1", "USD"), null));

        assertThat(registry.getMeters()).isEmpty();
    }

    private static ReportedRun reported(String run, String usd) {
        return new ReportedRun(run, List.of(new ReportedRun.Country("GB", Money.of(usd, "USD"), 1)));
    }
}
