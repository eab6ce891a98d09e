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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service on the JDBC store with the database down (nothing listens on its port): campaigns are refused with a
 * 503 that names no host, port, SQL or table and no figure the guard could not know, not a 402 "cannot pay"; the
 * store's own words go to the log, once for the outage rather than once per request.
 */
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"balance-guard.store=jdbc", "balance-guard.jdbc.table-prefix=outage_"})
class StoreOutageTest {

    static final int CLOSED_PORT = closedPort();
    static final String DB_PASSWORD = "db-password-outage-6d1f";
    static final String[] INTERNALS = {
        Integer.toString(CLOSED_PORT),
        "127.0.0.1",
        "localhost",
        "jdbc",
        "postgres",
        "SQL",
        "outage_",
        "ledger",
        "reading",
        "08001",
        "08006",
        "connection",
        "database",
        DB_PASSWORD
    };
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + CLOSED_PORT + "/campaigns");
        registry.add("spring.datasource.username", () -> "campaigns");
        registry.add("spring.datasource.password", () -> DB_PASSWORD);
        // a refused connection is known at once; the pool need not keep trying for its default 30 s
        registry.add("spring.datasource.hikari.connection-timeout", () -> "500");
    }

    @LocalServerPort
    int port;

    @Autowired
    SmsGateway gateway;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aCampaignIsRefusedWithAGeneric503AndTheStoreIsLoggedOnce(CapturedOutput output) throws Exception {
        long sent = gateway.sentCount();

        HttpResponse<String> first = post("""
                {"recipients": ["+14155550100"], "message": "Sale ends tonight"}""");
        HttpResponse<String> second = post("""
                {"recipients": ["+447700900123", "+14155550101"], "message": "Sale ends tonight", \
                "account": "marketing"}""");

        for (HttpResponse<String> response : List.of(first, second)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.get("status").asInt()).isEqualTo(503);
            assertThat(problem.get("reason").asString()).isEqualTo("STORE_UNAVAILABLE");
            assertThat(problem.get("type").asString()).isEqualTo("urn:balance-guard:problem:store_unavailable");
            assertThat(problem.get("title").asString()).doesNotContain("cannot pay");
            // no figure the guard could not know: without the store it knows neither holds nor spend
            assertThat(problem.propertyNames())
                    .doesNotContain(
                            "reserved", "unbooked_spend", "available", "shortfall", "balance", "coverable_recipients");
            for (String internal : INTERNALS) {
                assertThat(response.body()).as("the problem names %s", internal).doesNotContainIgnoringCase(internal);
            }
        }
        assertThat(JSON.readTree(first.body()).get("account").asString()).isEqualTo("main");
        assertThat(JSON.readTree(second.body()).get("account").asString()).isEqualTo("marketing");
        assertThat(gateway.sentCount()).isEqualTo(sent);

        // the operator's side: what the store said, once for the outage
        String warnings = output.getAll()
                .lines()
                .filter(line -> line.contains("StoreOutageLog"))
                .reduce("", (a, b) -> a + b + "\n");
        assertThat(warnings.lines())
                .as(output.getAll())
                .hasSize(1)
                .first()
                .asString()
                .contains("WARN", "did not answer", "jdbc")
                .doesNotContain(DB_PASSWORD);
        assertThat(output.getAll()).doesNotContain(DB_PASSWORD);
    }

    @Test
    void theBalanceEndpointSaysHoldsAndSpendAreUnknown() throws Exception {
        HttpResponse<String> balances = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/balance/main"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(balances.statusCode()).isEqualTo(200);
        JsonNode main = JSON.readTree(balances.body());
        assertThat(main.get("reserved").asString()).isEqualTo("unknown");
        assertThat(main.get("unbookedSpend").asString()).isEqualTo("unknown");
    }

    private HttpResponse<String> post(String json) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/campaigns"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A loopback port nothing listens on: bound once, then let go. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
