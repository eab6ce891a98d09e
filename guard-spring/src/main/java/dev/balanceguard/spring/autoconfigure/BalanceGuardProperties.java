package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.GuardPolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.AdviceMode;

/**
 * Settings under {@code balance-guard}: the accounts and their providers, how balances are cached, and each
 * account's policy. Plain holders bound by Spring Boot; read by the auto-configuration.
 */
@ConfigurationProperties(prefix = "balance-guard")
public class BalanceGuardProperties {

    /** Whether balance-guard is configured at all; false backs off every bean, including the annotation. */
    private boolean enabled = true;

    /** The account used when @RequiresBalance names none; optional when exactly one account is configured. */
    private @Nullable String defaultAccount;

    /** A cached balance older than this is refreshed in the background on the next check. */
    private Duration refreshInterval = Duration.ofSeconds(60);

    /** How long a cached balance may still be served after refreshes start failing. */
    private Duration maxStaleness = Duration.ofMinutes(10);

    /** How soon a failed fetch is tried again (never sooner than the provider allows). */
    private Duration retryAfterFailure = Duration.ofSeconds(10);

    /** How long a reservation holds funds unless the run commits or releases it first. */
    private Duration reservationLease = Duration.ofMinutes(15);

    /** How long a check with no usable reading waits for the provider before deciding without it. */
    private Duration coldWait = Duration.ofSeconds(3);

    /**
     * Where holds and balance readings live: memory (this JVM), redis (shared by the fleet through the
     * application's Redis, spring.data.redis.*) or jdbc (through the application's DataSource).
     */
    private Store store = Store.MEMORY;

    private final Redis redis = new Redis();

    private final Jdbc jdbc = new Jdbc();

    private final Spend spend = new Spend();

    /**
     * How @RequiresBalance is enforced: proxy (a Spring AOP proxy; calls a bean makes through this, and non-public
     * methods, are not checked) or aspectj (the AspectJ aspect, woven at compile or load time, checks every call; the
     * proxy is off and startup fails for a guarded bean method that is not woven).
     */
    private AdviceMode adviceMode = AdviceMode.PROXY;

    public AdviceMode getAdviceMode() {
        return adviceMode;
    }

    public void setAdviceMode(AdviceMode adviceMode) {
        this.adviceMode = adviceMode;
    }

    /**
     * Budgets: limits per period on what runs may spend, beside the balance, by the name @RequiresBalance(budget =
     * ...) uses. Runtime budgets (a tenant's plan) come from a BudgetProvider bean.
     */
    private Map<String, Budget> budgets = new LinkedHashMap<>();

    public Map<String, Budget> getBudgets() {
        return budgets;
    }

    public void setBudgets(Map<String, Budget> budgets) {
        this.budgets = budgets;
    }

    /** One budget ({@code balance-guard.budgets.<name>.*}). */
    public static class Budget {

        /** Required: what runs may spend per period, with its currency, e.g. "500 USD". */
        private @Nullable String limit;

        /**
         * Required: day, week (from Monday) or month, calendar periods in the zone; or a duration (10s, 15m, 1h, 7d):
         * fixed windows counted from the epoch. Spend counts in the period the store's clock is in at its commit.
         */
        private @Nullable String period;

        /** The time zone of calendar periods (an IANA id such as Europe/Paris). */
        private String zone = "UTC";

        /** Accounts whose runs count against this budget without naming it; empty: only runs that name it. */
        private List<String> accounts = new ArrayList<>();

        /** Publishes a BudgetWarningCrossedEvent when a run takes spend across this share of the limit, e.g. 80%. */
        private @Nullable String warnAt;

        public @Nullable String getLimit() {
            return limit;
        }

        public void setLimit(@Nullable String limit) {
            this.limit = limit;
        }

        public @Nullable String getPeriod() {
            return period;
        }

        public void setPeriod(@Nullable String period) {
            this.period = period;
        }

        public String getZone() {
            return zone;
        }

        public void setZone(String zone) {
            this.zone = zone;
        }

        public List<String> getAccounts() {
            return accounts;
        }

        public void setAccounts(List<String> accounts) {
            this.accounts = accounts;
        }

        public @Nullable String getWarnAt() {
            return warnAt;
        }

        public void setWarnAt(@Nullable String warnAt) {
            this.warnAt = warnAt;
        }
    }

    /** The accounts, by the name @RequiresBalance(account = ...) uses. */
    private Map<String, Account> accounts = new LinkedHashMap<>();

