package dev.balanceguard.provider.vonage;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.moreThanOrExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.cost.CostEstimator;
import dev.balanceguard.cost.Rate;
import dev.balanceguard.cost.RateCard;
import dev.balanceguard.pricing.PricingSource;
import dev.balanceguard.pricing.ProviderRates;
import dev.balanceguard.provider.PricingSourceSuite;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.ProviderTestSupport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Vonage's Pricing API v2 on a loopback WireMock, with the payloads in the shape Vonage's reference documents
 * ({@code _embedded.countries[]} rows of strings, {@code _links}), on a clock that moves as the source waits.
 */
class VonagePricingSourceTest extends PricingSourceSuite {

    static final String KEY = VonageBalanceProviderTest.KEY;
    static final String SECRET = VonageBalanceProviderTest.SECRET;
    static final String PAIR = VonageBalanceProviderTest.PAIR;
    static final String SMS = "/v2/account/pricing/sms-outbound";
    static final String VOICE = "/v2/account/pricing/voice-outbound";

    @Override
    protected List<String> secrets() {
        return List.of(SECRET, PAIR);
    }

    /** The account's source on the loopback host; waits are recorded and move the clock, never slept. */
    private PricingSource source() {
        AtomicReference<Instant> now = new AtomicReference<>(ProviderTestSupport.NOW);
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        VonageBalanceProvider account = VonageBalanceProvider.builder()
                .apiKey(KEY)
                .apiSecret(SECRET)
                .currency("EUR")
                .http(ProviderTestSupport.recordingHttp(sleeps)
                        .clock(clock)
                        .sleeper(wait -> {
                            sleeps.add(wait);
                            now.updateAndGet(t -> t.plus(wait));
                        })
                        .build())
                .build();
        return watched(account.pricingSource(baseUrl()));
    }

    private void stub(String path, String country, ResponseDefinitionBuilder answer) {
        wire.stubFor(get(urlPathEqualTo(path))
                .withQueryParam("country", equalTo(country))
                .willReturn(answer));
    }

    private static String fixture(String name) {
        return ProviderTestSupport.resource("vonage/pricing/" + name);
    }

    /** Vonage's problem answer, as its newer APIs give it. */
    private static ResponseDefinitionBuilder problem(int status, String title, String detail) {
        return json(
                status,
                "{\"type\":\"https://developer.nexmo.com/api-errors#"
                        + title.toLowerCase(Locale.ROOT).replace(' ', '-') + "\",\"title\":\"" + title
                        + "\",\"detail\":\""
                        + detail + "\",\"instance\":\"bf0ca0bf927b3b52e3cb03217e1a1ddf\"}");
    }

    private void stubGbSmsPages() {
        wire.stubFor(get(urlPathEqualTo(SMS))
                .withQueryParam("country", equalTo("GB"))
                .withQueryParam("page", equalTo("1"))
                .willReturn(json(200, fixture("sms-outbound-GB-page-1.json"))));
        wire.stubFor(get(urlPathEqualTo(SMS))
                .withQueryParam("country", equalTo("GB"))
                .withQueryParam("page", equalTo("2"))
                .willReturn(json(200, fixture("sms-outbound-GB-page-2.json"))));
    }

