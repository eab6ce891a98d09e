package dev.balanceguard.kotlin

import dev.balanceguard.InsufficientBalanceException
import dev.balanceguard.annotation.RequiresBalance
import java.math.BigDecimal
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import org.springframework.boot.autoconfigure.SpringBootApplication
import org.springframework.context.annotation.Bean
import org.springframework.http.HttpStatus
import org.springframework.http.ResponseEntity
import org.springframework.web.bind.annotation.ExceptionHandler
import org.springframework.web.bind.annotation.PostMapping
import org.springframework.web.bind.annotation.RequestParam
import org.springframework.web.bind.annotation.RestController

/** A Boot application whose guarded campaign sends are suspend functions and Flows, behind suspend controllers. */
@SpringBootApplication(proxyBeanMethods = false)
class CampaignApplication {

    @Bean
    fun campaigns() = Campaigns()
}

/**
 * The guarded bean. Each body counts its runs first, then suspends on [gate] (open unless a test closes it), so a
 * test sees a run in flight, and whether a body ran at all. Everything is open, so the proxy passes it on.
 */
open class Campaigns {
    open val runs = AtomicInteger()

    @Volatile
    open var gate = CompletableDeferred(Unit)

    @RequiresBalance(cost = "#amount")
    open suspend fun send(amount: BigDecimal): String {
        runs.incrementAndGet()
        gate.await()
        return "sent $amount"
    }

    /** Sends [batches] batches, one per element, each after the gate opens. */
    @RequiresBalance(cost = "#amount")
    open fun sendBatches(amount: BigDecimal, batches: Int): Flow<Int> = flow {
        runs.incrementAndGet()
        for (batch in 1..batches) {
            gate.await()
            emit(batch)
        }
    }

    /** A suspend function that returns a Flow: Spring's proxy runs it as a Flux and hands back a Flow. */
    @RequiresBalance(cost = "#amount")
    open suspend fun prepareBatches(amount: BigDecimal, batches: Int): Flow<Int> {
        gate.await()
        return sendBatches(BigDecimal.ZERO, batches)
    }
}

@RestController
class CampaignController(private val campaigns: Campaigns) {

    @PostMapping("/campaigns")
    suspend fun send(@RequestParam amount: BigDecimal): String = campaigns.send(amount)

    @ExceptionHandler
    fun refused(refused: InsufficientBalanceException): ResponseEntity<String> {
        val decision = refused.decision()
        return ResponseEntity.status(HttpStatus.PAYMENT_REQUIRED)
            .body("${decision.reason()} shortfall ${decision.shortfall()}")
    }
}
