package dev.balanceguard.kotlin

import dev.balanceguard.BalanceGuard
import dev.balanceguard.GuardDecision
import dev.balanceguard.InsufficientBalanceException
import dev.balanceguard.core.Money
import dev.balanceguard.test.Eventually
import java.math.BigDecimal
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.springframework.aop.support.AopUtils
import org.springframework.beans.factory.annotation.Autowired
import org.springframework.boot.test.context.SpringBootTest
import org.springframework.boot.test.web.server.LocalServerPort
import org.springframework.test.annotation.DirtiesContext

/**
 * A real Boot application on a real port, with a simulated provider holding 100 USD: a guarded suspend function is
 * checked before its body runs and holds its estimate while it is suspended; a cancelled one ends its hold; a Flow is
 * checked when it is collected and holds until the collection ends. Each test starts from a fresh context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class SuspendingCampaignsTest {

    @Autowired
    lateinit var campaigns: Campaigns

    @Autowired
    lateinit var guard: BalanceGuard

    @LocalServerPort
    var port = 0

    private val http = HttpClient.newHttpClient()

    @BeforeEach
    fun proxied() {
        assertThat(AopUtils.isAopProxy(campaigns)).isTrue()
    }

    @Test
    fun `a refused suspend call never runs its body and answers with the decision over HTTP`() {
        val response = post("/campaigns?amount=250")

        assertThat(response.statusCode()).isEqualTo(402)
        assertThat(response.body()).isEqualTo("INSUFFICIENT shortfall 150 USD")
        assertThat(campaigns.runs).hasValue(0)
        assertThat(guard.snapshot("main").lastDecision().map(GuardDecision::allowed)).contains(false)
    }

    @Test
    fun `an allowed suspend call holds its estimate while it is suspended and commits it when it returns`() {
        campaigns.gate = CompletableDeferred()
        val response = http.sendAsync(request("/campaigns?amount=30"), HttpResponse.BodyHandlers.ofString())

        Eventually.until("the body runs") { campaigns.runs.get() == 1 }
        assertThat(reserved()).isEqualByComparingTo("30")
        assertThat(response).isNotDone()

        campaigns.gate.complete(Unit)
        val answer = response.get()
        assertThat(answer.statusCode()).isEqualTo(200)
        assertThat(answer.body()).isEqualTo("sent 30")
        assertThat(reserved()).isZero()
        assertThat(unbooked()).isEqualByComparingTo("30")
    }

    @Test
    fun `a refused suspend call throws the decision before the body runs`() {
        val refused = assertThrows<InsufficientBalanceException> {
            runBlocking { campaigns.send(BigDecimal("250")) }
        }

        assertThat(refused.decision().allowed()).isFalse()
        assertThat(refused.decision().shortfall()).isEqualTo(Money.of("150", "USD"))
        assertThat(campaigns.runs).hasValue(0)
        assertThat(reserved()).isZero()
    }

    @Test
    fun `a cancelled coroutine releases its hold`() {
        runBlocking {
            campaigns.gate = CompletableDeferred()
            val spendingBefore = unbooked()
            val sending = launch(Dispatchers.Default) { campaigns.send(BigDecimal("30")) }
            Eventually.until("the body runs") { campaigns.runs.get() == 1 }
            assertThat(reserved()).isEqualByComparingTo("30")

            sending.cancelAndJoin()
            assertThat(reserved()).isZero()
            assertThat(unbooked()).isEqualByComparingTo(spendingBefore)
        }
    }

    @Test
    fun `a suspend call that times out ends its hold`() {
        campaigns.gate = CompletableDeferred()
        assertThrows<TimeoutCancellationException> {
            runBlocking { withTimeout(500) { campaigns.send(BigDecimal("30")) } }
        }

        assertThat(campaigns.runs).hasValue(1)
        assertThat(reserved()).isZero()
        assertThat(unbooked()).isZero()
        assertThat(guard.check("main", Money.of("100", "USD")).available()).contains(Money.of("100", "USD"))
    }

    @Test
    fun `a Flow is checked when it is collected and holds its estimate until the collection completes`() {
        runBlocking {
            campaigns.gate = CompletableDeferred()
            val batches = campaigns.sendBatches(BigDecimal("30"), 3)
            assertThat(guard.snapshot("main").lastDecision()).isEmpty()

            val sent = async(Dispatchers.Default) { batches.toList() }
            Eventually.until("the flow is collected") { campaigns.runs.get() == 1 }
            assertThat(reserved()).isEqualByComparingTo("30")

            campaigns.gate.complete(Unit)
            assertThat(sent.await()).containsExactly(1, 2, 3)
            assertThat(reserved()).isZero()
            assertThat(unbooked()).isEqualByComparingTo("30")

            assertThrows<InsufficientBalanceException> { campaigns.sendBatches(BigDecimal("250"), 1).toList() }
            assertThat(campaigns.runs).hasValue(1)
        }
    }

    @Test
    fun `a cancelled Flow collection ends its hold`() {
        runBlocking {
            campaigns.gate = CompletableDeferred()
            val collecting = launch(Dispatchers.Default) { campaigns.sendBatches(BigDecimal("30"), 3).toList() }
            Eventually.until("the flow is collected") { campaigns.runs.get() == 1 }
            assertThat(reserved()).isEqualByComparingTo("30")

            collecting.cancelAndJoin()
            assertThat(reserved()).isZero()
            assertThat(unbooked()).isZero()
        }
    }

    @Test
    fun `a suspend function returning a Flow holds until the Flow it returns is collected`() {
        runBlocking {
            assertThat(campaigns.prepareBatches(BigDecimal("30"), 2).toList()).containsExactly(1, 2)
            assertThat(reserved()).isZero()
            assertThat(unbooked()).isEqualByComparingTo("30")

            assertThrows<InsufficientBalanceException> { campaigns.prepareBatches(BigDecimal("250"), 1).toList() }
        }
    }

    private fun reserved(): BigDecimal =
        guard.snapshot("main").reserved().map(Money::amount).orElse(BigDecimal.ZERO)

    private fun unbooked(): BigDecimal =
        guard.snapshot("main").unbookedSpend().map(Money::amount).orElse(BigDecimal.ZERO)

    private fun request(path: String): HttpRequest =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:$port$path"))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build()

    private fun post(path: String): HttpResponse<String> =
        http.send(request(path), HttpResponse.BodyHandlers.ofString())
}
