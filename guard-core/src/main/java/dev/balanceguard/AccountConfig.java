package dev.balanceguard;

import dev.balanceguard.provider.BalanceProvider;

/** One configured account; a {@code null} policy means the guard's default policy. */
record AccountConfig(String name, BalanceProvider provider, GuardPolicy policy) {}
