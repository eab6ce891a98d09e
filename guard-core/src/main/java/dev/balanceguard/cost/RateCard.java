package dev.balanceguard.cost;

import dev.balanceguard.core.Money;
import dev.balanceguard.core.SafeText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Prices per destination prefix and channel. Immutable and thread-safe.
 *
 * <p>A number is priced by the row whose prefix is the longest one it starts with, among the rows of the
 * channel; when none matches, by the channel's {@code *} default row; when there is none either, the number is
 * not priced at all ({@link NoMatchingRateException}), never at zero. All rows of one channel share one
 * currency; different channels may use different ones.
 *
 * <p>The CSV form (UTF-8, a header row, blank lines and lines starting with {@code #} ignored):
 * <pre>
 * channel,prefix,price,currency,increment_seconds,minimum_seconds
 * sms,*,0.0500,USD,,
 * sms,44,0.0400,USD,,
 * voice,91,0.0120,USD,60,60
 * voice,1,0.0140,USD,1,1
 * </pre>
 * {@code channel} is {@code sms} or {@code voice}; {@code prefix} is E.164 digits without {@code +} (1 to 15,
 * not starting with 0) or {@code *}; {@code price} is a plain non-negative decimal, per segment for SMS and
 * per minute for voice; {@code currency} is an ISO-4217 code or {@code CREDITS}. The two voice columns
 * default to 60 each when blank and are ignored for SMS; trailing blank columns may be omitted. Fields are
 * not quoted. Any malformed row fails the whole load with a {@link RateCardException} naming the line.
 */
public final class RateCard {

    private static final String[] HEADER = {
        "channel", "prefix", "price", "currency", "increment_seconds", "minimum_seconds"
    };
    private static final int DEFAULT_SECONDS = 60;
    private static final int MAX_SECONDS = 86_400;
    /** The longest line the CSV reader accepts: a row needs well under 100 characters. */
    static final int MAX_LINE_LENGTH = 1_000;

    private final String source;
    private final List<Rate> rates;
    private final Map<Channel, ChannelRates> byChannel;

    private RateCard(String source, List<Rate> rates) {
        this.source = source;
        this.rates = List.copyOf(rates);
        Map<Channel, List<Rate>> grouped = new EnumMap<>(Channel.class);
        for (Rate rate : rates) {
            grouped.computeIfAbsent(rate.channel(), c -> new ArrayList<>()).add(rate);
        }
        Map<Channel, ChannelRates> tables = new EnumMap<>(Channel.class);
        grouped.forEach((channel, list) -> tables.put(channel, new ChannelRates(list)));
        this.byChannel = tables;
    }

    /**
     * Reads a CSV rate card.
     *
     * @param sourceName how errors name the source, e.g. the file name
     * @throws RateCardException naming the line and the problem, or wrapping a read failure
     */
    public static RateCard parse(Reader reader, String sourceName) {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(sourceName, "sourceName");
        Rows rows = new Rows(sourceName, "line");
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        boolean headerSeen = false;
        int number = 0;
        try {
            for (String line; (line = readLine(lines, sourceName, number + 1)) != null; ) {
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                String trimmed = line.trim();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (!headerSeen) {
                    checkHeader(fields, sourceName, number);
                    headerSeen = true;
                    continue;
                }
                if (fields.length < 4 || fields.length > HEADER.length) {
                    throw new RateCardException(
                            sourceName,
                            number,
                            "line " + number,
                            "expected 4 to " + HEADER.length + " comma-separated fields, found " + fields.length);
                }
                rows.add(
                        number,
                        fields[0],
                        fields[1],
                        fields[2],
                        fields[3],
                        fields.length > 4 ? fields[4] : "",
                        fields.length > 5 ? fields[5] : "");
            }
        } catch (IOException e) {
            throw new RateCardException(sourceName, "cannot read rate card: " + e.getMessage(), e);
        }
        if (!headerSeen) {
            throw new RateCardException(
                    sourceName, 0, "", "empty rate card: expected the header " + String.join(",", HEADER));
        }
        return rows.build();
    }

    /** The next line without its terminator, or null at the end; a line over the limit fails, unread. */
    private static @Nullable String readLine(BufferedReader reader, String source, int number) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = reader.read(); ; c = reader.read()) {
            if (c < 0) {
                return line.isEmpty() ? null : line.toString();
            }
            if (c == '\n') {
                return line.toString();
            }
            if (c == '\r') {
                reader.mark(1);
                if (reader.read() != '\n') {
                    reader.reset();
                }
                return line.toString();
            }
            if (line.length() == MAX_LINE_LENGTH) {
                throw new RateCardException(
                        source, number, "line " + number, "the line is longer than " + MAX_LINE_LENGTH + " characters");
            }
            line.append((char) c);
        }
    }

    /**
     * Reads a CSV rate card from a UTF-8 file; errors name the file.
     *
     * @throws RateCardException naming the line and the problem, or wrapping a read failure
     */
    public static RateCard load(Path file) {
        String name = file.toString();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, name);
        } catch (IOException e) {
            throw new RateCardException(name, "cannot read rate card: " + e, e);
        }
    }

    /** A builder for rate cards defined in code (or built from a provider's prices); it applies the CSV loader's checks. */
    public static Builder builder() {
        return new Builder();
    }

    /** Where this card came from: the file or source name, or {@code "RateCard.builder()"} unless the builder named one. */
    public String source() {
        return source;
    }

    /** All rows, in the order they were read or added. */
    public List<Rate> rates() {
        return rates;
    }

    /** The currency of the channel's rows, or empty when the card has none for it. */
    public Optional<String> currency(Channel channel) {
        ChannelRates table = byChannel.get(channel);
        return table == null ? Optional.empty() : Optional.of(table.currency);
    }

    /**
     * The row that prices the number on the channel: longest matching prefix, else the {@code *} row.
     *
     * @param number E.164, with {@code +}; blanks and dashes are ignored
     * @return empty when nothing matches
     * @throws IllegalArgumentException if the number is not E.164
     */
    public Optional<Rate> rateFor(Channel channel, String number) {
        ChannelRates table = byChannel.get(channel);
        if (table == null) {
            if (PrefixTable.EMPTY.lookup(number) == PrefixTable.INVALID) {
                throw new IllegalArgumentException("not an E.164 number: " + SafeText.quote(number));
            }
            return Optional.empty();
        }
        int index = table.prefixes.lookup(number);
        if (index == PrefixTable.INVALID) {
            throw new IllegalArgumentException("not an E.164 number: " + SafeText.quote(number));
        }
        return index == PrefixTable.NO_MATCH ? Optional.empty() : Optional.of(table.rates[index]);
    }

    /** The channel's rows and lookup table, or null. */
    @Nullable
    ChannelRates channel(Channel channel) {
        return byChannel.get(channel);
    }

    /**
     * Writes the card in the CSV form {@link #parse} reads: the header, then every row in order, prices in plain
     * notation as they were given ({@code 0.0400}, never {@code 4.00E-2}); voice rows with their increment and
     * minimum, SMS rows with the two columns blank.
     */
    public void writeCsv(Appendable out) throws IOException {
        out.append(String.join(",", HEADER)).append('\n');
        for (Rate rate : rates) {
            out.append(rate.channel().id())
                    .append(',')
                    .append(rate.prefix())
                    .append(',')
                    .append(rate.price().amount().toPlainString())
                    .append(',')
                    .append(rate.price().unit())
                    .append(',');
            if (rate.channel() == Channel.VOICE) {
                out.append(Integer.toString(rate.incrementSeconds()))
                        .append(',')
                        .append(Integer.toString(rate.minimumSeconds()));
            } else {
                out.append(',');
            }
            out.append('\n');
        }
    }

    @Override
    public String toString() {
        return "RateCard[" + source + ", " + rates.size() + " rates]";
    }

    /** The rows of one channel, indexed as the prefix table's results. */
    static final class ChannelRates {
        final Rate[] rates;
        final PrefixTable prefixes;
        final String currency;
        final int defaultIndex;

        ChannelRates(List<Rate> list) {
            this.rates = list.toArray(new Rate[0]);
            this.prefixes = new PrefixTable(list.stream().map(Rate::prefix).toList());
            this.currency = rates[0].price().unit();
            int fallback = -1;
            for (int i = 0; i < rates.length; i++) {
                if (rates[i].isDefault()) {
                    fallback = i;
                }
            }
            this.defaultIndex = fallback;
        }
    }

    private static void checkHeader(String[] fields, String source, int line) {
        boolean ok = fields.length == HEADER.length;
        for (int i = 0; ok && i < HEADER.length; i++) {
            ok = fields[i].trim().equalsIgnoreCase(HEADER[i]);
        }
        if (!ok) {
            throw new RateCardException(
                    source,
                    line,
                    "line " + line,
                    "bad header " + SafeText.quote(String.join(",", fields)) + ": expected "
                            + String.join(",", HEADER));
        }
    }

    /**
     * Builds a {@link RateCard} in code:
     * <pre>{@code
     * RateCard card = RateCard.builder()
     *         .sms("*", "0.05", "USD")
     *         .sms("44", "0.04", "USD")
     *         .voice("91", "0.012", "USD", 60, 60)
     *         .build();
     * }</pre>
     * Each call is checked as a CSV row would be; errors name the entry by its 1-based position.
     */
    public static final class Builder {

        private final Rows rows = new Rows("RateCard.builder()", "entry");
        private int entries;

        private Builder() {}

        /** How the card and its errors name where it came from, e.g. {@code "twilio pricing API"}. */
        public Builder source(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("the source name is blank");
            }
            rows.source = name.strip();
            return this;
        }

        /** An SMS row: {@code price} per segment; {@code prefix} digits or {@code "*"}. */
        public Builder sms(String prefix, Money price) {
            return sms(prefix, plain(price), price.unit());
        }

        /** A voice row: {@code pricePerMinute}, billed in increments with a minimum (1, 1 = per second). */
        public Builder voice(String prefix, Money pricePerMinute, int incrementSeconds, int minimumSeconds) {
            return voice(prefix, plain(pricePerMinute), pricePerMinute.unit(), incrementSeconds, minimumSeconds);
        }

        /** Plain text for the row checks; an absurd magnitude stays scientific, which they reject. */
        private static String plain(Money price) {
            BigDecimal amount = price.amount();
            boolean sane = amount.scale() <= 30 && amount.precision() - amount.scale() <= 30;
            return sane ? amount.toPlainString() : amount.toString();
        }

        /** An SMS row: {@code price} per segment, a plain decimal; {@code prefix} digits or {@code "*"}. */
        public Builder sms(String prefix, String price, String currency) {
            entries++;
            rows.add(entries, "sms", prefix, price, currency, "", "");
            return this;
        }

        /** A voice row billed per started minute (60/60). */
        public Builder voice(String prefix, String pricePerMinute, String currency) {
            return voice(prefix, pricePerMinute, currency, DEFAULT_SECONDS, DEFAULT_SECONDS);
        }

        /** A voice row: {@code pricePerMinute}, billed in increments with a minimum (1, 1 = per second). */
        public Builder voice(
                String prefix, String pricePerMinute, String currency, int incrementSeconds, int minimumSeconds) {
            entries++;
            rows.add(
                    entries,
                    "voice",
                    prefix,
                    pricePerMinute,
                    currency,
                    Integer.toString(incrementSeconds),
                    Integer.toString(minimumSeconds));
            return this;
        }

        /**
         * @throws RateCardException if no row was added
         */
        public RateCard build() {
            return rows.build();
        }
    }

    /** Row checks shared by the CSV loader and the builder. */
    private static final class Rows {
        private String source;
        private final List<Rate> rates = new ArrayList<>();
        private final Map<String, Integer> firstLineOfPrefix = new HashMap<>();
        private final Map<Channel, Rate> firstOfChannel = new EnumMap<>(Channel.class);
        private final Map<Channel, Integer> firstLineOfChannel = new EnumMap<>(Channel.class);
        private final String unit;

        Rows(String source, String unit) {
            this.source = source;
            this.unit = unit;
        }

        void add(
                int line,
                String channelText,
                String prefixText,
                String priceText,
                String currencyText,
                String incrementText,
                String minimumText) {
            String where = unit + " " + line;
            Channel channel;
            try {
                channel = Channel.parse(channelText);
            } catch (IllegalArgumentException e) {
                throw fail(line, where, String.valueOf(e.getMessage()));
            }
            String prefix = prefixText == null ? "" : prefixText.trim();
            if (!isPrefix(prefix)) {
                throw fail(
                        line,
                        where,
                        "bad prefix " + SafeText.quote(prefixText)
                                + " (expected 1 to 15 E.164 digits without '+', not starting with 0, or '*')");
            }
            BigDecimal price = price(line, where, priceText);
            String currency;
            try {
                currency = Money.normalizeUnit(currencyText == null ? "" : currencyText);
            } catch (IllegalArgumentException e) {
                throw fail(
                        line,
                        where,
                        "bad currency " + SafeText.quote(currencyText) + " (expected an ISO-4217 code or CREDITS)");
            }
            int increment = 0;
            int minimum = 0;
            if (channel == Channel.VOICE) {
                increment = seconds(line, where, "increment_seconds", incrementText, 1);
                minimum = seconds(line, where, "minimum_seconds", minimumText, 0);
            }
            String key = channel.id() + ' ' + prefix;
            Integer duplicate = firstLineOfPrefix.putIfAbsent(key, line);
            if (duplicate != null) {
                throw fail(
                        line,
                        where,
                        "duplicate " + channel.id() + " prefix " + prefix + " (first at " + unit + " " + duplicate
                                + ")");
            }
            Rate established = firstOfChannel.get(channel);
            if (established != null && !established.price().unit().equals(currency)) {
                throw fail(
                        line,
                        where,
                        "mixed currencies for " + channel.id() + ": " + currency + " here, "
                                + established.price().unit() + " at " + unit + " " + firstLineOfChannel.get(channel));
            }
            Rate rate = new Rate(channel, prefix, Money.of(price, currency), increment, minimum);
            firstOfChannel.putIfAbsent(channel, rate);
            firstLineOfChannel.putIfAbsent(channel, line);
            rates.add(rate);
        }

        RateCard build() {
            if (rates.isEmpty()) {
                throw new RateCardException(source, 0, "", "no rates");
            }
            return new RateCard(source, rates);
        }

        private BigDecimal price(int line, String where, String text) {
            String trimmed = text == null ? "" : text.trim();
            boolean plain = !trimmed.isEmpty();
            int dots = 0;
            for (int i = 0; plain && i < trimmed.length(); i++) {
                char c = trimmed.charAt(i);
                dots += c == '.' ? 1 : 0;
                plain = (c >= '0' && c <= '9' || c == '.') && dots <= 1;
            }
            if (!plain || trimmed.equals(".")) {
                throw fail(
                        line,
                        where,
                        "bad price " + SafeText.quote(text)
                                + " (expected a non-negative plain decimal such as 0.0075)");
            }
            try {
                return Money.parseAmount(trimmed);
            } catch (IllegalArgumentException e) {
                throw fail(line, where, "bad price: " + e.getMessage());
            }
        }

        private int seconds(int line, String where, String column, String text, int least) {
            String trimmed = text == null ? "" : text.trim();
            if (trimmed.isEmpty()) {
                return DEFAULT_SECONDS;
            }
            int value = -1;
            if (trimmed.length() <= 6 && trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
                value = Integer.parseInt(trimmed);
            }
            if (value < least || value > MAX_SECONDS) {
                throw fail(
                        line,
                        where,
                        "bad " + column + " " + SafeText.quote(text)
                                + " (expected a whole number of seconds from "
                                + least + " to " + MAX_SECONDS + ", or blank for " + DEFAULT_SECONDS + ")");
            }
            return value;
        }

        private static boolean isPrefix(String prefix) {
            if (prefix.equals(Rate.DEFAULT_PREFIX)) {
                return true;
            }
            if (prefix.isEmpty() || prefix.length() > 15 || prefix.charAt(0) == '0') {
                return false;
            }
            return prefix.chars().allMatch(c -> c >= '0' && c <= '9');
        }

        private RateCardException fail(int line, String where, String problem) {
            return new RateCardException(source, line, where, problem);
        }
    }
}
