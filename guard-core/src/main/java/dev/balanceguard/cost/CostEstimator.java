package dev.balanceguard.cost;

import dev.balanceguard.core.Money;
import dev.balanceguard.core.SafeText;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Estimates what a campaign will cost from a {@link RateCard}. Immutable and thread-safe.
 *
 * <pre>{@code
 * CostEstimator estimator = new CostEstimator(RateCard.load(Path.of("rates.csv")));
 * CampaignEstimate estimate = estimator.sms(recipients, "Your order has shipped");
 * guard.check("main", estimate);
 * }</pre>
 *
 * <p>Recipients are read once, in order, and not retained: a million numbers from a {@link Stream} over a file
 * need no million objects. Each must be E.164 ({@code +} and 8 to 15 digits, blanks and dashes tolerated)
 * and must match a row of the card for the channel; after reading all of them the estimator throws
 * {@link InvalidRecipientsException} listing invalid numbers, or else {@link NoMatchingRateException} naming the
 * first number that no row prices. Nothing is ever priced at zero for lack of a row.
 *
 * <p>An SMS costs the segments of its message ({@link SmsSegments}) times the per-segment price of the
 * recipient's row. A call costs the per-minute price of the row times the seconds billed for the expected
 * duration under that row's increment and minimum ({@link Rate#billedSeconds(Duration)}) / 60, times the
 * fraction of calls expected to be answered.
 */
public final class CostEstimator {

    private final RateCard rateCard;
    private final boolean smartEncoding;
    private final @Nullable CountryResolver countries;

    /** An estimator without Smart Encoding or countries. */
    public CostEstimator(RateCard rateCard) {
        this(rateCard, false, null);
    }

    private CostEstimator(RateCard rateCard, boolean smartEncoding, @Nullable CountryResolver countries) {
        this.rateCard = Objects.requireNonNull(rateCard, "rateCard");
        this.smartEncoding = smartEncoding;
        this.countries = countries;
    }

    /** Same as {@code new CostEstimator(rateCard)}. */
    public static CostEstimator of(RateCard rateCard) {
        return new CostEstimator(rateCard);
    }

    public static Builder builder(RateCard rateCard) {
        return new Builder(rateCard);
    }

    public RateCard rateCard() {
        return rateCard;
    }

    /** Whether messages are counted after Twilio Smart Encoding look-alike replacement. */
    public boolean smartEncoding() {
        return smartEncoding;
    }

    /** One message body sent to every recipient. */
    public CampaignEstimate sms(Iterable<String> recipients, String message) {
        Tally tally = smsTally(message);
        recipients.forEach(tally);
        return tally.finish();
    }

    /** One message body sent to every recipient; consumes the stream in encounter order. */
    public CampaignEstimate sms(Stream<String> recipients, String message) {
        Tally tally = smsTally(message);
        recipients.sequential().forEachOrdered(tally);
        return tally.finish();
    }

    /**
     * A personalised message per recipient; {@code messageFor} is called once per valid, priced recipient with
     * the recipient as given; a {@code null} message fails the estimate with an {@link IllegalArgumentException}.
     */
    public CampaignEstimate sms(Iterable<String> recipients, Function<String, ? extends @Nullable String> messageFor) {
        Tally tally = personalisedTally(messageFor);
        recipients.forEach(tally);
        return tally.finish();
    }

    /** A personalised message per recipient; consumes the stream in encounter order. */
    public CampaignEstimate sms(Stream<String> recipients, Function<String, ? extends @Nullable String> messageFor) {
        Tally tally = personalisedTally(messageFor);
        recipients.sequential().forEachOrdered(tally);
        return tally.finish();
    }

    /**
     * An SMS campaign known only by its size, priced at the card's {@code *} SMS row.
     *
     * @throws NoMatchingRateException if the card has no {@code *} SMS row
     * @throws IllegalArgumentException if recipients is negative
     */
    public CampaignEstimate smsCount(long recipients, String message) {
        if (recipients < 0) {
            throw new IllegalArgumentException("negative recipient count: " + recipients);
        }
        Tally tally = smsTally(message);
        tally.addDefault(recipients);
        return tally.finish();
    }

    /** Calls of the expected duration to every recipient, all answered. */
    public CampaignEstimate voice(Iterable<String> recipients, Duration duration) {
        return voice(recipients, duration, BigDecimal.ONE);
    }

    /** Calls of the expected duration to every recipient, all answered; consumes the stream in order. */
    public CampaignEstimate voice(Stream<String> recipients, Duration duration) {
        return voice(recipients, duration, BigDecimal.ONE);
    }

