package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.interceptor.BalanceGuardSetupException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link BalanceGuardSetupException} as a startup failure naming the property and the fix. Its parts come
 * escaped (no control characters), so a value from a property cannot forge a line of the report.
 */
final class BalanceGuardFailureAnalyzer extends AbstractFailureAnalyzer<BalanceGuardSetupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BalanceGuardSetupException cause) {
        return new FailureAnalysis(
                "balance-guard could not start.\n\n    " + cause.where() + "\n\n" + cause.problem(),
                cause.action(),
                cause);
    }
}
