package dev.balanceguard.test.store;

import dev.balanceguard.test.server.LocalServer;
import dev.balanceguard.test.server.PartitionProxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A real store server, and the hooks the kit's outage, timeout and fleet tests need: stop it, start it again (with
 * its data or empty), and cut the link to it. Every store the kit opens reaches the server through
 * {@link #link()}, a loopback proxy that can black-hole, drop replies or reset.
 *
 * <p>A store module implements it once: the server, and a {@link StoreOpener} that opens its store from
 * {@link #settings}.
 */
public abstract class StoreUnderTest implements AutoCloseable {

    private final LocalServer server;
    private final PartitionProxy link;
    private final Class<? extends StoreOpener> opener;

    protected StoreUnderTest(LocalServer server, Class<? extends StoreOpener> opener) {
        this.server = Objects.requireNonNull(server, "server");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.link = new PartitionProxy(server.port());
    }

    /** The store's name, as its {@code StoreException}s give it: {@code redis}, {@code jdbc}. */
    public abstract String name();

    /**
     * The settings {@link #opener()} opens a store from, reaching the server at {@code 127.0.0.1:port} (the
     * link's port), failing an operation after {@value StoreOpener#TIMEOUT_MILLIS}.
     */
    protected abstract Map<String, String> settings(int port);

    /**
     * How long an operation may take at most, with the given timeout, before it fails while the link black-holes:
     * what the store promises (a test allows slack on top).
     */
    public abstract Duration failsWithin(Duration timeout);

    /** What must never appear in a store's error: the server's password. Empty when it has none. */
    public Optional<String> secret() {
        return Optional.empty();
    }

    /** Called after the server came back empty: what a deployment does then (create the tables, say). */
    protected void prepareEmpty() {}

    public final Class<? extends StoreOpener> opener() {
        return opener;
    }

    /** The settings of a store through the link, with {@code timeout}: for this JVM or another. */
    public final Map<String, String> settings(Duration timeout) {
        Map<String, String> settings = new HashMap<>(settings(link.port()));
        settings.put(StoreOpener.TIMEOUT_MILLIS, Long.toString(timeout.toMillis()));
        return settings;
    }

    /** A new store through the link; the caller closes it. */
    public final SharedStore open(Duration timeout) {
        return open(settings(timeout));
    }

    /** A new store straight to the server, past the link: what the server holds while the link is cut. */
    public final SharedStore openDirect(Duration timeout) {
        Map<String, String> settings = new HashMap<>(settings(server.port()));
        settings.put(StoreOpener.TIMEOUT_MILLIS, Long.toString(timeout.toMillis()));
        return open(settings);
    }

    private SharedStore open(Map<String, String> settings) {
        try {
            return opener.getConstructor().newInstance().open(settings);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(opener + " needs a public no-argument constructor", e);
        }
    }

    public final PartitionProxy link() {
        return link;
    }

    public final LocalServer server() {
        return server;
    }

    /** Stops the server: connections break, new ones are refused. */
    public final void stop() {
        server.stop();
    }

    /** Starts the server again: with what it persisted, or empty (a failover to a replica that had nothing). */
    public final void start(boolean empty) {
        if (empty) {
            server.startEmpty();
            prepareEmpty();
        } else {
            server.start();
        }
    }

    @Override
    public void close() {
        link.close();
        server.close();
    }

    @Override
    public String toString() {
        return name() + " at " + server + " through " + link;
    }
}
