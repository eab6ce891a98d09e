package dev.balanceguard.cost;

import dev.balanceguard.core.Money;
import dev.balanceguard.core.UnitMismatchException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a campaign is expected to cost, with the breakdown that explains it. Immutable; made by
 * {@link CostEstimator}. {@link dev.balanceguard.BalanceGuard} accepts it directly.
 *
 * <p>{@link #coverableRecipients(Money)} is exact without keeping the recipients: while reading them, the
 * estimator records each recipient's price class (its rate row, and for personalised messages its segment
 * count) in input order, run-length encoded. Memory is a few bytes per change of price along the input: a
 * constant for a list priced by one row or sorted by destination, about two bytes per recipient in the worst
 * case, never the numbers themselves.
 */
public final class CampaignEstimate implements CostEstimate {

    /**
     * The part of a campaign priced by one rate row.
     *
     * @param prefix the row's prefix, {@code "*"} for the default row
     * @param price per segment (SMS) or per minute (voice)
     * @param recipients recipients priced by this row
     * @param segments SMS segments sent to them in total; 0 for voice
     * @param billedSeconds voice seconds billed if every call is answered; 0 for SMS
     * @param cost what they cost
     */
    public record Line(String prefix, Money price, long recipients, long segments, long billedSeconds, Money cost) {}

    private static final Comparator<Line> MOST_EXPENSIVE_FIRST =
            Comparator.comparing((Line line) -> line.cost().amount()).reversed().thenComparing(Line::prefix);

    private final Channel channel;
    private final Money total;
    private final long recipients;
    private final List<Line> breakdown;
    private final Set<Encoding> encodings;
    private final int minSegments;
    private final int maxSegments;
    private final @Nullable SegmentInfo message;
    private final PriceRuns runs;
    private final BigDecimal[] classCosts;
    private final List<Destination> destinations;
    private final Map<String, Money> costByCountry;

