package dev.balanceguard.test.server;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** See {@link RequiresPostgres}. */
public final class PostgresCondition implements ExecutionCondition {

    private static final AtomicBoolean WARNED = new AtomicBoolean();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (LocalPostgres.binaries().isPresent()) {
            return ConditionEvaluationResult.enabled("PostgreSQL found");
        }
        String missing = "no PostgreSQL binaries (looked at " + LocalPostgres.whereLooked() + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true and " + missing + ": the PostgreSQL tests must run in CI. "
                    + "Install PostgreSQL (.ci/run does: apt-get install -y postgresql) or set PG_BIN.");
        }
        String reason = "SKIPPED: " + missing + "; install PostgreSQL (apt-get install -y postgresql) or set PG_BIN "
                + "to run the guard-jdbc tests";
        if (WARNED.compareAndSet(false, true)) {
            System.err.println("\n*** balance-guard: " + reason + " ***\n");
        }
        return ConditionEvaluationResult.disabled(reason);
    }
}
