package dev.balanceguard.test.store;

import java.util.Map;

/**
 * Opens a store from text settings (host, port, password, timeout...): how a replica in a JVM of its own reaches the
 * store under test. Implementations are public, with a public no-argument constructor; the settings reach the other
 * JVM in its environment, so a password never shows in a process listing.
 */
public interface StoreOpener {

    /** The setting that carries the store's timeout, in milliseconds, whatever the store. */
    String TIMEOUT_MILLIS = "timeout-millis";

    SharedStore open(Map<String, String> settings);
}