    @Test
    void smsPagesThroughLinksNextOnTheConfiguredHostAndTakesTheHighestNetworkType() {
        stubGbSmsPages();
        stub(SMS, "CA", json(200, fixture("sms-outbound-CA.json")));

        ProviderRates rates = fetch(
                ProviderRates.builder(source()).countries(List.of("GB", "CA")).channels(Set.of(Channel.SMS)));

        // the landline row of page 2 is above the mobile row of page 1: an estimate may be high, never low
        assertThat(sms(rates.card(), "+447400123456")).isEqualTo(Money.of("0.0412", "EUR"));
        assertThat(sms(rates.card(), "+14165550123")).isEqualTo(Money.of("0.0059", "EUR"));
        // +1 is shared: a US number is not priced at Canada's price
        assertThat(rates.card().rateFor(Channel.SMS, "+12015550123")).isEmpty();
        wire.verify(
                2,
                getRequestedFor(urlPathEqualTo(SMS))
                        .withQueryParam("country", equalTo("GB"))
                        .withQueryParam("page_size", equalTo("100"))
                        .withHeader("Authorization", equalTo("Basic " + PAIR)));
        wire.verify(getRequestedFor(urlPathEqualTo(SMS))
                .withQueryParam("country", equalTo("GB"))
                .withQueryParam("page", equalTo("2")));
        // the _links hrefs (which name another path, without /v2) are never followed
        wire.verify(0, getRequestedFor(urlPathMatching("/account/.*")));
    }

    @Test
    void voiceRowsPriceTheDialingPrefixWithTheirBilling() {
        stub(VOICE, "GB", json(200, fixture("voice-outbound-GB.json")));
        stub(VOICE, "DE", json(200, fixture("voice-outbound-DE.json")));

        RateCard card = fetch(ProviderRates.builder(source())
                        .countries(List.of("GB", "DE"))
                        .channels(Set.of(Channel.VOICE)))
                .card();

        // GB: mobile 0.0530 60/60 and landline 0.0124 1/1 share "44": the highest price, the longest billing
        Rate gb = card.rateFor(Channel.VOICE, "+442071234567").orElseThrow();
        assertThat(gb.price()).isEqualTo(Money.of("0.0530", "EUR"));
        assertThat(gb.incrementSeconds()).isEqualTo(60);
        assertThat(gb.minimumSeconds()).isEqualTo(60);
        // DE: rate_increment "1", group_internal_start "1s": per second
        Rate de = card.rateFor(Channel.VOICE, "+4930123456").orElseThrow();
        assertThat(de.price()).isEqualTo(Money.of("0.0290", "EUR"));
        assertThat(de.incrementSeconds()).isEqualTo(1);
        assertThat(de.minimumSeconds()).isEqualTo(1);
        // 90 s to Germany billed per second: 1.5 min x 0.0290; to the UK, two started minutes x 0.0530
        CostEstimator estimator = new CostEstimator(card);
        assertThat(estimator
                        .voice(List.of("+4930123456"), Duration.ofSeconds(90))
                        .total())
                .isEqualTo(Money.of("0.0435", "EUR"));
        assertThat(estimator
                        .voice(List.of("+442071234567"), Duration.ofSeconds(90))
                        .total())
                .isEqualTo(Money.of("0.1060", "EUR"));
    }

    @Test
    void numberPricesAndIncrementsAreReadExactly() {
        stub(
                VOICE,
                "DE",
                json(
                        200,
                        fixture("voice-outbound-DE.json")
                                .replace("\"0.0290\"", "0.029000")
                                .replace("\"rate_increment\": \"1\"", "\"rate_increment\": 6")
                                .replace("\"group_internal_start\": \"1s\"", "\"group_internal_start\": \"30\"")));

        Rate de = fetch(ProviderRates.builder(source()).countries(List.of("DE")).channels(Set.of(Channel.VOICE)))
                .card()
                .rateFor(Channel.VOICE, "+4930123456")
                .orElseThrow();

        assertThat(de.price().amount().toPlainString()).isEqualTo("0.029000");
        assertThat(de.incrementSeconds()).isEqualTo(6);
        assertThat(de.minimumSeconds()).isEqualTo(30);
    }

