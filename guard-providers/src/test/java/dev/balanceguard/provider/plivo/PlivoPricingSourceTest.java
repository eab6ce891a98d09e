package dev.balanceguard.provider.plivo;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.cost.Rate;
import dev.balanceguard.cost.RateCard;
import dev.balanceguard.pricing.PricingSource;
import dev.balanceguard.pricing.ProviderRates;
import dev.balanceguard.provider.PricingSourceSuite;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.ProviderException.Failure;
import dev.balanceguard.provider.ProviderTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Plivo's Pricing API on a loopback WireMock, with the payload as Plivo documents it (and its SDKs' fixtures). */
class PlivoPricingSourceTest extends PricingSourceSuite {

    static final String AUTH_ID = PlivoBalanceProviderTest.AUTH_ID;
    static final String TOKEN = PlivoBalanceProviderTest.TOKEN;
    static final String PAIR = PlivoBalanceProviderTest.PAIR;
    static final String PATH = "/v1/Account/" + AUTH_ID + "/Pricing/";

    @Override
    protected List<String> secrets() {
        return List.of(TOKEN, PAIR);
    }

    /** The account's source, asked on the balance API's own host, as Plivo serves both. */
    private PricingSource source(String currency) {
        PlivoBalanceProvider account = PlivoBalanceProvider.builder()
                .authId(AUTH_ID)
                .authToken(TOKEN)
                .currency(currency)
                .baseUrl(baseUrl())
                .http(ProviderTestSupport.recordingHttp(sleeps).build())
                .build();
        return watched(account.pricingSource(null));
    }

    private PricingSource source() {
        return source("USD");
    }

    private void stub(String country, ResponseDefinitionBuilder answer) {
        wire.stubFor(get(urlPathEqualTo(PATH))
                .withQueryParam("country_iso", equalTo(country))
                .willReturn(answer));
    }

    private static String fixture(String country) {
        return ProviderTestSupport.resource("plivo/pricing/pricing-" + country + ".json");
    }

    private static ResponseDefinitionBuilder error(int status, String message) {
        return json(status, "{\"api_id\":\"5e8a1d4e-93ca-11e7-9bde-024427e23b8a\",\"error\":\"" + message + "\"}");
    }

    @Test
    void documentedAnswerGivesTheHighestCarrierGroupAndEveryVoicePrefix() {
        stub("US", json(200, fixture("US")));
        stub("GB", json(200, fixture("GB")));

        RateCard card = fetch(ProviderRates.builder(source()).countries(List.of("US", "GB")))
                .card();

        // US: AT&T's 0.00650 is above the country rate 0.00500; GB: EE's 0.04250 above Vodafone's and O2's
        assertThat(sms(card, "+12015550123")).isEqualTo(Money.of("0.00650", "USD"));
        assertThat(sms(card, "+447400123456")).isEqualTo(Money.of("0.04250", "USD"));
        // voice: prefix "1" from two origins (0.01200 default, 0.01500 from some US numbers): the higher
        Rate us = card.rateFor(Channel.VOICE, "+12015550123").orElseThrow();
        assertThat(us.price()).isEqualTo(Money.of("0.01500", "USD"));
        assertThat(us.incrementSeconds()).isEqualTo(60);
        assertThat(us.minimumSeconds()).isEqualTo(60);
        assertThat(card.rateFor(Channel.VOICE, "+19075550123").orElseThrow().price())
                .isEqualTo(Money.of("0.17900", "USD"));
        assertThat(card.rateFor(Channel.VOICE, "+13405550123").orElseThrow().price())
                .isEqualTo(Money.of("0.03400", "USD"));
        assertThat(card.rateFor(Channel.VOICE, "+447400123456").orElseThrow().price())
                .isEqualTo(Money.of("0.04500", "USD"));
        assertThat(card.rateFor(Channel.VOICE, "+442071234567").orElseThrow().price())
                .isEqualTo(Money.of("0.01300", "USD"));
        // one request a country serves both channels
        wire.verify(
                1,
                getRequestedFor(urlPathEqualTo(PATH))
                        .withQueryParam("country_iso", equalTo("US"))
                        .withHeader("Authorization", equalTo("Basic " + PAIR)));
    }

    @Test
    void numberRatesAreReadExactlyInTheAccountsCurrency() {
        stub("GB", json(200, fixture("GB").replace("\"0.04250\"", "0.042500000001")));
        RateCard card = fetch(ProviderRates.builder(source("EUR"))
                        .countries(List.of("GB"))
                        .channels(Set.of(Channel.SMS)))
                .card();
        assertThat(sms(card, "+447400123456").amount().toPlainString()).isEqualTo("0.042500000001");
        assertThat(sms(card, "+447400123456").unit()).isEqualTo("EUR");
    }

