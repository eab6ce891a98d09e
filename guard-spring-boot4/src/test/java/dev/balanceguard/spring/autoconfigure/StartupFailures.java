package dev.balanceguard.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What a startup the configuration should stop must show: on either Boot line, so both lines' tests share it. */
final class StartupFailures {

    private StartupFailures() {}

    /** The context fails; its failure analysis names {@code where}, says {@code problem}, advises {@code action}. */
    static void assertStartupFailure(ApplicationContextRunner runner, String where, String problem, String action) {
        runner.run((AssertableApplicationContext context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new BalanceGuardFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis)
                    .as("analysis of %s", context.getStartupFailure())
                    .isNotNull();
            assertThat(analysis.getDescription()).contains(where).contains(problem);
            assertThat(analysis.getAction()).contains(action);
        });
    }
}