    @Test
    void aCountryVonageDoesNotPriceIsNamedNotLeftOutSilently() {
        stubGbSmsPages();
        stub(SMS, "KP", problem(404, "Not Found", "No pricing found for country KP"));
        stub(
                SMS,
                "SO",
                json(
                        200,
                        "{\"page_size\":\"100\",\"page\":\"1\",\"total_items\":\"0\",\"total_pages\":\"0\","
                                + "\"_embedded\":{\"countries\":[]},\"_links\":{}}"));

        ProviderRates rates = fetch(ProviderRates.builder(source())
                .countries(List.of("GB", "KP", "SO"))
                .channels(Set.of(Channel.SMS)));

        assertThat(rates.notes()).contains("sms: no price listed, so no rows (numbers there match no row): KP, SO");
        assertThat(rates.card().rateFor(Channel.SMS, "+850191234567")).isEmpty();
    }

    @Test
    void refusedCredentialsEndTheFetch() {
        stub(SMS, "GB", problem(401, "Unauthorized", "You did not provide correct credentials."));
        stub(SMS, "FR", problem(401, "Unauthorized", "You did not provide correct credentials."));
        assertThatThrownBy(() -> fetch(ProviderRates.builder(source())
                        .countries(List.of("GB", "FR"))
                        .channels(Set.of(Channel.SMS))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
                    assertThat(e.getMessage())
                            .contains("HTTP 401")
                            .contains("Unauthorized")
                            .contains("check the credentials");
                });
    }

    @Test
    void rateLimitIsRetriedAfterTheRequestedDelay() {
        wire.stubFor(get(urlPathEqualTo(VOICE))
                .inScenario("429")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("calm")
                .willReturn(json(429, "{\"error-code\":\"429\",\"error-code-label\":" + "\"Too Many Requests\"}")
                        .withHeader("Retry-After", "2")));
        wire.stubFor(get(urlPathEqualTo(VOICE))
                .inScenario("429")
                .whenScenarioStateIs("calm")
                .willReturn(json(200, fixture("voice-outbound-DE.json"))));

        RateCard card = fetch(
                        ProviderRates.builder(source()).countries(List.of("DE")).channels(Set.of(Channel.VOICE)))
                .card();

        assertThat(card.rateFor(Channel.VOICE, "+4930123456").orElseThrow().price())
                .isEqualTo(Money.of("0.0290", "EUR"));
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
        wire.verify(2, getRequestedFor(urlPathEqualTo(VOICE)));
    }

