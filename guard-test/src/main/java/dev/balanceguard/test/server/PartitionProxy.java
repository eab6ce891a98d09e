package dev.balanceguard.test.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy on loopback in front of a real server (Redis, PostgreSQL) that cuts the link the ways networks do:
 * <ul>
 *   <li>{@link #blackHole()}: connections stay open and new ones are accepted, but nothing is forwarded either way
 *       (a firewall dropping packets, a peer gone without a word): the client waits for a reply that never
 *       comes;</li>
 *   <li>{@link #dropReplies()}: requests reach the server, its replies are lost: the server acts, the client never
 *       hears that it did;</li>
 *   <li>{@link #reset()}: every connection is closed, and new ones as soon as they are accepted (the server's host
 *       rejecting connections);</li>
 *   <li>{@link #heal()}: forwards again. Connections that lost bytes meanwhile are closed (their protocol state is
 *       lost, as TCP would give up on them); idle ones go on.</li>
 * </ul>
 * The server may stop and start again behind it on the same port: each new connection connects anew.
 */
public final class PartitionProxy implements AutoCloseable {

    private enum Mode {
        OPEN,
        BLACK_HOLE,
        DROP_REPLIES,
        RESET
    }

    private final ServerSocket listener;
    private final int targetPort;
    private final Set<Pair> pairs = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.OPEN;
    private volatile boolean closed;

    public PartitionProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread accept = new Thread(this::acceptLoop, "partition-proxy-" + listener.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    /** The port clients connect to instead of the server's. */
    public int port() {
        return listener.getLocalPort();
    }

    public void blackHole() {
        mode = Mode.BLACK_HOLE;
    }

    public void dropReplies() {
        mode = Mode.DROP_REPLIES;
    }

    public void reset() {
        mode = Mode.RESET;
        pairs.forEach(Pair::close);
    }

    public void heal() {
        mode = Mode.OPEN;
        pairs.stream().filter(p -> p.lostBytes).forEach(Pair::close);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            Pair pair = new Pair(client);
            pairs.add(pair);
            Mode now = mode;
            if (now == Mode.RESET) {
                pair.close();
            } else if (now == Mode.BLACK_HOLE) {
                pair.lostBytes = true; // accepted, and then nothing: it is never forwarded
            } else {
                try {
                    pair.server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    pair.pump(client, pair.server, true);
                    pair.pump(pair.server, client, false);
                } catch (IOException e) {
                    pair.close(); // the server is down: refused, as a direct connection would be
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closed already
        }
        pairs.forEach(Pair::close);
    }

    @Override
    public String toString() {
        return "PartitionProxy{127.0.0.1:" + port() + " -> " + targetPort + ", " + mode + "}";
    }

    /** A client's connection and, once connected, its connection to the server. */
    private final class Pair {
        final Socket client;
        volatile @Nullable Socket server;
        volatile boolean lostBytes;

        Pair(Socket client) {
            this.client = client;
        }

        void pump(Socket from, Socket to, boolean request) {
            Thread t = new Thread(
                    () -> {
                        byte[] buf = new byte[65536];
                        try (InputStream in = from.getInputStream();
                                OutputStream out = to.getOutputStream()) {
                            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                                Mode now = mode;
                                if (now == Mode.BLACK_HOLE || (now == Mode.DROP_REPLIES && !request)) {
                                    lostBytes = true;
                                    continue;
                                }
                                if (now == Mode.RESET) {
                                    break;
                                }
                                out.write(buf, 0, n);
                                out.flush();
                            }
                        } catch (IOException e) {
                            // one side closed
                        } finally {
                            close();
                        }
                    },
                    "partition-proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        void close() {
            quietly(client);
            quietly(server);
            pairs.remove(this);
        }

        private void quietly(@Nullable Socket s) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closed already
                }
            }
        }
    }
}
