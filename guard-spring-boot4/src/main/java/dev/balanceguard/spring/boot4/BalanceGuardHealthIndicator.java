package dev.balanceguard.spring.boot4;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.spring.actuate.GuardHealth;
import dev.balanceguard.store.LedgerStore;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code balanceGuard} health indicator on Spring Boot 4's health API: {@link GuardHealth} says what it reports.
 * Not part of the readiness group unless you add it, so a provider outage does not take the application out of
 * rotation.
 */
public class BalanceGuardHealthIndicator implements HealthIndicator {

    private final BalanceGuard guard;
    private final @Nullable LedgerStore store;

    public BalanceGuardHealthIndicator(BalanceGuard guard) {
        this(guard, null);
    }

    /** With a shared store: {@code DOWN} too when it does not answer, as every run is then refused. */
    public BalanceGuardHealthIndicator(BalanceGuard guard, @Nullable LedgerStore store) {
        this.guard = guard;
        this.store = store;
    }

    @Override
    public Health health() {
        GuardHealth health = GuardHealth.of(guard, store);
        Health.Builder builder = switch (health.status()) {
            case UP -> Health.up();
            case DOWN -> Health.down();
            case UNKNOWN -> Health.unknown();
        };
        return builder.withDetails(health.details()).build();
    }
}
