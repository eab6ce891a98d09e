package dev.balanceguard.aspectj;

import dev.balanceguard.annotation.RequiresBalance;
import java.util.concurrent.atomic.AtomicInteger;

/** On the class: every public method keeps 50 USD in the account; others are not guarded, as with a proxy. */
@RequiresBalance(min = "50")
public class ClassLevelCampaigns {

    final AtomicInteger bodyRuns = new AtomicInteger();

    public void nightlyDigest() {
        bodyRuns.incrementAndGet();
    }

    void housekeeping() {
        bodyRuns.incrementAndGet();
    }
}
