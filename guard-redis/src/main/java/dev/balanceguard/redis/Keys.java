package dev.balanceguard.redis;

import dev.balanceguard.core.SafeText;
import java.util.Objects;

/**
 * The key layout: {@code <prefix>:{<account>}:<what>}. Every key of one account carries the account as its hash
 * tag, so a Redis Cluster keeps them in one slot and a script may touch them all. A prefix with a hash tag of its
 * own ({@code balance-guard{guard}}) puts every key of the store in one slot instead (Redis hashes the first tag),
 * budgets' keys too, so that a reserve with budgets is one script on a cluster as well.
 */
final class Keys {

    private final String prefix;

    Keys(String prefix) {
        Objects.requireNonNull(prefix, "keyPrefix");
        int open = prefix.indexOf('{');
        int close = prefix.indexOf('}');
        boolean tagged = open >= 0 && close > open + 1;
        if (prefix.isEmpty()
                || (open >= 0 || close >= 0) && !tagged
                || prefix.indexOf('{', open + 1) >= 0
                || prefix.indexOf('}', close + 1) >= 0
                || prefix.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the key prefix must be non-empty, free of control characters, and "
                    + "free of braces but for one hash tag ({guard}), was " + SafeText.quote(prefix));
        }
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    /** The hash of live holds (hold id → amount:expiry) and the ledger's unit. */
    String holds(String account) {
        return key(account, "holds");
    }

    /** The sorted set of unbooked spend, one member per second with spend ({@code second:amount}). */
    String spent(String account) {
        return key(account, "spent");
    }

    /** The sorted set of hold ids whose spend is recorded, scored by when. */
    String committed(String account) {
        return key(account, "committed");
    }

    /** The hash of the account's shared reading ({@code SharedReading.toFields()}). */
    String reading(String account) {
        return key(account, "reading");
    }

    /** The string naming the replica that holds the claim on the next fetch, with the claim's lease as TTL. */
    String claim(String account) {
        return key(account, "claim");
    }

    /**
     * The account's epoch: a random id written once and never expiring, so that a store that comes back empty
     * (restarted without persistence, a replica that never synced) is told from one that kept its state.
     */
    String epoch(String account) {
        return key(account, "epoch");
    }

    /**
     * A budget's hash of live holds (hold id → amount:expiry) in {@code unit}. A budget's keys carry the budget as
     * their hash tag ({@code {budget:<name>}}), as several accounts may count against one budget.
     */
    String budgetHolds(String budget, String unit) {
        return prefix + ":{budget:" + budget + "}:" + unit + ":holds";
    }

    /** A budget's hash of spend per period (period start → millionths) in {@code unit}. */
    String budgetSpent(String budget, String unit) {
        return prefix + ":{budget:" + budget + "}:" + unit + ":spent";
    }

    /** The string whose presence says the report {@code reportId} was counted; it expires after the retention. */
    String reported(String account, String reportId) {
        return key(account, "reported:" + reportId);
    }

    /** The hash of a run's reported totals: its unit, and per country whole units, 10^-12ths and messages. */
    String reportedRun(String account, String run) {
        return key(account, "run:" + run);
    }

    /** An account name that makes a usable hash tag: non-empty, not starting with a closing brace. */
    static void requireAccount(String account) {
        Objects.requireNonNull(account, "account");
        if (account.isEmpty() || account.charAt(0) == '}') {
            throw new IllegalArgumentException("an account name must be non-empty and must not start with '}'");
        }
    }

    String[] ledger(String account) {
        return new String[] {holds(account), spent(account), committed(account)};
    }

    private String key(String account, String what) {
        return prefix + ":{" + account + "}:" + what;
    }
}
