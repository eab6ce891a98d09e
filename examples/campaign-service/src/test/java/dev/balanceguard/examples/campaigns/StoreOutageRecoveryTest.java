package dev.balanceguard.examples.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.test.Eventually;
import dev.balanceguard.test.server.LocalPostgres;
import dev.balanceguard.test.server.RequiresPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service on a PostgreSQL of its own that goes down and comes back: 202, then 503s while it is down, then 202
 * again; the log says so once each way, not once per request.
 */
@RequiresPostgres
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"balance-guard.store=jdbc", "balance-guard.jdbc.table-prefix=recovery_"})
class StoreOutageRecoveryTest {

    /** Its own server, as this test stops it: the shared one serves other tests. */
    static LocalPostgres database;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database = LocalPostgres.start(false);
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::user);
        registry.add("spring.datasource.password", database::password);
        registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");
    }

    @AfterAll
    static void stopDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Timeout(180)
    void campaignsAre503WhileTheDatabaseIsDownAndTheLogSaysSoOnceEachWay(CapturedOutput output) throws Exception {
        assertThat(send().statusCode()).isEqualTo(202);

        database.stop();
        try {
            List<HttpResponse<String>> down = List.of(send(), send(), send());
            assertThat(down).allSatisfy(response -> {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                assertThat(response.body())
                        .contains("STORE_UNAVAILABLE")
                        .doesNotContain(Integer.toString(database.port()))
                        .doesNotContain("recovery_")
                        .doesNotContainIgnoringCase("sql");
            });
        } finally {
            database.start();
        }

        // the pool reconnects in its own time (HikariCP backs off while the database is down)
        Eventually.until(Duration.ofSeconds(60), "a campaign accepted again", () -> {
            try {
                return send().statusCode() == 202;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        assertThat(send().statusCode()).isEqualTo(202);

        List<String> logged = output.getAll()
                .lines()
                .filter(line -> line.contains("StoreOutageLog"))
                .toList();
        assertThat(logged).as(output.getAll()).hasSize(2);
        assertThat(logged.get(0)).contains("WARN", "did not answer", "jdbc store");
        assertThat(logged.get(1)).contains("INFO", "answers again");
        assertThat(output.getAll()).doesNotContain(database.password());
    }

    private HttpResponse<String> send() throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/campaigns"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("""
                        {"recipients": ["+14155550100"], "message": "Sale ends tonight"}"""))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
