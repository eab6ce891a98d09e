package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.cost.CostEstimator;
import dev.balanceguard.interceptor.BalanceGuardSetupException;
import dev.balanceguard.pricing.PricedProvider;
import dev.balanceguard.pricing.PricingSource;
import dev.balanceguard.pricing.ProviderRates;
import dev.balanceguard.provider.BalanceProvider;
import dev.balanceguard.provider.ProviderException;
import dev.balanceguard.provider.ProviderException.Failure;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ResourceLoader;

/**
 * The rate cards of accounts with {@code rates=provider}, built from the provider's pricing API
 * ({@link ProviderRates}) for {@code rates-countries}.
 *
 * <p>Each card is fetched at startup, then again every {@code rates-refresh} (default 24 h) on one background
 * thread. A failed fetch keeps the last good card and is tried again after {@link #RETRY_AFTER_FAILURE} (or
 * {@code rates-refresh}, if shorter). Until a card was fetched once, the {@code rates-fallback} CSV card prices
 * the account's runs; without one, they cannot be priced and fail. Refused credentials at startup fail startup:
 * they will not heal by waiting.
 */
final class ProviderRateCards implements AutoCloseable {

    /** How soon a failed fetch is tried again (never later than rates-refresh). */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(5);

    private static final Log LOG = LogFactory.getLog(ProviderRateCards.class);
    private static final String PROVIDER = "provider";

    private final Map<String, Card> cards = new LinkedHashMap<>();
    private final @Nullable ScheduledExecutorService refresher;