    /**
     * The policy every account starts from; an account's own value, when set, wins. Unset here and there, the core's
     * default applies (GuardPolicy, HttpOptions).
     */
    private final Policy defaultPolicy = new Policy();

    public Policy getDefaultPolicy() {
        return defaultPolicy;
    }

    /**
     * Policy values shared by all accounts ({@code balance-guard.default-policy.*}); every value is optional and the
     * names match the account keys and the core builders.
     */
    public static class Policy {

        /**
         * What a check does when no usable balance is known: fail-closed (the core's default), fail-open or use-stale.
         */
        private GuardPolicy.@Nullable WhenUnknown whenUnknown;

        /** With when-unknown=use-stale: how old a reading may still be checked against (core default 1h). */
        private @Nullable Duration staleBound;

        /** Added to every estimate, in percent of it (core default 0). */
        private @Nullable BigDecimal safetyMarginPercent;

        /**
         * Publishes a low-balance event below this amount, e.g. "50 USD" (a bare amount takes an account's currency).
         */
        private @Nullable String lowBalanceThreshold;

        /** After a low-balance event the balance must climb this many percent above the threshold (core default 10). */
        private @Nullable BigDecimal lowBalanceHysteresisPercent;

        /** Postpaid accounts: how far below zero the balance may go, e.g. "500 USD". */
        private @Nullable String postpaidCreditLimit;

        /** How long to wait for a provider's connection (client default 5s). */
        private @Nullable Duration connectTimeout;

        /** How long to wait for a provider's answer (client default 10s). */
        private @Nullable Duration requestTimeout;

        /** How often a failed balance request (timeout, 5xx, 429) is retried (client default 2). */
        private @Nullable Integer maxRetries;

        /** The most one fetch waits between retries, in total (client default 15s). */
        private @Nullable Duration maxRetryWait;

        public GuardPolicy.@Nullable WhenUnknown getWhenUnknown() {
            return whenUnknown;
        }

        public void setWhenUnknown(GuardPolicy.@Nullable WhenUnknown whenUnknown) {
            this.whenUnknown = whenUnknown;
        }

        public @Nullable Duration getStaleBound() {
            return staleBound;
        }

        public void setStaleBound(@Nullable Duration staleBound) {
            this.staleBound = staleBound;
        }

        public @Nullable BigDecimal getSafetyMarginPercent() {
            return safetyMarginPercent;
        }

        public void setSafetyMarginPercent(@Nullable BigDecimal safetyMarginPercent) {
            this.safetyMarginPercent = safetyMarginPercent;
        }

        public @Nullable String getLowBalanceThreshold() {
            return lowBalanceThreshold;
        }

        public void setLowBalanceThreshold(@Nullable String lowBalanceThreshold) {
            this.lowBalanceThreshold = lowBalanceThreshold;
        }

        public @Nullable BigDecimal getLowBalanceHysteresisPercent() {
            return lowBalanceHysteresisPercent;
        }

        public void setLowBalanceHysteresisPercent(@Nullable BigDecimal lowBalanceHysteresisPercent) {
            this.lowBalanceHysteresisPercent = lowBalanceHysteresisPercent;
        }

        public @Nullable String getPostpaidCreditLimit() {
            return postpaidCreditLimit;
        }

        public void setPostpaidCreditLimit(@Nullable String postpaidCreditLimit) {
            this.postpaidCreditLimit = postpaidCreditLimit;
        }

        public @Nullable Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(@Nullable Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public @Nullable Duration getRequestTimeout() {
            return requestTimeout;
        }

        public void setRequestTimeout(@Nullable Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }

        public @Nullable Integer getMaxRetries() {
            return maxRetries;
        }

        public void setMaxRetries(@Nullable Integer maxRetries) {
            this.maxRetries = maxRetries;
        }

        public @Nullable Duration getMaxRetryWait() {
            return maxRetryWait;
        }

        public void setMaxRetryWait(@Nullable Duration maxRetryWait) {
            this.maxRetryWait = maxRetryWait;
        }
    }

    /** Where holds and readings live. */
    public enum Store {
        /** In this JVM: right for one process. */
        MEMORY,
        /** In Redis, shared by every replica (dev.balanceguard:guard-redis). */
        REDIS,
        /** In the application's database, shared by every replica (dev.balanceguard:guard-jdbc). */
        JDBC
    }

    /** Observed spend: what successive balance readings say the account spent. */
    public static class Spend {

