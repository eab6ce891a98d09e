package dev.balanceguard.spring.boot3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.interceptor.BalanceGuardSetupException;
import dev.balanceguard.spring.boot3.app.Boot3Application;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * The Boot 4 starter on this Spring Boot 3.5 application: its module's own {@code META-INF/spring.factories}
 * (copied from guard-spring-boot4's sources into {@code other-line/}, see the pom) registers the Boot 4 check, and
 * startup stops with a report naming the Boot 3.5 starter.
 */
@ExtendWith(OutputCaptureExtension.class)
class WrongLineTest {

    @Test
    void theBoot4StarterOnBoot35StopsStartupNamingTheBoot3Starter(CapturedOutput output) throws Exception {
        URL otherLine = getClass().getClassLoader().getResource("other-line/");
        assertThat(otherLine)
                .as("guard-spring-boot4's spring.factories, copied by the build")
                .isNotNull();
        try (URLClassLoader withBoot4Starter =
                new URLClassLoader(new URL[] {otherLine}, getClass().getClassLoader())) {
            SpringApplication application =
                    new SpringApplication(new DefaultResourceLoader(withBoot4Starter), Boot3Application.class);
            application.setWebApplicationType(WebApplicationType.NONE);

            assertThatThrownBy(() -> application.run("--balance-guard.accounts.main.provider=simulator"))
                    .isInstanceOf(BalanceGuardSetupException.class)
                    .hasMessageContaining("balance-guard-spring-boot3-starter");
        }
        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains("This application runs on Spring Boot 3.5 (3.5.7), but balance-guard-spring-boot-starter is"
                        + " built for Spring Boot 4")
                .contains("Replace dev.balanceguard:balance-guard-spring-boot-starter with"
                        + " dev.balanceguard:balance-guard-spring-boot3-starter");
    }

    @Test
    void theBoot35StarterOnItsOwnLineStarts() {
        SpringApplication application = new SpringApplication(Boot3Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        try (var context = application.run(
                "--balance-guard.accounts.main.provider=simulator",
                "--balance-guard.accounts.main.balance=10",
                "--balance-guard.accounts.main.currency=USD")) {
            assertThat(context.isActive()).isTrue();
        }
    }
}
