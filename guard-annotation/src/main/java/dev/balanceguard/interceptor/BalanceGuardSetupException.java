package dev.balanceguard.interceptor;

import dev.balanceguard.core.BalanceGuardException;
import dev.balanceguard.core.SafeText;

/**
 * balance-guard cannot start: a property or an annotation is wrong. Names where the problem is (a property
 * such as {@code balance-guard.accounts.main.auth-token}, or an annotated method) and how to fix it; the
 * {@code BalanceGuardFailureAnalyzer} turns it into Spring Boot's startup report. Never carries a secret.
 *
 * <p>Values someone wrote are quoted where the message is made ({@link SafeText#quote}); as a last line, the control
 * and invisible characters of all three parts are escaped here, so no part can start a forged line in a log or in
 * the startup report.
 */
public final class BalanceGuardSetupException extends BalanceGuardException {

    /** How much of each part is kept: far more than any message of ours, far less than a hostile value. */
    private static final int PART = 1_000;

    private final String where;
    private final String problem;
    private final String action;

    public BalanceGuardSetupException(String where, String problem, String action) {
        this(where, problem, action, null);
    }

    public BalanceGuardSetupException(String where, String problem, String action, Throwable cause) {
        super(SafeText.clean(where, PART) + ": " + SafeText.clean(problem, PART), cause);
        this.where = SafeText.clean(where, PART);
        this.problem = SafeText.clean(problem, PART);
        this.action = SafeText.clean(action, PART);
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
