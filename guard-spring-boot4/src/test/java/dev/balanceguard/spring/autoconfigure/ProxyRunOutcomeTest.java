package dev.balanceguard.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.BalanceSource;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.GuardListener;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.annotation.RequiresBalance;
import dev.balanceguard.core.Money;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** Through the proxy advisor: what a failed run spent, reactive results, and listener beans that misbehave. */
class ProxyRunOutcomeTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BalanceGuardAutoConfiguration.class))
            .withUserConfiguration(Beans.class)
            .withPropertyValues(
                    "balance-guard.accounts.main.provider=simulator",
                    "balance-guard.accounts.main.balance=100",
                    "balance-guard.accounts.main.currency=USD");

    @Test
    void aMethodThatThrowsSpendsItsEstimateUnlessTheExceptionIsDeclaredInReleaseOn() {
        runner.run(context -> {
            Sender sender = context.getBean(Sender.class);
            BalanceGuard guard = context.getBean(BalanceGuard.class);
            assertThat(AopUtils.isAopProxy(sender)).isTrue();

            assertThatThrownBy(() -> sender.send(new BigDecimal("30"), new IllegalArgumentException("bad template")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(guard.check("main", Money.of("0", "USD")).unbookedSpend().isZero())
                    .isTrue();

            assertThatThrownBy(() -> sender.send(new BigDecimal("30"), new IllegalStateException("gateway down")))
                    .isInstanceOf(IllegalStateException.class);
            // counted as spent against the reading in hand, which the next check replaces with a fresh one
            assertThat(guard.snapshot("main").unbookedSpend()).contains(Money.of("30", "USD"));
            assertThat(guard.check("main", Money.of("1", "USD")).source()).isEqualTo(BalanceSource.FRESH);
            assertThat(sender.runs()).isEqualTo(2);
        });
    }

    @Test
    void aMonoIsCheckedOnEverySubscriptionAndNeverWhenTheMethodIsCalled() {
        runner.run(context -> {
            Sender sender = context.getBean(Sender.class);
            Decisions decisions = context.getBean(Decisions.class);

            Mono<String> run = sender.sendLater(new BigDecimal("60"));
            assertThat(decisions.heard).isEmpty();
            assertThat(sender.runs()).isZero();

            StepVerifier.create(run).expectNext("sent").verifyComplete();
            StepVerifier.create(run).verifyError(InsufficientBalanceException.class); // 60 spent, 40 left

            assertThat(decisions.heard).hasSize(2);
            assertThat(sender.runs()).isEqualTo(1);
        });
    }

    @Test
    void aFluxHoldsItsEstimateUntilItCompletesAndIsRefusedBeforeItsBodyIsSubscribed() {
        runner.run(context -> {
            Sender sender = context.getBean(Sender.class);
            BalanceGuard guard = context.getBean(BalanceGuard.class);
            Sinks.Many<String> batches = Sinks.many().unicast().onBackpressureBuffer();

            Flux<String> run = sender.sendBatches(new BigDecimal("30"), batches.asFlux());
            assertThat(sender.runs()).isZero();

            StepVerifier.create(run)
                    .then(() -> assertThat(reserved(guard)).isEqualByComparingTo("30"))
                    .then(() -> batches.tryEmitNext("batch 1"))
                    .expectNext("batch 1")
                    .then(() -> assertThat(reserved(guard)).isEqualByComparingTo("30"))
                    .then(batches::tryEmitComplete)
                    .verifyComplete();
            assertThat(reserved(guard)).isZero();
            assertThat(guard.snapshot("main").unbookedSpend()).contains(Money.of("30", "USD"));

            Sinks.Many<String> never = Sinks.many().unicast().onBackpressureBuffer();
            StepVerifier.create(sender.sendBatches(new BigDecimal("80"), never.asFlux()))
                    .verifyErrorSatisfies(refused -> assertThat(refused)
                            .isInstanceOfSatisfying(
                                    InsufficientBalanceException.class,
                                    e -> assertThat(e.decision().shortfall()).isEqualTo(Money.of("10", "USD"))));
            assertThat(never.currentSubscriberCount()).isZero();
            assertThat(sender.runs()).isEqualTo(1);
        });
    }

    @Test
    void aCancelledPublisherReleasesItsHold() {
        runner.run(context -> {
            Sender sender = context.getBean(Sender.class);
            BalanceGuard guard = context.getBean(BalanceGuard.class);

            StepVerifier.create(sender.sendBatches(new BigDecimal("30"), Flux.never()))
                    .then(() -> assertThat(reserved(guard)).isEqualByComparingTo("30"))
                    .thenCancel()
                    .verify();
            assertThat(reserved(guard)).isZero();
            // the subscriber gave the run up: nothing counted as spent (the next reading shows what went out)
            assertThat(guard.snapshot("main").unbookedSpend().orElseThrow().isZero())
                    .isTrue();

            StepVerifier.create(sender.sendWhen(new BigDecimal("20"), Mono.never()))
                    .then(() -> assertThat(reserved(guard)).isEqualByComparingTo("20"))
                    .thenCancel()
                    .verify();
            assertThat(reserved(guard)).isZero();
            assertThat(guard.snapshot("main").unbookedSpend().orElseThrow().isZero())
                    .isTrue();
        });
    }

    private static BigDecimal reserved(BalanceGuard guard) {
        return guard.snapshot("main").reserved().map(Money::amount).orElse(BigDecimal.ZERO);
    }

    @Test
    void aListenerBeanThatThrowsHidesNoEventFromTheOthers() {
        runner.run(context -> {
            context.getBean(BalanceGuard.class).check("main", Money.of("1", "USD"));

            assertThat(context.getBean(Broken.class).calls).hasValue(1);
            assertThat(context.getBean(Decisions.class).heard).hasSize(1);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        Sender sender() {
            return new Sender();
        }

        @Bean
        @Order(1)
        Broken broken() {
            return new Broken();
        }

        @Bean
        @Order(2)
        Decisions decisions() {
            return new Decisions();
        }
    }

    static class Sender {
        private final AtomicInteger runs = new AtomicInteger();

        public int runs() {
            return runs.get();
        }

        @RequiresBalance(cost = "#amount", releaseOn = IllegalArgumentException.class)
        public void send(BigDecimal amount, RuntimeException failure) {
            runs.incrementAndGet();
            throw failure;
        }

        @RequiresBalance(cost = "#amount")
        public Mono<String> sendLater(BigDecimal amount) {
            runs.incrementAndGet();
            return Mono.just("sent");
        }

        @RequiresBalance(cost = "#amount")
        public Flux<String> sendBatches(BigDecimal amount, Flux<String> batches) {
            runs.incrementAndGet();
            return batches;
        }

        @RequiresBalance(cost = "#amount")
        public Mono<String> sendWhen(BigDecimal amount, Mono<String> sent) {
            runs.incrementAndGet();
            return sent;
        }
    }

    static class Broken implements GuardListener {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void onDecision(GuardDecision decision) {
            calls.incrementAndGet();
            throw new IllegalStateException("broken listener");
        }
    }

    static class Decisions implements GuardListener {
        final List<GuardDecision> heard = new CopyOnWriteArrayList<>();

        @Override
        public void onDecision(GuardDecision decision) {
            heard.add(decision);
        }
    }
}
