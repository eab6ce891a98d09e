package dev.balanceguard;

import dev.balanceguard.provider.BalanceProvider;
import org.jspecify.annotations.Nullable;

/** One configured account; a {@code null} policy means the guard's default policy. */
record AccountConfig(
        String name, BalanceProvider provider, @Nullable GuardPolicy policy) {}
