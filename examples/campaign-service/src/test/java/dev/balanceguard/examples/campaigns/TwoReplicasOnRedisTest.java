package dev.balanceguard.examples.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.redis.RedisGuardStore;
import dev.balanceguard.test.server.LocalRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two instances of the unchanged service, started as a user would with {@code --balance-guard.store=redis
 * --spring.data.redis.port=N}, on one Redis: what one replica spent, the other refuses to spend again.
 */
class TwoReplicasOnRedisTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static LocalRedis redis;
    private static int redisPort;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startRedis() {
        redis = LocalRedis.launch();
        redisPort = redis.port();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static ConfigurableApplicationContext replica(String prefix) {
        return SpringApplication.run(
                CampaignServiceApplication.class,
                "--server.port=0",
                "--balance-guard.store=redis",
                "--spring.data.redis.port=" + redisPort,
                "--balance-guard.redis.key-prefix=" + prefix);
    }

    @Test
    void whatOneReplicaSpentTheOtherCannotSpendAgain() throws Exception {
        String prefix = "campaigns-" + UUID.randomUUID();
        try (ConfigurableApplicationContext a = replica(prefix);
                ConfigurableApplicationContext b = replica(prefix)) {
            assertThat(a.getBean(RedisGuardStore.class)).isNotNull();
            ready(a);
            ready(b);

            // the main account holds 5.00 USD; 70 UK mobiles at 0.045 cost 3.15
            HttpResponse<String> sent = post(a, ukMobiles(70));
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);

            HttpResponse<String> refused = post(b, ukMobiles(70));
            assertThat(refused.statusCode()).isEqualTo(402);
            JsonNode problem = JSON.readTree(refused.body());
            assertThat(problem.get("reason").asString()).isEqualTo("INSUFFICIENT");
            assertThat(problem.get("balance").asString()).isEqualTo("5");
            assertThat(problem.get("unbooked_spend").asString()).isEqualTo("3.15"); // spent on replica A

            assertThat(post(b, ukMobiles(41)).statusCode()).isEqualTo(202); // 1.845 of the 1.85 left
            assertThat(post(a, ukMobiles(1)).statusCode()).isEqualTo(402);
        }
    }

    /** Waits (bounded) until the replica has its balance reading: on a busy machine a cold one may take a while. */
    private static void ready(ConfigurableApplicationContext replica) throws InterruptedException {
        BalanceGuard guard = replica.getBean(BalanceGuard.class);
        for (int attempt = 0; ; attempt++) {
            try {
                guard.balance("main");
                return;
            } catch (ProviderException e) {
                assertThat(attempt).as("no balance reading: " + e.getMessage()).isLessThan(100);
                Thread.sleep(100);
            }
        }
    }

    private static String ukMobiles(int count) {
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            recipients.add("\"+4477009" + String.format("%05d", i) + "\"");
        }
        return "{\"recipients\": " + recipients + ", \"message\": \"Doors open at 9\"}";
    }

    private HttpResponse<String> post(ConfigurableApplicationContext replica, String body) throws Exception {
        int port = ((WebServerApplicationContext) replica).getWebServer().getPort();
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/campaigns"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
