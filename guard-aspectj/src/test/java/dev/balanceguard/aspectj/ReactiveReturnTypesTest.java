package dev.balanceguard.aspectj;

import static dev.balanceguard.aspectj.AspectFixture.UK;
import static dev.balanceguard.aspectj.AspectFixture.numbers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.core.Money;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

/** Mono and Flux results: checked at subscription, held until the publisher completes, errors or is cancelled. */
class ReactiveReturnTypesTest {

    private static final Money ONE_THOUSAND_UK = Money.of("40", "USD");

    private final AspectFixture fixture = new AspectFixture();
    private final WovenCampaigns campaigns = new WovenCampaigns();
    private final TestPublisher<String> deliveries = TestPublisher.create();

    @BeforeEach
    void configure() {
        fixture.configure();
        campaigns.deliveries = deliveries;
    }

    @AfterEach
    void release() {
        fixture.release();
    }

    private Money reserved() {
        return fixture.guard.snapshot("main").reserved().orElseThrow();
    }

    private Money unbooked() {
        return fixture.guard.check("main", Money.of("0", "USD")).unbookedSpend();
    }

    @Test
    void theCheckRunsAtSubscriptionNotWhenTheMethodIsCalled() {
        Mono<Integer> run = campaigns.sendReactive(List.of(UK, UK), "Hi");

        assertThat(fixture.decisions).isEmpty();
        assertThat(campaigns.runs()).isZero();

        StepVerifier.create(run).expectNext(2).verifyComplete();
        StepVerifier.create(run).expectNext(2).verifyComplete(); // each subscription is a run of its own

        assertThat(fixture.decisions)
                .hasSize(2)
                .allSatisfy(d -> assertThat(d.allowed()).isTrue());
        assertThat(campaigns.runs()).isEqualTo(2);
        assertThat(unbooked()).isEqualTo(Money.of("0.16", "USD"));
    }

    @Test
    void aRefusedSubscriptionEmitsTheRefusalWithoutTheBody() {
        Mono<Integer> run = campaigns.sendReactive(numbers(3000), "Hi");

        StepVerifier.create(run)
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOfSatisfying(
                                InsufficientBalanceException.class,
                                refused -> assertThat(refused.decision().estimate())
                                        .isEqualTo(Money.of("120", "USD"))))
                .verify();

        assertThat(campaigns.runs()).isZero();
        assertThat(reserved().isZero()).isTrue();
    }

    @Test
    void aRefusedSubscriptionSubscribesToTheFallbackInstead() {
        StepVerifier.create(campaigns.deliverOrSkip(new BigDecimal("5000")))
                .expectNext("skipped: INSUFFICIENT")
                .verifyComplete();
        StepVerifier.create(campaigns.deliverOrSkip(new BigDecimal("1")))
                .expectNext("delivered")
                .verifyComplete();

        assertThat(campaigns.runs()).isEqualTo(1);
    }

    @Test
    void theHoldLivesUntilThePublisherCompletes() {
        StepVerifier.create(campaigns.deliver(numbers(1000), "Hi"))
                .then(() -> {
                    deliveries.assertWasSubscribed();
                    assertThat(reserved()).isEqualTo(ONE_THOUSAND_UK);
                })
                .then(() -> deliveries.next("delivered 1", "delivered 2"))
                .expectNext("delivered 1", "delivered 2")
                .then(() -> assertThat(reserved()).isEqualTo(ONE_THOUSAND_UK))
                .then(deliveries::complete)
                .verifyComplete();

        assertThat(reserved().isZero()).isTrue();
        assertThat(unbooked()).isEqualTo(ONE_THOUSAND_UK);
    }

    @Test
    void aCancelledRunReleasesItsHold() {
        fixture.guard.check("main", Money.of("1", "USD"));
        long fetches = fixture.main.fetchCount();

        StepVerifier.create(campaigns.deliver(numbers(1000), "Hi"))
                .then(() -> deliveries.next("delivered 1"))
                .expectNext("delivered 1")
                .then(() -> assertThat(reserved()).isEqualTo(ONE_THOUSAND_UK))
                .thenCancel()
                .verify();

        deliveries.assertCancelled();
        assertThat(reserved().isZero()).isTrue();
        // the subscriber gave the run up: nothing counted as spent, no fetch forced (the next reading shows it)
        assertThat(unbooked().isZero()).isTrue();
        assertThat(fixture.main.fetchCount()).isEqualTo(fetches);
    }

    @Test
    void anErrorCountsAsSpentUnlessDeclaredInReleaseOn() {
        StepVerifier.create(campaigns.deliver(numbers(1000), "Hi"))
                .then(() -> deliveries.error(new IllegalArgumentException("template rejected before sending")))
                .verifyError(IllegalArgumentException.class);
        assertThat(reserved().isZero()).isTrue();
        assertThat(unbooked().isZero()).isTrue();

        TestPublisher<String> failing = TestPublisher.create();
        campaigns.deliveries = failing;
        StepVerifier.create(campaigns.deliver(numbers(1000), "Hi"))
                .then(() -> failing.error(new IllegalStateException("gateway down half-way")))
                .verifyError(IllegalStateException.class);
        assertThat(reserved().isZero()).isTrue();
        assertThat(unbooked()).isEqualTo(ONE_THOUSAND_UK);
    }

    @Test
    void aRefusedFluxNeverSubscribesToTheBody() {
        Flux<String> run = campaigns.deliver(numbers(3000), "Hi");

        StepVerifier.create(run).verifyError(InsufficientBalanceException.class);

        deliveries.assertWasNotSubscribed();
        assertThat(campaigns.runs()).isZero();
    }
}
