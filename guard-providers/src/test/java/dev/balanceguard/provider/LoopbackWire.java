package dev.balanceguard.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * A provider's API emulated on a loopback WireMock for one suite: reset before each test, with backoff sleeps
 * recorded (never slept), and the suite's fake credentials checked against everything {@link SecretWatch} saw.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LoopbackWire {

    protected WireMockServer wire;
    protected List<Duration> sleeps;

    /** The fake credentials (and their encodings) that must never surface. */
    protected abstract List<String> secrets();

    @BeforeAll
    void startWire() {
        SecretWatch.install();
        wire = new WireMockServer(
                wireMockConfig().dynamicPort().bindAddress("127.0.0.1").notifier(new ConsoleNotifier(false)));
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

    protected static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }
}