        /**
         * How long spend a run committed may take to show in the provider's balance: a drop within this lag of a
         * commit is matched to it, not called unguarded.
         */
        private Duration bookingLag = Duration.ofHours(1);

        /**
         * An UnguardedSpendEvent is published when one interval's unguarded spend exceeds this amount (in the
         * account's unit); 0 publishes one for any unguarded spend.
         */
        private BigDecimal unguardedThreshold = new BigDecimal("0");

        public Duration getBookingLag() {
            return bookingLag;
        }

        public void setBookingLag(Duration bookingLag) {
            this.bookingLag = bookingLag;
        }

        public BigDecimal getUnguardedThreshold() {
            return unguardedThreshold;
        }

        public void setUnguardedThreshold(BigDecimal unguardedThreshold) {
            this.unguardedThreshold = unguardedThreshold;
        }
    }

    /** The Redis store's settings; the connection is Spring Boot's own (spring.data.redis.*). */
    public static class Redis {

        /** Prefix of every key, so that two applications can share one Redis. */
        private String keyPrefix = "balance-guard";

        public String getKeyPrefix() {
            return keyPrefix;
        }

        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }
    }

    /** The JDBC store's settings; the connection is the application's DataSource (spring.datasource.*). */
    public static class Jdbc {

        /** Prefix of the store's table names. */
        private String tablePrefix = "balance_guard_";

        /** Whether to create the tables at startup (CREATE TABLE IF NOT EXISTS); else run the shipped SQL file. */
        private boolean initializeSchema = false;

        /**
         * How long one store statement may take (query and network timeout) before the guard refuses the run
         * (STORE_UNAVAILABLE); the store's own 3 s when unset.
         */
        private @Nullable Duration timeout;

        public String getTablePrefix() {
            return tablePrefix;
        }

        public void setTablePrefix(String tablePrefix) {
            this.tablePrefix = tablePrefix;
        }

        public boolean isInitializeSchema() {
            return initializeSchema;
        }

        public void setInitializeSchema(boolean initializeSchema) {
            this.initializeSchema = initializeSchema;
        }

        public @Nullable Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(@Nullable Duration timeout) {
            this.timeout = timeout;
        }
    }

    public Duration getColdWait() {
        return coldWait;
    }

    public void setColdWait(Duration coldWait) {
        this.coldWait = coldWait;
    }

    public Store getStore() {
        return store;
    }

    public void setStore(Store store) {
        this.store = store;
    }

    public Spend getSpend() {
        return spend;
    }

    public Redis getRedis() {
        return redis;
    }