    CampaignEstimate(
            Channel channel,
            Money total,
            long recipients,
            List<Line> breakdown,
            Set<Encoding> encodings,
            int minSegments,
            int maxSegments,
            @Nullable SegmentInfo message,
            PriceRuns runs,
            BigDecimal[] classCosts,
            List<Destination> destinations,
            Map<String, Money> costByCountry) {
        this.channel = channel;
        this.total = total;
        this.recipients = recipients;
        this.breakdown = breakdown.stream().sorted(MOST_EXPENSIVE_FIRST).toList();
        this.encodings = encodings.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(encodings));
        this.minSegments = minSegments;
        this.maxSegments = maxSegments;
        this.message = message;
        this.runs = runs;
        this.classCosts = classCosts;
        this.destinations = destinations;
        this.costByCountry = costByCountry;
    }

    public Channel channel() {
        return channel;
    }

    /** The expected cost of the whole campaign, in the currency of the channel's rate rows. */
    @Override
    public Money total() {
        return total;
    }

    @Override
    public long recipients() {
        return recipients;
    }

    /**
     * Recipients by country (as the estimator's {@link CountryResolver} assigned them, {@link CountryResolver#UNKNOWN}
     * without one) and unit price: countries in alphabetical order, the dearest price first.
     */
    @Override
    public List<Destination> destinations() {
        return destinations;
    }

    /**
     * The cost per country, as {@link #destinations()} assigns the recipients: SMS recipients × their segments ×
     * the row's price, voice calls × billed minutes × price (× the answered fraction). Sorted by code.
     */
    @Override
    public Map<String, Money> costByCountry() {
        return costByCountry;
    }

    /** Recipients, segments and cost per matched rate row, most expensive first. */
    public List<Line> breakdown() {
        return breakdown;
    }

    /**
     * The encoding of the SMS: with personalised messages, {@link Encoding#UCS_2} as soon as one message needs
     * it. Empty for voice, and for personalised messages with no recipients.
     */
    public Optional<Encoding> encoding() {
        if (encodings.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(encodings.contains(Encoding.UCS_2) ? Encoding.UCS_2 : Encoding.GSM_7);
    }

    /** Every encoding the SMS messages needed; empty for voice. */
    public Set<Encoding> encodings() {
        return encodings;
    }

    /** Segments of the longest message (the only one unless personalised); 0 for voice. */
    public int segmentsPerMessage() {
        return maxSegments;
    }

    /** Segments of the shortest message (the only one unless personalised); 0 for voice. */
    public int minSegmentsPerMessage() {
        return minSegments;
    }

    /** Segments of the longest message (the only one unless personalised); 0 for voice. */
    public int maxSegmentsPerMessage() {
        return maxSegments;
    }

    /**
     * The counted message when one body goes to everyone, with the characters that forced UCS-2; empty for
     * personalised messages and voice.
     */
    public Optional<SegmentInfo> message() {
        return Optional.ofNullable(message);
    }

    /**
     * How many recipients, from the start of the input in order, the amount pays for: the longest prefix of the
     * input whose cost is at most {@code available}. Equals {@link #recipients()} when it covers the total, and
     * 0 when it is zero or negative (unless the first recipients cost nothing).
     *
     * @throws UnitMismatchException if the amount is not in the estimate's currency
     */
    @Override
    public OptionalLong coverableRecipients(Money available) {
        Objects.requireNonNull(available, "available");
        if (!available.unit().equals(total.unit())) {
            throw new UnitMismatchException("compare", total.unit(), available.unit());
        }
        if (available.compareTo(total) >= 0) {
            return OptionalLong.of(recipients);
        }
        OptionalLong fast = coverableInLongs(available.amount());
        return fast.isPresent() ? fast : OptionalLong.of(coverableInDecimals(available.amount()));
    }

    /** Exact arithmetic in units of the finest price class; empty if a figure does not fit in a long. */
    private OptionalLong coverableInLongs(BigDecimal available) {
        int scale = 0;
        for (BigDecimal cost : classCosts) {
            if (cost != null) {
                scale = Math.max(scale, cost.scale());
            }
        }
        long[] costs = new long[classCosts.length];
        long budget;
        try {
            for (int c = 0; c < costs.length; c++) {
                costs[c] = classCosts[c] == null
                        ? 0
                        : classCosts[c].setScale(scale).unscaledValue().longValueExact();
            }
            // Costs are whole multiples of 10^-scale, so rounding the budget down to that loses nothing.
            budget = available
                    .setScale(scale, RoundingMode.FLOOR)
                    .unscaledValue()
                    .longValueExact();
        } catch (ArithmeticException tooLarge) {
            return OptionalLong.empty();
        }
        long[] result = {0, budget};
        runs.forEach((priceClass, length) -> {
            long cost = costs[priceClass];
            if (cost == 0) {
                result[0] += length;
                return true;
            }
            long affordable = result[1] < 0 ? 0 : result[1] / cost;
            if (affordable < length) {
                result[0] += affordable;
                return false;
            }
            result[0] += length;
            result[1] -= cost * length;
            return true;
        });
        return OptionalLong.of(result[0]);
    }

    private long coverableInDecimals(BigDecimal available) {
        long[] covered = {0};
        BigDecimal[] budget = {available};
        runs.forEach((priceClass, length) -> {
            BigDecimal cost = classCosts[priceClass];
            if (cost.signum() == 0) {
                covered[0] += length;
                return true;
            }
            BigDecimal affordable =
                    budget[0].signum() < 0 ? BigDecimal.ZERO : budget[0].divide(cost, 0, RoundingMode.FLOOR);
            if (affordable.compareTo(BigDecimal.valueOf(length)) < 0) {
                covered[0] += affordable.longValueExact();
                return false;
            }
            covered[0] += length;
            budget[0] = budget[0].subtract(cost.multiply(BigDecimal.valueOf(length)));
            return true;
        });
        return covered[0];
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(channel.id())
                .append(" campaign: ")
                .append(recipients)
                .append(recipients == 1 ? " recipient, " : " recipients, ")
                .append(total);
        if (channel == Channel.SMS && !encodings.isEmpty()) {
            out.append(", ")
                    .append(encoding().orElseThrow())
                    .append(", ")
                    .append(minSegments == maxSegments ? String.valueOf(maxSegments) : minSegments + "-" + maxSegments)
                    .append(" segment(s) per message");
        }
        return out.toString();
    }
}
