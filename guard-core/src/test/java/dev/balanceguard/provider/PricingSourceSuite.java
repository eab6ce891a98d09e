package dev.balanceguard.provider;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import dev.balanceguard.Money;
import dev.balanceguard.ProviderException;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.cost.Rate;
import dev.balanceguard.cost.RateCard;
import dev.balanceguard.cost.pricing.PricingSource;
import dev.balanceguard.cost.pricing.ProviderRates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * What every pricing source's suite shares: the provider's pricing API emulated on a loopback WireMock, backoff
 * sleeps recorded (never slept), and everything the source and its fetches show recorded, so the suite can assert
 * its fake credentials appear nowhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PricingSourceSuite {

    protected WireMockServer wire;
    protected List<Duration> sleeps;

    /** The fake credentials (and their encodings) that must never surface. */
    protected abstract List<String> secrets();

    @BeforeAll
    void startWire() {
        SecretWatch.install();
        wire = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")
                .notifier(new ConsoleNotifier(false)));
        wire.start();
    }

    @AfterAll
    void stopWireAndCheckSecrets() {
        wire.stop();
        SecretWatch.assertNeverSeen(secrets());
    }

    @BeforeEach
    void resetWire() {
        wire.resetAll();
        sleeps = ProviderTestSupport.newSleepLog();
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + wire.port();
    }

    /** The source, its {@code toString()} recorded for the secret check. */
    protected static PricingSource watched(PricingSource source) {
        SecretWatch.record(source.toString());
        return source;
    }

    protected static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** Fetches, recording the rates or the failure for the secret check. */
    protected static ProviderRates fetch(ProviderRates.Builder builder) {
        try {
            ProviderRates rates = builder.fetch();
            SecretWatch.record(rates.toString() + rates.notes());
            return rates;
        } catch (ProviderException e) {
            throw SecretWatch.record(e);
        }
    }

    /** The SMS price the card gives the number; fails when no row matches. */
    protected static Money sms(RateCard card, String number) {
        return card.rateFor(Channel.SMS, number).map(Rate::price).orElseThrow();
    }
}
