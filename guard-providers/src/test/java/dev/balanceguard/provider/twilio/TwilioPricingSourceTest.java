package dev.balanceguard.provider.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Twilio's Pricing API on a loopback WireMock, with the payloads as Twilio documents them. */
class TwilioPricingSourceTest extends PricingSourceSuite {

    static final String SID = TwilioBalanceProviderTest.SID;
    static final String TOKEN = TwilioBalanceProviderTest.TOKEN;
    static final String BASIC =
            Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));

    @Override
    protected List<String> secrets() {
        return List.of(TOKEN, BASIC);
    }

    private PricingSource source() {
        TwilioBalanceProvider account = TwilioBalanceProvider.builder()
                .accountSid(SID)
                .authToken(TOKEN)
                .http(ProviderTestSupport.recordingHttp(sleeps).build())
                .build();
        return watched(account.pricingSource(baseUrl()));
    }

    private void stub(String path, ResponseDefinitionBuilder answer) {
        wire.stubFor(get(urlPathEqualTo(path)).willReturn(answer));
    }

    private static ResponseDefinitionBuilder fixture(String name) {
        return json(200, ProviderTestSupport.resource("twilio/pricing/" + name));
    }

    private static ResponseDefinitionBuilder error(int status, int code, String message) {
        return json(
                status,
                "{\"code\":" + code + ",\"message\":\"" + message + "\",\"more_info\":"
                        + "\"https://www.twilio.com/docs/errors/" + code + "\",\"status\":" + status + "}");
    }

    @Test
    void allCountriesPagesThroughNextPageUrlOnTheConfiguredHostOnly() {
        wire.stubFor(get(urlPathEqualTo("/v1/Messaging/Countries"))
                .withQueryParam("PageSize", equalTo("1000"))
                .willReturn(fixture("messaging-countries-page-0.json")));
        wire.stubFor(get(urlPathEqualTo("/v1/Messaging/Countries"))
                .withQueryParam("PageToken", equalTo("DNGB"))
                .willReturn(fixture("messaging-countries-page-1.json")));
        stub("/v1/Messaging/Countries/GB", fixture("messaging-GB.json"));
        stub("/v1/Messaging/Countries/JE", fixture("messaging-JE.json"));
        stub("/v1/Messaging/Countries/US", fixture("messaging-US.json"));

        ProviderRates rates =
                fetch(ProviderRates.builder(source()).allCountries().channels(Set.of(Channel.SMS)));

        assertThat(rates.notes()).contains("countries: all 3 the provider prices");
        wire.verify(
                2,
                getRequestedFor(urlPathEqualTo("/v1/Messaging/Countries"))
                        .withHeader("Authorization", equalTo("Basic " + BASIC)));
        wire.verify(getRequestedFor(urlPathEqualTo("/v1/Messaging/Countries"))
                .withQueryParam("Page", equalTo("1"))
                .withQueryParam("PageToken", equalTo("DNGB")));
        // the highest carrier price over all sender types: Vodafone's short code
        assertThat(sms(rates.card(), "+447400123456")).isEqualTo(Money.of("0.0521", "USD"));
        assertThat(sms(rates.card(), "+447797712345")).isEqualTo(Money.of("0.0600", "USD"));
        assertThat(sms(rates.card(), "+12015550123")).isEqualTo(Money.of("0.0105", "USD"));
    }

    @Test
    void numberPricesAreReadExactlyFromTheirText() {
        stub("/v1/Messaging/Countries/US", fixture("messaging-US.json"));
        ProviderRates rates = fetch(ProviderRates.builder(source())
                .countries(List.of("US"))
                .channels(Set.of(Channel.SMS))
                .numberType("local"));
        Money price = sms(rates.card(), "+12015550123");
        assertThat(price.amount().toPlainString()).isEqualTo("0.00830"); // the JSON number 0.00830, as written
    }

    @Test
    void numberTypeNarrowsToTheSendersType() {
        stub("/v1/Messaging/Countries/GB", fixture("messaging-GB.json"));
        stub("/v1/Messaging/Countries/US", fixture("messaging-US.json"));
        RateCard mobile = fetch(ProviderRates.builder(source())
                        .countries(List.of("GB", "US"))
                        .channels(Set.of(Channel.SMS))
                        .numberType("mobile"))
                .card();
        assertThat(sms(mobile, "+447400123456")).isEqualTo(Money.of("0.0463", "USD"));
        RateCard tollFree = fetch(ProviderRates.builder(source())
                        .countries(List.of("US"))
                        .channels(Set.of(Channel.SMS))
                        .numberType("toll-free"))
                .card();
        assertThat(sms(tollFree, "+12015550123")).isEqualTo(Money.of("0.0083", "USD"));
        RateCard shortCode = fetch(ProviderRates.builder(source())
                        .countries(List.of("US"))
                        .channels(Set.of(Channel.SMS))
                        .numberType("short-code"))
                .card();
        assertThat(sms(shortCode, "+12015550123")).isEqualTo(Money.of("0.0105", "USD")); // base price: no current
    }

    @Test
    void voicePrefixesAreBilledPerStartedMinuteAtTheirHighestPrice() {
        stub("/v2/Voice/Countries/US", fixture("voice-US.json"));
        stub("/v2/Voice/Countries/GB", fixture("voice-GB.json"));
        RateCard card = fetch(ProviderRates.builder(source())
                        .countries(List.of("US", "GB"))
                        .channels(Set.of(Channel.VOICE)))
                .card();
        Rate alaska = card.rateFor(Channel.VOICE, "+19075550123").orElseThrow();
        assertThat(alaska.price()).isEqualTo(Money.of("0.090", "USD"));
        assertThat(alaska.incrementSeconds()).isEqualTo(60);
        assertThat(alaska.minimumSeconds()).isEqualTo(60);
        // "1" is priced from two origins (0.0130 from US numbers, 0.0140 from anywhere): the higher
        assertThat(card.rateFor(Channel.VOICE, "+12125550123").orElseThrow().price())
                .isEqualTo(Money.of("0.0140", "USD"));
        assertThat(card.rateFor(Channel.VOICE, "+447400123456").orElseThrow().price())
                .isEqualTo(Money.of("0.035", "USD"));
        assertThat(card.rateFor(Channel.VOICE, "+442071234567").orElseThrow().price())
                .isEqualTo(Money.of("0.0175", "USD"));
    }

    @Test
    void aCountryTwilioDoesNotPriceIsNamedNotLeftOutSilently() {
        stub("/v1/Messaging/Countries/GB", fixture("messaging-GB.json"));
        stub(
                "/v1/Messaging/Countries/KP",
                error(404, 20404, "The requested resource /v1/Messaging/Countries/KP was not found"));
        ProviderRates rates = fetch(
                ProviderRates.builder(source()).countries(List.of("GB", "KP")).channels(Set.of(Channel.SMS)));
        assertThat(rates.notes()).contains("sms: no price listed, so no rows (numbers there match no row): KP");
        assertThat(rates.card().rateFor(Channel.SMS, "+850191234567")).isEmpty();
    }

    @Test
    void refusedCredentialsFailTheFetch() {
        stub("/v1/Messaging/Countries/GB", error(401, 20003, "Authenticate"));
        stub("/v1/Messaging/Countries/US", error(401, 20003, "Authenticate"));
        assertThatThrownBy(() -> fetch(ProviderRates.builder(source())
                        .countries(List.of("GB", "US"))
                        .channels(Set.of(Channel.SMS))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
                    assertThat(e.getMessage()).contains("HTTP 401").contains("check the credentials");
                });
    }

    @Test
    void rateLimitIsRetriedAfterTheRequestedDelay() {
        wire.stubFor(get(urlPathEqualTo("/v1/Messaging/Countries/GB"))
                .inScenario("429")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("calm")
                .willReturn(error(429, 20429, "Too Many Requests").withHeader("Retry-After", "2")));
        wire.stubFor(get(urlPathEqualTo("/v1/Messaging/Countries/GB"))
                .inScenario("429")
                .whenScenarioStateIs("calm")
                .willReturn(fixture("messaging-GB.json")));
        RateCard card = fetch(
                        ProviderRates.builder(source()).countries(List.of("GB")).channels(Set.of(Channel.SMS)))
                .card();
        assertThat(sms(card, "+447400123456")).isEqualTo(Money.of("0.0521", "USD"));
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void aCountryUnavailableAfterBoundedRetriesFailsTheFetchByName() {
        stub("/v1/Messaging/Countries/GB", fixture("messaging-GB.json"));
        stub("/v1/Messaging/Countries/US", json(503, "{\"code\":20503,\"message\":\"Service Unavailable\"}"));
        assertThatThrownBy(() -> fetch(ProviderRates.builder(source())
                        .countries(List.of("GB", "US"))
                        .channels(Set.of(Channel.SMS))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
                    assertThat(e.getMessage())
                            .contains("1 country")
                            .contains("US (HTTP 503")
                            .contains("3 attempts")
                            .doesNotContain("GB");
                });
        wire.verify(3, getRequestedFor(urlPathEqualTo("/v1/Messaging/Countries/US")));
    }

    @Test
    void unreadableOrAbsurdPricesAreUnreadable() {
        stub(
                "/v1/Messaging/Countries/GB",
                json(
                        200,
                        ProviderTestSupport.resource("twilio/pricing/messaging-GB.json")
                                .replace("\"0.0463\"", "\"0,0463\"")));
        stub(
                "/v1/Messaging/Countries/US",
                json(
                        200,
                        ProviderTestSupport.resource("twilio/pricing/messaging-US.json")
                                .replace("0.00830", "1e999999999")));
        assertThatThrownBy(() -> fetch(ProviderRates.builder(source())
                        .countries(List.of("GB", "US"))
                        .channels(Set.of(Channel.SMS))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.UNREADABLE);
                    assertThat(e.getMessage())
                            .contains("GB (field 'current_price': not a decimal amount: '0,0463'")
                            .contains("US (field 'current_price': not an amount money can be");
                });
    }

    @Test
    void aNextPageElsewhereIsRefused() {
        wire.stubFor(get(urlPathEqualTo("/v1/Messaging/Countries"))
                .willReturn(json(
                        200,
                        "{\"countries\":[],\"meta\":{\"next_page_url\":\"https://evil.example/steal?PageToken=x\"}}")));
        assertThatThrownBy(() ->
                        fetch(ProviderRates.builder(source()).allCountries().channels(Set.of(Channel.SMS))))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.failure()).isEqualTo(Failure.UNREADABLE));
        wire.verify(1, getRequestedFor(urlPathEqualTo("/v1/Messaging/Countries")));
    }

    @Test
    void thePublicPricingHostIsTheDefault() {
        TwilioBalanceProvider account =
                TwilioBalanceProvider.builder().accountSid(SID).authToken(TOKEN).build();
        PricingSource source = account.pricingSource(null);
        assertThat(source.toString()).contains("https://pricing.twilio.com").doesNotContain(TOKEN);
        assertThat(source.channels()).containsExactlyInAnyOrder(Channel.SMS, Channel.VOICE);
        assertThatThrownBy(() -> account.pricingSource("http://pricing.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain http");
    }

    @Test
    void wireNumberTypesGetCanonicalNames() {
        assertThat(TwilioPricingSource.numberType("toll free")).isEqualTo("toll-free");
        assertThat(TwilioPricingSource.numberType("toll_free")).isEqualTo("toll-free");
        assertThat(TwilioPricingSource.numberType("shortcode")).isEqualTo("short-code");
        assertThat(TwilioPricingSource.numberType("Mobile")).isEqualTo("mobile");
        assertThat(TwilioPricingSource.numberType(null)).isNull();
    }
}
