package dev.balanceguard.spring.actuate;

import dev.balanceguard.AccountSnapshot;
import dev.balanceguard.BalanceGuard;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.StoreException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Each account's cached balance and its age, without contacting any provider. {@code DOWN} when an account's
 * latest fetch failed and no reading is left to serve; {@code UNKNOWN} while an account has not been fetched;
 * {@code UP} otherwise. Not part of the readiness group unless you add it, so a provider outage does not take
 * the application out of rotation.
 */
public class BalanceGuardHealthIndicator implements HealthIndicator {

    private final BalanceGuard guard;
    private final @Nullable LedgerStore store;

    public BalanceGuardHealthIndicator(BalanceGuard guard) {
        this(guard, null);
    }

    /** With a shared store: {@code DOWN} too when it does not answer, as every run is then refused. */
    public BalanceGuardHealthIndicator(BalanceGuard guard, @Nullable LedgerStore store) {
        this.guard = guard;
        this.store = store;
    }

    @Override
    public Health health() {
        boolean down = false;
        boolean unknown = false;
        Map<String, Object> accounts = new LinkedHashMap<>();
        for (String account : guard.accounts()) {
            AccountSnapshot snapshot = guard.snapshot(account);
            accounts.put(account, AccountView.of(snapshot, false));
            if (!AccountView.known(snapshot)) {
                if (snapshot.lastFailure().isPresent()) {
                    down = true;
                } else {
                    unknown = true;
                }
            }
        }
        Map<String, Object> storeView = new LinkedHashMap<>();
        storeView.put("name", store == null ? "memory" : store.name());
        if (store != null) {
            try {
                store.ping();
                storeView.put("answers", true);
            } catch (StoreException e) {
                down = true;
                storeView.put("answers", false);
                storeView.put("error", e.getMessage());
            }
        }
        Health.Builder health = down ? Health.down() : unknown ? Health.unknown() : Health.up();
        return health.withDetail("store", storeView)
                .withDetail("accounts", accounts)
                .build();
    }
}
