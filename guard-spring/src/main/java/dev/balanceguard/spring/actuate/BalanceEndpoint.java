package dev.balanceguard.spring.actuate;

import dev.balanceguard.BalanceGuard;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The read-only {@code balance} Actuator endpoint: every account's cached balance, reservations and last
 * decision, and what the readings say it spent ({@code observedSpend}), without contacting a provider and without
 * credentials. {@code /actuator/balance/{account}} shows one.
 */
@Endpoint(id = "balance")
public class BalanceEndpoint {

    private final BalanceGuard guard;

    public BalanceEndpoint(BalanceGuard guard) {
        this.guard = guard;
    }

    @ReadOperation
    public Map<String, Object> accounts() {
        Map<String, Object> accounts = new LinkedHashMap<>();
        for (String account : guard.accounts()) {
            accounts.put(account, AccountView.of(guard.snapshot(account), guard.observedSpend(account), true));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("defaultAccount", guard.defaultAccount());
        body.put("accounts", accounts);
        return body;
    }

    /** One account; {@code null} (404) when no such account is configured. */
    @ReadOperation
    public @Nullable Map<String, Object> account(@Selector String account) {
        return guard.accounts().contains(account)
                ? AccountView.of(guard.snapshot(account), guard.observedSpend(account), true)
                : null;
    }
}
