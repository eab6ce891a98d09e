package dev.balanceguard.spring.autoconfigure;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.moreThanOrExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.cost.InvalidRecipientsException;
import dev.balanceguard.cost.NoMatchingRateException;
import dev.balanceguard.spring.autoconfigure.app.CampaignApplication;
import dev.balanceguard.spring.autoconfigure.app.CampaignRequest;
import dev.balanceguard.spring.autoconfigure.app.CampaignService;
import dev.balanceguard.spring.autoconfigure.app.CountingTransactionManager;
import dev.balanceguard.spring.autoconfigure.app.GuardEvents;
import dev.balanceguard.spring.autoconfigure.app.Notifier;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Boot application whose accounts are real provider clients talking to WireMock on loopback: "main" is a
 * Twilio account (HTTP Basic with the Account SID and auth token), "low" an Infobip account (App API key).
 * WireMock answers only requests carrying the configured credentials, so every reading proves they were sent.
 */
@SpringBootTest(
        classes = CampaignApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "balance-guard.default-account=main",
            "balance-guard.accounts.main.provider=twilio",
            "balance-guard.accounts.main.account-sid=" + RequiresBalanceApplicationTest.SID,
            "balance-guard.accounts.main.auth-token=" + RequiresBalanceApplicationTest.TWILIO_TOKEN,
            "balance-guard.accounts.main.rates=classpath:rates.csv",
            "balance-guard.accounts.low.provider=infobip",
            "balance-guard.accounts.low.api-key=" + RequiresBalanceApplicationTest.INFOBIP_KEY,
            "balance-guard.accounts.low.rates=classpath:rates.csv",
            "balance-guard.accounts.low.currency=USD",
            "balance-guard.accounts.low.low-balance-threshold=50 USD",
            "campaigns.floor=99.99",
            "campaigns.premium-floor=1000000",
            "management.endpoints.web.exposure.include=*",
            "management.endpoint.health.show-details=always",
            "management.endpoint.health.probes.enabled=true",
            "management.endpoint.env.show-values=always",
            "management.endpoint.configprops.show-values=always",
        })
@ExtendWith(OutputCaptureExtension.class)
class RequiresBalanceApplicationTest {

    static final String SID = "AC5f0c3e9a1b2d4c6e8f0a1b2c3d4e5f60";
    static final String TWILIO_TOKEN = "fake-twilio-auth-token-4f9c2e71";
    static final String INFOBIP_KEY = "fake-infobip-api-key-8b31d7aa";
    private static final String TWILIO_BALANCE = "/2010-04-01/Accounts/" + SID + "/Balance.json";
    private static final String UK = "+447700900001";
    private static final String US = "+15550100";

    static final WireMockServer TWILIO = start();
    static final WireMockServer INFOBIP = start();

    static {
        TWILIO.stubFor(WireMock.get(urlPathEqualTo(TWILIO_BALANCE))
                .withBasicAuth(SID, TWILIO_TOKEN)
                .willReturn(okJson("{\"account_sid\":\"" + SID + "\",\"balance\":\"100.00\",\"currency\":\"USD\"}")));
        INFOBIP.stubFor(WireMock.get(urlPathEqualTo("/account/1/balance"))
                .withHeader("Authorization", equalTo("App " + INFOBIP_KEY))
                .willReturn(okJson("{\"balance\":20.00,\"currency\":\"USD\"}")));
    }

