package dev.balanceguard.spring.autoconfigure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import dev.balanceguard.annotation.CampaignPricing;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimator;
import dev.balanceguard.interceptor.BalanceGuardSetupException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code rates=provider} in real application contexts: the card is fetched from Twilio's pricing API (a loopback
 * WireMock) at startup, refreshed in the background, kept when a refresh fails, and replaced by the fallback card
 * until a first fetch succeeds.
 */
class ProviderRateCardsTest {

    private static final String SECRET = "tok-rates-41c9e2";
    private static final String GB = "/v1/Messaging/Countries/GB";
    private static WireMockServer wire;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BalanceGuardAutoConfiguration.class));

    @BeforeAll
    static void start() {
        wire = new WireMockServer(
                wireMockConfig().dynamicPort().bindAddress("127.0.0.1").notifier(new ConsoleNotifier(false)));
        wire.start();
    }

    @AfterAll
    static void stop() {
        wire.stop();
    }

    @BeforeEach
    void reset() {
        wire.resetAll();
    }

    private ApplicationContextRunner twilio(String... more) {
        return runner.withPropertyValues(
                        "balance-guard.accounts.main.provider=twilio",
                        "balance-guard.accounts.main.account-sid=AC0123456789abcdef0123456789abcdef",
                        "balance-guard.accounts.main.auth-token=" + SECRET,
                        "balance-guard.accounts.main.base-url=http://127.0.0.1:" + wire.port(),
                        "balance-guard.accounts.main.max-retries=0",
                        "balance-guard.accounts.main.rates=provider",
                        "balance-guard.accounts.main.rates-countries=GB",
                        "balance-guard.accounts.main.rates-base-url=http://127.0.0.1:" + wire.port())
                .withPropertyValues(more);
    }

    private static void gbCosts(String price) {
        wire.stubFor(get(urlPathEqualTo(GB))
                .willReturn(json(
                        200,
                        "{\"iso_country\":\"GB\",\"price_unit\":\"USD\","
                                + "\"outbound_sms_prices\":[{\"mcc\":\"234\",\"mnc\":\"15\","
                                + "\"carrier\":\"Vodafone\",\"prices\":["
                                + "{\"number_type\":\"mobile\",\"base_price\":\"" + price
                                + "\",\"current_price\":\"" + price + "\"},"
                                + "{\"number_type\":\"local\",\"base_price\":\"0.0100\","
                                + "\"current_price\":\"0.0100\"}]}]}")));
    }

    private static void gbFails(int status) {
        wire.stubFor(get(urlPathEqualTo(GB))
                .willReturn(json(
                        status, "{\"code\":" + (20000 + status) + ",\"message\":\"no\",\"status\":" + status + "}")));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    private static Money priceOfOneText(AssertableApplicationContext context) {
        CostEstimator estimator = context.getBean(CampaignPricing.class).estimator("main");
        return estimator.sms(List.of("+447400123456"), "hi").total();
    }

    private static int gbRequests() {
        return wire.findAll(getRequestedFor(urlPathEqualTo(GB))).size();
    }

    @Test
    void cardIsFetchedAtStartupRefreshedInTheBackgroundAndKeptWhenARefreshFails() {
        gbCosts("0.0521");
        twilio("balance-guard.accounts.main.rates-refresh=200ms").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(priceOfOneText(context)).isEqualTo(Money.of("0.0521", "USD"));

            gbFails(503);
            int before = gbRequests();
            await().atMost(Duration.ofSeconds(20)).until(() -> gbRequests() >= before + 2);
            assertThat(priceOfOneText(context)).as("the last good card").isEqualTo(Money.of("0.0521", "USD"));

            gbCosts("0.0700");
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(priceOfOneText(context)).isEqualTo(Money.of("0.0700", "USD")));
        });
    }

    @Test
    void fallbackCardServesUntilTheFirstFetchSucceeds() {
        gbFails(503);
        twilio(
                        "balance-guard.accounts.main.rates-refresh=200ms",
                        "balance-guard.accounts.main.rates-fallback=classpath:rates.csv")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(priceOfOneText(context)).as("rates.csv").isEqualTo(Money.of("0.0400", "USD"));

                    gbCosts("0.0521");
                    await().atMost(Duration.ofSeconds(20))
                            .untilAsserted(
                                    () -> assertThat(priceOfOneText(context)).isEqualTo(Money.of("0.0521", "USD")));
                });
    }

    @Test
    void withoutFallbackRunsCannotBePricedUntilAFetchSucceeds() {
        gbFails(503);
        twilio().run(context -> {
            assertThat(context).hasNotFailed();
            assertThatThrownBy(() -> priceOfOneText(context))
                    .isInstanceOfSatisfying(BalanceGuardSetupException.class, e -> {
                        assertThat(e.where()).isEqualTo("balance-guard.accounts.main.rates");
                        assertThat(e.problem()).contains("no rate card yet").contains("HTTP 503");
                        assertThat(e.action()).contains("rates-fallback");
                    });
        });
    }

    @Test
    void numberTypeNarrowsThePrices() {
        gbCosts("0.0521");
        twilio("balance-guard.accounts.main.rates-number-type=local")
                .run(context -> assertThat(priceOfOneText(context)).isEqualTo(Money.of("0.0100", "USD")));
    }

    @Test
    void refusedCredentialsFailStartup() {
        gbFails(401);
        twilio().run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("HTTP 401");
            assertThat(setupFailure(context).where()).isEqualTo("balance-guard.accounts.main.rates");
            assertThat(String.valueOf(context.getStartupFailure())).doesNotContain(SECRET);
        });
    }

    @Test
    void settingsAreCheckedAtStartup() {
        runner.withPropertyValues(
                        "balance-guard.accounts.main.provider=twilio",
                        "balance-guard.accounts.main.account-sid=AC0123456789abcdef0123456789abcdef",
                        "balance-guard.accounts.main.auth-token=" + SECRET,
                        "balance-guard.accounts.main.rates=provider")
                .run(context -> assertThat(setupFailure(context).where())
                        .isEqualTo("balance-guard.accounts.main.rates-countries"));
        twilio("balance-guard.accounts.main.rates-countries=GB,XY")
                .run(context -> assertThat(setupFailure(context).problem()).contains("XY"));
        twilio("balance-guard.accounts.main.rates-number-type=fax")
                .run(context -> assertThat(setupFailure(context).where())
                        .isEqualTo("balance-guard.accounts.main.rates-number-type"));
        twilio("balance-guard.accounts.main.rates-refresh=0s")
                .run(context -> assertThat(setupFailure(context).where())
                        .isEqualTo("balance-guard.accounts.main.rates-refresh"));
        twilio("balance-guard.accounts.main.rates-base-url=http://pricing.example.com")
                .run(context -> assertThat(setupFailure(context).where())
                        .isEqualTo("balance-guard.accounts.main.rates-base-url"));
        runner.withPropertyValues(
                        "balance-guard.accounts.main.provider=simulator",
                        "balance-guard.accounts.main.balance=100",
                        "balance-guard.accounts.main.currency=USD",
                        "balance-guard.accounts.main.rates=provider",
                        "balance-guard.accounts.main.rates-countries=GB")
                .run(context -> assertThat(setupFailure(context).problem())
                        .contains("(simulator) cannot price from its provider"));
        assertThat(wire.getAllServeEvents()).isEmpty();
    }

    @Test
    void closingTheContextStopsTheRefresh() {
        gbCosts("0.0521");
        twilio("balance-guard.accounts.main.rates-refresh=100ms")
                .run(context -> assertThat(refresherAlive()).isTrue());
        await().atMost(Duration.ofSeconds(10)).until(() -> !refresherAlive());
    }

    @Test
    void propertiesAreDescribedWithTheirDefaults() throws Exception {
        try (java.io.InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            tools.jackson.databind.JsonNode all =
                    tools.jackson.databind.json.JsonMapper.builder().build().readTree(in);
            java.util.Map<String, tools.jackson.databind.JsonNode> byName = new java.util.HashMap<>();
            all.get("properties").forEach(p -> byName.put(p.get("name").asString(), p));
            for (String name : List.of(
                    "rates-countries", "rates-refresh", "rates-fallback", "rates-number-type", "rates-base-url")) {
                assertThat(byName.get("balance-guard.accounts.*." + name)
                                .path("description")
                                .asString())
                        .as(name)
                        .startsWith("With rates=provider");
            }
            assertThat(byName.get("balance-guard.accounts.*.rates-refresh")
                            .get("defaultValue")
                            .asString())
                    .isEqualTo("24h");
        }
    }

    private static boolean refresherAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("balance-guard-rates") && t.isAlive());
    }

    private static BalanceGuardSetupException setupFailure(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        while (failure != null && !(failure instanceof BalanceGuardSetupException)) {
            failure = failure.getCause();
        }
        assertThat(failure)
                .as("a BalanceGuardSetupException in " + context.getStartupFailure())
                .isNotNull();
        return (BalanceGuardSetupException) failure;
    }
}
