package dev.balanceguard.aspectj;

import static dev.balanceguard.aspectj.AspectFixture.UK;
import static dev.balanceguard.aspectj.AspectFixture.numbers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.annotation.RequiresBalance;
import dev.balanceguard.core.Money;
import dev.balanceguard.interceptor.BalanceGuardSetupException;
import dev.balanceguard.interceptor.Guards;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain Java has no Spring context to look at its beans: {@code configure(guard, pricing, guardedClasses...)} checks
 * that the classes it is told about were woven, since an unwoven guarded method runs with nothing checking it.
 */
class WovenClassesCheckTest {

    /** As a build without the aspectj-maven-plugin, or a JVM without the weaver agent, leaves it: not woven. */
    private static final String UNWOVEN = """
            package fixture;

            import dev.balanceguard.annotation.RequiresBalance;
            import java.util.List;

            public class UnwovenCampaigns {
                public int runs;

                @RequiresBalance(recipients = "#p0", message = "#p1")
                public void send(List<String> numbers, String text) {
                    runs++;
                }
            }
            """;

    @TempDir
    Path dir;

    private final AspectFixture fixture = new AspectFixture();
    private Class<?> unwoven;

    @BeforeEach
    void compileUnwoven() throws Exception {
        Ajc.Result result = Ajc.compile(dir, false, Map.of("fixture/UnwovenCampaigns.java", UNWOVEN));
        assertThat(result.errors()).isEmpty();
        unwoven = result.load("fixture.UnwovenCampaigns");
    }

    @AfterEach
    void release() {
        fixture.release();
    }

    @Test
    void anUnwovenClassRunsUnguardedWhichIsWhyConfigureChecksTheClassesItIsGiven() throws Exception {
        fixture.main.balance(Money.of("1", "USD"));
        fixture.configure();
        Object campaigns = unwoven.getConstructor().newInstance();

        // 3000 recipients cost 120 USD: nothing stops the body, since nothing wove it
        unwoven.getMethod("send", List.class, String.class).invoke(campaigns, numbers(3000), "Hi");
        assertThat(unwoven.getField("runs").getInt(campaigns)).isEqualTo(1);
        assertThat(fixture.decisions).isEmpty();
        assertThat(RequiresBalanceAspect.isWoven(unwoven)).isFalse();

        assertThatThrownBy(() -> RequiresBalanceAspect.aspectOf()
                        .configure(
                                fixture.guard,
                                a -> fixture.estimator,
                                fixture.properties::get,
                                WovenCampaigns.class,
                                unwoven))
                .isInstanceOfSatisfying(BalanceGuardSetupException.class, e -> {
                    assertThat(e.where()).isEqualTo("@RequiresBalance on fixture.UnwovenCampaigns.send");
                    assertThat(e.problem())
                            .isEqualTo(
                                    "AspectJ did not weave this method, so nothing would check its runs: the JVM runs "
                                            + "without the weaver agent, or its aop.xml does not include fixture");
                    assertThat(e.action())
                            .isEqualTo("Weave fixture.UnwovenCampaigns at load time "
                                    + "(-javaagent:aspectjweaver.jar, and a META-INF/aop.xml with <weaver><include "
                                    + "within=\"fixture..*\"/></weaver>; guard-aspectj's own aop.xml declares the "
                                    + "aspect) or at compile time (the aspectj-maven-plugin with "
                                    + "dev.balanceguard:guard-aspectj as an aspect library).");
                });
    }

    @Test
    void aFailedCheckLeavesTheAspectAsItWas() {
        fixture.configure();
        Guards before = RequiresBalanceAspect.aspectOf().guards();

        assertThatThrownBy(() -> RequiresBalanceAspect.aspectOf()
                        .configure(new AspectFixture().guard, a -> fixture.estimator, unwoven))
                .isInstanceOf(BalanceGuardSetupException.class);

        assertThat(RequiresBalanceAspect.aspectOf().guards()).isSameAs(before);
    }

    @Test
    void wovenClassesPassTheCheckAndAreGuarded() {
        assertThat(RequiresBalanceAspect.isWoven(WovenCampaigns.class)).isTrue();
        assertThat(RequiresBalanceAspect.isWoven(ClassLevelCampaigns.class)).isTrue();

        RequiresBalanceAspect.aspectOf()
                .configure(
                        fixture.guard,
                        a -> fixture.estimator,
                        fixture.properties::get,
                        WovenCampaigns.class,
                        ClassLevelCampaigns.class,
                        OverridingCampaigns.class);

        WovenCampaigns campaigns = new WovenCampaigns();
        assertThat(campaigns.send(List.of(UK), "Hi")).isEqualTo(1);
        assertThat(fixture.decisions).hasSize(1);
    }

    @Test
    void aMalformedAnnotationOnAGivenClassFailsConfigureNotTheFirstCall() {
        assertThatThrownBy(() -> RequiresBalanceAspect.aspectOf()
                        .configure(fixture.guard, a -> fixture.estimator, Malformed.class))
                .isInstanceOfSatisfying(BalanceGuardSetupException.class, e -> {
                    assertThat(e.where()).endsWith("WovenClassesCheckTest$Malformed.send");
                    assertThat(e.problem()).isEqualTo("an SMS run needs message");
                });
        assertThat(RequiresBalanceAspect.aspectOf().guards()).isNull();
    }

    static class Malformed {
        @RequiresBalance(recipients = "#numbers")
        void send(List<String> numbers) {}
    }
}
