package dev.balanceguard.test.server;

/**
 * A real server process on a loopback port, for tests: it can be stopped and started again on the same port, with
 * its data or without.
 */
public interface LocalServer extends AutoCloseable {

    int port();

    /** Stops the server: its connections break and new ones are refused. */
    void stop();

    /** Starts the server again after {@link #stop()}, on the same port, with what it had persisted. */
    void start();

    /** Starts the server again after {@link #stop()}, on the same port, with none of its data. */
    void startEmpty();

    /** Stops the server if it runs and deletes its files. */
    @Override
    void close();

    /** A port free on loopback now (another process may take it before it is bound). */
    static int freePort() {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
