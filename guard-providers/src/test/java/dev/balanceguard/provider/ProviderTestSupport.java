package dev.balanceguard.provider;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.balanceguard.provider.http.HttpOptions;
import dev.balanceguard.provider.internal.HttpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test helpers that reach the transport's package-private seams (the sleeper, the clock). */
public final class ProviderTestSupport {

    /** The instant tests' fixed clocks stand at. */
    public static final Instant NOW = Instant.parse("2026-04-24T05:00:00Z");

    private ProviderTestSupport() {}

    /**
     * Fast options whose backoff sleeps are recorded in {@code sleeps}, never slept; the clock stands at {@link #NOW}.
     */
    public static HttpOptions.Builder recordingHttp(List<Duration> sleeps) {
        return HttpOptions.builder()
                .connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(5))
                .sleeper(sleeps::add)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    public static List<Duration> newSleepLog() {
        return new CopyOnWriteArrayList<>();
    }

    /** Fetches, expecting a ProviderException; records it for the secret check and returns it. */
    public static ProviderException fetchFails(BalanceProvider provider) {
        ProviderException[] caught = new ProviderException[1];
        assertThatThrownBy(provider::fetchBalance).isInstanceOfSatisfying(ProviderException.class, e -> caught[0] = e);
        return SecretWatch.record(Objects.requireNonNull(caught[0]));
    }

    /** A test resource under {@code /provider/}, as UTF-8 text, byte for byte. */
    public static String resource(String name) {
        try (InputStream in = ProviderTestSupport.class.getResourceAsStream("/provider/" + name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The User-Agent the transport sends. */
    public static String userAgent() {
        return HttpTransport.USER_AGENT;
    }

    /**
     * A loopback port whose accept queue is full, so a new connection hangs until the connect timeout. Skips
     * the test where the platform refuses instead of hanging.
     */
    public static final class UnacceptedPort implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> fillers = new ArrayList<>();

        public UnacceptedPort() throws IOException {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            boolean hung = false;
            for (int i = 0; i < 50 && !hung; i++) {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 200);
                    fillers.add(s);
                } catch (SocketTimeoutException e) {
                    hung = true;
                    s.close();
                }
            }
            assumeTrue(hung, "this platform does not leave connections to a full accept queue hanging");
        }

        public int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            for (Socket s : fillers) {
                s.close();
            }
            server.close();
        }
    }

    /** A raw loopback server that answers every request with headers and then an endless body. */
    public static final class EndlessBodyServer implements AutoCloseable {
        private final ServerSocket server;
        private final Thread thread;

        public EndlessBodyServer() throws IOException {
            server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            thread = new Thread(this::serve, "endless-body");
            thread.setDaemon(true);
            thread.start();
        }

        public String baseUrl() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        private void serve() {
            byte[] chunk = "{\"balance\":\"1\",".repeat(256).getBytes(StandardCharsets.US_ASCII);
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    byte[] buffer = new byte[8192];
                    in.read(buffer); // the request head; its content does not matter
                    socket.getOutputStream()
                            .write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                            + "Connection: close\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
                    while (true) {
                        socket.getOutputStream().write(chunk);
                    }
                } catch (IOException e) {
                    // the client hung up (as it should), or the server closed
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
