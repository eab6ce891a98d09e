package dev.balanceguard.spring.metrics;

import dev.balanceguard.AccountSnapshot;
import dev.balanceguard.BalanceGuard;
import dev.balanceguard.BudgetStatus;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.ObservedSpend;
import dev.balanceguard.Reservation;
import dev.balanceguard.core.Balance;
import dev.balanceguard.cost.CostEstimate;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** A guard whose checks and reserves are observations; everything else is the guard's own. */
final class ObservedBalanceGuard implements BalanceGuard {

    private static final BalanceGuardObservationConvention DEFAULT = new DefaultBalanceGuardObservationConvention();

    private final BalanceGuard guard;
    private final ObservationRegistry registry;
    private final @Nullable BalanceGuardObservationConvention convention;

    ObservedBalanceGuard(
            BalanceGuard guard, ObservationRegistry registry, @Nullable BalanceGuardObservationConvention custom) {
        this.guard = guard;
        this.registry = registry;
        this.convention = custom;
    }

    BalanceGuard delegate() {
        return guard;
    }

    @Override
    public GuardDecision check(@Nullable String account, CostEstimate estimate, BigDecimal min) {
        return observe("check", account, () -> guard.check(account, estimate, min), d -> d);
    }

    @Override
    public GuardDecision check(String account, CostEstimate estimate, BigDecimal min, Collection<String> budgets) {
        return observe("check", account, () -> guard.check(account, estimate, min, budgets), d -> d);
    }

    @Override
    public GuardDecision checkMinimum(@Nullable String account, BigDecimal min) {
        return observe("check", account, () -> guard.checkMinimum(account, min), d -> d);
    }

    @Override
    public Reservation reserve(@Nullable String account, CostEstimate estimate, BigDecimal min) {
        return observe("reserve", account, () -> guard.reserve(account, estimate, min), Reservation::decision);
    }

    @Override
    public Reservation reserve(String account, CostEstimate estimate, BigDecimal min, Collection<String> budgets) {
        return observe("reserve", account, () -> guard.reserve(account, estimate, min, budgets), Reservation::decision);
    }

    private <T> T observe(
            String operation, @Nullable String account, Supplier<T> call, Function<T, GuardDecision> decision) {
        String name = account == null || account.isEmpty() ? guard.defaultAccount() : account;
        BalanceGuardObservationContext context =
                new BalanceGuardObservationContext(operation, guard.accounts().contains(name) ? name : "unknown");
        Observation observation = Observation.createNotStarted(convention, DEFAULT, () -> context, registry)
                .start();
        try (Observation.Scope scope = observation.openScope()) {
            T result = call.get();
            context.decided(decision.apply(result));
            return result;
        } catch (InsufficientBalanceException e) {
            context.decided(e.decision()); // a refusal is an answer, not an error
            throw e;
        } catch (RuntimeException e) {
            observation.error(e);
            throw e;
        } finally {
            observation.stop();
        }
    }

    @Override
    public Balance balance(@Nullable String account) {
        return guard.balance(account);
    }

    @Override
    public void invalidate(@Nullable String account) {
        guard.invalidate(account);
    }

    @Override
    public AccountSnapshot snapshot(@Nullable String account) {
        return guard.snapshot(account);
    }

    @Override
    public List<BudgetStatus> budgets() {
        return guard.budgets();
    }

    @Override
    public Optional<BudgetStatus> budget(String name) {
        return guard.budget(name);
    }

    @Override
    public Optional<ObservedSpend> observedSpend(@Nullable String account) {
        return guard.observedSpend(account);
    }

    @Override
    public Set<String> accounts() {
        return guard.accounts();
    }

    @Override
    public String defaultAccount() {
        return guard.defaultAccount();
    }

    @Override
    public String toString() {
        return guard.toString();
    }
}