    public Jdbc getJdbc() {
        return jdbc;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable String getDefaultAccount() {
        return defaultAccount;
    }

    public void setDefaultAccount(@Nullable String defaultAccount) {
        this.defaultAccount = defaultAccount;
    }

    public Duration getRefreshInterval() {
        return refreshInterval;
    }

    public void setRefreshInterval(Duration refreshInterval) {
        this.refreshInterval = refreshInterval;
    }

    public Duration getMaxStaleness() {
        return maxStaleness;
    }

    public void setMaxStaleness(Duration maxStaleness) {
        this.maxStaleness = maxStaleness;
    }

    public Duration getRetryAfterFailure() {
        return retryAfterFailure;
    }

    public void setRetryAfterFailure(Duration retryAfterFailure) {
        this.retryAfterFailure = retryAfterFailure;
    }

    public Duration getReservationLease() {
        return reservationLease;
    }

    public void setReservationLease(Duration reservationLease) {
        this.reservationLease = reservationLease;
    }

    public Map<String, Account> getAccounts() {
        return accounts;
    }

    public void setAccounts(Map<String, Account> accounts) {
        this.accounts = accounts;
    }

    /**
     * One provider account: its provider type, its rate card, and its own policy values. The provider's settings
     * (account-sid, auth-token, api-key, …) are the keys its {@code ProviderType} declares, written under the account
     * as they are ({@code balance-guard.accounts.main.account-sid}); they are read from the environment by their
     * declaration, never held here, so this class names no provider.
     */
    public static class Account extends Policy {

        /** The provider type's name: a built-in one (see the hints) or one a plugin jar declares. */
        private @Nullable String provider;

        /**
         * The account's currency (an ISO-4217 code, or CREDITS): the unit of amounts written without one, such as
         * low-balance-threshold=50, and the provider's currency setting when its type declares one.
         */
        private @Nullable String currency;

        /**
         * What one credit is worth in money, e.g. "0.05 EUR", for balances in credits; empty: credits price nothing.
         */
        private @Nullable String creditValue;

        /** The rate card (CSV) pricing this account's runs, as a resource location such as classpath:rates.csv. */
        private @Nullable String rates;

        /** With rates=provider: the countries to price (ISO 3166 codes such as GB,US,IN), or all. */
        private List<String> ratesCountries = new ArrayList<>();

        /** With rates=provider: how often the card is fetched again, in the background. */
        private Duration ratesRefresh = Duration.ofHours(24);

        /** With rates=provider: a CSV rate card that prices runs until the provider's prices were fetched once. */
        private @Nullable String ratesFallback;

        /** With rates=provider: your sender's number type, for providers that price by it. */
        private @Nullable String ratesNumberType;

        /** With rates=provider: the pricing API's base URL; empty for the provider's own. */
        private @Nullable String ratesBaseUrl;

        /** The countries this account's runs may, or may not, send to. */
        private Destinations destinations = new Destinations();

        /**
         * The most one recipient's SMS segment or voice minute may cost, e.g. "0.10 USD"; a run with a recipient
         * priced higher is refused (DESTINATION_NOT_ALLOWED). Empty: no ceiling.
         */
        private @Nullable String maxUnitPrice;

        /** The most one run may cost, e.g. "200 USD"; a costlier run is refused (RUN_LIMIT_EXCEEDED). Empty: none. */
        private @Nullable String maxRunCost;

        public Destinations getDestinations() {
            return destinations;
        }

        public void setDestinations(Destinations destinations) {
            this.destinations = destinations;
        }

        public @Nullable String getMaxUnitPrice() {
            return maxUnitPrice;
        }

        public void setMaxUnitPrice(@Nullable String maxUnitPrice) {
            this.maxUnitPrice = maxUnitPrice;
        }

        public @Nullable String getMaxRunCost() {
            return maxRunCost;
        }

        public void setMaxRunCost(@Nullable String maxRunCost) {
            this.maxRunCost = maxRunCost;
        }

        public @Nullable String getProvider() {
            return provider;
        }

        public void setProvider(@Nullable String provider) {
            this.provider = provider;
        }

        public @Nullable String getCurrency() {
            return currency;
        }

        public void setCurrency(@Nullable String currency) {
            this.currency = currency;
        }

        public @Nullable String getCreditValue() {
            return creditValue;
        }

        public void setCreditValue(@Nullable String creditValue) {
            this.creditValue = creditValue;
        }

        public @Nullable String getRates() {
            return rates;
        }

        public void setRates(@Nullable String rates) {
            this.rates = rates;
        }

        public List<String> getRatesCountries() {
            return ratesCountries;
        }

        public void setRatesCountries(List<String> ratesCountries) {
            this.ratesCountries = ratesCountries;
        }

        public Duration getRatesRefresh() {
            return ratesRefresh;
        }

        public void setRatesRefresh(Duration ratesRefresh) {
            this.ratesRefresh = ratesRefresh;
        }

        public @Nullable String getRatesFallback() {
            return ratesFallback;
        }

        public void setRatesFallback(@Nullable String ratesFallback) {
            this.ratesFallback = ratesFallback;
        }

        public @Nullable String getRatesNumberType() {
            return ratesNumberType;
        }

        public void setRatesNumberType(@Nullable String ratesNumberType) {
            this.ratesNumberType = ratesNumberType;
        }

        public @Nullable String getRatesBaseUrl() {
            return ratesBaseUrl;
        }

        public void setRatesBaseUrl(@Nullable String ratesBaseUrl) {
            this.ratesBaseUrl = ratesBaseUrl;
        }

        @Override
        public String toString() {
            return "Account{provider=" + provider + ", rates=" + rates + "}";
        }
    }

    /**
     * An account's destinations, as libphonenumber assigns numbers to countries: an allow list or a deny list, not
     * both. A recipient of no known country is refused under either.
     */
    public static class Destinations {

        /** The only countries runs may send to (ISO 3166 alpha-2, e.g. US,CA,GB). Empty: no allow list. */
        private List<String> allow = new ArrayList<>();

        /** The countries runs may not send to (ISO 3166 alpha-2). Empty: no deny list. */
        private List<String> deny = new ArrayList<>();

        public List<String> getAllow() {
            return allow;
        }

        public void setAllow(List<String> allow) {
            this.allow = allow;
        }

        public List<String> getDeny() {
            return deny;
        }

        public void setDeny(List<String> deny) {
            this.deny = deny;
        }
    }
}
