package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardListener;
import dev.balanceguard.GuardPolicy;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.SafeText;
import dev.balanceguard.interceptor.BalanceGuardSetupException;
import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.spring.BalanceGuardCustomizer;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.ReadingStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/** Builds the {@link BalanceGuard} the properties describe; every problem is a {@link BalanceGuardSetupException}. */
final class GuardFactory {

    private static final Log LOG = LogFactory.getLog(GuardFactory.class);

    private GuardFactory() {}

    /**
     * @param listeners the application's listeners, looked up when the guard publishes its first event (they may
     *                  depend on the guard); the core calls each in turn and logs one that fails
     */
    /** @param settings the accounts' provider settings; a warning is logged for each key it ignores */
    static BalanceGuard build(
            BalanceGuardProperties properties,
            Supplier<? extends Collection<? extends GuardListener>> listeners,
            @Nullable LedgerStore ledger,
            @Nullable ReadingStore readings,
            AccountSettings settings,
            List<BalanceGuardCustomizer> customizers) {
        Map<String, BalanceGuardProperties.Account> accounts = properties.getAccounts();
        settings.accounts().stream()
                .filter(name -> accounts.keySet().stream().noneMatch(bound -> bound.equalsIgnoreCase(name)))
                .findFirst()
                .ifPresent(
                        name -> { // only provider settings: nothing bound an Account
                            throw ProviderFactory.noProvider(name);
                        });
        if (accounts.isEmpty()) {
            throw new BalanceGuardSetupException(
                    "balance-guard.accounts",
                    "no account is configured",
                    "Add an account, e.g. balance-guard.accounts.main.provider=twilio with its credentials, "
                            + "or set balance-guard.enabled=false.");
        }
        String defaultAccount = blankToNull(properties.getDefaultAccount());
        if (defaultAccount == null && accounts.size() > 1) {
            throw new BalanceGuardSetupException(
                    "balance-guard.default-account",
                    "several accounts are configured " + accounts.keySet() + " and none is the default",
                    "Set balance-guard.default-account to one of " + accounts.keySet() + ".");
        }
        if (defaultAccount != null && !accounts.containsKey(defaultAccount)) {
            throw new BalanceGuardSetupException(
                    "balance-guard.default-account",
                    SafeText.quote(defaultAccount) + " is not a configured account",
                    "Set balance-guard.default-account to one of " + accounts.keySet() + ".");
        }
        BalanceGuard.Builder builder = BalanceGuard.builder();
        accounts.forEach((name, account) -> {
            AccountSettings.Resolved resolved = settings.forProvider(name, account.getProvider());
            resolved.ignored().forEach(LOG::warn);
            BalanceProvider provider =
                    ProviderFactory.create(name, account, properties.getDefaultPolicy(), resolved.values());
            GuardPolicy.Builder policy = policy(name, account, properties.getDefaultPolicy()).toBuilder();
            customizers.forEach(c -> c.customizePolicy(name, policy));
            builder.account(name, provider, policy.build());
        });
        if (defaultAccount != null) {
            builder.defaultAccount(defaultAccount);
        }
        setting("balance-guard.refresh-interval", () -> builder.refreshAfter(properties.getRefreshInterval()));
        setting("balance-guard.max-staleness", () -> builder.maxStaleness(properties.getMaxStaleness()));
        setting(
                "balance-guard.retry-after-failure",
                () -> builder.retryAfterFailure(properties.getRetryAfterFailure()));
        setting("balance-guard.reservation-lease", () -> builder.lease(properties.getReservationLease()));
        setting("balance-guard.cold-wait", () -> builder.coldWait(properties.getColdWait()));
        setting(
                "balance-guard.spend.booking-lag",
                () -> builder.bookingLag(properties.getSpend().getBookingLag()));
        BalanceGuardProperties.Store store = properties.getStore();
        if (store != BalanceGuardProperties.Store.MEMORY && (ledger == null || readings == null)) {
            String module = "guard-" + store.name().toLowerCase(java.util.Locale.ROOT);
            throw new BalanceGuardSetupException(
                    "balance-guard.store",
                    "'" + store.name().toLowerCase(java.util.Locale.ROOT)
                            + "' is chosen but no such store is configured",
                    "Add dev.balanceguard:" + module + " and "
                            + (store == BalanceGuardProperties.Store.REDIS
                                    ? "spring-boot-starter-data-redis (spring.data.redis.*)"
                                    : "a DataSource (spring.datasource.*)")
                            + ", or set balance-guard.store=memory.");
        }
        if (ledger != null) {
            builder.ledger(ledger);
        }
        if (readings != null) {
            builder.readings(readings);
        }
        builder.listeners(listeners);
        customizers.forEach(c -> c.customize(builder));
        return builder.build();
    }

