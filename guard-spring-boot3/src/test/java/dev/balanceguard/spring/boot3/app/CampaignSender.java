package dev.balanceguard.spring.boot3.app;

import dev.balanceguard.annotation.RequiresBalance;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Service;

/** Sends campaigns from the default account or the "low" one; the guard checks before either body runs. */
@Service
public class CampaignSender {

    private final AtomicInteger bodyRuns = new AtomicInteger();

    @RequiresBalance(recipients = "#numbers", message = "#text")
    public int send(List<String> numbers, String text) {
        bodyRuns.incrementAndGet();
        return numbers.size();
    }

    @RequiresBalance(account = "low", recipients = "#numbers", message = "#text")
    public int sendFromLow(List<String> numbers, String text) {
        bodyRuns.incrementAndGet();
        return numbers.size();
    }

    public int bodyRuns() {
        return bodyRuns.get();
    }
}
