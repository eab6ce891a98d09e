package dev.balanceguard.examples.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.jdbc.JdbcGuardStore;
import dev.balanceguard.test.server.LocalPostgres;
import dev.balanceguard.test.server.RequiresPostgres;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service as started with {@code --balance-guard.store=jdbc --spring.datasource.url=…}: holds, spend and the
 * shared readings land in PostgreSQL.
 */
@RequiresPostgres
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"balance-guard.store=jdbc", "balance-guard.jdbc.table-prefix=campaigns_"})
class CampaignServiceJdbcTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        LocalPostgres server = LocalPostgres.shared();
        registry.add("spring.datasource.url", server::jdbcUrl);
        registry.add("spring.datasource.username", server::user);
        registry.add("spring.datasource.password", server::password);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JdbcGuardStore store;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aCampaignsSpendIsRecordedInTheDatabase() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/campaigns"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("""
                        {"recipients": ["+14155550100", "+14155550101"], "message": "Sale ends tonight",
                         "account": "marketing"}"""))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(jdbc.queryForObject(
                        "SELECT sum(a) FROM campaigns_ledger l, unnest(l.spend_amounts) AS s(a) "
                                + "WHERE account = 'marketing'",
                        BigDecimal.class))
                .isPositive();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM campaigns_reading WHERE account = 'marketing'", Integer.class))
                .isEqualTo(1);
        assertThat(store.tableNames()).first().isEqualTo("campaigns_ledger");

        HttpResponse<String> health = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.body())
                .contains("\"db\"")
                .doesNotContain(LocalPostgres.shared().password());
    }
}