    /**
     * Calls of the expected duration, of which the given fraction is answered and billed.
     *
     * @param answeredFraction from 0 to 1
     */
    public CampaignEstimate voice(Iterable<String> recipients, Duration duration, BigDecimal answeredFraction) {
        Tally tally = voiceTally(duration, answeredFraction);
        recipients.forEach(tally);
        return tally.finish();
    }

    /** As {@link #voice(Iterable, Duration, BigDecimal)}; consumes the stream in encounter order. */
    public CampaignEstimate voice(Stream<String> recipients, Duration duration, BigDecimal answeredFraction) {
        Tally tally = voiceTally(duration, answeredFraction);
        recipients.sequential().forEachOrdered(tally);
        return tally.finish();
    }

    private Tally smsTally(String message) {
        Objects.requireNonNull(message, "message");
        return new Tally(
                rateCard,
                Channel.SMS,
                SmsSegments.count(message, smartEncoding),
                null,
                smartEncoding,
                null,
                BigDecimal.ONE,
                countries);
    }

    private Tally personalisedTally(Function<String, ? extends @Nullable String> messageFor) {
        Objects.requireNonNull(messageFor, "messageFor");
        return new Tally(rateCard, Channel.SMS, null, messageFor, smartEncoding, null, BigDecimal.ONE, countries);
    }

