package dev.balanceguard.spring.metrics;

import dev.balanceguard.AccountSnapshot;
import dev.balanceguard.BalanceGuard;
import dev.balanceguard.BudgetStatus;
import dev.balanceguard.FetchEvent;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.GuardListener;
import dev.balanceguard.ObservedSpend;
import dev.balanceguard.SpendEvent;
import dev.balanceguard.StoreEvent;
import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.store.StoreException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters for a {@link BalanceGuard}. Tags are the configured account name, the provider, the currency,
 * the outcome and the reason: never a credential, phone number or campaign id.
 * <ul>
 *   <li>{@code balance.guard.balance} (gauge; account, provider, currency): the cached balance; registered once
 *       a decision has seen the first reading, which gives the currency</li>
 *   <li>{@code balance.guard.reserved} (gauge; account, provider, currency): held by runs in flight</li>
 *   <li>{@code balance.guard.available} (gauge; account, provider, currency): the balance less unbooked spend and
 *       holds; no base unit, so its Prometheus name is the same in every currency</li>
 *   <li>{@code balance.guard.balance.age} (time gauge, seconds; account, provider): age of the cached reading</li>
 *   <li>{@code balance.guard.decisions} (counter; account, provider, outcome=allowed|blocked, reason)</li>
 *   <li>{@code balance.guard.fetch} (timer; account, provider, outcome=success or the failure kind)</li>
 *   <li>{@code balance.guard.store} (timer; store, operation, outcome=success|failure): operations on a shared
 *       store (Redis, a database)</li>
 *   <li>{@code balance.guard.budget.spent} and {@code balance.guard.budget.remaining} (gauges; budget): each
 *       configured budget's spend and what is left in its current period, read from the store</li>
 *   <li>{@code balance.guard.spend.observed}, {@code balance.guard.spend.committed},
 *       {@code balance.guard.spend.unguarded}, {@code balance.guard.topups} (counters; account): what the intervals
 *       between readings showed ({@link SpendEvent}); with a shared store only the replica that fetched a reading
 *       counts its interval, so the fleet's sum counts it once</li>
 *   <li>{@code balance.guard.runway} (gauge, seconds; account): how long the available amount lasts at the last
 *       hour's burn; registered while something burns, removed when nothing does (looked at most once a second)</li>
 * </ul>
 * Gauges read the guard's snapshot, which never contacts the provider; an unknown value reads NaN.
 */
public class BalanceGuardMetrics implements MeterBinder, GuardListener {

    private final BalanceGuard guard;
    private final Map<String, String> providers = new ConcurrentHashMap<>();
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();
    private final Map<String, Counter> decisions = new ConcurrentHashMap<>();
    private final Map<String, Gauge> runways = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> runwayLooked = new ConcurrentHashMap<>();
    private final Set<String> runwayDue = ConcurrentHashMap.newKeySet();
    private volatile @Nullable MeterRegistry registry;

    private final List<String> budgets;

    public BalanceGuardMetrics(BalanceGuard guard) {
        this(guard, List.of());
    }

    /** With gauges for the guard's own {@code budgets}, by name (runtime budgets get none: tags stay bounded). */
    public BalanceGuardMetrics(BalanceGuard guard, Collection<String> budgets) {
        this.guard = guard;
        this.budgets = List.copyOf(budgets);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        for (String account : guard.accounts()) {
            Tags tags = Tags.of("account", account, "provider", provider(account));
            TimeGauge.builder(
                            "balance.guard.balance.age",
                            guard,
                            TimeUnit.SECONDS,
                            g -> g.snapshot(account)
                                    .balanceAge()
                                    .map(age -> age.toMillis() / 1000.0)
                                    .orElse(Double.NaN))
                    .tags(tags)
                    .description("Age of the cached balance reading")
                    .register(registry);
            registerAmountGauges(account);
        }
        for (String budget : budgets) {
            Gauge.builder("balance.guard.budget.spent", guard, g -> budgetValue(g, budget, BudgetStatus::spent))
                    .tags("budget", budget)
                    .description("Spent by runs in the budget's current period")
                    .register(registry);
            Gauge.builder("balance.guard.budget.remaining", guard, g -> budgetValue(g, budget, BudgetStatus::remaining))
                    .tags("budget", budget)
                    .description("What the budget has left in its period: limit less spent and held")
                    .register(registry);
        }
    }

    /** A budget's figure from the store; NaN while the store does not answer. */
    private static double budgetValue(BalanceGuard guard, String budget, Function<BudgetStatus, Money> figure) {
        try {
            return guard.budget(budget)
                    .map(figure)
                    .map(m -> m.amount().doubleValue())
                    .orElse(Double.NaN);
        } catch (StoreException e) {
            return Double.NaN;
        }
    }