    @Test
    void aCountryPlivoDoesNotPriceIsNamedNotLeftOutSilently() {
        stub("GB", json(200, fixture("GB")));
        stub("KP", error(404, "not found"));
        ProviderRates rates = fetch(ProviderRates.builder(source()).countries(List.of("GB", "KP")));
        assertThat(rates.notes())
                .contains("sms: no price listed, so no rows (numbers there match no row): KP")
                .contains("voice: no price listed, so no rows of their own: KP");
        assertThat(rates.card().rateFor(Channel.SMS, "+850191234567")).isEmpty();
    }

    @Test
    void refusedCredentialsEndTheFetch() {
        stub("GB", error(401, "authentication failed"));
        stub("US", error(401, "authentication failed"));
        assertThatThrownBy(() -> fetch(ProviderRates.builder(source()).countries(List.of("GB", "US"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
                    assertThat(e.getMessage())
                            .contains("HTTP 401: authentication failed")
                            .contains("check the credentials");
                });
    }

    @Test
    void rateLimitIsRetriedAfterTheRequestedDelay() {
        wire.stubFor(get(urlPathEqualTo(PATH))
                .inScenario("429")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("calm")
                .willReturn(error(429, "too many requests").withHeader("Retry-After", "3")));
        wire.stubFor(get(urlPathEqualTo(PATH))
                .inScenario("429")
                .whenScenarioStateIs("calm")
                .willReturn(json(200, fixture("GB"))));
        RateCard card =
                fetch(ProviderRates.builder(source()).countries(List.of("GB"))).card();
        assertThat(sms(card, "+447400123456")).isEqualTo(Money.of("0.04250", "USD"));
        assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void aCountryUnavailableAfterBoundedRetriesFailsTheFetchByName() {
        stub("GB", json(200, fixture("GB")));
        stub("US", error(503, "service unavailable"));
        assertThatThrownBy(() -> fetch(ProviderRates.builder(source()).countries(List.of("GB", "US"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
                    assertThat(e.getMessage())
                            .contains("1 country")
                            .contains("US (HTTP 503: service unavailable")
                            .contains("3 attempts")
                            .doesNotContain("GB");
                });
        wire.verify(3, getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("country_iso", equalTo("US")));
    }

    @Test
    void unreadableAnswersAreUnreadableAndNamed() {
        stub("GB", json(200, fixture("US")));
        stub("US", json(200, fixture("US").replace("\"0.17900\"", "\"-0.179\"")));
        stub(
                "FR",
                json(
                        200,
                        fixture("GB")
                                .replace("\"GB\"", "\"FR\"")
                                .replace(
                                        "\"prefix\": [\n            \"447\"\n" + "          ]",
                                        "\"prefix\": \"447\"")));
        assertThatThrownBy(() -> fetch(ProviderRates.builder(source()).countries(List.of("GB", "US", "FR"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.UNREADABLE);
                    assertThat(e.getMessage())
                            .contains("GB (asked for the prices of GB, the answer has those of 'US'")
                            .contains("US (field 'rate' is not a price")
                            .contains("FR (field 'prefix' is not a list");
                });

        stub(
                "GB",
                json(
                        200,
                        fixture("GB")
                                .replace("\"outbound_networks_list\": [", "\"outbound_networks_list\": [\"0.05\",")));
        assertThatThrownBy(() -> fetch(ProviderRates.builder(source()).countries(List.of("GB"))))
                .isInstanceOfSatisfying(
                        ProviderException.class,
                        e -> assertThat(e.getMessage())
                                .contains("GB (an entry of 'outbound_networks_list' is not an object"));
    }

    @Test
    void allCountriesAsksForEveryRegionLibphonenumberKnows() {
        stub("GB", json(200, fixture("GB")));
        wire.stubFor(get(urlPathEqualTo(PATH)).atPriority(10).willReturn(error(404, "not found")));
        int regions = PhoneNumberUtil.getInstance().getSupportedRegions().size();
        ProviderRates rates =
                fetch(ProviderRates.builder(source()).allCountries().channels(Set.of(Channel.SMS)));
        assertThat(rates.notes()).contains("countries: all " + regions + " the provider prices");
        assertThat(sms(rates.card(), "+447400123456")).isEqualTo(Money.of("0.04250", "USD"));
        wire.verify(regions, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void thePricingApiIsOnTheAccountsHost() {
        PlivoBalanceProvider account =
                PlivoBalanceProvider.builder().authId(AUTH_ID).authToken(TOKEN).build();
        PricingSource source = account.pricingSource(null);
        assertThat(source.toString()).contains("https://api.plivo.com").doesNotContain(TOKEN);
        assertThat(source.channels()).containsExactlyInAnyOrder(Channel.SMS, Channel.VOICE);
        assertThat(account.pricingSource("https://pricing.example.com").toString())
                .contains("https://pricing.example.com");
        assertThatThrownBy(() -> account.pricingSource("http://pricing.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain http");
    }
}
