package dev.balanceguard.kotlin

import dev.balanceguard.interceptor.BalanceGuardSetupException
import dev.balanceguard.spring.autoconfigure.BalanceGuardAutoConfiguration
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.springframework.aop.support.AopUtils
import org.springframework.boot.autoconfigure.AutoConfigurations
import org.springframework.boot.test.context.runner.ApplicationContextRunner
import org.springframework.core.NestedExceptionUtils

/** The AspectJ aspect cannot guard a suspend function: aspectj mode refuses one at startup, naming proxy mode. */
class SuspendingAdviceModeTest {

    private val runner = ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(BalanceGuardAutoConfiguration::class.java))
        .withBean(Campaigns::class.java)
        .withPropertyValues(
            "balance-guard.accounts.main.provider=simulator",
            "balance-guard.accounts.main.balance=100",
            "balance-guard.accounts.main.currency=USD",
        )

    @Test
    fun `aspectj mode fails startup on a guarded suspend function and names proxy mode`() {
        runner.withPropertyValues("balance-guard.advice-mode=aspectj").run { context ->
            assertThat(context).hasFailed()
            val refused = NestedExceptionUtils.getMostSpecificCause(context.startupFailure!!)
            assertThat(refused).isInstanceOf(BalanceGuardSetupException::class.java)
                .hasMessageContaining("Campaigns.send")
                .hasMessageContaining("suspend function, which the AspectJ aspect cannot guard")
            assertThat((refused as BalanceGuardSetupException).action())
                .contains("Set balance-guard.advice-mode=proxy")
        }
    }

    @Test
    fun `proxy mode guards the same bean`() {
        runner.withPropertyValues("balance-guard.advice-mode=proxy").run { context ->
            assertThat(context).hasNotFailed()
            assertThat(AopUtils.isAopProxy(context.getBean(Campaigns::class.java))).isTrue()
        }
    }
}
