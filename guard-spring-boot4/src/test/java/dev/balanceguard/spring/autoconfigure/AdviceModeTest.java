package dev.balanceguard.spring.autoconfigure;

import static dev.balanceguard.spring.autoconfigure.StartupFailures.assertStartupFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.aspectj.RequiresBalanceAspect;
import dev.balanceguard.interceptor.Guards;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code balance-guard.advice-mode}: which of the proxy advisor and the AspectJ aspect enforces the annotation, in a
 * JVM without the weaver (so nothing here is woven); {@link LoadTimeWeavingTest} runs the aspect for real.
 */
class AdviceModeTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BalanceGuardAutoConfiguration.class))
            .withPropertyValues(
                    "balance-guard.accounts.main.provider=simulator",
                    "balance-guard.accounts.main.balance=100",
                    "balance-guard.accounts.main.currency=USD");

    @Test
    void proxyIsTheDefault() {
        runner.run(context -> assertThat(context)
                .hasNotFailed()
                .hasSingleBean(RequiresBalanceAdvisingPostProcessor.class)
                .doesNotHaveBean(RequiresBalanceAspectConfigurer.class));
    }

    @Test
    void aspectjTurnsTheProxyOffAndHandsTheAspectThisContextsGuardUntilItCloses() {
        runner.withPropertyValues("balance-guard.advice-mode=aspectj").run(context -> {
            assertThat(context)
                    .hasNotFailed()
                    .doesNotHaveBean(RequiresBalanceAdvisingPostProcessor.class)
                    .hasSingleBean(RequiresBalanceAspectConfigurer.class);
            Guards guards = RequiresBalanceAspect.aspectOf().guards();
            assertThat(guards).isNotNull();
            assertThat(guards.source().guard()).isSameAs(context.getBean(BalanceGuard.class));
        });
        assertThat(RequiresBalanceAspect.aspectOf().guards()).isNull();
    }

    @Test
    void theModeIsReadWhateverItsCase() {
        runner.withPropertyValues("balance-guard.advice-mode=ASPECTJ")
                .run(context ->
                        assertThat(context).hasNotFailed().hasSingleBean(RequiresBalanceAspectConfigurer.class));
    }

    @Test
    void aGuardedBeanThatIsNotWovenFailsStartup() {
        assertStartupFailure(
                runner.withPropertyValues("balance-guard.advice-mode=aspectj")
                        .withUserConfiguration(BalanceGuardAutoConfigurationTest.JdkProxied.class),
                "@RequiresBalance on dev.balanceguard.spring.autoconfigure."
                        + "BalanceGuardAutoConfigurationTest$CostlyPayments.pay",
                "AspectJ did not weave this method",
                "-javaagent:aspectjweaver.jar");
    }

    @Test
    void aMalformedAnnotationStillFailsStartup() {
        assertStartupFailure(
                runner.withPropertyValues("balance-guard.advice-mode=aspectj")
                        .withUserConfiguration(BalanceGuardAutoConfigurationTest.BadSpel.class),
                "BadSpelService.send",
                "recipients '#p0 +' is not valid SpEL",
                "Fix the expression");
    }

    @Test
    void aspectjWithoutAspectJOnTheClasspathFailsStartup() {
        assertStartupFailure(
                runner.withPropertyValues("balance-guard.advice-mode=aspectj")
                        .withClassLoader(new FilteredClassLoader("org.aspectj")),
                "balance-guard.advice-mode",
                "'aspectj' is chosen but AspectJ is not on the classpath",
                "set balance-guard.advice-mode=proxy");
    }

    @Test
    void anUnknownModeFailsStartup() {
        runner.withPropertyValues("balance-guard.advice-mode=weaving").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("weaving");
        });
    }
}
