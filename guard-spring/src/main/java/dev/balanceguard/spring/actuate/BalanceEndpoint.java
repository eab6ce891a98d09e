package dev.balanceguard.spring.actuate;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.BudgetStatus;
import dev.balanceguard.store.StoreException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The read-only {@code balance} Actuator endpoint: every account's cached balance, reservations and last
 * decision, every budget's figures in its period (read from the store), and what the readings say it spent
 * ({@code observedSpend}), without contacting a provider and without credentials. {@code /actuator/balance/{account}}
 * shows one.
 */
@Endpoint(id = "balance")
public class BalanceEndpoint {

    private final BalanceGuard guard;
    private final List<AccountDetails> details;

    public BalanceEndpoint(BalanceGuard guard) {
        this(guard, List.of());
    }

    /** With {@code details} adding to each account's view. */
    public BalanceEndpoint(BalanceGuard guard, List<AccountDetails> details) {
        this.guard = guard;
        this.details = List.copyOf(details);
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
        body.put("budgets", budgets());
        return body;
    }

    /**
     * The guard's own budgets in their current periods: limit, spent, held, remaining (plain decimal strings) and
     * resets_at (an ISO-8601 instant); {@code "unknown"} while the store does not answer.
     */
    private Object budgets() {
        List<BudgetStatus> statuses;
        try {
            statuses = guard.budgets();
        } catch (StoreException e) {
            return "unknown";
        }
        Map<String, Object> budgets = new LinkedHashMap<>();
        for (BudgetStatus status : statuses) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("limit", status.limit().toPlainString());
            view.put("currency", status.limit().unit());
            view.put("spent", status.spent().toPlainString());
            view.put("held", status.held().toPlainString());
            view.put("remaining", status.remaining().toPlainString());
            view.put("resets_at", status.resetsAt().toString());
            budgets.put(status.name(), view);
        }
        return budgets;
    }

    /** One account; {@code null} (404) when no such account is configured. */
    @ReadOperation
    public @Nullable Map<String, Object> account(@Selector String account) {
        if (!guard.accounts().contains(account)) {
            return null;
        }
        Map<String, Object> view = AccountView.of(guard.snapshot(account), guard.observedSpend(account), true);
        for (AccountDetails more : details) {
            more.details(account).forEach(view::putIfAbsent);
        }
        return view;
    }
}