    /** @param settings the accounts' provider settings; the guard warns of keys it ignores, so this does not */
    ProviderRateCards(BalanceGuardProperties properties, ResourceLoader resources, AccountSettings settings) {
        properties.getAccounts().forEach((name, account) -> {
            if (isProvider(account.getRates())) {
                BalanceProvider balances = ProviderFactory.create(
                        name,
                        account,
                        properties.getDefaultPolicy(),
                        settings.forProvider(name, account.getProvider()).values());
                cards.put(name, new Card(name, account, balances, resources));
            }
        });
        this.refresher = cards.isEmpty()
                ? null
                : Executors.newSingleThreadScheduledExecutor(task -> {
                    Thread thread = new Thread(task, "balance-guard-rates");
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            cards.values().forEach(Card::fetchAtStartup);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    static boolean isProvider(@Nullable String rates) {
        return rates != null && rates.strip().equalsIgnoreCase(PROVIDER);
    }

    /**
     * The account's estimator: from the last card fetched, else from its fallback card; null when the account does
     * not price from its provider.
     *
     * @throws BalanceGuardSetupException when no card was fetched yet and there is no fallback
     */
    @Nullable
    CostEstimator estimator(String account) {
        Card card = cards.get(account);
        return card == null ? null : card.estimator();
    }

    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    /** One account's card. */
    private final class Card {
        private final String account;
        private final String prefix;
        private final String provider;
        private final ProviderRates.Builder fetch;
        private final Duration refresh;
        private final @Nullable CostEstimator fallback;
        private volatile @Nullable CostEstimator fetched;
        private volatile @Nullable String lastFailure;

        Card(
                String account,
                BalanceGuardProperties.Account settings,
                BalanceProvider balances,
                ResourceLoader resources) {
            this.account = account;
            this.prefix = "balance-guard.accounts." + account + ".";
            this.provider = balances.name();
            PricingSource source = setting(
                            "rates-base-url",
                            () -> PricedProvider.of(balances, blankToNull(settings.getRatesBaseUrl())))
                    .orElseThrow(() -> new BalanceGuardSetupException(
                            prefix + "rates",
                            "account '" + account + "' ("
                                    + provider
                                    + ") cannot price from its provider: balance-guard reads no pricing API of "
                                    + provider,
                            "Point " + prefix + "rates at a CSV rate card."));
            this.fetch = ProviderRates.builder(source);
            List<String> countries = settings.getRatesCountries() == null ? List.of() : settings.getRatesCountries();
            if (countries.isEmpty()) {
                throw new BalanceGuardSetupException(
                        prefix + "rates-countries",
                        "account '" + account + "' prices from " + provider + " but names no countries",
                        "Set " + prefix + "rates-countries to the countries you send to, e.g. GB,US,IN, or to all.");
            }
            if (countries.size() == 1 && countries.get(0).strip().equalsIgnoreCase("all")) {
                fetch.allCountries();
            } else {
                setting("rates-countries", () -> fetch.countries(countries));
            }
            setting("rates-number-type", () -> fetch.numberType(settings.getRatesNumberType()));
            this.refresh = settings.getRatesRefresh();
            if (refresh == null || refresh.isNegative() || refresh.isZero()) {
                throw new BalanceGuardSetupException(
                        prefix + "rates-refresh",
                        "'" + refresh + "' is not a positive " + "duration",
                        "Set " + prefix + "rates-refresh to how often prices are fetched, e.g. 24h.");
            }
            String fallbackCard = blankToNull(settings.getRatesFallback());
            this.fallback = fallbackCard == null
                    ? null
                    : new CostEstimator(RateCardPricing.load(prefix + "rates-fallback", fallbackCard, resources));
        }

        void fetchAtStartup() {
            try {
                fetchNow();
            } catch (ProviderException e) {
                if (e.failure() == Failure.AUTHENTICATION || e.failure() == Failure.PERMISSION) {
                    throw new BalanceGuardSetupException(
                            prefix + "rates",
                            "account '" + account + "': " + provider + " refused to show its prices: " + e.getMessage(),
                            "Check the account's credentials and that they may read the pricing API.",
                            e);
                }
                failed(e);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        /** Fetches now; on success the new card replaces the old one, and the next refresh is scheduled. */
        private void fetchNow() {
            ProviderRates rates = fetch.fetch();
            fetched = new CostEstimator(rates.card());
            lastFailure = null;
            LOG.info("balance-guard: account '" + account + "' prices from " + provider + ": "
                    + rates.card().rates().size() + " rates, fetched " + rates.fetchedAt() + "; next fetch in "
                    + refresh);
            schedule(refresh);
        }

        private void refreshInBackground() {
            try {
                fetchNow();
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        private void failed(RuntimeException e) {
            lastFailure = String.valueOf(e.getMessage());
            Duration retry = refresh.compareTo(RETRY_AFTER_FAILURE) < 0 ? refresh : RETRY_AFTER_FAILURE;
            LOG.warn("balance-guard: account '" + account + "': could not fetch prices from " + provider + " ("
                    + lastFailure + "); "
                    + (fetched != null
                            ? "keeping the last card"
                            : fallback != null
                                    ? "pricing from " + prefix + "rates-fallback"
                                    : "runs cannot be priced yet")
                    + "; trying again in " + retry);
            schedule(retry);
        }

        private void schedule(Duration delay) {
            // there is a refresher when there is a card
            ScheduledExecutorService refresher = Objects.requireNonNull(ProviderRateCards.this.refresher);
            if (!refresher.isShutdown()) {
                refresher.schedule(this::refreshInBackground, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        CostEstimator estimator() {
            CostEstimator current = fetched;
            if (current != null) {
                return current;
            }
            if (fallback != null) {
                return fallback;
            }
            throw new BalanceGuardSetupException(
                    prefix + "rates",
                    "account '" + account + "' has no rate card yet: " + "its prices could not be fetched from "
                            + provider + " (" + lastFailure + ")",
                    "Check that the pricing API is reachable, or set " + prefix + "rates-fallback to a CSV rate card "
                            + "that prices runs until the provider's prices are fetched.");
        }

        private <T> T setting(String property, java.util.function.Supplier<T> apply) {
            try {
                return apply.get();
            } catch (IllegalArgumentException e) {
                throw new BalanceGuardSetupException(
                        prefix + property,
                        String.valueOf(e.getMessage()),
                        "Fix " + prefix + property + "; see the configuration metadata for its format.");
            }
        }

        private void setting(String property, Runnable apply) {
            setting(property, () -> {
                apply.run();
                return null;
            });
        }
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