    private Tally voiceTally(Duration duration, BigDecimal answeredFraction) {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(answeredFraction, "answeredFraction");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative call duration: " + duration);
        }
        if (answeredFraction.signum() < 0 || answeredFraction.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("answered fraction must be from 0 to 1: " + answeredFraction);
        }
        return new Tally(rateCard, Channel.VOICE, null, null, false, duration, answeredFraction, countries);
    }

    @Override
    public String toString() {
        return "CostEstimator[" + rateCard.source() + (smartEncoding ? ", smart encoding" : "")
                + (countries != null ? ", countries]" : "]");
    }

    /** Options for a {@link CostEstimator}. */
    public static final class Builder {
        private final RateCard rateCard;
        private boolean smartEncoding;
        private @Nullable CountryResolver countries;

        private Builder(RateCard rateCard) {
            this.rateCard = Objects.requireNonNull(rateCard, "rateCard");
        }

        /**
         * Count messages after Twilio Smart Encoding look-alike replacement, as when the Messaging Service has
         * Smart Encoding enabled. Default false.
         */
        public Builder smartEncoding(boolean enabled) {
            this.smartEncoding = enabled;
            return this;
        }

        /**
         * Assign each recipient to its country, so that estimates say where their recipients are
         * ({@link CostEstimate#destinations()}) and an account's destination rules can judge them; without it every
         * recipient's country is {@link CountryResolver#UNKNOWN}. guard-pricing's {@code Countries.resolver()} assigns
         * numbers as libphonenumber does.
         */
        public Builder countries(CountryResolver resolver) {
            this.countries = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        public CostEstimator build() {
            return new CostEstimator(rateCard, smartEncoding, countries);
        }
    }

    /** One pass over the recipients: counts per row and price runs, nothing per recipient retained. */
    private static final class Tally implements Consumer<String> {
        private final RateCard card;
        private final Channel channel;
        private final RateCard.@Nullable ChannelRates rates;
        // one of message (the same text for all) and messageFor (personalised) for SMS; duration for voice
        private final @Nullable SegmentInfo message;
        private final @Nullable Function<String, ? extends @Nullable String> messageFor;
        private final boolean smart;
        private final @Nullable Duration duration;
        private final BigDecimal answeredFraction;
        private final @Nullable CountryResolver countries;

        private final long[] recipientsPerRate;
        /** Recipients and segments per country and rate row, when countries are resolved; never the numbers. */
        private final Map<String, PerRate> perCountry = new HashMap<>();

        private final long[] segmentsPerRate;
        private final PriceRuns runs = new PriceRuns();

        // Personalised messages: one price class per (rate, segments).
        private final Map<Long, Integer> classIds = new HashMap<>();
        private final List<long[]> classes = new ArrayList<>();
        private long lastKey = -1;
        private int lastClass = -1;
        private int minSegments = Integer.MAX_VALUE;
        private int maxSegments;
        private final Set<Encoding> encodings = EnumSet.noneOf(Encoding.class);

        private long position;
        private long recipients;
        private long invalid;
        private final List<String> invalidExamples = new ArrayList<>();
        private long unmatched;
        private @Nullable String firstUnmatched;

        Tally(
                RateCard card,
                Channel channel,
                @Nullable SegmentInfo message,
                @Nullable Function<String, ? extends @Nullable String> messageFor,
                boolean smart,
                @Nullable Duration duration,
                BigDecimal answeredFraction,
                @Nullable CountryResolver countries) {
            this.card = card;
            this.channel = channel;
            this.rates = card.channel(channel);
            this.message = message;
            this.messageFor = messageFor;
            this.smart = smart;
            this.duration = duration;
            this.answeredFraction = answeredFraction;
            this.countries = countries;
            int size = rates == null ? 0 : rates.rates.length;
            this.recipientsPerRate = new long[size];
            this.segmentsPerRate = new long[size];
            if (message != null) {
                minSegments = message.segments();
                maxSegments = message.segments();
                encodings.add(message.encoding());
            }
        }

        @Override
        public void accept(String recipient) {
            position++;
            int rate = recipient == null
                    ? PrefixTable.INVALID
                    : rates == null ? lookupWithoutRates(recipient) : rates.prefixes.lookup(recipient);
            if (rate < 0) {
                reject(recipient, rate);
                return;
            }
            recipients++;
            recipientsPerRate[rate]++;
            PerRate country = countries == null ? null : country(countries.countryOf(recipient));
            if (country != null) {
                country.recipients[rate]++;
            }
            if (messageFor == null) {
                int segments = message == null ? 0 : message.segments();
                segmentsPerRate[rate] += segments;
                if (country != null) {
                    country.segments[rate] += segments;
                }
                runs.add(rate);
                return;
            }
            String text = messageFor.apply(recipient);
            if (text == null) {
                throw new IllegalArgumentException("the message function returned null for recipient #" + position);
            }
            SegmentInfo info = SmsSegments.count(text, smart);
            int segments = info.segments();
            segmentsPerRate[rate] += segments;
            if (country != null) {
                country.segments[rate] += segments;
            }
            minSegments = Math.min(minSegments, segments);
            maxSegments = Math.max(maxSegments, segments);
            encodings.add(info.encoding());
            long key = (long) rate << 32 | segments;
            if (key != lastKey) {
                lastKey = key;
                lastClass = classIds.computeIfAbsent(key, k -> {
                    classes.add(new long[] {rate, segments});
                    return classes.size() - 1;
                });
            }
            runs.add(lastClass);
        }

        void addDefault(long count) {
            if (rates == null || rates.defaultIndex < 0) {
                throw new NoMatchingRateException(Rate.DEFAULT_PREFIX, channel, count, card.source());
            }
            int rate = rates.defaultIndex;
            recipients += count;
            recipientsPerRate[rate] += count;
            long segments = count * Objects.requireNonNull(message).segments();
            segmentsPerRate[rate] += segments;
            if (countries != null) {
                PerRate unknown = country(CountryResolver.UNKNOWN); // a count has no numbers to assign
                unknown.recipients[rate] += count;
                unknown.segments[rate] += segments;
            }
            runs.add(rate, count);
        }

        private PerRate country(@Nullable String country) {
            String code = country == null ? CountryResolver.UNKNOWN : country;
            return perCountry.computeIfAbsent(code, c -> new PerRate(recipientsPerRate.length));
        }

        /** Per country in code order: all recipients are of no known country when countries are not resolved. */
        private Map<String, PerRate> byCountry() {
            return perCountry.isEmpty()
                    ? Map.of(CountryResolver.UNKNOWN, new PerRate(recipientsPerRate, segmentsPerRate))
                    : new TreeMap<>(perCountry);
        }

        /** One destination per country and unit price: countries in order, the dearest price first. */
        private List<Destination> destinations(Rate[] rows) {
            List<Destination> destinations = new ArrayList<>();
            byCountry().forEach((country, perRate) -> {
                Map<Money, Long> byPrice = new TreeMap<>(Comparator.reverseOrder());
                for (int r = 0; r < rows.length; r++) {
                    if (perRate.recipients[r] > 0) {
                        byPrice.merge(rows[r].price(), perRate.recipients[r], Long::sum);
                    }
                }
                byPrice.forEach((price, count) -> destinations.add(new Destination(country, price, count)));
            });
            return List.copyOf(destinations);
        }

        /**
         * The cost per country, as the rows' lines add up: SMS price × segments, voice the call's cost × calls.
         * Countries without recipients are left out.
         */
        private Map<String, Money> costByCountry(Rate[] rows, BigDecimal[] callCosts, String currency) {
            Map<String, Money> costs = new TreeMap<>();
            byCountry().forEach((country, perRate) -> {
                BigDecimal cost = BigDecimal.ZERO;
                long recipients = 0;
                for (int r = 0; r < rows.length; r++) {
                    recipients += perRate.recipients[r];
                    cost = cost.add(
                            channel == Channel.SMS
                                    ? rows[r].price().amount().multiply(BigDecimal.valueOf(perRate.segments[r]))
                                    : Objects.requireNonNull(callCosts[r])
                                            .multiply(BigDecimal.valueOf(perRate.recipients[r])));
                }
                if (recipients > 0) {
                    costs.put(country, Money.of(cost, currency));
                }
            });
            return Collections.unmodifiableMap(costs);
        }

        private static int lookupWithoutRates(String recipient) {
            int result = PrefixTable.EMPTY.lookup(recipient);
            return result == PrefixTable.INVALID ? result : PrefixTable.NO_MATCH;
        }

        private void reject(String recipient, int reason) {
            if (reason == PrefixTable.INVALID) {
                invalid++;
                if (invalidExamples.size() < InvalidRecipientsException.MAX_EXAMPLES) {
                    invalidExamples.add("#" + position + " " + SafeText.quote(recipient));
                }
            } else {
                unmatched++;
                if (firstUnmatched == null) {
                    firstUnmatched = recipient.trim();
                }
            }
        }

        CampaignEstimate finish() {
            if (invalid > 0) {
                throw new InvalidRecipientsException(invalidExamples, invalid);
            }
            if (unmatched > 0) {
                throw new NoMatchingRateException(
                        Objects.requireNonNull(firstUnmatched), channel, unmatched, card.source());
            }
            if (rates == null) {
                throw new NoMatchingRateException(Rate.DEFAULT_PREFIX, channel, 0, card.source());
            }
            runs.finish();
            Rate[] rows = rates.rates;
            String currency = rates.currency;
            List<CampaignEstimate.Line> lines = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            BigDecimal[] callCosts = new BigDecimal[rows.length];
            for (int r = 0; r < rows.length; r++) {
                BigDecimal price = rows[r].price().amount();
                BigDecimal cost;
                long billedSeconds = 0;
                if (channel == Channel.SMS) {
                    cost = price.multiply(BigDecimal.valueOf(segmentsPerRate[r]));
                } else {
                    long perCall = rows[r].billedSeconds(Objects.requireNonNull(duration));
                    billedSeconds = Math.multiplyExact(perCall, recipientsPerRate[r]);
                    callCosts[r] = Rate.perMinute(price, perCall).multiply(answeredFraction);
                    cost = callCosts[r].multiply(BigDecimal.valueOf(recipientsPerRate[r]));
                }
                total = total.add(cost);
                if (recipientsPerRate[r] > 0) {
                    lines.add(new CampaignEstimate.Line(
                            rows[r].prefix(),
                            rows[r].price(),
                            recipientsPerRate[r],
                            segmentsPerRate[r],
                            billedSeconds,
                            Money.of(cost, currency)));
                }
            }
            BigDecimal[] classCosts;
            if (channel == Channel.VOICE) {
                classCosts = callCosts;
            } else if (messageFor == null) {
                classCosts = new BigDecimal[rows.length];
                for (int r = 0; r < rows.length; r++) {
                    classCosts[r] = rows[r].price()
                            .amount()
                            .multiply(BigDecimal.valueOf(
                                    Objects.requireNonNull(message).segments()));
                }
            } else {
                classCosts = new BigDecimal[classes.size()];
                for (int c = 0; c < classCosts.length; c++) {
                    long[] rateAndSegments = classes.get(c);
                    classCosts[c] = rows[(int) rateAndSegments[0]]
                            .price()
                            .amount()
                            .multiply(BigDecimal.valueOf(rateAndSegments[1]));
                }
            }
            boolean none = channel == Channel.VOICE || messageFor != null && recipients == 0;
            return new CampaignEstimate(
                    channel,
                    Money.of(total, currency),
                    recipients,
                    lines,
                    channel == Channel.SMS ? encodings : Set.of(),
                    none ? 0 : minSegments,
                    none ? 0 : maxSegments,
                    message,
                    runs,
                    classCosts,
                    destinations(rows),
                    costByCountry(rows, callCosts, currency));
        }
    }

    /** Recipients and SMS segments per rate row. */
    private record PerRate(long[] recipients, long[] segments) {
        PerRate(int rows) {
            this(new long[rows], new long[rows]);
        }
    }
}
