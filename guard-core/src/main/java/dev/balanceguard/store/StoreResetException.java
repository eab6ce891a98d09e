package dev.balanceguard.store;

/**
 * The shared store answered, but it came back without the state this replica knew (a Redis restarted without
 * persistence, a failover to a replica that never synced, a table dropped and created again): the holds of runs in
 * flight and the spend not yet in a balance reading may be gone. Runs on the account are refused, like any store
 * failure ({@code STORE_UNAVAILABLE}), until the replicas that hold funds have had time to hold them again and a
 * balance fetched after that settling is in use: the guard fetches one when its reading is older than
 * {@link #readingsFromMillis()}.
 */
public class StoreResetException extends StoreException {

    private final long readingsFromMillis;

    public StoreResetException(String store, String message, long readingsFromMillis) {
        super(store, message, null);
        this.readingsFromMillis = readingsFromMillis;
    }

    /**
     * A reading whose fetch started before this time (the store's clock, epoch milliseconds) is not trusted;
     * {@link Long#MIN_VALUE} while the store settles, when no reading is fetched (it would not show the spend that
     * replicas are still committing).
     */
    public long readingsFromMillis() {
        return readingsFromMillis;
    }
}
