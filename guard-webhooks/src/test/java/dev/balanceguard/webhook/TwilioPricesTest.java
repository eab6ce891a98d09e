package dev.balanceguard.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.test.Eventually;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Empty Twilio prices completed from the Message resource, against WireMock on loopback. */
class TwilioPricesTest {

    private static final String SID = "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";
    private static final String TOKEN = "tw1lio-t0ken";
    private static final String MESSAGE = "SMb7c0a2ce80504485a6f653a7110836f5";
    private static final String PATH = "/2010-04-01/Accounts/" + SID + "/Messages/" + MESSAGE + ".json";

    /** Twilio's documented "Fetch a Message resource" answer, with the price given. */
    private static String message(String price) {
        return """
                {"account_sid":"ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX","api_version":"2010-04-01","body":"testing",
                "date_created":"Fri, 24 May 2019 17:18:27 +0000","date_sent":"Fri, 24 May 2019 17:18:28 +0000",
                "date_updated":"Fri, 24 May 2019 17:18:28 +0000","direction":"outbound-api","error_code":null,
                "error_message":null,"from":"+12019235161","messaging_service_sid":null,"num_media":"0",
                "num_segments":"1","price":%s,"price_unit":"USD","sid":"SMb7c0a2ce80504485a6f653a7110836f5",
                "status":"delivered","subresource_uris":{"media":"/2010-04-01/Accounts/\
                ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX/Messages/SMb7c0a2ce80504485a6f653a7110836f5/Media.json"},\
                "to":"+18182008801","uri":"/2010-04-01/Accounts/ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX/Messages/\
                SMb7c0a2ce80504485a6f653a7110836f5.json"}
                """.formatted(price);
    }

    private final WireMockServer twilio =
            new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final List<PriceReport> counted = new CopyOnWriteArrayList<>();
    private SpendWebhooks webhooks;

    @BeforeEach
    void start() {
        twilio.start();
        webhooks = SpendWebhooks.builder()
                .account("main", WebhookAccount.twilio(TOKEN))
                .onCounted(counted::add)
                .build();
    }

    @AfterEach
    void stop() {
        twilio.stop();
    }

    private TwilioPrices.Builder prices() {
        return TwilioPrices.builder(webhooks)
                .account("main", SID, TOKEN)
                .baseUrl(URI.create(twilio.baseUrl()))
                .delays(List.of(Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(10)))
                .timeout(Duration.ofSeconds(5));
    }

    private static PriceReport unpriced(String messageId) {
        return new PriceReport("main", WebhookProvider.TWILIO, messageId, Channel.SMS, null, "run-7");
    }

    @Test
    void aPriceBookedLaterIsReadFromTheMessageResourceAndCountedOnce() {
        twilio.stubFor(get(urlPathEqualTo(PATH))
                .inScenario("booking")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(message("null")))
                .willSetStateTo("booked"));
        twilio.stubFor(get(urlPathEqualTo(PATH))
                .inScenario("booking")
                .whenScenarioStateIs("booked")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(message("\"-0.00750\""))));
        try (TwilioPrices prices = prices().build()) {
            assertThat(prices.submit(unpriced(MESSAGE))).isTrue();
            assertThat(prices.submit(unpriced(MESSAGE))).as("already waiting").isTrue();

            Eventually.until("the price is counted", () -> prices.completed() == 1);

            assertThat(counted).singleElement().satisfies(r -> {
                assertThat(r.price()).isEqualTo(Money.of("0.0075", "USD"));
                assertThat(r.run()).isEqualTo("run-7");
            });
            assertThat(prices.waiting()).isZero();
            String basic = Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
            twilio.verify(
                    2, getRequestedFor(urlPathEqualTo(PATH)).withHeader("Authorization", equalTo("Basic " + basic)));
            assertThat(prices.toString()).doesNotContain(TOKEN).doesNotContain(basic);
        }
    }

    @Test
    void aPriceNeverBookedIsGivenUpAfterTheLastDelay() {
        twilio.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withBody(message("null"))));
        try (TwilioPrices prices = prices().build()) {
            prices.submit(unpriced(MESSAGE));

            Eventually.until("given up", () -> prices.givenUp() == 1);

            twilio.verify(3, getRequestedFor(urlPathEqualTo(PATH)));
            assertThat(counted).isEmpty();
        }
    }

    @Test
    void aFullQueueDropsAndCountsWhatDoesNotFitWithoutBlocking() {
        try (TwilioPrices prices =
                prices().capacity(2).delays(List.of(Duration.ofHours(1))).build()) {
            assertThat(prices.submit(unpriced("SM1"))).isTrue();
            assertThat(prices.submit(unpriced("SM2"))).isTrue();
            assertThat(prices.submit(unpriced("SM3"))).isFalse();
            assertThat(prices.submit(unpriced("SM4"))).isFalse();

            assertThat(prices.dropped()).isEqualTo(2);
            assertThat(prices.waiting()).isEqualTo(2);
        }
    }

    @Test
    void aMessageTwilioDoesNotKnowIsGivenUpAndPlainHttpIsOnlyForLoopback() {
        twilio.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(404)));
        try (TwilioPrices prices = prices().build()) {
            prices.submit(unpriced(MESSAGE));

            Eventually.until("given up", () -> prices.givenUp() == 1);
            twilio.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
        }
        assertThatThrownBy(() -> TwilioPrices.builder(webhooks).baseUrl(URI.create("http://api.twilio.com")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
