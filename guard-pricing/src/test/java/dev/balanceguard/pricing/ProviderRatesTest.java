package dev.balanceguard.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.cost.CostEstimator;
import dev.balanceguard.cost.NoMatchingRateException;
import dev.balanceguard.cost.Rate;
import dev.balanceguard.cost.RateCard;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.test.ManualClock;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProviderRatesTest {

    private final FakePricingSource source = new FakePricingSource();

    @Test
    void smsPriceOfACountryIsTheHighestAmongItsCarriers() {
        source.sms("GB", "0.0400 USD", "0.0523 USD", "0.0450 USD").sms("FR", "0.0700 USD", "0.0650 USD");
        RateCard card = fetch(List.of("GB", "FR"));
        assertThat(price(card, "+447400123456")).isEqualTo(Money.of("0.0523", "USD"));
        assertThat(price(card, "+33612345678")).isEqualTo(Money.of("0.0700", "USD"));
    }

    @Test
    void anEstimateFromTheCardIsNeverBelowWhatAnyCarrierCharges() {
        source.sms("GB", "0.0400 USD", "0.0523 USD");
        CostEstimator estimator = new CostEstimator(fetch(List.of("GB")));
        // whichever carrier the recipients are on (they port), 100 single-segment texts cost at most 5.23
        assertThat(estimator.sms(List.of("+447400123456"), "hi").total().times(100))
                .isEqualTo(Money.of("5.2300", "USD"));
    }

    @Test
    void numberTypeNarrowsToTheSendersType() {
        source.numberTypes = Set.of("local", "mobile", "short-code");
        source.sms("GB", "0.0400 USD local", "0.0900 USD short-code", "0.0410 USD mobile")
                .sms("FR", "0.0700 USD local", "0.0800 USD short-code");
        ProviderRates any = ProviderRates.builder(source)
                .countries(List.of("GB", "FR"))
                .channels(Set.of(Channel.SMS))
                .fetch();
        assertThat(price(any.card(), "+447400123456")).isEqualTo(Money.of("0.0900", "USD"));

        ProviderRates mobile = ProviderRates.builder(source)
                .countries(List.of("GB", "FR"))
                .channels(Set.of(Channel.SMS))
                .numberType("Mobile")
                .fetch();
        assertThat(price(mobile.card(), "+447400123456")).isEqualTo(Money.of("0.0410", "USD"));
        // France has no price for a mobile sender: the highest over all types, and the note says so
        assertThat(price(mobile.card(), "+33612345678")).isEqualTo(Money.of("0.0800", "USD"));
        assertThat(mobile.notes()).contains("sms: no mobile sender price, so the highest over all sender types: FR");
    }

    @Test
    void numberTypeMustBeOneTheSourcePrices() {
        assertThatThrownBy(() -> ProviderRates.builder(source).numberType("local"))
                .hasMessageContaining("do not depend on the sender");
        source.numberTypes = Set.of("local", "mobile");
        assertThatThrownBy(() -> ProviderRates.builder(source).numberType("fax"))
                .hasMessageContaining("unknown number type 'fax'")
                .hasMessageContaining("local, mobile");
    }

    @Test
    void unknownCountryCodesAreNamedBeforeAnyRequest() {
        assertThatThrownBy(() -> ProviderRates.builder(source).countries(List.of("GB", "ZZ", "usa")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[ZZ, usa]");
        assertThat(source.asked).isEmpty();
    }

    @Test
    void voicePrefixesBecomeRowsAndARepeatedPrefixTakesItsHighestPrice() {
        source.voice("US", "1", "0.0130", "USD")
                .voice("US", "1907", "0.0900", "USD")
                .voice("CA", "1", "0.0140", "USD")
                .voice("CA", "1204", "0.0100", "USD");
        RateCard card = ProviderRates.builder(source)
                .countries(List.of("US", "CA"))
                .channels(Set.of(Channel.VOICE))
                .fetch()
                .card();
        assertThat(card.rateFor(Channel.VOICE, "+19075550123").orElseThrow().price())
                .isEqualTo(Money.of("0.0900", "USD"));
        assertThat(card.rateFor(Channel.VOICE, "+12045550123").orElseThrow().price())
                .isEqualTo(Money.of("0.0100", "USD"));
        assertThat(card.rateFor(Channel.VOICE, "+12125550123").orElseThrow().price())
                .isEqualTo(Money.of("0.0140", "USD"));
        assertThat(card.rateFor(Channel.VOICE, "+12125550123").orElseThrow().incrementSeconds())
                .isEqualTo(60);
    }

    @Test
    void numbersOfCountriesNotOnTheCardMatchNoRow() {
        source.sms("GB", "0.0400 USD").sms("JE", "0.0600 USD");
        RateCard card = fetch(List.of("GB"));
        // Jersey shares +44, but it is not on the card: its number fails by name instead of taking GB's price
        assertThatThrownBy(() -> new CostEstimator(card).sms(List.of("+447797712345"), "hi"))
                .isInstanceOf(NoMatchingRateException.class)
                .hasMessageContaining("+447797712345");
        assertThat(card.rateFor(Channel.SMS, "+441000000000"))
                .as("unassigned +44 number")
                .isEmpty();
    }

    @Test
    void aFailedCountryFailsTheFetchAndIsNamed() {
        source.sms("GB", "0.0400 USD").sms("FR", "0.0700 USD");
        source.failures.put("DE", new ProviderException("fake", Failure.UNAVAILABLE, "HTTP 503 (3 attempts)"));
        source.failures.put("IN", new ProviderException("fake", Failure.UNREADABLE, "field 'price' is not a number"));
        assertThatThrownBy(() -> fetch(List.of("GB", "FR", "DE", "IN")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
                    assertThat(e.getMessage())
                            .contains("2 countries")
                            .contains("DE (HTTP 503 (3 attempts))")
                            .contains("IN (field 'price' is not a number)");
                    assertThat(e.getSuppressed()).hasSize(2);
                });
    }

    @Test
    void refusedCredentialsEndTheWholeFetch() {
        for (String country : List.of("AT", "BE", "CH", "DE", "DK", "ES", "FI", "FR")) {
            source.failures.put(country, new ProviderException("fake", Failure.AUTHENTICATION, "HTTP 401"));
        }
        assertThatThrownBy(() -> ProviderRates.builder(source)
                        .allCountries()
                        .parallelism(1)
                        .fetch())
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION));
        assertThat(source.asked).hasSize(1);
    }

    @Test
    void unlistedCountriesAreNamedInTheNotes() {
        source.sms("GB", "0.0400 USD");
        ProviderRates rates = ProviderRates.builder(source)
                .countries(List.of("GB", "FR"))
                .channels(Set.of(Channel.SMS))
                .fetch();
        assertThat(rates.notes()).contains("sms: no price listed, so no rows (numbers there match no row): FR");
    }

    @Test
    void defaultRateIsTheStarRowOnlyForAllCountries() {
        source.sms("GR", "0.047000 EUR", "0.045000 EUR");
        source.defaultPrice = Money.of("0.060000", "EUR");
        source.channels = Set.of(Channel.SMS);
        RateCard all = ProviderRates.builder(source).allCountries().fetch().card();
        assertThat(price(all, "+33612345678")).isEqualTo(Money.of("0.060000", "EUR"));
        assertThat(price(all, "+306912345678")).isEqualTo(Money.of("0.047000", "EUR"));

        ProviderRates some =
                ProviderRates.builder(source).countries(List.of("GR", "FR")).fetch();
        assertThat(some.card().rateFor(Channel.SMS, "+4915123456789")).isEmpty();
        assertThat(price(some.card(), "+33612345678")).isEqualTo(Money.of("0.060000", "EUR"));
        assertThat(some.notes()).contains("sms: not listed, so priced at the provider's default rate: FR");
    }

    @Test
    void mixedCurrenciesAreRefusedNamingThem() {
        source.sms("GB", "0.0400 USD").sms("FR", "0.0700 EUR");
        assertThatThrownBy(() -> fetch(List.of("GB", "FR"))).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.failure()).isEqualTo(Failure.UNREADABLE);
            assertThat(e.getMessage()).contains("EUR: FR").contains("USD: GB");
        });
    }

    @Test
    void nothingPricedIsAnError() {
        assertThatThrownBy(() -> fetch(List.of("GB")))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.getMessage()).contains("lists no sms price for GB"));
    }

    @Test
    void writtenCsvReadsBackAsTheSameCard() throws Exception {
        source.sms("GB", "0.0400 USD")
                .sms("JE", "0.0600 USD")
                .sms("GG", "0.0550 USD")
                .sms("IM", "0.0500 USD")
                .voice("GB", "44", "0.0175", "USD")
                .voice("GB", "447", "0.0350", "USD");
        ManualClock clock = new ManualClock(Instant.parse("2026-04-24T05:00:00Z"));
        ProviderRates rates = ProviderRates.builder(source)
                .countries(List.of("GB", "JE", "GG", "IM"))
                .clock(clock)
                .fetch();
        StringBuilder csv = new StringBuilder();
        rates.writeCsv(csv);
        assertThat(csv)
                .startsWith("# rate card from the fake pricing API, fetched 2026-04-24T05:00:00Z\n")
                .contains("\nchannel,prefix,price,currency,increment_seconds,minimum_seconds\n")
                .contains("\nsms,44,0.0600,USD,,\n") // every +44 region is on the card: the highest of them
                .contains("\nvoice,447,0.0350,USD,60,60\n")
                .doesNotContain("E-");
        RateCard back = RateCard.parse(new StringReader(csv.toString()), "written");
        assertThat(back.rates()).isEqualTo(rates.card().rates());
    }

    @Test
    void progressIsReportedForEveryCountry() {
        source.sms("GB", "0.0400 USD").sms("FR", "0.0700 USD").sms("DE", "0.0800 USD");
        List<String> heard = new ArrayList<>();
        ProviderRates.builder(source)
                .countries(List.of("GB", "FR", "DE"))
                .parallelism(2)
                .listener((done, total, country) -> heard.add(done + "/" + total))
                .fetch();
        assertThat(heard).containsExactly("1/3", "2/3", "3/3");
    }

    @Test
    void aCountryByCountrySessionOffersEveryLibphonenumberRegionAndReadsOnlyThose() {
        List<String> asked = new ArrayList<>();
        PricingSource.Session session = PricingSource.byCountry(country -> {
            asked.add(country);
            return CountryPrices.unlisted(country);
        });
        assertThat(session.countries())
                .hasSize(RegionPrefixes.regions().size())
                .contains("GB", "JE", "US", "XK")
                .doesNotContain("001");
        assertThat(session.country("JE").isEmpty()).isTrue();
        assertThatThrownBy(() -> session.country("ZZ"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ZZ");
        assertThatThrownBy(() -> session.country("gb")).isInstanceOf(IllegalArgumentException.class);
        assertThat(asked).containsExactly("JE");
        assertThat(session.defaultSmsPrice()).isEmpty();
    }

    private RateCard fetch(List<String> countries) {
        return ProviderRates.builder(source)
                .countries(countries)
                .channels(Set.of(Channel.SMS))
                .fetch()
                .card();
    }

    private static Money price(RateCard card, String number) {
        return card.rateFor(Channel.SMS, number).map(Rate::price).orElseThrow();
    }
}
