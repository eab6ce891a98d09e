package dev.balanceguard.interceptor;

import dev.balanceguard.core.BalanceGuardException;
import dev.balanceguard.core.SafeText;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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

    public BalanceGuardSetupException(String where, String problem, String action, @Nullable Throwable cause) {
        super(part(where) + ": " + part(problem), cause);
        this.where = part(where);
        this.problem = part(problem);
        this.action = part(action);
    }

    /** Quoted through {@link SafeText}: a property's value may hold control characters. */
    private static String part(String text) {
        return Objects.requireNonNull(SafeText.clean(text, PART));
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
