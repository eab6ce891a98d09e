package dev.balanceguard.kotlin

import dev.balanceguard.InsufficientBalanceException
import dev.balanceguard.annotation.RequiresBalance
import dev.balanceguard.interceptor.BalanceGuardSetupException
import dev.balanceguard.spring.autoconfigure.BalanceGuardAutoConfiguration
import java.math.BigDecimal
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.springframework.aop.support.AopUtils
import org.springframework.boot.autoconfigure.AutoConfigurations
import org.springframework.boot.test.context.runner.ApplicationContextRunner
import org.springframework.core.NestedExceptionUtils

/**
 * What fails startup on a suspend function: aspectj mode (the aspect cannot guard one), naming proxy mode; and a
 * fallback, which is not supported on one.
 */
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
        val refused = setupFailure(runner.withPropertyValues("balance-guard.advice-mode=aspectj"))
        assertThat(refused)
            .hasMessageContaining("Campaigns.send")
            .hasMessageContaining("suspend function, which the AspectJ aspect cannot guard")
        assertThat(refused.action()).contains("Set balance-guard.advice-mode=proxy")
    }

    @Test
    fun `a fallback on a suspend function fails startup naming the alternative`() {
        val refused = setupFailure(runner.withBean(WithFallback::class.java))
        assertThat(refused).hasMessageContaining("WithFallback.send: a fallback is not supported on a suspend function")
        assertThat(refused.action()).contains("catch InsufficientBalanceException where the function is called")
    }

    open class WithFallback {
        @RequiresBalance(cost = "#amount", fallback = "notSent")
        open suspend fun send(amount: BigDecimal): String = "sent"

        open suspend fun notSent(amount: BigDecimal, refused: InsufficientBalanceException): String = "not sent"
    }

    @Test
    fun `an expression may name the arguments of a suspend function, never its continuation`() {
        val refused = setupFailure(runner.withBean(NamesTheContinuation::class.java))
        assertThat(refused)
            .hasMessageContaining("NamesTheContinuation.send")
            .hasMessageContaining("names #p1, which is not an argument of the method")
        assertThat(refused.action()).isEqualTo("Name an argument: #p0, #amount.")
    }

    open class NamesTheContinuation {
        @RequiresBalance(cost = "#p1")
        open suspend fun send(amount: BigDecimal): String = "sent"
    }

    /** The setup error that stopped the context's startup. */
    private fun setupFailure(runner: ApplicationContextRunner): BalanceGuardSetupException {
        var refused: Throwable? = null
        runner.run { context ->
            assertThat(context).hasFailed()
            refused = NestedExceptionUtils.getMostSpecificCause(context.startupFailure!!)
        }
        assertThat(refused).isInstanceOf(BalanceGuardSetupException::class.java)
        return refused as BalanceGuardSetupException
    }

    @Test
    fun `proxy mode guards the same bean`() {
        runner.withPropertyValues("balance-guard.advice-mode=proxy").run { context ->
            assertThat(context).hasNotFailed()
            assertThat(AopUtils.isAopProxy(context.getBean(Campaigns::class.java))).isTrue()
        }
    }
}
