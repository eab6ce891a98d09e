package dev.balanceguard.spring.autoconfigure;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.balanceguard.BalanceGuard;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.spring.BalanceGuardCustomizer;
import dev.balanceguard.spring.autoconfigure.app.CampaignApplication;
import dev.balanceguard.spring.autoconfigure.app.GuardEvents;
import dev.balanceguard.test.ManualClock;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Boot application on a Twilio account served by WireMock on loopback, whose balance the test moves between
 * readings: the counters, the runway gauge, the events and the {@code balance} endpoint show what it spent.
 */
@SpringBootTest(
        classes = CampaignApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "balance-guard.accounts.main.provider=twilio",
            "balance-guard.accounts.main.account-sid=" + ObservedSpendApplicationTest.SID,
            "balance-guard.accounts.main.auth-token=fake-twilio-auth-token-0d0e",
            "balance-guard.accounts.main.rates=classpath:rates.csv",
            "balance-guard.refresh-interval=60s",
            "balance-guard.spend.unguarded-threshold=5",
            "campaigns.floor=0",
            "campaigns.premium-floor=1000000",
            "management.endpoints.web.exposure.include=balance,metrics",
        })
@Import(ObservedSpendApplicationTest.ManualTime.class)
class ObservedSpendApplicationTest {

    static final String SID = "AC0b5e2c9a1b2d4c6e8f0a1b2c3d4e5f61";
    private static final String BALANCE = "/2010-04-01/Accounts/" + SID + "/Balance.json";
    static final ManualClock CLOCK = new ManualClock();
    static final WireMockServer TWILIO =
            new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    static {
        TWILIO.start();
        balance("100.00");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class ManualTime {
        @Bean
        BalanceGuardCustomizer manualTime() {
            return builder -> builder.clock(CLOCK).executor(Runnable::run);
        }
    }

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add("balance-guard.accounts.main.base-url", TWILIO::baseUrl);
    }

    @AfterAll
    static void stop() {
        TWILIO.stop();
    }

    @Autowired
    BalanceGuard guard;

    @Autowired
    MeterRegistry meters;

    @Autowired
    GuardEvents events;

    @LocalServerPort
    int port;

    private static void balance(String amount) {
        TWILIO.stubFor(WireMock.get(urlPathEqualTo(BALANCE))
                .willReturn(okJson(
                        "{\"account_sid\":\"" + SID + "\",\"balance\":\"" + amount + "\",\"currency\":\"USD\"}")));
    }

    private void nextReading(String amount) {
        balance(amount);
        CLOCK.advance(Duration.ofSeconds(61));
        guard.checkMinimum("main", BigDecimal.ZERO); // due: refreshes on this thread
    }

    private double counter(String name) {
        return meters.get(name).tag("account", "main").counter().count();
    }

    @Test
    void dropsAndRisesBecomeCountersTheRunwayGaugeEventsAndTheEndpoint() throws Exception {
        guard.checkMinimum("main", BigDecimal.ZERO); // the baseline
        assertThat(meters.find("balance.guard.runway").gauge()).isNull();

        nextReading("96.00");
        nextReading("90.00"); // the 4 no run committed are unguarded now: under the threshold

        assertThat(counter("balance.guard.spend.observed")).isEqualTo(10.0);
        assertThat(counter("balance.guard.spend.unguarded")).isEqualTo(4.0);
        assertThat(counter("balance.guard.spend.committed")).isZero();
        assertThat(events.unguarded).isEmpty();
        // 10 over 122 s: 90 lasts 1098 s (less one: the burn is rounded up)
        assertThat(meters.get("balance.guard.runway")
                        .tag("account", "main")
                        .gauge()
                        .value())
                .isEqualTo(1097.0);

        nextReading("150.00"); // and the 6 now: over the threshold
        assertThat(counter("balance.guard.spend.unguarded")).isEqualTo(10.0);
        assertThat(events.unguarded)
                .singleElement()
                .satisfies(e -> assertThat(e.amount().amount()).isEqualByComparingTo("6"));
        assertThat(counter("balance.guard.topups")).isEqualTo(60.0);
        assertThat(events.topUps)
                .singleElement()
                .satisfies(e -> assertThat(e.amount().toPlainString()).isEqualTo("60"));

        JsonNode spend = json("/actuator/balance/main").at("/observedSpend");
        assertThat(spend.at("/observed").asString()).isEqualTo("10");
        assertThat(spend.at("/topUps").asString()).isEqualTo("60");
        assertThat(spend.at("/unguarded").asString()).isEqualTo("10");
        assertThat(spend.at("/currency").asString()).isEqualTo("USD");
        assertThat(spend.at("/runwaySeconds").isNumber()).isTrue();

        CLOCK.advance(Duration.ofHours(2));
        nextReading("150.00"); // nothing burned in the last hour: no runway
        assertThat(meters.find("balance.guard.runway").gauge()).isNull();
        assertThat(json("/actuator/balance/main")
                        .at("/observedSpend/runwaySeconds")
                        .isMissingNode())
                .isTrue();

        guard.reserve("main", CostEstimate.of(Money.of("20", "USD"))).commit(Money.of("20", "USD"));
        nextReading("132.00"); // a run committed 20 and the account spent 18 of it: estimates 10 % high
        assertThat(counter("balance.guard.spend.committed")).isEqualTo(20.0);
        assertThat(counter("balance.guard.spend.observed")).isEqualTo(28.0);
        assertThat(counter("balance.guard.spend.unguarded")).isEqualTo(10.0);
        JsonNode after = json("/actuator/balance/main").at("/observedSpend");
        assertThat(after.at("/committed").asString()).isEqualTo("20");
        assertThat(after.at("/accuracy").asString()).isEqualTo("0.9000");
        assertThat(after.at("/burnPerHour").isMissingNode()).isFalse();
        assertThat(after.at("/runwaySeconds").isNumber()).isTrue();
    }

    @Test
    void checksAreObservationsThatGiveATimerBesideTheExistingMeters() {
        guard.checkMinimum("main", BigDecimal.ZERO);

        assertThat(meters.get("balance.guard.calls")
                        .tags("operation", "check", "account", "main", "outcome", "allowed", "reason", "sufficient")
                        .timer()
                        .count())
                .isPositive();
        assertThat(meters.get("balance.guard.decisions").tag("account", "main").counters())
                .isNotEmpty();
        assertThat(meters.get("balance.guard.fetch").tag("account", "main").timers())
                .isNotEmpty();
    }

    private JsonNode json(String path) throws Exception {
        return JsonMapper.builder().build().readTree(ServedApplications.get(port, path));
    }
}
