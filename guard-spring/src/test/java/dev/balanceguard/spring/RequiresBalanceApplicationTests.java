package dev.balanceguard.spring;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.Money;
import dev.balanceguard.spring.app.CampaignApplication;
import dev.balanceguard.spring.app.CampaignService;
import dev.balanceguard.spring.app.CountingTransactionManager;
import dev.balanceguard.spring.app.GuardEvents;
import dev.balanceguard.spring.app.Notifier;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(classes = CampaignApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "balance-guard.default-account=main",
                "balance-guard.accounts.main.provider=simulator",
                "balance-guard.accounts.main.balance=100.00",
                "balance-guard.accounts.main.currency=USD",
                "balance-guard.accounts.main.rates=classpath:rates.csv",
                "balance-guard.accounts.main.auth-token=" + RequiresBalanceApplicationTests.SECRET,
                "balance-guard.accounts.low.provider=simulator",
                "balance-guard.accounts.low.balance=20",
                "balance-guard.accounts.low.currency=USD",
                "balance-guard.accounts.low.low-balance-threshold=50 USD",
                "balance-guard.accounts.low.password=" + RequiresBalanceApplicationTests.SECRET,
                "campaigns.floor=99.99",
                "campaigns.premium-floor=1000000",
                "management.endpoints.web.exposure.include=*",
                "management.endpoint.health.show-details=always",
                "management.endpoint.health.probes.enabled=true",
                "management.endpoint.env.show-values=always",
                "management.endpoint.configprops.show-values=always",
        })
@ExtendWith(OutputCaptureExtension.class)
class RequiresBalanceApplicationTests {

    static final String SECRET = "s3cr3t-token-7f2c9d";
    private static final String UK = "+447700900001";
    private static final String US = "+15550100";

    @Autowired CampaignService campaigns;
    @Autowired Notifier notifier;
    @Autowired BalanceGuard guard;
    @Autowired CountingTransactionManager transactions;
    @Autowired GuardEvents events;
    @Autowired MeterRegistry meters;
    @LocalServerPort int port;

    private static List<String> numbers(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("+4477009%05d", i)).toList();
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
    }

    @Test
    void blockedRunNeverExecutesTheBodyAndPublishesAnEvent() {
        int before = campaigns.bodyRuns();
        int eventsBefore = events.blocked.size();

        assertThatThrownBy(() -> campaigns.send(numbers(3000), "Hello"))
                .isInstanceOfSatisfying(InsufficientBalanceException.class, e -> {
                    assertThat(e.decision().reason()).isEqualTo(GuardDecision.Reason.INSUFFICIENT);
                    assertThat(e.decision().estimate()).isEqualTo(Money.of("120", "USD"));
                    assertThat(e.decision().shortfall().isLessThan(Money.of("20", "USD"))).isFalse();
                });

        assertThat(campaigns.bodyRuns()).isEqualTo(before);
        assertThat(events.blocked).hasSize(eventsBefore + 1);
        assertThat(events.blocked.get(eventsBefore).account()).isEqualTo("main");
    }

    @Test
    void countOfRecipientsIsPricedAtTheDefaultRow() {
        assertThatThrownBy(() -> campaigns.sendToCount(2001, "Hi"))
                .isInstanceOfSatisfying(InsufficientBalanceException.class,
                        e -> assertThat(e.decision().estimate()).isEqualTo(Money.of("100.05", "USD")));
        campaigns.sendToCount(10, "Hi");
        assertThat(lastDecision().estimate()).isEqualTo(Money.of("0.50", "USD"));
    }

    @Test
    void placeholderInMinIsResolved() {
        int before = campaigns.bodyRuns();

        assertThatThrownBy(() -> campaigns.sendKeepingFloor(List.of(US), "Hi"))
                .isInstanceOfSatisfying(InsufficientBalanceException.class,
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

        assertThatThrownBy(() -> notifier.notifyAll(numbers(3000), "Hi")).isInstanceOf(InsufficientBalanceException.class);
        assertThat(notifier.sent()).isEqualTo(before);

        notifier.notifyAll(List.of(UK), "Hi");
        assertThat(notifier.sent()).isEqualTo(before + 1);
    }

    @Test
    void metaAnnotationIsGuarded() {
        int before = campaigns.bodyRuns();

        assertThatThrownBy(() -> campaigns.sendPremium())
                .isInstanceOfSatisfying(InsufficientBalanceException.class,
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
        assertThat(guard.snapshot("main").reserved()).hasValueSatisfying(r -> assertThat(r.isZero()).isTrue());
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

        assertThat(meters.get("balance.guard.balance").tags("account", "main", "provider", "simulator",
                "currency", "USD").gauge().value()).isEqualTo(100.0);
        assertThat(meters.get("balance.guard.reserved").tags("account", "main").gauge().value()).isZero();
        assertThat(meters.get("balance.guard.balance.age").tags("account", "main").timeGauge().value())
                .isGreaterThanOrEqualTo(0.0);
        assertThat(meters.get("balance.guard.decisions").tags("account", "main", "outcome", "allowed",
                "reason", "sufficient").counter().count()).isGreaterThanOrEqualTo(1.0);
        assertThat(meters.get("balance.guard.fetch").tags("account", "main", "outcome", "success").timer().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(meters.find("balance.guard.decisions").meters())
                .allSatisfy(m -> assertThat(m.getId().getTags()).allSatisfy(t ->
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
        assertThat(main.at("/provider").asString()).isEqualTo("simulator");
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
        assertThat(json("/actuator/balance/main").at("/provider").asString()).isEqualTo("simulator");
    }

    @Test
    void secretsAreAbsentFromActuatorOutputAndLogs(CapturedOutput output) throws Exception {
        campaigns.send(List.of(UK), "Hi");
        guard.checkMinimum("low", BigDecimal.ZERO);

        for (String path : List.of("/actuator/health", "/actuator/balance", "/actuator/configprops",
                "/actuator/env", "/actuator/metrics", "/actuator/metrics/balance.guard.balance",
                "/actuator/metrics/balance.guard.decisions", "/actuator/conditions", "/actuator/beans")) {
            String body = get(path);
            assertThat(body).as(path).isNotBlank().doesNotContain(SECRET);
        }
        assertThat(get("/actuator/configprops")).contains("balance-guard");
        assertThat(output.getAll()).doesNotContain(SECRET);
    }

    private double decisions() {
        return meters.find("balance.guard.decisions").tag("account", "main").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private JsonNode json(String path) throws Exception {
        return JsonMapper.builder().build().readTree(get(path));
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }
}
