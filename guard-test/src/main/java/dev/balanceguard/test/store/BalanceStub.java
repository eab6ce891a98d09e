package dev.balanceguard.test.store;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The provider a fleet's replicas fetch from, over HTTP on loopback: one balance for them all, in the body
 * {@code <amount> <unit>}, or a different one for each request ({@code 1000000 + n}, so that fetches are told apart).
 * It counts the requests: the fleet's fetches.
 */
final class BalanceStub implements AutoCloseable {

    private final HttpServer server;
    private final List<Long> requests = new CopyOnWriteArrayList<>();
    private volatile String balance = "500.00";
    private volatile boolean numbered;

    BalanceStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/balance", exchange -> {
            requests.add(System.currentTimeMillis());
            String amount = numbered ? (1_000_000 + requests.size()) + ".00" : balance;
            byte[] body = (amount + " USD").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/balance";
    }

    /** Answers every request with {@code amount} USD. */
    void balance(String amount) {
        this.balance = amount;
        this.numbered = false;
    }

    /** Answers request n with 1000000 + n USD. */
    void numbered() {
        this.numbered = true;
    }

    int fetches() {
        return requests.size();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
