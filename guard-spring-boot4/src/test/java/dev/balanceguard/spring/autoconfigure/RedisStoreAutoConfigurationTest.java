package dev.balanceguard.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.Reservation;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.redis.RedisGuardStore;
import dev.balanceguard.spring.autoconfigure.store.RedisStoreAutoConfiguration;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.ReadingStore;
import dev.balanceguard.test.Eventually;
import dev.balanceguard.test.server.LocalRedis;
import dev.balanceguard.test.server.LocalServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

/** balance-guard.store=redis in real application contexts, on a real Redis (password-protected, as in production). */
class RedisStoreAutoConfigurationTest {

    private static final String PASSWORD = "spring-Redis-S3cret";

    private static LocalRedis redis;
    private static int port;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    DataRedisAutoConfiguration.class,
                    RedisStoreAutoConfiguration.class,
                    BalanceGuardAutoConfiguration.class))
            .withPropertyValues(
                    "balance-guard.accounts.main.provider=simulator",
                    "balance-guard.accounts.main.balance=1000",
                    "balance-guard.accounts.main.currency=USD");

    @BeforeAll
    static void startRedis() {
        redis = LocalRedis.launch("requirepass " + PASSWORD);
        port = redis.port();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private String[] redisStore(String prefix) {
        return new String[] {
            "balance-guard.store=redis",
            "balance-guard.redis.key-prefix=" + prefix,
            "spring.data.redis.host=127.0.0.1",
            "spring.data.redis.port=" + port,
            "spring.data.redis.password=" + PASSWORD
        };
    }

    /** Waits for the store's first connection, which it opens on first use (slow in a cold JVM). */
    private static void connected(ApplicationContext context) {
        Eventually.answering(context.getBean(RedisGuardStore.class));
    }

    private static CostEstimate cost(String amount) {
        return CostEstimate.of(Money.of(amount, "USD"));
    }

    @Test
    void twoReplicasOnOneRedisRefuseWhatTheOtherHolds() {
        runner.withPropertyValues(redisStore("two-replicas"))
                .run(a -> runner.withPropertyValues(redisStore("two-replicas")).run(b -> {
                    assertThat(a).hasNotFailed().hasSingleBean(RedisGuardStore.class);
                    assertThat(b).hasNotFailed().hasSingleBean(RedisGuardStore.class);
                    connected(a);
                    connected(b);
                    assertThat(a.getBean(LedgerStore.class)).isSameAs(a.getBean(ReadingStore.class));
                    BalanceGuard first = a.getBean(BalanceGuard.class);
                    BalanceGuard second = b.getBean(BalanceGuard.class);

                    try (Reservation held = first.reserve("main", cost("600"))) {
                        assertThatThrownBy(() -> second.reserve("main", cost("400.01")))
                                .isInstanceOfSatisfying(InsufficientBalanceException.class, e -> {
                                    assertThat(e.decision().reason()).isEqualTo(GuardDecision.Reason.INSUFFICIENT);
                                    assertThat(e.decision().reserved()).isEqualTo(Money.of("600", "USD"));
                                });
                        second.reserve("main", cost("400")).release();
                    }
                    second.reserve("main", cost("1000")).release(); // the first replica's hold is gone
                }));
    }

    @Test
    void usesTheApplicationsConnectionSettingsAndTheKeyPrefix() {
        runner.withPropertyValues(redisStore("my-app"))
                .withPropertyValues("spring.data.redis.timeout=1500ms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RedisGuardStore.class))
                            .hasToString("RedisGuardStore{keyPrefix=my-app, timeout=PT1.5S}");
                    connected(context);
                    context.getBean(BalanceGuard.class).reserve("main", cost("10"));

                    RedisURI uri = RedisURI.create("127.0.0.1", port);
                    uri.setAuthentication(PASSWORD.toCharArray());
                    RedisClient client = RedisClient.create(uri);
                    try (StatefulRedisConnection<String, String> c = client.connect()) {
                        List<String> keys = c.sync().keys("my-app:*");
                        assertThat(keys).contains("my-app:{main}:holds", "my-app:{main}:reading");
                    } finally {
                        client.shutdown();
                    }
                });
    }

    @Test
    void aRedisDownAtStartupRefusesRunsButLetsTheApplicationStart() {
        runner.withPropertyValues(redisStore("down"))
                .withPropertyValues("spring.data.redis.port=" + LocalServer.freePort())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThatThrownBy(() -> context.getBean(BalanceGuard.class).reserve("main", cost("1")))
                            .isInstanceOfSatisfying(
                                    InsufficientBalanceException.class,
                                    e -> assertThat(e.decision().reason())
                                            .isIn(
                                                    GuardDecision.Reason.STORE_UNAVAILABLE,
                                                    GuardDecision.Reason.BALANCE_UNKNOWN));
                });
    }

    @Test
    void memoryIsTheDefaultEvenWithRedisAround() {
        runner.withPropertyValues("spring.data.redis.port=" + port).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(RedisGuardStore.class);
            context.getBean(BalanceGuard.class).reserve("main", cost("1")).release();
        });
    }

    @Test
    void anApplicationsOwnStoreWins() {
        runner.withPropertyValues(redisStore("own"))
                .withBean(
                        "myStore",
                        RedisGuardStore.class,
                        () -> RedisGuardStore.builder(RedisClient.create())
                                .keyPrefix("mine")
                                .build())
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(RedisGuardStore.class);
                    assertThat(context.getBean(RedisGuardStore.class).toString())
                            .contains("keyPrefix=mine");
                });
    }

    @Test
    void withoutARedisConnectionTheReportNamesTheFix() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(RedisStoreAutoConfiguration.class, BalanceGuardAutoConfiguration.class))
                .withPropertyValues(
                        "balance-guard.accounts.main.provider=simulator",
                        "balance-guard.accounts.main.balance=1000",
                        "balance-guard.accounts.main.currency=USD",
                        "balance-guard.store=redis")
                .run(context -> {
                    FailureAnalysis analysis = new BalanceGuardFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription())
                            .contains("balance-guard.store", "no Lettuce connection to Redis");
                    assertThat(analysis.getAction())
                            .contains(
                                    "spring-boot-starter-data-redis",
                                    "spring.data.redis.host",
                                    "balance-guard.store=memory");
                });
    }

    @Test
    void withoutTheRedisModuleTheReportNamesTheFix() {
        runner.withClassLoader(new FilteredClassLoader(RedisGuardStore.class))
                .withPropertyValues(redisStore("no-module"))
                .run(context -> {
                    FailureAnalysis analysis = new BalanceGuardFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("balance-guard.store");
                    assertThat(analysis.getAction())
                            .contains(
                                    "dev.balanceguard:guard-redis",
                                    "spring-boot-starter-data-redis",
                                    "balance-guard.store=memory");
                });
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void controlCharactersInTheKeyPrefixReachTheStartupReportEscaped(CapturedOutput output) {
        SpringApplication application = new SpringApplication(ReportApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of(
                "spring.output.ansi.enabled",
                "never",
                "balance-guard.accounts.main.provider",
                "simulator",
                "balance-guard.accounts.main.balance",
                "1000",
                "balance-guard.accounts.main.currency",
                "USD",
                "balance-guard.store",
                "redis",
                "balance-guard.redis.key-prefix",
                "app\u001b[1A\u001b[2K\n2026-01-01T00:00:00Z  INFO 1 --- [main] forged",
                "spring.data.redis.host",
                "127.0.0.1",
                "spring.data.redis.port",
                String.valueOf(port)));

        assertThatThrownBy(application::run).isInstanceOf(BeanCreationException.class);

        assertThat(output.toString())
                .contains(
                        "APPLICATION FAILED TO START",
                        "balance-guard.redis.key-prefix",
                        "was 'app\\u001B[1A\\u001B[2K\\u000A2026-01-01T00:00:00Z  INFO 1 (18 more characters)'")
                .doesNotContain("\u001b")
                .doesNotContainPattern("(?m)^2026-01-01T00:00:00Z  INFO 1");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ReportApplication {}

    @Test
    void aKeyPrefixWithBracesOtherThanOneHashTagIsASetupError() {
        runner.withPropertyValues(redisStore("a{b")).run(context -> {
            FailureAnalysis analysis = new BalanceGuardFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("balance-guard.redis.key-prefix");
        });
    }

    @Test
    void thePasswordIsInNoStartupReportOrStoreDescription() {
        runner.withPropertyValues(redisStore("a{b")).run(context -> {
            Throwable failure = context.getStartupFailure();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD);
            }
        });
        runner.withPropertyValues(redisStore("ok"))
                .run(context -> assertThat(
                                context.getBean(RedisGuardStore.class).toString())
                        .doesNotContain(PASSWORD));
    }
}
