package dev.balanceguard.examples.campaigns;

import dev.balanceguard.GuardDecision;
import dev.balanceguard.GuardListener;
import dev.balanceguard.StoreEvent;
import dev.balanceguard.core.SafeText;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Component;

/**
 * The log of the shared store's outages: what the store said (host, port, SQL state, tables: for operators, never for
 * clients, who get a generic 503) once when runs start being refused for want of it, and once when it answers again;
 * not once per refused request. A {@link GuardListener} bean, so the guard tells it when a store operation succeeds.
 */
@Component
class StoreOutageLog implements GuardListener {

    private static final Log LOG = LogFactory.getLog(StoreOutageLog.class);
    /** How much of the store's own words a log line keeps. */
    private static final int DETAIL = 2_000;

    private final AtomicBoolean down = new AtomicBoolean();

    /** A run was refused because the store did not answer: logged if the store was thought up until now. */
    void refused(GuardDecision decision) {
        if (down.compareAndSet(false, true)) {
            LOG.warn("balance-guard's shared store did not answer; campaigns are refused (503) until it does: "
                    + SafeText.clean(decision.detail().orElse("no detail"), DETAIL));
        }
    }

    /** An operation on the store succeeded: logged if the store was down until now. */
    @Override
    public void onStoreOperation(StoreEvent event) {
        if (event.succeeded() && down.compareAndSet(true, false)) {
            LOG.info("balance-guard's shared store (" + event.store() + ") answers again; campaigns are checked as "
                    + "before");
        }
    }

    boolean down() {
        return down.get();
    }
}
