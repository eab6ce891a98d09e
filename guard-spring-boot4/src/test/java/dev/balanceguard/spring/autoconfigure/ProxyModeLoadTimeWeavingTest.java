package dev.balanceguard.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.core.Money;
import dev.balanceguard.interceptor.Weaving;
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
 * The default {@code balance-guard.advice-mode=proxy} in a JVM that weaves the aspect anyway (the weaver agent on,
 * guard-aspectj on the classpath, the same {@code aop.xml} as {@link LoadTimeWeavingTest}): the proxies check each
 * call, once, and the woven advice stands aside instead of checking again or refusing the call as unconfigured.
 */
@DirtiesContext
@SpringBootTest(
        classes = WovenApplication.class,
        properties = {
            "balance-guard.accounts.main.provider=simulator",
            "balance-guard.accounts.main.balance=100.00",
            "balance-guard.accounts.main.currency=USD",
            "balance-guard.accounts.main.rates=classpath:rates.csv",
        })
class ProxyModeLoadTimeWeavingTest {

    private static final String UK = "+447700900001";

    @Autowired
    WovenCampaignService campaigns;

    @Autowired
    Notifier notifier;

    @Autowired
    DecisionLog log;

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
    void theBeansAreWovenAndProxied() throws Exception {
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments())
                .anySatisfy(arg -> assertThat(arg).startsWith("-javaagent:").contains("aspectjweaver"));
        assertThat(Weaving.isWoven(WovenCampaignService.class.getMethod("send", List.class, String.class)))
                .isTrue();
        assertThat(context.getBeansOfType(RequiresBalanceAdvisingPostProcessor.class))
                .hasSize(1);
        assertThat(context.getBeansOfType(RequiresBalanceAspectConfigurer.class))
                .isEmpty();
        assertThat(AopUtils.isAopProxy(campaigns)).isTrue();
        assertThat(AopUtils.isAopProxy(notifier)).isTrue();
    }

    @Test
    void eachCallIsCheckedExactlyOnce() {
        int before = campaigns.bodyRuns();

        assertThat(campaigns.send(List.of(UK), "Hi")).isEqualTo(1);
        assertThat(log.decisions)
                .singleElement()
                .satisfies(d -> assertThat(d.allowed()).isTrue());

        campaigns.sendInTransaction(List.of(UK), "Hi");
        notifier.notifyAll(List.of(UK), "Hi");
        assertThat(log.decisions).hasSize(3);
        assertThat(campaigns.bodyRuns()).isEqualTo(before + 2);
    }

    @Test
    void aBlockedCallIsRefusedByTheProxyOnceAndNeverRunsItsBody() {
        int before = campaigns.bodyRuns();

        assertThatThrownBy(() -> campaigns.send(numbers(3000), "Hello"))
                .isInstanceOfSatisfying(
                        InsufficientBalanceException.class,
                        e -> assertThat(e.decision().estimate()).isEqualTo(Money.of("120", "USD")));

        assertThat(log.decisions).hasSize(1);
        assertThat(campaigns.bodyRuns()).isEqualTo(before);
    }
}
