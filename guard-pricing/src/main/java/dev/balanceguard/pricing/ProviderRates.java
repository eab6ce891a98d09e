package dev.balanceguard.pricing;

import dev.balanceguard.core.GuardClock;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.cost.Rate;
import dev.balanceguard.cost.RateCard;
import dev.balanceguard.cost.RateCardException;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.ProviderException.Failure;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A rate card built from a provider's published prices, and the rule that builds it:
 *
 * <pre>{@code
 * ProviderRates rates = ProviderRates.builder(twilio.pricingSource(null))
 *         .countries(List.of("GB", "US", "IN"))
 *         .fetch();
 * CostEstimator estimator = new CostEstimator(rates.card());
 * rates.writeCsv(Files.newBufferedWriter(Path.of("rates.csv")));
 * }</pre>
 *
 * <p><b>SMS.</b> A country's price is the highest current price among its carriers (MCC/MNC), because the carrier
 * of a number cannot be known offline (numbers are ported): an estimate may be high, never low. Where the provider
 * prices by the type of the <em>sending</em> number (Twilio), the highest over all types is taken unless
 * {@link Builder#numberType} names the sender the account uses; a country with no price for that type keeps the
 * highest over all types. Countries become prefix rows as Google's libphonenumber assigns numbers to regions: a
 * calling code of one region is one row; a calling code several regions share (+1, +7, +44, …) is split into the
 * prefixes of each, and when the card has every region of it, the calling code itself is a row at the highest of
 * their prices (for numbers libphonenumber assigns to none). Numbers of countries not on the card match no row
 * and fail the estimate by name, except that with {@link Builder#allCountries()} a provider's default rate
 * (MessageBird's) becomes the {@code *} row.
 *
 * <p><b>Voice.</b> The provider's destination prefixes become rows as published (the longest prefix wins); where a
 * prefix repeats (several origins, or several countries), its highest price and longest billing increment.
 *
 * <p>A country whose read fails (after the transport's bounded retries) fails the whole fetch with a
 * {@link ProviderException} naming every such country, never a card silently without it. Countries the provider
 * lists no price for, and those libphonenumber does not know, are named in {@link #notes()}. Immutable.
 */
public final class ProviderRates {

    private static final Pattern PREFIX = Pattern.compile("[1-9][0-9]{0,14}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    private final String provider;
    private final Instant fetchedAt;
    private final RateCard card;
    private final List<String> notes;

    private ProviderRates(String provider, Instant fetchedAt, RateCard card, List<String> notes) {
        this.provider = provider;
        this.fetchedAt = fetchedAt;
        this.card = card;
        this.notes = List.copyOf(notes);
    }

    public static Builder builder(PricingSource source) {
        return new Builder(source);
    }

    /**
     * The countries (ISO 3166 alpha-2) libphonenumber assigns the numbers to, for fetching only what a campaign
     * needs; a number of a shared calling code that libphonenumber assigns to no region adds every region of the
     * code. Numbers that are not E.164 add nothing (the estimate reports them).
     */
    public static Set<String> countriesOf(Iterable<? extends CharSequence> numbers) {
        Set<String> countries = new TreeSet<>();
        for (CharSequence number : numbers) {
            countries.addAll(RegionPrefixes.regionsFor(number));
        }
        return countries;
    }

    /** The provider the prices came from. */
    public String provider() {
        return provider;
    }

    /** When the fetch started. */
    public Instant fetchedAt() {
        return fetchedAt;
    }

    /** The rate card. */
    public RateCard card() {
        return card;
    }

    /** Where the card came from and the rule that built it, and countries that have no rows; one line each. */
    public List<String> notes() {
        return notes;
    }

    /** The card as CSV ({@link RateCard#writeCsv}), preceded by {@link #notes()} as {@code #} comment lines. */
    public void writeCsv(Appendable out) throws IOException {
        for (String note : notes) {
            out.append("# ").append(note).append('\n');
        }
        card.writeCsv(out);
    }

    @Override
    public String toString() {
        return "ProviderRates[" + provider + ", " + fetchedAt + ", "
                + card.rates().size() + " rates]";
    }

    /** Chooses what to fetch; {@link #fetch()} reads the prices and builds the card. */
    public static final class Builder {
        private final PricingSource source;
        private final Set<String> countries = new TreeSet<>();
        private boolean all;
        private @Nullable Set<Channel> channels;
        private @Nullable String numberType;
        private PricingListener listener = PricingListener.NONE;
        private int parallelism = 4;
        private GuardClock clock = GuardClock.system();

        private Builder(PricingSource source) {
            this.source = Objects.requireNonNull(source, "source");
        }

        /**
         * Prices these countries (ISO 3166 alpha-2, any case); adds to earlier calls.
         *
         * @throws IllegalArgumentException naming every code libphonenumber does not know
         */
        public Builder countries(Collection<String> codes) {
            List<String> unknown = new ArrayList<>();
            for (String code : codes) {
                String c = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
                if (!COUNTRY.matcher(c).matches() || !RegionPrefixes.isRegion(c)) {
                    unknown.add(code);
                } else {
                    countries.add(c);
                }
            }
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown country code(s) " + unknown + ": expected ISO 3166 alpha-2 "
                        + "codes such as GB, US, IN");
            }
            return this;
        }

        /** Prices every country the provider prices, and takes its default rate (if any) as the {@code *} row. */
        public Builder allCountries() {
            this.all = true;
            return this;
        }

        /**
         * The channels to price; default every channel the source prices.
         *
         * @throws IllegalArgumentException when the source cannot price one of them
         */
        public Builder channels(Set<Channel> channels) {
            if (channels.isEmpty()) {
                throw new IllegalArgumentException("no channel to price");
            }
            for (Channel channel : channels) {
                if (!source.channels().contains(channel)) {
                    throw new IllegalArgumentException(source.provider() + " publishes no " + channel.id()
                            + " prices; it prices " + ids(source.channels()));
                }
            }
            this.channels = EnumSet.copyOf(channels);
            return this;
        }

        /**
         * Takes SMS prices for this type of sending number only ({@code local}, {@code mobile}, {@code national},
         * {@code toll-free}, {@code short-code}); default ({@code null} or blank): the highest over all types.
         *
         * @throws IllegalArgumentException when the source does not price by sender type, or not by this one
         */
        public Builder numberType(@Nullable String type) {
            if (type == null || type.isBlank()) {
                this.numberType = null;
                return this;
            }
            String t = type.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
            if (source.numberTypes().isEmpty()) {
                throw new IllegalArgumentException(source.provider() + "'s prices do not depend on the sender's "
                        + "number type; leave the number type out");
            }
            if (!source.numberTypes().contains(t)) {
                throw new IllegalArgumentException("unknown number type '" + type + "' for " + source.provider()
                        + "; use one of " + String.join(", ", new TreeSet<>(source.numberTypes())));
            }
            this.numberType = t;
            return this;
        }

        public Builder listener(PricingListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** How many countries are read at once (1 to 16; default 4). */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1 || parallelism > 16) {
                throw new IllegalArgumentException("parallelism must be between 1 and 16, was " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /** The clock that stamps {@link ProviderRates#fetchedAt()}. */
        public Builder clock(GuardClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Reads the prices and builds the card.
         *
         * @throws IllegalStateException when neither countries nor all countries were chosen
         * @throws ProviderException when the account is refused, or naming every country whose read failed, or
         *     when the prices cannot make a card (mixed currencies, malformed prefixes, nothing priced)
         */
        public ProviderRates fetch() {
            if (!all && countries.isEmpty()) {
                throw new IllegalStateException("choose the countries to price, or all countries");
            }
            Set<Channel> wanted = channels == null ? EnumSet.copyOf(source.channels()) : channels;
            Instant at = clock.now();
            PricingSource.Session session = source.open(wanted);
            Set<String> targets = all ? new TreeSet<>(session.countries()) : countries;
            Optional<Money> fallback = wanted.contains(Channel.SMS) ? session.defaultSmsPrice() : Optional.empty();
            Map<String, CountryPrices> read =
                    new Reader(source.provider(), session, targets, parallelism, listener).read();
            return new Assembly(source.provider(), wanted, numberType, all, fallback).build(at, read);
        }

        private static String ids(Set<Channel> channels) {
            return String.join(" and ", channels.stream().map(Channel::id).toList());
        }
    }

    /** Reads the countries, a few at a time; collects the failures of single countries. */
    private static final class Reader {
        private final String provider;
        private final PricingSource.Session session;
        private final List<String> countries;
        private final int parallelism;
        private final PricingListener listener;

        Reader(
                String provider,
                PricingSource.Session session,
                Set<String> countries,
                int parallelism,
                PricingListener listener) {
            this.provider = provider;
            this.session = session;
            this.countries = List.copyOf(countries);
            this.parallelism = Math.min(parallelism, Math.max(1, countries.size()));
            this.listener = listener;
        }

        Map<String, CountryPrices> read() {
            Map<String, CountryPrices> read = new TreeMap<>();
            Map<String, ProviderException> failed = new TreeMap<>();
            if (parallelism == 1) {
                int done = 0;
                for (String country : countries) {
                    readOne(country, read, failed);
                    listener.countryRead(++done, countries.size(), country);
                }
            } else {
                readInParallel(read, failed);
            }
            if (!failed.isEmpty()) {
                throw failure(failed);
            }
            return read;
        }

        private void readOne(String country, Map<String, CountryPrices> read, Map<String, ProviderException> failed) {
            try {
                read.put(country, checked(country, session.country(country)));
            } catch (ProviderException e) {
                if (concernsTheAccount(e)) {
                    throw e;
                }
                failed.put(country, e);
            }
        }

        private void readInParallel(Map<String, CountryPrices> read, Map<String, ProviderException> failed) {
            AtomicInteger threads = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(parallelism, task -> {
                Thread thread = new Thread(task, "balance-guard-pricing-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            try {
                CompletionService<Map.Entry<String, Object>> done = new ExecutorCompletionService<>(pool);
                for (String country : countries) {
                    done.submit(() -> {
                        try {
                            return Map.entry(country, checked(country, session.country(country)));
                        } catch (ProviderException e) {
                            return Map.entry(country, e);
                        }
                    });
                }
                for (int i = 1; i <= countries.size(); i++) {
                    Map.Entry<String, Object> result = take(done);
                    if (result.getValue() instanceof ProviderException e) {
                        if (concernsTheAccount(e)) {
                            throw e;
                        }
                        failed.put(result.getKey(), e);
                    } else {
                        read.put(result.getKey(), (CountryPrices) result.getValue());
                    }
                    listener.countryRead(i, countries.size(), result.getKey());
                }
            } finally {
                pool.shutdownNow();
            }
        }

        private Map.Entry<String, Object> take(CompletionService<Map.Entry<String, Object>> done) {
            try {
                Future<Map.Entry<String, Object>> next = done.take();
                return next.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(provider, Failure.UNAVAILABLE, "interrupted while reading prices");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        private static CountryPrices checked(String country, CountryPrices prices) {
            if (prices == null || !prices.country().equals(country)) {
                throw new IllegalStateException("a pricing source answered " + prices + " when asked for " + country);
            }
            return prices;
        }

        /** Credentials or permission: no other country would fare better, so the whole read ends. */
        private static boolean concernsTheAccount(ProviderException e) {
            return e.failure() == Failure.AUTHENTICATION || e.failure() == Failure.PERMISSION;
        }

        /** One exception naming every country that failed, typed by the failure a retry is most likely to cure. */
        private static ProviderException failure(Map<String, ProviderException> failed) {
            ProviderException worst = null;
            for (ProviderException e : failed.values()) {
                if (worst == null || rank(e.failure()) < rank(worst.failure())) {
                    worst = e;
                }
            }
            StringBuilder message = new StringBuilder("the prices of ")
                    .append(failed.size())
                    .append(failed.size() == 1 ? " country" : " countries")
                    .append(" could not be read: ");
            String separator = "";
            for (Map.Entry<String, ProviderException> entry : failed.entrySet()) {
                message.append(separator)
                        .append(entry.getKey())
                        .append(" (")
                        .append(withoutProvider(entry.getValue()))
                        .append(')');
                separator = "; ";
            }
            ProviderException typed = Objects.requireNonNull(worst, "failed is never empty");
            ProviderException all = new ProviderException(
                    typed.provider(),
                    typed.failure(),
                    message.toString(),
                    typed.retryAfter().orElse(null),
                    null);
            failed.values().forEach(all::addSuppressed);
            return all;
        }

        private static int rank(Failure failure) {
            return switch (failure) {
                case RATE_LIMITED, UNAVAILABLE -> 0;
                case UNREADABLE -> 1;
                default -> 2;
            };
        }

        private static String withoutProvider(ProviderException e) {
            String message = String.valueOf(e.getMessage());
            String head = e.provider() + ": ";
            return message.startsWith(head) ? message.substring(head.length()) : message;
        }
    }

    /** The rule: from published prices to rows and notes. */
    private static final class Assembly {
        private final String provider;
        private final Set<Channel> channels;
        private final @Nullable String numberType;
        private final boolean all;
        private final Optional<Money> fallback;
        private final List<String> notes = new ArrayList<>();

        Assembly(
                String provider,
                Set<Channel> channels,
                @Nullable String numberType,
                boolean all,
                Optional<Money> fallback) {
            this.provider = provider;
            this.channels = channels;
            this.numberType = numberType;
            this.all = all;
            this.fallback = fallback;
        }

        ProviderRates build(Instant at, Map<String, CountryPrices> read) {
            notes.add("rate card from the " + provider + " pricing API, fetched " + at);
            notes.add("countries: "
                    + (all ? "all " + read.size() + " the provider prices" : String.join(", ", read.keySet())));
            RateCard.Builder card = RateCard.builder().source(provider + " pricing API");
            int rows = 0;
            if (channels.contains(Channel.SMS)) {
                rows += sms(read, card);
            }
            if (channels.contains(Channel.VOICE)) {
                rows += voice(read, card);
            }
            if (rows == 0) {
                throw new ProviderException(
                        provider,
                        Failure.INVALID_REQUEST,
                        provider + " lists no "
                                + String.join(
                                        " or ",
                                        channels.stream().map(Channel::id).toList()) + " price for "
                                + (all ? "any country" : String.join(", ", read.keySet()))
                                + "; check the country codes and the base URL");
            }
            try {
                return new ProviderRates(provider, at, card.build(), notes);
            } catch (RateCardException e) {
                throw new ProviderException(
                        provider,
                        Failure.UNREADABLE,
                        "the published prices make no rate card: " + e.getMessage(),
                        null,
                        e);
            }
        }

        private int sms(Map<String, CountryPrices> read, RateCard.Builder card) {
            notes.add("sms: per country, the highest current price among its carriers"
                    + (numberType == null ? " and sender number types" : " for sender number type " + numberType)
                    + ": an estimate may be high, never low");
            notes.add("sms: numbers map to countries as libphonenumber " + RegionPrefixes.libphonenumberVersion()
                    + " assigns them");
            Map<String, Money> prices = new TreeMap<>();
            List<String> unlisted = new ArrayList<>();
            List<String> defaulted = new ArrayList<>();
            List<String> anyType = new ArrayList<>();
            List<String> unmapped = new ArrayList<>();
            for (CountryPrices country : read.values()) {
                String code = country.country();
                Money price;
                if (!country.sms().isEmpty()) {
                    price = highest(code, narrowed(code, country.sms(), anyType));
                } else if (fallback.isPresent()) {
                    price = fallback.get();
                    defaulted.add(code);
                } else {
                    unlisted.add(code);
                    continue;
                }
                if (!RegionPrefixes.isRegion(code)) {
                    unmapped.add(code);
                } else {
                    prices.put(code, price);
                }
            }
            note("sms: no " + numberType + " sender price, so the highest over all sender types", anyType);
            note("sms: not listed, so priced at the provider's default rate", defaulted);
            note("sms: no price listed, so no rows (numbers there match no row)", unlisted);
            note("sms: not a region libphonenumber knows, so no rows", unmapped);
            String currency = sameCurrency(Channel.SMS, prices);
            int rows = 0;
            if (all && fallback.isPresent()) {
                requireCurrency(Channel.SMS, currency, fallback.get(), "its default rate");
                card.sms(Rate.DEFAULT_PREFIX, fallback.get());
                notes.add("sms: '*' is the provider's default rate, for destinations it lists no country for");
                rows++;
            }
            Map<Integer, Money> shared = new TreeMap<>();
            Set<String> prefixes = new java.util.HashSet<>();
            for (Map.Entry<String, Money> entry : prices.entrySet()) {
                for (String prefix : RegionPrefixes.prefixes(entry.getKey())) {
                    card.sms(prefix, entry.getValue());
                    prefixes.add(prefix);
                    rows++;
                }
                int code = RegionPrefixes.callingCode(entry.getKey());
                if (RegionPrefixes.regionsOf(code).size() > 1) {
                    shared.merge(code, entry.getValue(), Money::max);
                }
            }
            for (Map.Entry<Integer, Money> entry : shared.entrySet()) {
                String code = Integer.toString(entry.getKey());
                if (!prefixes.contains(code) && prices.keySet().containsAll(RegionPrefixes.regionsOf(entry.getKey()))) {
                    card.sms(code, entry.getValue());
                    rows++;
                }
            }
            return rows;
        }

        /** The prices for the chosen sender type; all of them when the country has none for it. */
        private List<CarrierPrice> narrowed(String country, List<CarrierPrice> prices, List<String> anyType) {
            if (numberType == null) {
                return prices;
            }
            List<CarrierPrice> matching = prices.stream()
                    .filter(p -> p.numberType() == null || p.numberType().equals(numberType))
                    .toList();
            if (matching.isEmpty()) {
                anyType.add(country);
                return prices;
            }
            return matching;
        }

        private Money highest(String country, List<CarrierPrice> prices) {
            Money highest = prices.get(0).price();
            for (CarrierPrice price : prices) {
                if (!price.price().sameUnitAs(highest)) {
                    throw new ProviderException(
                            provider,
                            Failure.UNREADABLE,
                            country + " is priced in both " + highest.unit() + " and "
                                    + price.price().unit());
                }
                highest = highest.max(price.price());
            }
            return highest;
        }

        private int voice(Map<String, CountryPrices> read, RateCard.Builder card) {
            notes.add("voice: the provider's destination prefixes (the longest matching prefix wins); where a "
                    + "prefix repeats, its highest price and longest billing increment");
            Map<String, VoicePrice> byPrefix = new TreeMap<>();
            Map<String, String> countryOf = new TreeMap<>();
            List<String> unlisted = new ArrayList<>();
            for (CountryPrices country : read.values()) {
                if (country.voice().isEmpty()) {
                    unlisted.add(country.country());
                }
                for (VoicePrice price : country.voice()) {
                    if (!PREFIX.matcher(price.prefix()).matches()) {
                        throw new ProviderException(
                                provider,
                                Failure.UNREADABLE,
                                "voice prefix '" + price.prefix() + "' of " + country.country()
                                        + " is not 1 to 15 E.164 digits");
                    }
                    countryOf.putIfAbsent(price.prefix(), country.country());
                    byPrefix.merge(price.prefix(), price, (a, b) -> higher(country.country(), a, b));
                }
            }
            note("voice: no price listed, so no rows of their own", unlisted);
            Map<String, Money> perMinute = new TreeMap<>();
            byPrefix.forEach(
                    (prefix, price) -> perMinute.put(countryOf.get(prefix) + " " + prefix, price.pricePerMinute()));
            sameCurrency(Channel.VOICE, perMinute);
            Set<String> increments = new LinkedHashSet<>();
            for (VoicePrice price : byPrefix.values()) {
                card.voice(price.prefix(), price.pricePerMinute(), price.incrementSeconds(), price.minimumSeconds());
                increments.add(price.incrementSeconds() + "/" + price.minimumSeconds());
            }
            if (!increments.isEmpty()) {
                notes.add("voice: billed in increments/minimum of " + String.join(", ", increments) + " seconds");
            }
            return byPrefix.size();
        }

        private VoicePrice higher(String country, VoicePrice a, VoicePrice b) {
            if (!a.pricePerMinute().sameUnitAs(b.pricePerMinute())) {
                throw new ProviderException(
                        provider,
                        Failure.UNREADABLE,
                        "voice prefix " + a.prefix()
                                + " is priced in both " + a.pricePerMinute().unit() + " and "
                                + b.pricePerMinute().unit()
                                + " (" + country + ")");
            }
            return new VoicePrice(
                    a.prefix(),
                    a.pricePerMinute().max(b.pricePerMinute()),
                    Math.max(a.incrementSeconds(), b.incrementSeconds()),
                    Math.max(a.minimumSeconds(), b.minimumSeconds()));
        }

        /** The one currency of the prices; a card has one per channel. */
        private @Nullable String sameCurrency(Channel channel, Map<String, Money> prices) {
            Map<String, List<String>> byUnit = new TreeMap<>();
            prices.forEach((what, price) ->
                    byUnit.computeIfAbsent(price.unit(), u -> new ArrayList<>()).add(what));
            if (byUnit.size() > 1) {
                StringBuilder message = new StringBuilder(channel.id())
                        .append(" prices come in ")
                        .append(byUnit.size())
                        .append(" currencies (");
                String separator = "";
                for (Map.Entry<String, List<String>> entry : byUnit.entrySet()) {
                    List<String> where = entry.getValue();
                    message.append(separator)
                            .append(entry.getKey())
                            .append(": ")
                            .append(String.join(", ", where.subList(0, Math.min(5, where.size()))))
                            .append(where.size() > 5 ? ", …" : "");
                    separator = "; ";
                }
                throw new ProviderException(
                        provider,
                        Failure.UNREADABLE,
                        message.append("); a rate card has one currency per channel: price fewer countries")
                                .toString());
            }
            return byUnit.isEmpty() ? null : byUnit.keySet().iterator().next();
        }

        private void requireCurrency(Channel channel, @Nullable String currency, Money price, String what) {
            if (currency != null && !currency.equals(price.unit())) {
                throw new ProviderException(
                        provider,
                        Failure.UNREADABLE,
                        channel.id() + " prices come in " + currency + " but " + what + " in " + price.unit());
            }
        }

        private void note(String what, List<String> countries) {
            if (!countries.isEmpty()) {
                notes.add(what + ": " + String.join(", ", new TreeSet<>(countries)));
            }
        }
    }
}
