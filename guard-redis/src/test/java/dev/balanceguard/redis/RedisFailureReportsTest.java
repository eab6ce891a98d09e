package dev.balanceguard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.store.StoreException;
import dev.balanceguard.test.Eventually;
import dev.balanceguard.test.LogCapture;
import dev.balanceguard.test.server.LocalRedis;
import dev.balanceguard.test.server.LocalServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.resolver.InetSocketAddressResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Redis failure says, against real redis-servers: the cause under Lettuce's "Unable to connect" (a wrong or
 * missing password, an unknown host, TLS spoken to a plain port or the reverse, an untrusted certificate), never the
 * password; and the log: one line when the store stops answering, with the cause, one when it answers again.
 */
@Timeout(120)
class RedisFailureReportsTest {

    private static final String PASSWORD = "S3cr3t-Redis-Pa55word";
    private static final String WRONG = "Wr0ng-Pa55word-given";

    @RegisterExtension
    final LogCapture log = LogCapture.of(RedisGuardStore.class);

    @Test
    void aWrongOrMissingPasswordIsNamedNeverShownAndLoggedOnce() {
        try (LocalRedis redis = LocalRedis.launch("requirepass " + PASSWORD)) {
            RedisURI wrong = RedisTesting.uri(redis);
            wrong.setAuthentication(WRONG.toCharArray());
            RedisClient bad = RedisClient.create(wrong);
            RedisClient none = RedisTesting.client(redis);
            try (RedisGuardStore refused = RedisGuardStore.builder(bad).build();
                    RedisGuardStore anonymous = RedisGuardStore.builder(none).build()) {
                String wrongPassword = failure(() -> refused.totals("main", "USD", 0));
                for (String id : List.of("r1", "r2", "r3")) {
                    failure(() -> refused.reserve(
                            "main",
                            new dev.balanceguard.store.HoldRequest(
                                    id, dev.balanceguard.core.Money.of("1", "USD"), null, 60_000, 0)));
                }
                String noPassword = failure(() -> anonymous.totals("main", "USD", 0));

                assertThat(wrongPassword)
                        .startsWith("redis store: totals on account 'main': cannot connect to Redis: "
                                + "Redis refused the password (WRONGPASS")
                        .doesNotContain(WRONG, PASSWORD);
                assertThat(noPassword)
                        .contains("Redis requires a password and none was sent (NOAUTH)")
                        .doesNotContain(PASSWORD);
                assertThat(warnings())
                        .as("one line per store that stopped answering, each naming its cause")
                        .hasSize(2)
                        .anySatisfy(m -> assertThat(m).contains("WRONGPASS"))
                        .anySatisfy(m -> assertThat(m).contains("NOAUTH"))
                        .allSatisfy(m -> assertThat(m).doesNotContain(WRONG, PASSWORD));
            } finally {
                bad.shutdown();
                none.shutdown();
            }
        }
    }

