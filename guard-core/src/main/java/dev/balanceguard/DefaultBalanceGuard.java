package dev.balanceguard;

final class DefaultBalanceGuard {
    DefaultBalanceGuard(BalanceGuard.Builder b) {}
}
