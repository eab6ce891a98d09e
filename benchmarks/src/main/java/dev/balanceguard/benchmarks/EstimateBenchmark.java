package dev.balanceguard.benchmarks;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CampaignEstimate;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.cost.CostEstimator;
import dev.balanceguard.cost.RateCard;
import dev.balanceguard.pricing.CarrierPrice;
import dev.balanceguard.pricing.CountryPrices;
import dev.balanceguard.pricing.PricingSource;
import dev.balanceguard.pricing.ProviderRates;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
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
 * Estimating a 1,000,000-recipient SMS campaign (one body) against a 200-prefix rate card, or against a card
 * built by {@link ProviderRates} for every country libphonenumber knows (about 1,400 rows: one per calling code,
 * the shared ones split by region) with recipients from every country. Allocation per
 * recipient is {@code gc.alloc.rate.norm} / 1,000,000 under {@code -prof gc}. Recipients are in random
 * destination order (price changes at almost every recipient: the worst case for the coverage record) or
 * sorted by number.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class EstimateBenchmark {

    static final int RECIPIENTS = 1_000_000;
    static final int PREFIXES = 200;

    @Param({"random", "sorted"})
    public String order;

    @Param({"200-prefixes", "all-countries"})
    public String card;

    private CostEstimator estimator;
    private List<String> recipients;
    private final String message =
            "Your parcel is on its way: track it at example.com/t/abc123. Reply STOP to opt out.";

    @Setup
    public void setUp() {
        if ("all-countries".equals(card)) {
            setUpAllCountries();
            return;
        }
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
        // Every number has 11 digits: prefix and random rest, kept as a long so that both orders create their
        // strings the same way (string layout in memory, not order, would otherwise dominate the difference).
        long[] numbers = new long[RECIPIENTS];
        for (int i = 0; i < RECIPIENTS; i++) {
            String prefix = list.get(random.nextInt(list.size()));
            numbers[i] = Long.parseLong(prefix + digits(random, 11 - prefix.length()));
        }
        if ("sorted".equals(order)) {
            Arrays.sort(numbers);
        }
        recipients = new ArrayList<>(RECIPIENTS);
        for (long number : numbers) {
            recipients.add("+" + number);
        }
    }

    /** A provider card for every region, each at its own price; recipients from every region. */
    private void setUpAllCountries() {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        List<String> regions = new ArrayList<>(new TreeSet<>(util.getSupportedRegions()));
        RateCard all = ProviderRates.builder(new EveryRegion(regions))
                .allCountries()
                .fetch()
                .card();
        estimator = new CostEstimator(all);
        Random random = new Random(20_240_601);
        List<String> examples = new ArrayList<>();
        for (String region : regions) {
            PhoneNumber example = util.getExampleNumberForType(region, PhoneNumberUtil.PhoneNumberType.MOBILE);
            String e164 = example == null ? null : util.format(example, PhoneNumberUtil.PhoneNumberFormat.E164);
            if (e164 != null && e164.length() >= 11) {
                examples.add(e164.substring(0, e164.length() - 4));
            }
        }
        long[] numbers = new long[RECIPIENTS];
        for (int i = 0; i < RECIPIENTS; i++) {
            String head = examples.get(random.nextInt(examples.size()));
            numbers[i] = Long.parseLong(head.substring(1) + digits(random, 4));
        }
        if ("sorted".equals(order)) {
            Arrays.sort(numbers);
        }
        recipients = new ArrayList<>(RECIPIENTS);
        for (long number : numbers) {
            recipients.add("+" + number);
        }
    }

    /** A pricing source that prices every region, each at its own price, in memory. */
    private static final class EveryRegion implements PricingSource {
        private final List<String> regions;

        EveryRegion(List<String> regions) {
            this.regions = regions;
        }

        @Override
        public String provider() {
            return "benchmark";
        }

        @Override
        public Set<Channel> channels() {
            return Set.of(Channel.SMS);
        }

        @Override
        public Session open(Set<Channel> channels) {
            return new Session() {
                @Override
                public Set<String> countries() {
                    return new TreeSet<>(regions);
                }

                @Override
                public CountryPrices country(String country) {
                    Money price = Money.of(BigDecimal.valueOf(100 + regions.indexOf(country), 4), "USD");
                    return new CountryPrices(
                            country, List.of(new CarrierPrice(null, null, null, null, price)), List.of());
                }
            };
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
