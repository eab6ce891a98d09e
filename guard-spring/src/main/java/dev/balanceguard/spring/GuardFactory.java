package dev.balanceguard.spring;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.BalanceProvider;
import dev.balanceguard.GuardListener;
import dev.balanceguard.GuardPolicy;
import dev.balanceguard.Money;
import dev.balanceguard.SafeText;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.ReadingStore;

import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

/** Builds the {@link BalanceGuard} the properties describe; every problem is a {@link BalanceGuardSetupException}. */
final class GuardFactory {

    private GuardFactory() {
    }

    /**
     * @param listeners the application's listeners, looked up when the guard publishes its first event (they may
     *                  depend on the guard); the core calls each in turn and logs one that fails
     */
    static BalanceGuard build(BalanceGuardProperties properties,
                              Supplier<? extends Collection<? extends GuardListener>> listeners, LedgerStore ledger,
                              ReadingStore readings) {
        Map<String, BalanceGuardProperties.Account> accounts = properties.getAccounts();
        if (accounts.isEmpty()) {
            throw new BalanceGuardSetupException("balance-guard.accounts", "no account is configured",
                    "Add an account, e.g. balance-guard.accounts.main.provider=twilio with its credentials, "
                            + "or set balance-guard.enabled=false.");
        }
        String defaultAccount = blankToNull(properties.getDefaultAccount());
        if (defaultAccount == null && accounts.size() > 1) {
            throw new BalanceGuardSetupException("balance-guard.default-account",
                    "several accounts are configured " + accounts.keySet() + " and none is the default",
                    "Set balance-guard.default-account to one of " + accounts.keySet() + ".");
        }
        if (defaultAccount != null && !accounts.containsKey(defaultAccount)) {
            throw new BalanceGuardSetupException("balance-guard.default-account",
                    "'" + defaultAccount + "' is not a configured account",
                    "Set balance-guard.default-account to one of " + accounts.keySet() + ".");
        }
        BalanceGuard.Builder builder = BalanceGuard.builder();
        accounts.forEach((name, account) -> {
            BalanceProvider provider = ProviderFactory.create(name, account);
            builder.account(name, provider, policy(name, account));
        });
        if (defaultAccount != null) {
            builder.defaultAccount(defaultAccount);
        }
        setting("balance-guard.refresh-interval", () -> builder.refreshAfter(properties.getRefreshInterval()));
        setting("balance-guard.max-staleness", () -> builder.maxStaleness(properties.getMaxStaleness()));
        setting("balance-guard.retry-after-failure",
                () -> builder.retryAfterFailure(properties.getRetryAfterFailure()));
        setting("balance-guard.reservation-lease", () -> builder.lease(properties.getReservationLease()));
        setting("balance-guard.cold-wait", () -> builder.coldWait(properties.getColdWait()));
        BalanceGuardProperties.Store store = properties.getStore();
        if (store != BalanceGuardProperties.Store.MEMORY && (ledger == null || readings == null)) {
            String module = "guard-" + store.name().toLowerCase(java.util.Locale.ROOT);
            throw new BalanceGuardSetupException("balance-guard.store", "'" + store.name().toLowerCase(
                    java.util.Locale.ROOT) + "' is chosen but no such store is configured",
                    "Add dev.balanceguard:" + module + " and " + (store == BalanceGuardProperties.Store.REDIS
                            ? "spring-boot-starter-data-redis (spring.data.redis.*)"
                            : "a DataSource (spring.datasource.*)") + ", or set balance-guard.store=memory.");
        }
        if (ledger != null) {
            builder.ledger(ledger);
        }
        if (readings != null) {
            builder.readings(readings);
        }
        return builder.listeners(listeners).build();
    }

    static GuardPolicy policy(String name, BalanceGuardProperties.Account account) {
        String prefix = "balance-guard.accounts." + name + ".";
        GuardPolicy.Builder policy = GuardPolicy.builder();
        setting(prefix + "when-unknown", () -> policy.whenUnknown(account.getWhenUnknown()));
        setting(prefix + "stale-bound", () -> policy.staleBound(account.getStaleBound()));
        setting(prefix + "safety-margin-percent", () -> policy.safetyMarginPercent(account.getSafetyMarginPercent()));
        setting(prefix + "low-balance-hysteresis-percent",
                () -> policy.lowBalanceHysteresisPercent(account.getLowBalanceHysteresisPercent()));
        policy.lowBalanceThreshold(money(prefix + "low-balance-threshold", account.getLowBalanceThreshold(), account,
                "50 USD"));
        policy.postpaidCreditLimit(money(prefix + "postpaid-credit-limit", account.getPostpaidCreditLimit(), account,
                "500 USD"));
        Money creditValue = money(prefix + "credit-value", account.getCreditValue(), null, "0.05 EUR");
        try {
            policy.creditValue(creditValue);
        } catch (IllegalArgumentException e) {
            // in credits, zero or negative: a credit balance would count as nothing, as debt, or not as money
            throw new BalanceGuardSetupException(prefix + "credit-value", e.getMessage(),
                    "Write what one credit costs in a currency, more than zero, e.g. 0.05 EUR.");
        }
        return policy.build();
    }

    /** Parses {@code "50 USD"}; a bare amount takes the account's configured currency, when it has one. */
    static Money money(String property, String text, BalanceGuardProperties.Account account, String example) {
        String action = "Write the amount and its currency, e.g. " + example + ".";
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] parts = text.trim().split("\\s+");
        String unit = parts.length == 2 ? parts[1] : account == null ? null : blankToNull(account.getCurrency());
        if (parts.length > 2 || unit == null) {
            throw new BalanceGuardSetupException(property, SafeText.quote(text) + " is not an amount with its currency",
                    action);
        }
        try {
            return Money.of(Money.parseAmount(parts[0]), ProviderFactory.currencyOf(property, unit));
        } catch (IllegalArgumentException e) { // not a decimal, or not an amount money can be
            throw new BalanceGuardSetupException(property, e.getMessage(), action);
        } catch (BalanceGuardSetupException e) {
            throw new BalanceGuardSetupException(property, e.problem(), action);
        }
    }

    private static void setting(String property, Runnable apply) {
        try {
            apply.run();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BalanceGuardSetupException(property, String.valueOf(e.getMessage()),
                    "Fix " + property + "; see the configuration metadata for its format and default.");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
