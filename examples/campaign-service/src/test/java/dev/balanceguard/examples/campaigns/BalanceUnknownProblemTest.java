package dev.balanceguard.examples.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An account whose provider does not answer (its API on a loopback port nothing listens on): the 402 names the
 * balance as unknown and gives no holds, spend or shortfall, which the guard never got as far as learning, as zeros.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BalanceUnknownProblemTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void offlineAccount(DynamicPropertyRegistry registry) {
        registry.add("balance-guard.accounts.offline.provider", () -> "twilio");
        registry.add("balance-guard.accounts.offline.account-sid", () -> "AC" + "0123456789abcdef".repeat(2));
        registry.add("balance-guard.accounts.offline.auth-token", () -> "offline-auth-token-2c8a");
        registry.add("balance-guard.accounts.offline.base-url", () -> "http://127.0.0.1:" + closedPort());
        registry.add("balance-guard.accounts.offline.rates", () -> "classpath:rates.csv");
    }

    @LocalServerPort
    int port;

    @Autowired
    SmsGateway gateway;

    @Test
    void anUnknownBalanceIsA402WithoutFiguresTheGuardDoesNotKnow() throws Exception {
        long sent = gateway.sentCount();

        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/campaigns"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"recipients": ["+14155550100"], "message": "hello", "account": "offline"}"""))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(402);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("reason").asString()).isEqualTo("BALANCE_UNKNOWN");
        assertThat(problem.get("account").asString()).isEqualTo("offline");
        for (String unknown : new String[] {"balance", "available", "reserved", "unbooked_spend", "shortfall"}) {
            assertThat(problem.get(unknown)).as(unknown).isNotNull();
            assertThat(problem.get(unknown).isNull())
                    .as("%s in %s", unknown, response.body())
                    .isTrue();
        }
        assertThat(problem.get("estimate").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("offline-auth-token-2c8a");
        assertThat(gateway.sentCount()).isEqualTo(sent);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
