package dev.balanceguard.spring.autoconfigure.woven;

import dev.balanceguard.annotation.RequiresBalance;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Counts every body execution, so a test can prove a refused call ran none of it. */
@Service
public class WovenCampaignService {

    private final AtomicInteger bodyRuns = new AtomicInteger();
    private volatile boolean transactionActiveInBody;

    public int bodyRuns() {
        return bodyRuns.get();
    }

    public boolean transactionActiveInBody() {
        return transactionActiveInBody;
    }

    @RequiresBalance(recipients = "#numbers", message = "#text")
    public int send(List<String> numbers, String text) {
        bodyRuns.incrementAndGet();
        return numbers.size();
    }

    /** Sends each batch through {@code this}: a proxy never sees these calls, the woven aspect does. */
    public int sendInBatches(List<String> numbers, String text, int batchSize) {
        int sent = 0;
        for (int i = 0; i < numbers.size(); i += batchSize) {
            sent += sendBatch(numbers.subList(i, Math.min(numbers.size(), i + batchSize)), text);
        }
        return sent;
    }

    @RequiresBalance(recipients = "#batch", message = "#text", min = "${campaigns.floor:0}")
    private int sendBatch(List<String> batch, String text) {
        bodyRuns.incrementAndGet();
        return batch.size();
    }

    /** Counts against the tenant's budget too ({@code balance-guard.budgets.<tenant>}). */
    @RequiresBalance(recipients = "#numbers", message = "#text", budget = "#tenant")
    public int sendForTenant(String tenant, List<String> numbers, String text) {
        bodyRuns.incrementAndGet();
        return numbers.size();
    }

    @RequiresBalance(recipients = "#numbers", message = "#text")
    @Transactional
    public void sendInTransaction(List<String> numbers, String text) {
        transactionActiveInBody = TransactionSynchronizationManager.isActualTransactionActive();
        bodyRuns.incrementAndGet();
    }
}
