package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.annotation.RequiresBalance;

import dev.balanceguard.GuardPolicy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.AdviceMode;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

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

        /** What a check does when no usable balance is known: fail-closed (the core's default), fail-open or use-stale. */
        private GuardPolicy.@Nullable WhenUnknown whenUnknown;

        /** With when-unknown=use-stale: how old a reading may still be checked against (core default 1h). */
        private @Nullable Duration staleBound;

        /** Added to every estimate, in percent of it (core default 0). */
        private @Nullable BigDecimal safetyMarginPercent;

        /** Publishes a low-balance event below this amount, e.g. "50 USD" (a bare amount takes an account's currency). */
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

    /** One provider account. Credentials are never logged or shown; {@link #toString()} omits them. */
    public static class Account extends Policy {

        /** The provider: twilio, exotel, infobip, messagebird, vonage, plivo, telnyx, clicksend, africastalking, simulator or a plugin's name. */
        private @Nullable String provider;

        /** The provider's API base URL; its public default when empty (Infobip: your account's own host). */
        private @Nullable String baseUrl;

        /** The rate card (CSV) pricing this account's runs, as a resource location such as classpath:rates.csv. */
        private @Nullable String rates;

        /** Twilio Account SID (AC followed by 32 hex digits). */
        private @Nullable String accountSid;

        /** Twilio auth token. */
        private @Nullable String authToken;

        /** Twilio API key SID (SK...), used with api-key-secret instead of the auth token. */
        private @Nullable String apiKeySid;

        /** Twilio API key secret. */
        private @Nullable String apiKeySecret;

        /** Exotel account SID. */
        private @Nullable String sid;

        /** Exotel API key, or Infobip API key (App auth). */
        private @Nullable String apiKey;

        /** Exotel API token. */
        private @Nullable String apiToken;

        /** Exotel region: singapore or mumbai. */
        private @Nullable String region;

        /** Infobip username (Basic auth). */
        private @Nullable String username;

        /** Infobip password (Basic auth). */
        private @Nullable String password;

        /** MessageBird access key. */
        private @Nullable String accessKey;

        /** Simulator: the starting balance. */
        private @Nullable String balance;

        /** Simulator: the balance's currency (ISO-4217 code) or CREDITS. */
        private @Nullable String currency;

        /** Twilio edge location (e.g. dublin), used with region. */
        private @Nullable String edge;

        /** MessageBird or simulator: the account id shown in metrics and health; the provider's own when empty. */
        private @Nullable String accountId;

        /** Infobip IBSSO token, instead of the API key. */
        private @Nullable String ibssoToken;

        /** Infobip OAuth bearer token, instead of the API key. */
        private @Nullable String bearerToken;

        /** Exotel: the time zone of the account's timestamps. */
        private @Nullable String timeZone;

        /** Exotel: the least time between two balance requests. */
        private @Nullable Duration minimumFetchInterval;

        /** MessageBird: what one credit is worth in money, e.g. "0.05 EUR"; empty means credits cannot price money. */
        private @Nullable String creditValue;

        // rates=provider: the rate card comes from the provider's pricing API (see ProviderRateCards)

        /** With rates=provider: the countries to price (ISO 3166 codes such as GB,US,IN), or all. */
        private List<String> ratesCountries = new ArrayList<>();

        /** With rates=provider: how often the card is fetched again, in the background. */
        private Duration ratesRefresh = Duration.ofHours(24);

        /** With rates=provider: a CSV rate card that prices runs until the provider's prices were fetched once. */
        private @Nullable String ratesFallback;

        /** With rates=provider, Twilio: your sender's number type (local, mobile, national, toll-free, short-code). */
        private @Nullable String ratesNumberType;

        /**
         * With rates=provider: the pricing API's base URL; empty for the provider's own (Twilio: its pricing host;
         * Vonage: api.nexmo.com; MessageBird, Plivo: base-url).
         */
        private @Nullable String ratesBaseUrl;

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

        public @Nullable String getProvider() {
            return provider;
        }

        public void setProvider(@Nullable String provider) {
            this.provider = provider;
        }

        public @Nullable String getBaseUrl() {
            return baseUrl;
        }

        public void setBaseUrl(@Nullable String baseUrl) {
            this.baseUrl = baseUrl;
        }

        public @Nullable String getRates() {
            return rates;
        }

        public void setRates(@Nullable String rates) {
            this.rates = rates;
        }

        public @Nullable String getAccountSid() {
            return accountSid;
        }

        public void setAccountSid(@Nullable String accountSid) {
            this.accountSid = accountSid;
        }

        public @Nullable String getAuthToken() {
            return authToken;
        }

        public void setAuthToken(@Nullable String authToken) {
            this.authToken = authToken;
        }

        public @Nullable String getApiKeySid() {
            return apiKeySid;
        }

        public void setApiKeySid(@Nullable String apiKeySid) {
            this.apiKeySid = apiKeySid;
        }

        public @Nullable String getApiKeySecret() {
            return apiKeySecret;
        }

        public void setApiKeySecret(@Nullable String apiKeySecret) {
            this.apiKeySecret = apiKeySecret;
        }

        public @Nullable String getSid() {
            return sid;
        }

        public void setSid(@Nullable String sid) {
            this.sid = sid;
        }

        public @Nullable String getApiKey() {
            return apiKey;
        }

        public void setApiKey(@Nullable String apiKey) {
            this.apiKey = apiKey;
        }

        public @Nullable String getApiToken() {
            return apiToken;
        }

        public void setApiToken(@Nullable String apiToken) {
            this.apiToken = apiToken;
        }

        public @Nullable String getRegion() {
            return region;
        }

        public void setRegion(@Nullable String region) {
            this.region = region;
        }

        public @Nullable String getUsername() {
            return username;
        }

        public void setUsername(@Nullable String username) {
            this.username = username;
        }

        public @Nullable String getPassword() {
            return password;
        }

        public void setPassword(@Nullable String password) {
            this.password = password;
        }

        public @Nullable String getAccessKey() {
            return accessKey;
        }

        public void setAccessKey(@Nullable String accessKey) {
            this.accessKey = accessKey;
        }

        public @Nullable String getBalance() {
            return balance;
        }

        public void setBalance(@Nullable String balance) {
            this.balance = balance;
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

        public @Nullable String getEdge() {
            return edge;
        }

        public void setEdge(@Nullable String edge) {
            this.edge = edge;
        }

        public @Nullable String getAccountId() {
            return accountId;
        }

        public void setAccountId(@Nullable String accountId) {
            this.accountId = accountId;
        }

        public @Nullable String getIbssoToken() {
            return ibssoToken;
        }

        public void setIbssoToken(@Nullable String ibssoToken) {
            this.ibssoToken = ibssoToken;
        }

        public @Nullable String getBearerToken() {
            return bearerToken;
        }

        public void setBearerToken(@Nullable String bearerToken) {
            this.bearerToken = bearerToken;
        }

        public @Nullable String getTimeZone() {
            return timeZone;
        }

        public void setTimeZone(@Nullable String timeZone) {
            this.timeZone = timeZone;
        }

        public @Nullable Duration getMinimumFetchInterval() {
            return minimumFetchInterval;
        }

        public void setMinimumFetchInterval(@Nullable Duration minimumFetchInterval) {
            this.minimumFetchInterval = minimumFetchInterval;
        }

        @Override
        public String toString() {
            return "Account{provider=" + provider + ", baseUrl=" + baseUrl + ", rates=" + rates + "}";
        }
    }
}
