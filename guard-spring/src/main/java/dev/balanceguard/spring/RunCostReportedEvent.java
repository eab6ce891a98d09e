package dev.balanceguard.spring;

import dev.balanceguard.webhook.PriceReport;
import dev.balanceguard.webhook.RunSpend;
import java.util.List;
import org.springframework.context.ApplicationEvent;

/**
 * A provider's signed webhook reported what one of a run's messages cost (balance-guard.webhooks): published once
 * per message, on the thread that counted it, with the run's estimate against all its reported prices so far, in all
 * and per destination country. The source is the run.
 */
public class RunCostReportedEvent extends ApplicationEvent {

    private final transient PriceReport report;

    public RunCostReportedEvent(RunSpend run, PriceReport report) {
        super(run);
        this.report = report;
    }

    /** The run: its id, estimate and the prices reported for it so far. */
    public RunSpend run() {
        return (RunSpend) getSource();
    }

    /**
     * Per destination country: estimated, reported, messages and the difference ({@link RunSpend#byCountry()}); only
     * ISO country codes.
     */
    public List<RunSpend.CountrySpend> countries() {
        return run().byCountry();
    }

    /** The report that was counted. */
    public PriceReport report() {
        return report;
    }

    /** The configured account name. */
    public String account() {
        return run().account();
    }
}
