package dev.balanceguard.provider.messagebird;

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

/** MessageBird's SMS price list on a loopback WireMock, with the payload as MessageBird documents it. */
class MessageBirdPricingSourceTest extends PricingSourceSuite {

    static final String KEY = MessageBirdBalanceProviderTest.KEY;
    static final String PATH = "/pricing/sms/outbound";

    @Override
    protected List<String> secrets() {
        return List.of(KEY);
    }

    /** The account's source, asked on the balance API's own host, as MessageBird serves both. */
    private PricingSource source() {
        MessageBirdBalanceProvider account = MessageBirdBalanceProvider.builder()
                .accessKey(KEY)
                .baseUrl(baseUrl())
                .http(ProviderTestSupport.recordingHttp(sleeps).build())
                .build();
        return watched(account.pricingSource(null));
    }

    private void stub(ResponseDefinitionBuilder answer) {
        wire.stubFor(get(urlPathEqualTo(PATH)).willReturn(answer));
    }

    private static String documented() {
        return ProviderTestSupport.resource("messagebird/pricing-sms-outbound.json");
    }

    @Test
    void documentedListGivesTheCountrysHighestPriceAndTheDefaultRow() {
        stub(json(200, documented()));
        ProviderRates rates = fetch(ProviderRates.builder(source()).allCountries());
        // Greece: the country row (0.047) is above Vodafone's (0.045)
        assertThat(sms(rates.card(), "+306912345678")).isEqualTo(Money.of("0.047000", "EUR"));
        // anywhere else: the default rate
        assertThat(sms(rates.card(), "+33612345678")).isEqualTo(Money.of("0.060000", "EUR"));
        assertThat(rates.card()
                        .rateFor(Channel.SMS, "+33612345678")
                        .orElseThrow()
                        .isDefault())
                .isTrue();
        wire.verify(1, getRequestedFor(urlPathEqualTo(PATH)).withHeader("Authorization", equalTo("AccessKey " + KEY)));
    }

    @Test
    void aCountryTheListDoesNotNameIsPricedAtTheDefaultRateAndNamed() {
        stub(json(200, documented()));
        ProviderRates rates = fetch(ProviderRates.builder(source()).countries(List.of("GR", "FR")));
        assertThat(sms(rates.card(), "+33612345678")).isEqualTo(Money.of("0.060000", "EUR"));
        assertThat(rates.card().rateFor(Channel.SMS, "+4915123456789")).isEmpty();
        assertThat(rates.notes()).contains("sms: not listed, so priced at the provider's default rate: FR");
    }

    @Test
    void numberPricesAreReadExactly() {
        stub(json(200, documented().replace("\"0.047000\"", "1234567.890123456789")));
        ProviderRates rates = fetch(ProviderRates.builder(source()).countries(List.of("GR")));
        assertThat(sms(rates.card(), "+306912345678").amount().toPlainString()).isEqualTo("1234567.890123456789");
    }

    @Test
    void voiceIsNotPricedByMessageBird() {
        assertThatThrownBy(() -> ProviderRates.builder(source()).channels(Set.of(Channel.VOICE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("messagebird publishes no voice prices");
        assertThatThrownBy(() -> ProviderRates.builder(source()).numberType("mobile"))
                .hasMessageContaining("do not depend on the sender");
    }

    @Test
    void refusedAccessKeyIsAnAuthenticationFailure() {
        stub(json(
                401,
                "{\"errors\":[{\"code\":2,\"description\":\"Request not allowed (incorrect access_key)\","
                        + "\"parameter\":\"access_key\"}]}"));
        assertThatThrownBy(() -> fetch(ProviderRates.builder(source()).allCountries()))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
                    assertThat(e.getMessage()).contains("incorrect access_key");
                });
    }

    @Test
    void rateLimitIsRetriedAfterTheRequestedDelay() {
        wire.stubFor(get(urlPathEqualTo(PATH))
                .inScenario("429")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("calm")
                .willReturn(json(429, "{\"errors\":[{\"code\":429,\"description\":\"Too many " + "requests\"}]}")
                        .withHeader("Retry-After", "3")));
        wire.stubFor(get(urlPathEqualTo(PATH))
                .inScenario("429")
                .whenScenarioStateIs("calm")
                .willReturn(json(200, documented())));
        fetch(ProviderRates.builder(source()).countries(List.of("GR")));
        assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void unreadableListsAreUnreadable() {
        stub(json(200, "{\"gateway\":10,\"prices\":{}}"));
        assertThatThrownBy(() -> fetch(ProviderRates.builder(source()).allCountries()))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.failure()).isEqualTo(Failure.UNREADABLE));
        stub(json(200, documented().replace("\"GR\"", "\"Greece\"")));
        assertThatThrownBy(() -> fetch(ProviderRates.builder(source()).allCountries()))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.getMessage()).contains("countryIsoCode 'Greece'"));
        stub(json(200, documented().replace("\"0.045000\"", "\"-0.045\"")));
        assertThatThrownBy(() -> fetch(ProviderRates.builder(source()).allCountries()))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.getMessage()).contains("is not a price"));
    }
}
