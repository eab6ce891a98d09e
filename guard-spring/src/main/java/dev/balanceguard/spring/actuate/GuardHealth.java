package dev.balanceguard.spring.actuate;

import dev.balanceguard.AccountSnapshot;
import dev.balanceguard.BalanceGuard;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.StoreException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code balanceGuard} health indicator reports, computed once for every Spring Boot line (each line's
 * indicator only maps it onto its own health API): each account's cached balance and its age, without contacting
 * any provider. {@code DOWN} when an account's latest fetch failed and no reading is left to serve, or the shared
 * store does not answer (every run is then refused); {@code UNKNOWN} while an account has not been fetched;
 * {@code UP} otherwise.
 *
 * @param status the status
 * @param details {@code store} (its name and whether it answers) and {@code accounts} (each account's view)
 */
public record GuardHealth(Status status, Map<String, Object> details) {

    /** The three states the indicator reports; each Boot line maps them to its own {@code Status}. */
    public enum Status {
        UP,
        DOWN,
        UNKNOWN
    }

    public GuardHealth {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The health of {@code guard}'s accounts and of {@code store} ({@code null}: the in-memory store). */
    public static GuardHealth of(BalanceGuard guard, @Nullable LedgerStore store) {
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
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("store", storeView);
        details.put("accounts", accounts);
        return new GuardHealth(down ? Status.DOWN : unknown ? Status.UNKNOWN : Status.UP, details);
    }
}