    @Test
    void requestsTakeTurnsOfOneSecondAsVonageAllows() {
        stubGbSmsPages();
        stub(SMS, "CA", json(200, fixture("sms-outbound-CA.json")));
        stub(VOICE, "GB", json(200, fixture("voice-outbound-GB.json")));
        stub(VOICE, "CA", json(200, fixture("voice-outbound-DE.json").replace("\"49\"", "\"1\"")));

        fetch(ProviderRates.builder(source()).countries(List.of("GB", "CA")).parallelism(4));

        // five requests (GB's SMS has two pages), read by two threads: the first at once, then one a second
        assertThat(sleeps)
                .containsExactly(
                        Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
        wire.verify(5, getRequestedFor(urlPathMatching("/v2/account/pricing/.*")));
    }

    @Test
    void aCountryUnavailableAfterBoundedRetriesFailsTheFetchByName() {
        stubGbSmsPages();
        stub(SMS, "FR", problem(503, "Service Unavailable", "Please try again later"));
        assertThatThrownBy(() -> fetch(ProviderRates.builder(source())
                        .countries(List.of("GB", "FR"))
                        .channels(Set.of(Channel.SMS))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
                    assertThat(e.getMessage())
                            .contains("1 country")
                            .contains("FR (HTTP 503")
                            .contains("3 attempts")
                            .doesNotContain("GB");
                });
        wire.verify(3, getRequestedFor(urlPathEqualTo(SMS)).withQueryParam("country", equalTo("FR")));
    }

    @Test
    void unreadableAnswersAreUnreadableAndNamed() {
        stub(SMS, "CA", json(200, fixture("sms-outbound-CA.json").replace("\"0.0059\"", "\"0,0059\"")));
        stub(
                VOICE,
                "CA",
                json(
                        200,
                        fixture("voice-outbound-DE.json")
                                .replace("\"rate_increment\": \"1\"", "\"rate_increment\": \"sixty\"")));
        stub(SMS, "FR", json(200, "{\"_embedded\":{\"countries\":{\"price\":\"0.05\"}}}"));
        stub(VOICE, "FR", json(200, fixture("voice-outbound-DE.json").replace("\"currency\": \"EUR\",", "")));
        assertThatThrownBy(() -> fetch(ProviderRates.builder(source()).countries(List.of("CA", "FR"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.UNREADABLE);
                    assertThat(e.getMessage())
                            .contains("CA (field 'price': not a decimal amount: '0,0059'")
                            .contains("FR (field 'countries' is not a list");
                });

        stub(SMS, "CA", json(200, fixture("sms-outbound-CA.json")));
        stub(SMS, "FR", json(200, fixture("sms-outbound-CA.json")));
        assertThatThrownBy(() -> fetch(ProviderRates.builder(source()).countries(List.of("CA", "FR"))))
                .isInstanceOfSatisfying(
                        ProviderException.class,
                        e -> assertThat(e.getMessage())
                                .contains("CA (field 'rate_increment' is not a number of seconds")
                                .contains("FR (the answer has an amount but no currency"));

        stub(SMS, "CA", json(200, "{\"_embedded\":{\"countries\":[\"0.0059\"]}}"));
        assertThatThrownBy(() -> fetch(
                        ProviderRates.builder(source()).countries(List.of("CA")).channels(Set.of(Channel.SMS))))
                .isInstanceOfSatisfying(
                        ProviderException.class,
                        e -> assertThat(e.getMessage())
                                .contains("CA (a row of '_embedded.countries' is not an object"));
    }

    @Test
    void pagesThatNeverEndAreUnreadable() {
        stub(SMS, "GB", json(200, fixture("sms-outbound-GB-page-1.json")));
        assertThatThrownBy(() -> fetch(
                        ProviderRates.builder(source()).countries(List.of("GB")).channels(Set.of(Channel.SMS))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.UNREADABLE);
                    assertThat(e.getMessage()).contains("GB (the sms-outbound prices of GB do not end (page 21)");
                });
        wire.verify(20, getRequestedFor(urlPathEqualTo(SMS)));
    }

    @Test
    void allCountriesAsksForEveryRegionLibphonenumberKnows() {
        stubGbSmsPages();
        wire.stubFor(get(urlPathEqualTo(SMS)).atPriority(10).willReturn(problem(404, "Not Found", "No pricing")));
        int regions = PhoneNumberUtil.getInstance().getSupportedRegions().size();

        ProviderRates rates =
                fetch(ProviderRates.builder(source()).allCountries().channels(Set.of(Channel.SMS)));

        assertThat(rates.notes()).contains("countries: all " + regions + " the provider prices");
        assertThat(sms(rates.card(), "+447400123456")).isEqualTo(Money.of("0.0412", "EUR"));
        // at least: a fresh-clone CI run once saw 247 requests for 246, one of them sent twice under load
        wire.verify(moreThanOrExactly(regions + 1), getRequestedFor(urlPathEqualTo(SMS)));
        assertThat(sleeps).hasSizeGreaterThanOrEqualTo(regions).allMatch(Duration.ofSeconds(1)::equals);
    }

    @Test
    void thePublicPricingHostIsTheDefault() {
        VonageBalanceProvider account = VonageBalanceProvider.builder()
                .apiKey(KEY)
                .apiSecret(SECRET)
                .currency("EUR")
                .build();
        PricingSource source = account.pricingSource(null);
        assertThat(source.toString()).contains("https://api.nexmo.com").doesNotContain(SECRET);
        assertThat(source.channels()).containsExactlyInAnyOrder(Channel.SMS, Channel.VOICE);
        assertThat(source.numberTypes()).isEmpty();
        assertThatThrownBy(() -> account.pricingSource("http://pricing.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain http");
    }
}
