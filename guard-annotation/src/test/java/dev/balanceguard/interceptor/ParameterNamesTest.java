package dev.balanceguard.interceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.GuardListener;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimator;
import dev.balanceguard.cost.RateCard;
import dev.balanceguard.provider.simulator.SimulatorBalanceProvider;
import dev.balanceguard.test.ManualClock;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SpEL names arguments only when their names were compiled in ({@code -parameters}): a class compiled without them,
 * as javac does by default, must fail at startup saying so, not on every call as "evaluated to null".
 */
class ParameterNamesTest {

    private static final String SOURCE = """
            package fixture;

            import dev.balanceguard.annotation.RequiresBalance;
            import java.util.List;

            public class Campaigns {
                @RequiresBalance(recipients = "#numbers", message = "#text")
                public int byName(List<String> numbers, String text) {
                    return numbers.size();
                }

                @RequiresBalance(recipients = "#p0", message = "#a1")
                public int byPosition(List<String> numbers, String text) {
                    return numbers.size();
                }

                @RequiresBalance(recipients = "#nubmers", message = "#text")
                public int misspelt(List<String> numbers, String text) {
                    return numbers.size();
                }

                @RequiresBalance(recipients = "#p2", message = "#text")
                public int beyondTheArguments(List<String> numbers, String text) {
                    return numbers.size();
                }
            }
            """;

    @TempDir
    Path dir;

    private final List<GuardDecision> decisions = new CopyOnWriteArrayList<>();
    private final Guards guards = new Guards(GuardSource.of(
            BalanceGuard.builder()
                    .account("main", SimulatorBalanceProvider.of("100.00", "USD"))
                    .defaultAccount("main")
                    .clock(new ManualClock())
                    .executor(Runnable::run)
                    .listener(new GuardListener() {
                        @Override
                        public void onDecision(GuardDecision decision) {
                            decisions.add(decision);
                        }
                    })
                    .build(),
            account -> CostEstimator.of(RateCard.parse(
                    new StringReader(
                            "channel,prefix,price,currency,increment_seconds,minimum_seconds\nsms,*,0.0500,USD,,\n"),
                    "test")),
            Map.<String, String>of()::get));

    @Test
    void withoutParametersANamedArgumentFailsAtStartupNamingTheFix() throws Exception {
        Class<?> campaigns = CompiledFixture.compile(dir, "Campaigns", SOURCE);
        Method byName = method(campaigns, "byName");
        assertThat(byName.getParameters()[0].isNamePresent()).isFalse();

        assertThatThrownBy(() -> guards.guarded(byName, campaigns))
                .isInstanceOfSatisfying(BalanceGuardSetupException.class, e -> {
                    assertThat(e.where()).isEqualTo("@RequiresBalance on fixture.Campaigns.byName");
                    assertThat(e.problem())
                            .isEqualTo("recipients '#numbers' names the argument #numbers, but "
                                    + "fixture.Campaigns was compiled without -parameters, so the names of its method "
                                    + "parameters are not known");
                    assertThat(e.action())
                            .contains(
                                    "Compile with -parameters",
                                    "<parameters>true</parameters>",
                                    "#p0 (or #a0) is the first, #p1 the last.");
                });
    }

    @Test
    void withoutParametersArgumentsByPositionAreGuarded() throws Throwable {
        Class<?> campaigns = CompiledFixture.compile(dir, "Campaigns", SOURCE);

        assertThat(call(campaigns, "byPosition", List.of("+447700900001", "+15550100"), "Hi"))
                .isEqualTo(2);
        assertThat(decisions)
                .singleElement()
                .satisfies(d -> assertThat(d.estimate()).isEqualTo(Money.of("0.10", "USD")));
    }

    @Test
    void withParametersArgumentsByNameAreGuarded() throws Throwable {
        Class<?> campaigns = CompiledFixture.compile(dir, "Campaigns", SOURCE, "-parameters");

        assertThat(call(campaigns, "byName", List.of("+447700900001"), "Hi")).isEqualTo(1);
        assertThat(decisions)
                .singleElement()
                .satisfies(d -> assertThat(d.estimate()).isEqualTo(Money.of("0.05", "USD")));
    }

    @Test
    void aNameThatIsNoArgumentFailsAtStartupListingTheArguments() throws Exception {
        Class<?> campaigns = CompiledFixture.compile(dir, "Campaigns", SOURCE, "-parameters");

        assertThatThrownBy(() -> guards.guarded(method(campaigns, "misspelt"), campaigns))
                .isInstanceOfSatisfying(BalanceGuardSetupException.class, e -> {
                    assertThat(e.problem())
                            .isEqualTo("recipients '#nubmers' names #nubmers, which is not an "
                                    + "argument of the method");
                    assertThat(e.action()).isEqualTo("Name an argument: #p0 to #p1, #numbers, #text.");
                });
        assertThatThrownBy(() -> guards.guarded(method(campaigns, "beyondTheArguments"), campaigns))
                .isInstanceOfSatisfying(
                        BalanceGuardSetupException.class,
                        e -> assertThat(e.problem()).contains("names #p2, which is not an argument"));
    }

    private Object call(Class<?> type, String name, Object... arguments) throws Throwable {
        Object target = type.getConstructor().newInstance();
        Method method = method(type, name);
        GuardedMethod guarded = guards.guarded(method, type).orElseThrow();
        return guards.invoke(guarded, new Invocation() {
            @Override
            public Object target() {
                return target;
            }

            @Override
            public Object[] arguments() {
                return arguments;
            }

            @Override
            public Object proceed() throws Throwable {
                return method.invoke(target, arguments);
            }
        });
    }

    private static Method method(Class<?> type, String name) throws NoSuchMethodException {
        return type.getMethod(name, List.class, String.class);
    }
}