    private static WireMockServer start() {
        WireMockServer server =
                new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return server;
    }

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("balance-guard.accounts.main.base-url", TWILIO::baseUrl);
        registry.add("balance-guard.accounts.low.base-url", INFOBIP::baseUrl);
    }

    @AfterAll
    static void stopProviders() {
        TWILIO.stop();
        INFOBIP.stop();
    }

    @Autowired
    CampaignService campaigns;

    @Autowired
    Notifier notifier;

    @Autowired
    BalanceGuard guard;

    @Autowired
    CountingTransactionManager transactions;

    @Autowired
    GuardEvents events;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    private static List<String> numbers(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> String.format("+4477009%05d", i))
                .toList();
    }

    private GuardDecision lastDecision() {
        return guard.snapshot("main").lastDecision().orElseThrow();
    }

    @Test
    void allowedRunExecutesTheBodyAndRecordsTheEstimate() {
        int before = campaigns.bodyRuns();

        assertThat(campaigns.send(List.of(UK, US), "Hello")).isEqualTo(2);

        assertThat(campaigns.bodyRuns()).isEqualTo(before + 1);
        assertThat(lastDecision().allowed()).isTrue();
        assertThat(lastDecision().estimate()).isEqualTo(Money.of("0.09", "USD"));
        assertThat(lastDecision().balance()).contains(Money.of("100.00", "USD"));
        TWILIO.verify(
                moreThanOrExactly(1),
                getRequestedFor(urlPathEqualTo(TWILIO_BALANCE)).withBasicAuth(new BasicCredentials(SID, TWILIO_TOKEN)));
    }

    @Test
    void invalidRecipientsFailWithTheEstimatorsTypedErrorBeforeTheBody() {
        int before = campaigns.bodyRuns();

        assertThatThrownBy(() -> campaigns.send(java.util.Arrays.asList(UK, "12345", null), "Hi"))
                .isInstanceOfSatisfying(InvalidRecipientsException.class, e -> {
                    assertThat(e.count()).isEqualTo(2);
                    assertThat(e.examples()).first().asString().contains("#2").contains("12345");
                });
        assertThat(campaigns.bodyRuns()).isEqualTo(before);
    }

    @Test
    void recipientWithoutARateFailsWithTheEstimatorsTypedError() {
        int before = campaigns.bodyRuns();

        assertThatThrownBy(() -> campaigns.call(List.of(UK, US), 60))
                .isInstanceOfSatisfying(NoMatchingRateException.class, e -> {
                    assertThat(e.number()).isEqualTo(US);
                    assertThat(e.channel()).isEqualTo(Channel.VOICE);
                });
        assertThat(campaigns.bodyRuns()).isEqualTo(before);
    }

    @Test
    void accountNamedByTheRequestIsChecked() {
        int before = campaigns.bodyRuns();

        assertThatThrownBy(() -> campaigns.launch(new CampaignRequest("low", numbers(1000), "Hi")))
                .isInstanceOfSatisfying(InsufficientBalanceException.class, e -> {
                    assertThat(e.decision().account()).isEqualTo("low");
                    assertThat(e.decision().balance()).contains(Money.of("20.00", "USD"));
                    assertThat(e.decision().estimate()).isEqualTo(Money.of("40.0000", "USD"));
                });
        assertThat(campaigns.bodyRuns()).isEqualTo(before);

        campaigns.launch(new CampaignRequest(null, numbers(1000), "Hi"));
        assertThat(lastDecision().allowed()).isTrue();
        assertThat(campaigns.bodyRuns()).isEqualTo(before + 1);

        campaigns.launch(new CampaignRequest(" ", List.of(UK), "Hi"));
        assertThat(campaigns.bodyRuns()).isEqualTo(before + 2);
        INFOBIP.verify(
                moreThanOrExactly(1),
                getRequestedFor(urlPathEqualTo("/account/1/balance"))
                        .withHeader("Authorization", equalTo("App " + INFOBIP_KEY)));
    }

    @Test
    void blockedRunNeverExecutesTheBodyAndPublishesAnEvent() {
        int before = campaigns.bodyRuns();
        int eventsBefore = events.blocked.size();

        assertThatThrownBy(() -> campaigns.send(numbers(3000), "Hello"))
                .isInstanceOfSatisfying(InsufficientBalanceException.class, e -> {
                    assertThat(e.decision().reason()).isEqualTo(GuardDecision.Reason.INSUFFICIENT);
                    assertThat(e.decision().estimate()).isEqualTo(Money.of("120", "USD"));
                    assertThat(e.decision().shortfall().isLessThan(Money.of("20", "USD")))
                            .isFalse();
                });

        assertThat(campaigns.bodyRuns()).isEqualTo(before);
        assertThat(events.blocked).hasSize(eventsBefore + 1);
        assertThat(events.blocked.get(eventsBefore).account()).isEqualTo("main");
    }

    @Test
    void countOfRecipientsIsPricedAtTheDefaultRow() {
        assertThatThrownBy(() -> campaigns.sendToCount(2001, "Hi"))
                .isInstanceOfSatisfying(
                        InsufficientBalanceException.class,
                        e -> assertThat(e.decision().estimate()).isEqualTo(Money.of("100.05", "USD")));
        campaigns.sendToCount(10, "Hi");
        assertThat(lastDecision().estimate()).isEqualTo(Money.of("0.50", "USD"));
    }

    @Test
    void placeholderInMinIsResolved() {
        int before = campaigns.bodyRuns();

        assertThatThrownBy(() -> campaigns.sendKeepingFloor(List.of(US), "Hi"))
                .isInstanceOfSatisfying(
                        InsufficientBalanceException.class,
                        e -> assertThat(e.decision().min()).isEqualTo(Money.of("99.99", "USD")));
        assertThat(campaigns.bodyRuns()).isEqualTo(before);
    }

    @Test
    void personalisedMessagesArePricedPerRecipient() {
        String longText = "x".repeat(200);

        campaigns.sendPersonalised(List.of(UK, "+447700900002"), n -> n.equals(UK) ? longText : "Hi");

        assertThat(lastDecision().estimate()).isEqualTo(Money.of("0.12", "USD"));
    }

    @Test
    void voiceRunIsPricedPerBilledMinute() {
        campaigns.call(List.of(UK, "+447700900002"), 90);

        assertThat(lastDecision().estimate()).isEqualTo(Money.of("0.048", "USD"));
    }

    @Test
    void interfaceAnnotatedMethodIsGuarded() {
        assertThat(AopUtils.isAopProxy(notifier)).isTrue();
        int before = notifier.sent();

        assertThatThrownBy(() -> notifier.notifyAll(numbers(3000), "Hi"))
                .isInstanceOf(InsufficientBalanceException.class);
        assertThat(notifier.sent()).isEqualTo(before);

        notifier.notifyAll(List.of(UK), "Hi");
        assertThat(notifier.sent()).isEqualTo(before + 1);
    }

    @Test
    void metaAnnotationIsGuarded() {
        int before = campaigns.bodyRuns();

        assertThatThrownBy(() -> campaigns.sendPremium())
                .isInstanceOfSatisfying(
                        InsufficientBalanceException.class,
                        e -> assertThat(e.decision().min()).isEqualTo(Money.of("1000000", "USD")));
        assertThat(campaigns.bodyRuns()).isEqualTo(before);
    }

    @Test
    void retryableMethodIsCheckedOnceForAllAttempts() {
        double decisionsBefore = decisions();
        campaigns.resetAttempts();

        campaigns.sendWithRetries(List.of(UK), "Hi");

        assertThat(campaigns.attempts()).isEqualTo(3);
        assertThat(decisions() - decisionsBefore).isEqualTo(1.0);
    }

    @Test
    void transactionalMethodIsCheckedBeforeTheTransactionBegins() {
        int begun = transactions.begun.get();

        assertThatThrownBy(() -> campaigns.sendInTransaction(numbers(3000), "Hi"))
                .isInstanceOf(InsufficientBalanceException.class);
        assertThat(transactions.begun.get()).isEqualTo(begun);

        campaigns.sendInTransaction(List.of(UK), "Hi");
        assertThat(transactions.begun.get()).isEqualTo(begun + 1);
        assertThat(campaigns.transactionActiveInBody()).isTrue();
    }

    @Test
    void completableFutureHoldsTheReservationUntilItCompletes() {
        var future = campaigns.sendLater(List.of(US), "Hi");

        assertThat(future).isNotDone();
        assertThat(guard.snapshot("main").reserved()).contains(Money.of("0.05", "USD"));

        campaigns.pending().complete("done");
        assertThat(guard.snapshot("main").reserved())
                .hasValueSatisfying(r -> assertThat(r.isZero()).isTrue());
    }

    @Test
    void fallbackRunsInsteadOfTheBodyWhenBlocked() {
        int before = campaigns.bodyRuns();

        assertThat(campaigns.sendOrSkip(new BigDecimal("5000"))).isEqualTo("skipped: INSUFFICIENT");
        assertThat(campaigns.bodyRuns()).isEqualTo(before);
        assertThat(campaigns.sendOrSkip(new BigDecimal("0.01"))).isEqualTo("sent");
    }

    @Test
    void lowBalanceCrossingIsPublished() {
        guard.checkMinimum("low", BigDecimal.ZERO);

        assertThat(events.lowBalance).anySatisfy(e -> {
            assertThat(e.account()).isEqualTo("low");
            assertThat(e.low()).isTrue();
            assertThat(e.crossing().threshold()).isEqualTo(Money.of("50", "USD"));
        });
    }

    @Test
    void metersDescribeBalancesDecisionsAndFetches() {
        campaigns.send(List.of(UK), "Hi");

        assertThat(meters.get("balance.guard.balance")
                        .tags("account", "main", "provider", "twilio", "currency", "USD")
                        .gauge()
                        .value())
                .isEqualTo(100.0);
        assertThat(meters.get("balance.guard.reserved")
                        .tags("account", "main")
                        .gauge()
                        .value())
                .isZero();
        assertThat(meters.get("balance.guard.balance.age")
                        .tags("account", "main")
                        .timeGauge()
                        .value())
                .isGreaterThanOrEqualTo(0.0);
        assertThat(meters.get("balance.guard.decisions")
                        .tags("account", "main", "outcome", "allowed", "reason", "sufficient")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(1.0);
        assertThat(meters.get("balance.guard.fetch")
                        .tags("account", "main", "outcome", "success")
                        .timer()
                        .count())
                .isGreaterThanOrEqualTo(1);
        assertThat(meters.find("balance.guard.decisions").meters())
                .allSatisfy(m -> assertThat(m.getId().getTags())
                        .allSatisfy(t ->
                                assertThat(t.getKey()).isIn("account", "provider", "currency", "outcome", "reason")));
    }

    @Test
    void healthShowsEachAccountAndStaysOutOfReadiness() throws Exception {
        campaigns.send(List.of(UK), "Hi");

        JsonNode health = json("/actuator/health");
        JsonNode main = health.at("/components/balanceGuard/details/accounts/main");
        assertThat(health.at("/components/balanceGuard/status").asString()).isIn("UP", "UNKNOWN");
        assertThat(main.at("/balance").asString()).isEqualTo("100");
        assertThat(main.at("/currency").asString()).isEqualTo("USD");
        assertThat(main.at("/provider").asString()).isEqualTo("twilio");
        assertThat(main.has("ageSeconds")).isTrue();

        assertThat(get("/actuator/health/readiness")).doesNotContain("balanceGuard");
    }

    @Test
    void balanceEndpointListsAccountsAndTheLastDecision() throws Exception {
        campaigns.send(List.of(UK), "Hi");

        JsonNode body = json("/actuator/balance");
        assertThat(body.at("/defaultAccount").asString()).isEqualTo("main");
        assertThat(body.at("/accounts/main/balance").asString()).isEqualTo("100");
        assertThat(body.at("/accounts/main/lastDecision/allowed").asBoolean()).isTrue();
        assertThat(body.at("/accounts/main/lastDecision/estimate").asString()).isEqualTo("0.04");
        assertThat(json("/actuator/balance/main").at("/provider").asString()).isEqualTo("twilio");
    }

    @Test
    void secretsAreAbsentFromActuatorOutputAndLogs(CapturedOutput output) throws Exception {
        campaigns.send(List.of(UK), "Hi");
        guard.checkMinimum("low", BigDecimal.ZERO);
        List<String> secrets = List.of(
                TWILIO_TOKEN,
                INFOBIP_KEY,
                Base64.getEncoder().encodeToString((SID + ":" + TWILIO_TOKEN).getBytes(StandardCharsets.UTF_8)));

        for (String path : List.of(
                "/actuator/health",
                "/actuator/balance",
                "/actuator/balance/main",
                "/actuator/balance/low",
                "/actuator/configprops",
                "/actuator/env",
                "/actuator/metrics",
                "/actuator/metrics/balance.guard.balance",
                "/actuator/metrics/balance.guard.decisions",
                "/actuator/metrics/balance.guard.fetch",
                "/actuator/conditions",
                "/actuator/beans")) {
            String body = get(path);
            assertThat(body).as(path).isNotBlank();
            secrets.forEach(secret -> assertThat(body).as(path).doesNotContain(secret));
        }
        assertThat(get("/actuator/configprops")).contains("balance-guard").doesNotContain("authToken");
        assertThat(get("/actuator/env")).contains("balance-guard.accounts.main.auth-token");
        secrets.forEach(secret -> assertThat(output.getAll()).doesNotContain(secret));
    }

    private double decisions() {
        return meters.find("balance.guard.decisions").tag("account", "main").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private JsonNode json(String path) throws Exception {
        return JsonMapper.builder().build().readTree(get(path));
    }

    private String get(String path) throws Exception {
        return ServedApplications.get(port, path);
    }
}
