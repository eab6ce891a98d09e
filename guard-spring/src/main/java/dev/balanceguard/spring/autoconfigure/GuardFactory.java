package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.Budget;
import dev.balanceguard.BudgetPeriod;
import dev.balanceguard.GuardListener;
import dev.balanceguard.GuardPolicy;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.SafeText;
import dev.balanceguard.interceptor.BalanceGuardSetupException;
import dev.balanceguard.pricing.Countries;
import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.spring.BalanceGuardCustomizer;
import dev.balanceguard.store.LedgerStore;
import dev.balanceguard.store.ReadingStore;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
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
        properties.getBudgets().forEach((name, budget) -> builder.budget(budget(name, budget, accounts.keySet())));
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

    /** The budget {@code balance-guard.budgets.<name>} describes; every problem names its property. */
    static Budget budget(String name, BalanceGuardProperties.Budget budget, java.util.Set<String> accounts) {
        String prefix = "balance-guard.budgets." + name + ".";
        try {
            Budget.of(name, Money.zero("USD"), BudgetPeriod.every(java.time.Duration.ofDays(1)));
        } catch (IllegalArgumentException e) {
            throw new BalanceGuardSetupException(
                    "balance-guard.budgets." + name,
                    String.valueOf(e.getMessage()),
                    "Name budgets with letters, digits and . _ - : @ /.");
        }
        Money limit = money(prefix + "limit", budget.getLimit(), null, "500 USD");
        if (limit == null) {
            throw new BalanceGuardSetupException(
                    prefix + "limit", "no limit is set", "Set it to an amount and its currency, e.g. 500 USD.");
        }
        if (limit.isNegative()) {
            throw new BalanceGuardSetupException(
                    prefix + "limit", limit + " is negative", "Set it to an amount of zero or more, e.g. 500 USD.");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(budget.getZone() == null ? "UTC" : budget.getZone().strip());
        } catch (java.time.DateTimeException e) {
            throw new BalanceGuardSetupException(
                    prefix + "zone",
                    SafeText.quote(budget.getZone()) + " is not a time zone",
                    "Write an IANA zone id such as UTC or Europe/Paris.");
        }
        if (budget.getPeriod() == null || budget.getPeriod().isBlank()) {
            throw new BalanceGuardSetupException(
                    prefix + "period", "no period is set", "Set it to day, week, month, or a duration such as 1h.");
        }
        BudgetPeriod period;
        try {
            period = BudgetPeriod.parse(budget.getPeriod(), zone);
        } catch (IllegalArgumentException e) {
            throw new BalanceGuardSetupException(
                    prefix + "period",
                    String.valueOf(e.getMessage()),
                    "Set it to day, week, month, or a duration such as 1h.");
        }
        for (String account : budget.getAccounts()) {
            if (!accounts.contains(account)) {
                throw new BalanceGuardSetupException(
                        prefix + "accounts",
                        SafeText.quote(account) + " is not a configured account",
                        "Name accounts among " + accounts + ".");
            }
        }
        BigDecimal warnAt = null;
        String warn = blankToNull(budget.getWarnAt());
        if (warn != null) {
            try {
                warnAt = Money.parseAmount(warn.endsWith("%") ? warn.substring(0, warn.length() - 1) : warn);
                return new Budget(name, limit, period, java.util.Set.copyOf(budget.getAccounts()), warnAt);
            } catch (IllegalArgumentException e) {
                throw new BalanceGuardSetupException(
                        prefix + "warn-at",
                        String.valueOf(e.getMessage()),
                        "Write a percentage above 0 and at most 100, e.g. 80%.");
            }
        }
        return new Budget(name, limit, period, java.util.Set.copyOf(budget.getAccounts()), null);
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
        spendRules(prefix, account, policy);
        return policy.build();
    }

    /** The account's destinations and price and run ceilings; an error names the property. */
    private static void spendRules(String prefix, BalanceGuardProperties.Account account, GuardPolicy.Builder policy) {
        BalanceGuardProperties.Destinations destinations = account.getDestinations();
        List<String> allow = countries(prefix + "destinations.allow", destinations.getAllow());
        List<String> deny = countries(prefix + "destinations.deny", destinations.getDeny());
        if (!allow.isEmpty() && !deny.isEmpty()) {
            throw new BalanceGuardSetupException(
                    prefix + "destinations",
                    "both destinations.allow and destinations.deny are set",
                    "Keep one: destinations.allow lists the only countries runs may send to, destinations.deny the "
                            + "countries they may not.");
        }
        policy.allowCountries(allow).denyCountries(deny);
        Money maxUnitPrice = money(prefix + "max-unit-price", account.getMaxUnitPrice(), account, "0.10 USD");
        setting(prefix + "max-unit-price", () -> policy.maxUnitPrice(maxUnitPrice));
        Money maxRunCost = money(prefix + "max-run-cost", account.getMaxRunCost(), account, "200 USD");
        setting(prefix + "max-run-cost", () -> policy.maxRunCost(maxRunCost));
    }

    /** The codes, each one libphonenumber assigns numbers to; blanks ignored. */
    private static List<String> countries(String property, List<String> codes) {
        if (codes == null) {
            return List.of();
        }
        List<String> known = new ArrayList<>();
        for (String code : codes) {
            if (code == null || code.isBlank()) {
                continue;
            }
            if (!Countries.isKnown(code)) {
                throw new BalanceGuardSetupException(
                        property,
                        SafeText.quote(code.strip()) + " is not a country code libphonenumber assigns numbers to",
                        "Write ISO 3166 alpha-2 codes such as US,CA,GB.");
            }
            known.add(code.strip());
        }
        return known;
    }

    /** Whether the account's runs must be counted by country: it has a destination list or a unit price ceiling. */
    static boolean needsCountries(BalanceGuardProperties.Account account) {
        BalanceGuardProperties.Destinations destinations = account.getDestinations();
        return !isEmpty(destinations.getAllow())
                || !isEmpty(destinations.getDeny())
                || blankToNull(account.getMaxUnitPrice()) != null;
    }

    private static boolean isEmpty(List<String> codes) {
        return codes == null || codes.stream().allMatch(c -> c == null || c.isBlank());
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
