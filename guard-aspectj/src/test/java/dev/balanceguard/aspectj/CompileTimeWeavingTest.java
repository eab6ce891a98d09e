package dev.balanceguard.aspectj;

import static dev.balanceguard.aspectj.AspectFixture.UK;
import static dev.balanceguard.aspectj.AspectFixture.US;
import static dev.balanceguard.aspectj.AspectFixture.numbers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.GuardDecision;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.annotation.RequiresBalance;
import dev.balanceguard.core.Money;
import dev.balanceguard.interceptor.BalanceGuardSetupException;
import dev.balanceguard.interceptor.GuardSource;
import dev.balanceguard.interceptor.Weaving;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Classes compiled with the aspect by ajc (this module's test sources), run in a plain JVM: no Spring context, no
 * proxy, only the guard and the pricing the application hands the aspect at startup.
 */
class CompileTimeWeavingTest {

    private final AspectFixture fixture = new AspectFixture();
    private final WovenCampaigns campaigns = new WovenCampaigns();

    @BeforeEach
    void configure() {
        fixture.configure();
    }

    @AfterEach
    void release() {
        fixture.release();
    }

    @Test
    void theFixturesAreWovenAndNoSpringContextIsOnTheClasspath() throws Exception {
        assertThat(Weaving.isWoven(WovenCampaigns.class.getMethod("send", List.class, String.class)))
                .isTrue();
        assertThat(Weaving.isWoven(WovenCampaigns.class.getMethod("runs"))).isTrue();
        assertThat(Weaving.isWoven(Object.class.getMethod("hashCode"))).isFalse();
        assertThat(RequiresBalanceAspect.Guarded.class)
                .isAssignableFrom(WovenCampaigns.class)
                .isAssignableFrom(ClassLevelCampaigns.class);
        for (String absent : List.of(
                "org.springframework.context.ApplicationContext",
                "org.springframework.beans.factory.BeanFactory",
                "org.springframework.boot.SpringApplication",
                "org.springframework.aop.framework.ProxyFactory")) {
            assertThatThrownBy(() -> Class.forName(absent)).as(absent).isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void anAllowedCallRunsItsBodyAfterOneCheck() {
        assertThat(campaigns.send(List.of(UK, US), "Hello")).isEqualTo(2);

        assertThat(campaigns.runs()).isEqualTo(1);
        assertThat(fixture.decisions).singleElement().satisfies(d -> {
            assertThat(d.allowed()).isTrue();
            assertThat(d.estimate()).isEqualTo(Money.of("0.09", "USD"));
        });
        assertThat(fixture.guard.snapshot("main").unbookedSpend()).contains(Money.of("0.09", "USD"));
    }

    @Test
    void aBlockedCallNeverRunsItsBody() {
        assertThatThrownBy(() -> campaigns.send(numbers(3000), "Hello"))
                .isInstanceOfSatisfying(InsufficientBalanceException.class, e -> {
                    assertThat(e.decision().reason()).isEqualTo(GuardDecision.Reason.INSUFFICIENT);
                    assertThat(e.decision().estimate()).isEqualTo(Money.of("120", "USD"));
                });
        assertThat(campaigns.runs()).isZero();
        assertThat(fixture.decisions).hasSize(1);
    }

    @Test
    void selfInvocationOfAPrivateMethodIsGuardedOnEveryCall() {
        assertThat(campaigns.sendInBatches(numbers(1000), "Hi", 500)).isEqualTo(1000);
        assertThat(fixture.decisions)
                .hasSize(2)
                .allSatisfy(d -> assertThat(d.estimate()).isEqualTo(Money.of("20", "USD")));

        // 40 USD spent; of four more batches of 20 USD, the fourth no longer fits
        assertThatThrownBy(() -> campaigns.sendInBatches(numbers(2000), "Hi", 500))
                .isInstanceOf(InsufficientBalanceException.class);
        assertThat(campaigns.runs()).isEqualTo(5);
        assertThat(fixture.decisions).hasSize(6);
    }

    @Test
    void anOverrideCallingSuperIsCheckedOnce() {
        OverridingCampaigns overriding = new OverridingCampaigns();

        assertThat(overriding.send(List.of(UK), "Hi")).isEqualTo(1);
        assertThat(fixture.decisions).hasSize(1);

        assertThatThrownBy(() -> overriding.send(numbers(3000), "Hi")).isInstanceOf(InsufficientBalanceException.class);
        assertThat(overriding.runs()).isEqualTo(1);
        assertThat(fixture.decisions).hasSize(2);
    }

    @Test
    void anAnnotationOnTheInterfaceMethodIsEnforced() {
        Notifier notifier = campaigns;

        assertThatThrownBy(() -> notifier.notifyAll(numbers(3000), "Hi"))
                .isInstanceOf(InsufficientBalanceException.class);
        assertThat(campaigns.runs()).isZero();
        notifier.notifyAll(List.of(UK), "Hi");
        assertThat(campaigns.runs()).isEqualTo(1);
        assertThat(fixture.decisions).hasSize(2);
    }

    @Test
    void aMetaAnnotationIsEnforcedWithItsPlaceholderResolved() {
        assertThatThrownBy(campaigns::sendPremium)
                .isInstanceOfSatisfying(
                        InsufficientBalanceException.class,
                        e -> assertThat(e.decision().min()).isEqualTo(Money.of("1000000", "USD")));
        assertThat(campaigns.runs()).isZero();
    }

    @Test
    void placeholdersComeFromTheApplicationsProperties() {
        assertThatThrownBy(() -> campaigns.sendKeepingFloor(List.of(US), "Hi"))
                .isInstanceOfSatisfying(
                        InsufficientBalanceException.class,
                        e -> assertThat(e.decision().min()).isEqualTo(Money.of("99.99", "USD")));
        assertThat(campaigns.runs()).isZero();
    }

    @Test
    void theAccountExpressionAndTheFallback() {
        assertThat(campaigns.sendOrSkip("low", new BigDecimal("25"))).isEqualTo("skipped: INSUFFICIENT");
        assertThat(fixture.decisions)
                .singleElement()
                .satisfies(d -> assertThat(d.account()).isEqualTo("low"));
        assertThat(campaigns.runs()).isZero();

        assertThat(campaigns.sendOrSkip(null, new BigDecimal("25"))).isEqualTo("sent");
        assertThat(fixture.decisions.get(1).account()).isEqualTo("main");
    }

    @Test
    void aClassLevelAnnotationGuardsPublicMethodsOnly() {
        ClassLevelCampaigns digest = new ClassLevelCampaigns();
        fixture.main.balance(Money.of("49.99", "USD"));

        assertThatThrownBy(digest::nightlyDigest).isInstanceOf(InsufficientBalanceException.class);
        digest.housekeeping();

        assertThat(digest.bodyRuns).hasValue(1);
        assertThat(fixture.decisions).hasSize(1);
    }

    @Test
    void anUnguardedMethodPassesThroughWithoutACheck() {
        campaigns.runs();
        campaigns.hashCode();
        assertThat(fixture.decisions).isEmpty();
    }

    @Test
    void aFailedRunCountsItsEstimateAsSpentAndRefreshesTheBalance() {
        campaigns.send(List.of(UK), "warm the cache");
        long fetches = fixture.main.fetchCount();

        assertThatThrownBy(() -> campaigns.sendThenFail(numbers(1000), "Hi", new IllegalStateException("gateway down")))
                .hasMessage("gateway down");

        assertThat(campaigns.runs()).isEqualTo(2);
        GuardDecision next = fixture.guard.check("main", Money.of("1", "USD"));
        assertThat(next.unbookedSpend()).isEqualTo(Money.of("40.04", "USD"));
        assertThat(next.reserved().isZero()).isTrue();
        assertThat(fixture.main.fetchCount()).isEqualTo(fetches + 1);
    }

    @Test
    void aFailureDeclaredInReleaseOnReleasesTheHold() {
        campaigns.send(List.of(UK), "warm the cache");
        long fetches = fixture.main.fetchCount();

        assertThatThrownBy(() -> campaigns.sendThenFail(numbers(1000), "Hi", new NumberFormatException("bad template")))
                .isInstanceOf(NumberFormatException.class);

        GuardDecision next = fixture.guard.check("main", Money.of("1", "USD"));
        assertThat(next.unbookedSpend()).isEqualTo(Money.of("0.04", "USD"));
        assertThat(next.reserved().isZero()).isTrue();
        assertThat(fixture.main.fetchCount()).isEqualTo(fetches);
    }

    @Test
    void aCompletionStageHoldsTheEstimateUntilItCompletes() {
        var future = campaigns.sendLater(List.of(US), "Hi");

        assertThat(future).isNotDone();
        assertThat(fixture.guard.snapshot("main").reserved()).contains(Money.of("0.05", "USD"));

        campaigns.pending.complete("done");
        assertThat(fixture.guard.snapshot("main").reserved())
                .hasValueSatisfying(r -> assertThat(r.isZero()).isTrue());
        assertThat(fixture.guard.snapshot("main").unbookedSpend()).contains(Money.of("0.05", "USD"));
    }

    @Test
    void aStageThatFailsCountsAsSpent() {
        var future = campaigns.sendLater(List.of(US), "Hi");
        long fetches = fixture.main.fetchCount();

        campaigns.pending.completeExceptionally(new IllegalStateException("gateway down"));

        assertThat(future).isCompletedExceptionally();
        assertThat(fixture.guard.snapshot("main").reserved())
                .hasValueSatisfying(r -> assertThat(r.isZero()).isTrue());
        assertThat(fixture.guard.check("main", Money.of("1", "USD")).unbookedSpend())
                .isEqualTo(Money.of("0.05", "USD"));
        assertThat(fixture.main.fetchCount()).isEqualTo(fetches + 1);
    }

    @Test
    void anUnconfiguredAspectRefusesToRunAGuardedMethod() {
        fixture.release();

        assertThatThrownBy(() -> campaigns.send(List.of(UK), "Hi"))
                .isInstanceOf(BalanceGuardSetupException.class)
                .hasMessageContaining("WovenCampaigns.send")
                .hasMessageContaining("no guard");
        assertThat(campaigns.runs()).isZero(); // unguarded methods still run
    }

    @Test
    void deferredToSpringsProxiesTheAdviceStandsAsideUntilReleased() {
        fixture.release();
        GuardSource proxies = GuardSource.of(fixture.guard, account -> fixture.estimator, name -> null);
        RequiresBalanceAspect.aspectOf().deferToProxies(proxies);

        assertThat(campaigns.send(numbers(3000), "Hi")).isEqualTo(3000); // the proxy in front checked it
        assertThat(fixture.decisions).isEmpty();
        assertThat(RequiresBalanceAspect.aspectOf().guards()).isNull();

        RequiresBalanceAspect.aspectOf().release(proxies);
        assertThatThrownBy(() -> campaigns.send(List.of(UK), "Hi")).isInstanceOf(BalanceGuardSetupException.class);

        RequiresBalanceAspect.aspectOf().deferToProxies(proxies);
        fixture.configure(); // a later configuration replaces the deferral
        assertThatThrownBy(() -> campaigns.send(numbers(3000), "Hi")).isInstanceOf(InsufficientBalanceException.class);
        assertThat(campaigns.runs()).isEqualTo(1);
    }

    @Test
    void aMalformedAnnotationFailsTheCallBeforeTheBody() {
        class Malformed {
            @RequiresBalance(recipients = "#numbers")
            void send(List<String> numbers) {
                throw new AssertionError("the body ran");
            }
        }
        assertThatThrownBy(() -> new Malformed().send(List.of(UK)))
                .isInstanceOfSatisfying(
                        BalanceGuardSetupException.class,
                        e -> assertThat(e.problem()).isEqualTo("an SMS run needs message"));
    }
}
