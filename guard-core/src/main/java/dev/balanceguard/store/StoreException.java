package dev.balanceguard.store;

import dev.balanceguard.core.BalanceGuardException;
import org.jspecify.annotations.Nullable;

/**
 * A shared store (Redis, a database) did not answer in time or refused the operation. The guard then refuses
 * runs ({@code STORE_UNAVAILABLE}): without the store it cannot know what the rest of the fleet holds.
 */
public class StoreException extends BalanceGuardException {

    private final String store;

    public StoreException(String store, String message, @Nullable Throwable cause) {
        super(store + " store: " + message, cause);
        this.store = store;
    }

    /** The store's name: {@code redis}, {@code jdbc}, … */
    public String store() {
        return store;
    }
}