    static GuardPolicy policy(String name, BalanceGuardProperties.Account account) {
        return policy(name, account, new BalanceGuardProperties.Policy());
    }

    /**
     * The account's policy: each value from the account when set, else from {@code balance-guard.default-policy},
     * else the core builder's default (the one place defaults live). An error names the property the value came from.
     */
    static GuardPolicy policy(
            String name, BalanceGuardProperties.Account account, BalanceGuardProperties.Policy defaults) {
        String prefix = "balance-guard.accounts." + name + ".";
        String shared = "balance-guard.default-policy.";
        GuardPolicy.Builder policy = GuardPolicy.builder();
        apply(prefix, shared, "when-unknown", account.getWhenUnknown(), defaults.getWhenUnknown(), policy::whenUnknown);
        apply(prefix, shared, "stale-bound", account.getStaleBound(), defaults.getStaleBound(), policy::staleBound);
        apply(
                prefix,
                shared,
                "safety-margin-percent",
                account.getSafetyMarginPercent(),
                defaults.getSafetyMarginPercent(),
                policy::safetyMarginPercent);
        apply(
                prefix,
                shared,
                "low-balance-hysteresis-percent",
                account.getLowBalanceHysteresisPercent(),
                defaults.getLowBalanceHysteresisPercent(),
                policy::lowBalanceHysteresisPercent);
        boolean ownThreshold = account.getLowBalanceThreshold() != null
                && !account.getLowBalanceThreshold().isBlank();
        policy.lowBalanceThreshold(money(
                (ownThreshold ? prefix : shared) + "low-balance-threshold",
                ownThreshold ? account.getLowBalanceThreshold() : defaults.getLowBalanceThreshold(),
                account,
                "50 USD"));
        boolean ownLimit = account.getPostpaidCreditLimit() != null
                && !account.getPostpaidCreditLimit().isBlank();
        policy.postpaidCreditLimit(money(
                (ownLimit ? prefix : shared) + "postpaid-credit-limit",
                ownLimit ? account.getPostpaidCreditLimit() : defaults.getPostpaidCreditLimit(),
                account,
                "500 USD"));
        Money creditValue = money(prefix + "credit-value", account.getCreditValue(), null, "0.05 EUR");
        try {
            policy.creditValue(creditValue);
        } catch (IllegalArgumentException e) {
            // in credits, zero or negative: a credit balance would count as nothing, as debt, or not as money
            throw new BalanceGuardSetupException(
                    prefix + "credit-value",
                    String.valueOf(e.getMessage()),
                    "Write what one credit costs in a currency, more than zero, e.g. 0.05 EUR.");
        }
        return policy.build();
    }

    /** Parses {@code "50 USD"}; a bare amount takes the account's configured currency, when it has one. */
    static @Nullable Money money(
            String property, @Nullable String text, BalanceGuardProperties.@Nullable Account account, String example) {
        String action = "Write the amount and its currency, e.g. " + example + ".";
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] parts = text.trim().split("\\s+");
        String unit = parts.length == 2 ? parts[1] : account == null ? null : blankToNull(account.getCurrency());
        if (parts.length > 2 || unit == null) {
            throw new BalanceGuardSetupException(
                    property, SafeText.quote(text) + " is not an amount with its currency", action);
        }
        try {
            return Money.of(Money.parseAmount(parts[0]), ProviderFactory.currencyOf(property, unit));
        } catch (IllegalArgumentException e) { // not a decimal, or not an amount money can be
            throw new BalanceGuardSetupException(property, String.valueOf(e.getMessage()), action);
        } catch (BalanceGuardSetupException e) {
            throw new BalanceGuardSetupException(property, e.problem(), action);
        }
    }

    /** Applies the account's value, else the shared default's; nothing when neither is set. */
    private static <T> void apply(
            String prefix,
            String shared,
            String key,
            @Nullable T own,
            @Nullable T fallback,
            java.util.function.Consumer<T> setter) {
        T value = own != null ? own : fallback;
        if (value != null) {
            setting((own != null ? prefix : shared) + key, () -> setter.accept(value));
        }
    }

    private static void setting(String property, Runnable apply) {
        try {
            apply.run();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BalanceGuardSetupException(
                    property,
                    String.valueOf(e.getMessage()),
                    "Fix " + property + "; see the configuration metadata for its format and default.");
        }
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
