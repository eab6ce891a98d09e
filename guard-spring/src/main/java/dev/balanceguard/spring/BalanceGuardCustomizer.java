package dev.balanceguard.spring;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardPolicy;

/**
 * Adjusts the {@link BalanceGuard} the properties describe before it is built, as resilience4j's config
 * customizers do: declare beans of this type (ordered with {@code @Order}) instead of replacing the guard bean.
 * Properties are applied first, so a customizer has the last word.
 */
@FunctionalInterface
public interface BalanceGuardCustomizer {

    /** Adjusts the guard's builder: its cache timings, clock, executor, listeners, stores. */
    void customize(BalanceGuard.Builder builder);

    /**
     * Adjusts one account's policy after its properties and {@code balance-guard.default-policy} were applied.
     *
     * @param account the account's name under {@code balance-guard.accounts}
     */
    default void customizePolicy(String account, GuardPolicy.Builder policy) {}
}
