package dev.balanceguard.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy in front of PostgreSQL that can lose a reply: armed with a piece of SQL, it lets the statement
 * containing it through, waits for the server to finish it (the reply ending in ReadyForQuery, sent after the
 * commit), then drops that reply and cuts the connection. The client sees a broken connection for an operation the
 * database did carry out — the case an idempotent retry must get right.
 */
final class CuttingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final AtomicReference<String> armed = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile int cuts;

    CuttingProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "cutting-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Loses the reply to the next statement whose text contains {@code sqlFragment}. */
    void cutAfter(String sqlFragment) {
        armed.set(sqlFragment);
    }

    int cuts() {
        return cuts;
    }

    private void acceptLoop() {
        while (!closed.get()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                AtomicBoolean sawMarked = new AtomicBoolean();
                pump(client, server, sawMarked, true);
                pump(server, client, sawMarked, false);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicBoolean sawMarked, boolean request) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[65536];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    String marker = armed.get();
                    if (request && marker != null
                            && new String(buf, 0, n, StandardCharsets.ISO_8859_1).contains(marker)
                            && armed.compareAndSet(marker, null)) {
                        sawMarked.set(true);
                    }
                    if (!request && sawMarked.get() && endsWithReadyForQuery(buf, n)) {
                        cuts++;
                        from.close();
                        to.close();
                        return;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "cutting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static boolean endsWithReadyForQuery(byte[] buf, int n) {
        return n >= 6 && buf[n - 6] == 'Z' && buf[n - 5] == 0 && buf[n - 4] == 0 && buf[n - 3] == 0 && buf[n - 2] == 5;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        closed.set(true);
        listener.close();
    }
}
