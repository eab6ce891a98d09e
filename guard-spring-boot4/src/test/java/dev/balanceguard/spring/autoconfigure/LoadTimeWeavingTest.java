package dev.balanceguard.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.core.Money;
import dev.balanceguard.interceptor.Weaving;
import dev.balanceguard.spring.autoconfigure.app.CountingTransactionManager;
import dev.balanceguard.spring.autoconfigure.app.Notifier;
import dev.balanceguard.spring.autoconfigure.woven.DecisionLog;
import dev.balanceguard.spring.autoconfigure.woven.WovenApplication;
import dev.balanceguard.spring.autoconfigure.woven.WovenCampaignService;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

/**
 * {@code balance-guard.advice-mode=aspectj} in a JVM forked with {@code -javaagent:aspectjweaver.jar} (surefire's
 * {@code load-time-weaving} execution). The test {@code META-INF/aop.xml} names no aspect: guard-aspectj's own declares
 * it, and the test's only includes {@code dev.balanceguard.spring.autoconfigure.woven}. The aspect takes the guard from
 * this context; no proxy advisor exists. The context closes after the class, so that
 * {@link ProxyModeLoadTimeWeavingTest}, in the same JVM, finds the aspect released.
 */
@DirtiesContext
@SpringBootTest(
        classes = WovenApplication.class,
        properties = {
            "balance-guard.advice-mode=aspectj",
            "balance-guard.accounts.main.provider=simulator",
            "balance-guard.accounts.main.balance=100.00",
            "balance-guard.accounts.main.currency=USD",
            "balance-guard.accounts.main.rates=classpath:rates.csv",
            "campaigns.floor=0",
            "balance-guard.budgets.tenant-a.limit=1 USD",
            "balance-guard.budgets.tenant-a.period=day",
        })
class LoadTimeWeavingTest {

    private static final String UK = "+447700900001";

    @Autowired
    WovenCampaignService campaigns;

    @Autowired
    Notifier notifier;

    @Autowired
    DecisionLog log;

    @Autowired
    BalanceGuard guard;

    @Autowired
    CountingTransactionManager transactions;

    @Autowired
    ApplicationContext context;

    private static List<String> numbers(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> String.format("+4477009%05d", i))
                .toList();
    }

    @BeforeEach
    void clearLog() {
        log.decisions.clear();
    }

    @Test
    void theJvmRunsTheWeaverAndNoProxyAdvisorIsRegistered() throws Exception {
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments())
                .anySatisfy(arg -> assertThat(arg).startsWith("-javaagent:").contains("aspectjweaver"));
        assertThat(Weaving.isWoven(WovenCampaignService.class.getMethod("send", List.class, String.class)))
                .isTrue();
        assertThat(context.containsBean("requiresBalanceAdvisingPostProcessor")).isFalse();
        assertThat(context.getBeansOfType(RequiresBalanceAspectConfigurer.class))
                .hasSize(1);
        assertThat(AopUtils.isAopProxy(notifier)).isFalse();
    }

    @Test
    void aBlockedCallNeverRunsItsBody() {
        int before = campaigns.bodyRuns();

        assertThatThrownBy(() -> campaigns.send(numbers(3000), "Hello"))
                .isInstanceOfSatisfying(
                        InsufficientBalanceException.class,
                        e -> assertThat(e.decision().estimate()).isEqualTo(Money.of("120", "USD")));

        assertThat(campaigns.bodyRuns()).isEqualTo(before);
    }

    @Test
    void aWovenRunCountsAgainstTheBudgetItsExpressionNames() {
        int before = campaigns.bodyRuns();
        assertThat(campaigns.sendForTenant("tenant-a", numbers(25), "Hi")).isEqualTo(25); // 25 x 0.04 = 1 USD

        assertThatThrownBy(() -> campaigns.sendForTenant("tenant-a", numbers(1), "Hi"))
                .isInstanceOfSatisfying(InsufficientBalanceException.class, e -> {
                    assertThat(e.decision().reason()).isEqualTo(GuardDecision.Reason.BUDGET_EXCEEDED);
                    assertThat(e.decision().budget().orElseThrow().spent()).isEqualTo(Money.of("1", "USD"));
                });

        assertThat(campaigns.bodyRuns()).isEqualTo(before + 1);
        assertThat(campaigns.send(numbers(1), "Hi")).isEqualTo(1); // a run that names no budget
    }

    @Test
    void eachCallIsCheckedExactlyOnce() {
        campaigns.send(List.of(UK), "Hi");
        assertThat(log.decisions).hasSize(1);

        campaigns.sendInTransaction(List.of(UK), "Hi"); // a CGLIB proxy for @Transactional on top of the woven bean
        assertThat(log.decisions).hasSize(2);
        assertThat(AopUtils.isCglibProxy(campaigns)).isTrue();
    }

    @Test
    void selfInvocationOfAPrivateMethodIsGuarded() {
        int before = campaigns.bodyRuns();

        assertThat(campaigns.sendInBatches(numbers(100), "Hi", 50)).isEqualTo(100);
        assertThat(log.decisions)
                .hasSize(2)
                .allSatisfy(d -> assertThat(d.estimate()).isEqualTo(Money.of("2", "USD")));

        assertThatThrownBy(() -> campaigns.sendInBatches(numbers(6000), "Hi", 3000))
                .isInstanceOf(InsufficientBalanceException.class);
        assertThat(campaigns.bodyRuns()).isEqualTo(before + 2);
    }

    @Test
    void anAnnotationOnTheInterfaceMethodIsEnforced() {
        int before = notifier.sent();

        assertThatThrownBy(() -> notifier.notifyAll(numbers(3000), "Hi"))
                .isInstanceOf(InsufficientBalanceException.class);
        assertThat(notifier.sent()).isEqualTo(before);
        notifier.notifyAll(List.of(UK), "Hi");
        assertThat(notifier.sent()).isEqualTo(before + 1);
    }

    @Test
    void theCheckRunsInsideTheTransactionProxyInThisMode() {
        int begun = transactions.begun.get();

        assertThatThrownBy(() -> campaigns.sendInTransaction(numbers(3000), "Hi"))
                .isInstanceOf(InsufficientBalanceException.class);
        // woven advice runs inside every proxy: the transaction began, and rolled back with the refusal
        assertThat(transactions.begun.get()).isEqualTo(begun + 1);
        assertThat(log.decisions).hasSize(1);
    }
}