    @Override
    public void onDecision(GuardDecision decision) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        if (decision.balance().isPresent() && !gauged.contains(decision.account())) {
            registerAmountGauges(decision.account());
        }
        lookAtRunway(decision.account());
        String outcome = decision.allowed() ? "allowed" : "blocked";
        String reason = decision.reason().name().toLowerCase(Locale.ROOT);
        decisions
                .computeIfAbsent(
                        decision.account() + '\u0000' + outcome + '\u0000' + reason,
                        key -> Counter.builder("balance.guard.decisions")
                                .tags(
                                        "account",
                                        decision.account(),
                                        "provider",
                                        provider(decision.account()),
                                        "outcome",
                                        outcome,
                                        "reason",
                                        reason)
                                .description("Pre-flight decisions by outcome and reason")
                                .register(r))
                .increment();
    }

    @Override
    public void onSpend(SpendEvent event) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        count(r, "balance.guard.spend.observed", event.account(), event.observed(), "Balance drops between readings");
        count(r, "balance.guard.spend.committed", event.account(), event.committed(), "Spend committed by runs");
        count(
                r,
                "balance.guard.spend.unguarded",
                event.account(),
                event.unguarded(),
                "Observed spend no guarded run explains");
        count(r, "balance.guard.topups", event.account(), event.topUp(), "Balance rises between readings");
        // the reading is in use once its fetch returns: the account's next decision or fetch looks at the runway
        runwayDue.add(event.account());
    }

    /**
     * A counter of money: Micrometer counts in doubles by design; the amounts themselves stay BigDecimal. No base
     * unit, so that the series' name is the same in every currency (an account's unit does not change).
     */
    private static void count(MeterRegistry r, String name, String account, Money amount, String description) {
        Counter.builder(name)
                .tag("account", account)
                .description(description)
                .register(r)
                .increment(amount.amount().doubleValue());
    }

    /**
     * Registers the account's runway gauge while something burns and removes it when nothing does: a gauge that is
     * absent, not NaN, so an alert on it never fires on "no data". Looked at on events, at most once a second.
     */
    private void lookAtRunway(String account) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        long tick = System.nanoTime() / 1_000_000_000L;
        AtomicLong looked = runwayLooked.computeIfAbsent(account, a -> new AtomicLong(tick - 1));
        long last = looked.get();
        boolean due = !runwayDue.isEmpty() && runwayDue.remove(account);
        if (!due && (last == tick || !looked.compareAndSet(last, tick))) {
            return; // looked at this second already (or another thread is looking)
        }
        boolean burns =
                guard.observedSpend(account).flatMap(ObservedSpend::runway).isPresent();
        synchronized (runways) {
            Gauge gauge = runways.get(account);
            if (burns && gauge == null) {
                runways.put(
                        account,
                        Gauge.builder(
                                        "balance.guard.runway",
                                        guard,
                                        g -> g.observedSpend(account)
                                                .flatMap(ObservedSpend::runway)
                                                .map(d -> (double) d.toSeconds())
                                                .orElse(Double.NaN))
                                .tag("account", account)
                                .baseUnit("seconds")
                                .description("Seconds until the available amount reaches min at the last hour's burn")
                                .register(r));
            } else if (!burns && gauge != null) {
                r.remove(gauge);
                runways.remove(account);
            }
        }
    }

    @Override
    public void onFetch(FetchEvent event) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        lookAtRunway(event.account());
        Timer.builder("balance.guard.fetch")
                .tags("account", event.account(), "provider", event.provider(), "outcome", event.outcome())
                .description("Balance fetches from the provider")
                .register(r)
                .record(event.duration());
    }

    @Override
    public void onStoreOperation(StoreEvent event) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        Timer.builder("balance.guard.store")
                .tags("store", event.store(), "operation", event.operation(), "outcome", event.outcome())
                .description("Operations on the shared store of holds and readings")
                .register(r)
                .record(event.duration());
    }

    /** Registers the amount gauges once the account's currency is known (its first reading's). */
    private synchronized void registerAmountGauges(String account) {
        MeterRegistry r = registry;
        Optional<String> currency =
                guard.snapshot(account).balance().flatMap(Balance::amount).map(Money::unit);
        if (r == null || currency.isEmpty() || !gauged.add(account)) {
            return;
        }
        String unit = currency.get();
        Tags tags = Tags.of("account", account, "provider", provider(account), "currency", unit);
        Gauge.builder(
                        "balance.guard.balance",
                        guard,
                        g -> value(g.snapshot(account).balance().flatMap(Balance::amount), unit))
                .tags(tags)
                .baseUnit(unit)
                .description("The cached balance")
                .register(r);
        // no base unit: the name stays the same in every currency (the currency is a tag)
        Gauge.builder("balance.guard.available", guard, g -> value(available(g.snapshot(account)), unit))
                .tags(tags)
                .description("The balance less unbooked spend and holds (before any run's minimum)")
                .register(r);
        Gauge.builder(
                        "balance.guard.reserved",
                        guard,
                        g -> value(g.snapshot(account).reserved(), unit))
                .tags(tags)
                .baseUnit(unit)
                .description("Held by runs in flight")
                .register(r);
    }

    private static Optional<Money> available(AccountSnapshot s) {
        Optional<Money> balance = s.balance().flatMap(Balance::amount);
        if (balance.isEmpty() || s.reserved().isEmpty() || s.unbookedSpend().isEmpty()) {
            return Optional.empty();
        }
        Money b = balance.get();
        Money reserved = s.reserved().get();
        Money unbooked = s.unbookedSpend().get();
        return b.sameUnitAs(reserved) && b.sameUnitAs(unbooked)
                ? Optional.of(b.minus(reserved).minus(unbooked))
                : Optional.empty();
    }

    /** A gauge is a double by Micrometer's design; money itself never passes through one. */
    private static double value(Optional<Money> amount, String unit) {
        return amount.filter(m -> m.unit().equals(unit))
                .map(m -> m.amount().doubleValue())
                .orElse(Double.NaN);
    }

    private String provider(String account) {
        return providers.computeIfAbsent(account, a -> guard.snapshot(a).provider());
    }
}
