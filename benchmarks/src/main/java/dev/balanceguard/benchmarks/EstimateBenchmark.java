package dev.balanceguard.benchmarks;

import dev.balanceguard.cost.CampaignEstimate;
import dev.balanceguard.cost.CostEstimator;
import dev.balanceguard.cost.RateCard;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Estimating a 1,000,000-recipient SMS campaign (one body) against a 200-prefix rate card. Allocation per
 * recipient is {@code gc.alloc.rate.norm} / 1,000,000 under {@code -prof gc}. Recipients are in random
 * destination order (price changes at almost every recipient: the worst case for the coverage record) or
 * sorted by number.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class EstimateBenchmark {

    static final int RECIPIENTS = 1_000_000;
    static final int PREFIXES = 200;

    @Param({"random", "sorted"})
    public String order;

    private CostEstimator estimator;
    private List<String> recipients;
    private final String message = "Your parcel is on its way: track it at example.com/t/abc123. Reply STOP to opt out.";

    @Setup
    public void setUp() {
        Random random = new Random(20_240_601);
        RateCard.Builder card = RateCard.builder().sms("*", "0.0500", "USD");
        Set<String> prefixes = new HashSet<>();
        List<String> list = new ArrayList<>();
        while (prefixes.size() < PREFIXES) {
            String prefix = (1 + random.nextInt(9)) + digits(random, random.nextInt(4));
            if (prefixes.add(prefix)) {
                card.sms(prefix, "0.0" + (100 + random.nextInt(900)), "USD");
                list.add(prefix);
            }
        }
        estimator = new CostEstimator(card.build());
        recipients = new ArrayList<>(RECIPIENTS);
        for (int i = 0; i < RECIPIENTS; i++) {
            String prefix = list.get(random.nextInt(list.size()));
            recipients.add("+" + prefix + digits(random, 11 - prefix.length()));
        }
        if ("sorted".equals(order)) {
            recipients.sort(Comparator.naturalOrder());
        }
    }

    private static String digits(Random random, int count) {
        StringBuilder out = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }

    @Benchmark
    public CampaignEstimate estimateMillionRecipients() {
        return estimator.sms(recipients, message);
    }
}
