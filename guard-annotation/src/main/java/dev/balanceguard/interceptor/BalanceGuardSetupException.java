package dev.balanceguard.interceptor;


import dev.balanceguard.core.BalanceGuardException;

import org.jspecify.annotations.Nullable;

/**
 * balance-guard cannot start: a property or an annotation is wrong. Names where the problem is (a property
 * such as {@code balance-guard.accounts.main.auth-token}, or an annotated method) and how to fix it; the
 * {@code BalanceGuardFailureAnalyzer} turns it into Spring Boot's startup report. Never carries a secret.
 */
public final class BalanceGuardSetupException extends BalanceGuardException {

    private final String where;
    private final String problem;
    private final String action;

    public BalanceGuardSetupException(String where, String problem, String action) {
        this(where, problem, action, null);
    }

    public BalanceGuardSetupException(String where, String problem, String action, @Nullable Throwable cause) {
        super(where + ": " + problem, cause);
        this.where = where;
        this.problem = problem;
        this.action = action;
    }

    /** The property or annotated method at fault. */
    public String where() {
        return where;
    }

    public String problem() {
        return problem;
    }

    /** What to change. */
    public String action() {
        return action;
    }
}
