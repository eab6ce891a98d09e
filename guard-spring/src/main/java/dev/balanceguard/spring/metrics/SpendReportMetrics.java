package dev.balanceguard.spring.metrics;

import dev.balanceguard.webhook.PriceReport;
import dev.balanceguard.webhook.RunSpend;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * What the providers' signed webhooks reported (balance-guard.webhooks):
 * <ul>
 *   <li>{@code balance.guard.spend.reported} (counter; account, channel): the prices reported, each message once,
 *       in the account's currency.</li>
 *   <li>{@code balance.guard.spend.accuracy} (distribution summary; account): per run, its reported prices over its
 *       estimate (1 is exact, above 1 the estimate was low), recorded once per run: when its reports are complete
 *       (as many as its recipients), else when it leaves the recent runs' window.</li>
 * </ul>
 */
public class SpendReportMetrics implements MeterBinder {

    private volatile @Nullable MeterRegistry registry;

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A price report was counted. */
    public void reported(PriceReport report) {
        MeterRegistry r = registry;
        if (r == null || report.price() == null) {
            return;
        }
        Counter.builder("balance.guard.spend.reported")
                .description("Prices the providers' signed webhooks reported, each message once")
                .baseUnit(report.price().unit())
                .tag("account", report.account())
                .tag("channel", report.channel().id())
                .register(r)
                .increment(report.price().amount().doubleValue());
    }

    /** A run's reports are complete, or it left the recent window: its accuracy, when it has both figures. */
    public void runDone(RunSpend run) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        run.accuracy()
                .ifPresent(accuracy -> DistributionSummary.builder("balance.guard.spend.accuracy")
                        .description("Per run: the prices reported for it over its estimate (1 is exact)")
                        .tag("account", run.account())
                        .register(r)
                        .record(accuracy.doubleValue()));
    }
}