    @Test
    void anUnknownHostIsNamed() {
        ClientResources noDns =
                ClientResources.builder().addressResolverGroup(new NoDns()).build();
        RedisClient client = RedisClient.create(
                noDns,
                RedisURI.builder()
                        .withHost("redis.no-such-host.invalid")
                        .withPort(6379)
                        .withTimeout(Duration.ofSeconds(2))
                        .build());
        try (RedisGuardStore store = RedisGuardStore.builder(client).build()) {
            assertThat(failure(() -> store.totals("main", "USD", 0)))
                    .startsWith("redis store: totals on account 'main': cannot connect to Redis: unknown host "
                            + "'redis.no-such-host.invalid'");
            failure(store::ping);
            assertThat(warnings()).singleElement().asString().contains("unknown host 'redis.no-such-host.invalid'");
        } finally {
            client.shutdown();
            noDns.shutdown(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void goingDownAndComingBackIsLoggedOnceEach() {
        try (LocalRedis redis = LocalRedis.launch("requirepass " + PASSWORD)) {
            RedisURI right = RedisTesting.uri(redis);
            right.setAuthentication(PASSWORD.toCharArray());
            RedisClient client = RedisClient.create(right);
            client.setOptions(io.lettuce.core.ClientOptions.builder()
                    .disconnectedBehavior(io.lettuce.core.ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .build());
            try (RedisGuardStore store = RedisGuardStore.builder(client).build()) {
                store.ping();
                redis.stop();
                Eventually.until(() -> !failure(store::ping).isEmpty());
                for (int i = 0; i < 5; i++) {
                    failure(() -> store.totals("main", "USD", 0));
                }
                redis.start();
                Eventually.until(() -> failure(store::ping).isEmpty());
                store.totals("main", "USD", 0);

                assertThat(warnings())
                        .singleElement()
                        .asString()
                        .contains("The redis store is unavailable")
                        .doesNotContain(PASSWORD);
                assertThat(log.records())
                        .filteredOn(r -> r.getLevel() == Level.INFO)
                        .extracting(LogRecord::getMessage)
                        .containsExactly("The redis store answers again.");
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void tlsSpokenToAPlainPortAndPlainTextToATlsPortAndAnUntrustedCertificateAreNamed(@TempDir Path dir)
            throws Exception {
        Path cert = dir.resolve("redis.crt");
        Path key = dir.resolve("redis.key");
        selfSigned(dir, cert, key);
        int tlsPort = LocalServer.freePort();
        var tlsServer = LocalRedis.builder(LocalServer.freePort())
                .setting("tls-port " + tlsPort)
                .setting("tls-cert-file " + cert)
                .setting("tls-key-file " + key)
                .setting("tls-auth-clients no")
                .build();
        tlsServer.start();
        try (LocalRedis plain = LocalRedis.launch()) {
            RedisURI tlsToPlain = RedisTesting.uri(plain);
            tlsToPlain.setSsl(true);
            RedisURI plainToTls = RedisURI.builder()
                    .withHost("127.0.0.1")
                    .withPort(tlsPort)
                    .withTimeout(Duration.ofSeconds(2))
                    .build();
            RedisURI untrusted = RedisURI.builder()
                    .withHost("127.0.0.1")
                    .withPort(tlsPort)
                    .withSsl(true)
                    .withTimeout(Duration.ofSeconds(2))
                    .build();

            assertThat(connectFailure(tlsToPlain))
                    .contains("cannot connect to Redis: ")
                    .contains("a plain-text port spoken to over TLS");
            assertThat(connectFailure(plainToTls))
                    .contains("cannot connect to Redis: ")
                    .contains("a TLS-only port spoken to in plain text");
            assertThat(connectFailure(untrusted))
                    .contains("cannot connect to Redis: the server's TLS certificate is not trusted");
        } finally {
            tlsServer.stop();
        }
    }

    private static String connectFailure(RedisURI uri) {
        RedisClient client = RedisClient.create(uri);
        try (RedisGuardStore store = RedisGuardStore.builder(client).build()) {
            String failure = failure(() -> store.totals("main", "USD", 0));
            System.out.println("[failure] " + uri.getPort() + (uri.isSsl() ? " tls: " : " plain: ")
                    + failure.lines().findFirst().orElse(""));
            return failure;
        } finally {
            client.shutdown();
        }
    }

    /** A self-signed certificate for 127.0.0.1 from the JDK's keytool, written as PEM for redis-server. */
    private static void selfSigned(Path dir, Path cert, Path key) throws Exception {
        Path store = dir.resolve("redis.p12");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(
                        keytool,
                        "-genkeypair",
                        "-alias",
                        "redis",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-keystore",
                        store.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        Certificate c = ks.getCertificate("redis");
        Files.writeString(cert, pem("CERTIFICATE", c.getEncoded()));
        Files.writeString(
                key,
                pem("PRIVATE KEY", ks.getKey("redis", "changeit".toCharArray()).getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private List<String> warnings() {
        return log.records().stream()
                .filter(r -> r.getLevel() == Level.WARNING)
                .map(LogRecord::getMessage)
                .toList();
    }

    /** The StoreException's message and whole stack trace, causes included; empty when the call succeeds. */
    private static String failure(Runnable call) {
        try {
            call.run();
            return "";
        } catch (StoreException e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            return e.getMessage() + "\n" + trace;
        }
    }

    /** Resolves no name: an unknown host without asking a DNS server (the tests use loopback only). */
    private static final class NoDns extends AddressResolverGroup<InetSocketAddress> {
        @Override
        protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
            return new InetSocketAddressResolver(executor, new InetNameResolver(executor) {
                @Override
                protected void doResolve(String host, Promise<InetAddress> promise) {
                    promise.setFailure(new UnknownHostException("Failed to resolve '" + host + "' [A(1), AAAA(28)]"));
                }

                @Override
                protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
                    promise.setFailure(new UnknownHostException("Failed to resolve '" + host + "' [A(1), AAAA(28)]"));
                }
            });
        }
    }
}
