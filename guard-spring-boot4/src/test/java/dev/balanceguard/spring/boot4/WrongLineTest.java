package dev.balanceguard.spring.boot4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.interceptor.BalanceGuardSetupException;
import dev.balanceguard.spring.boot4.app.Boot4Application;
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
 * The Boot 3.5 starter on this Spring Boot 4 application: its module's own {@code META-INF/spring.factories}
 * (copied from guard-spring-boot3's sources into {@code other-line/}, see the pom) registers the Boot 3.5 check,
 * and startup stops with a report naming the Boot 4 starter.
 */
@ExtendWith(OutputCaptureExtension.class)
class WrongLineTest {

    @Test
    void theBoot35StarterOnBoot4StopsStartupNamingTheBoot4Starter(CapturedOutput output) throws Exception {
        URL otherLine = getClass().getClassLoader().getResource("other-line/");
        assertThat(otherLine)
                .as("guard-spring-boot3's spring.factories, copied by the build")
                .isNotNull();
        try (URLClassLoader withBoot3Starter =
                new URLClassLoader(new URL[] {otherLine}, getClass().getClassLoader())) {
            SpringApplication application =
                    new SpringApplication(new DefaultResourceLoader(withBoot3Starter), Boot4Application.class);
            application.setWebApplicationType(WebApplicationType.NONE);

            assertThatThrownBy(() -> application.run("--balance-guard.accounts.main.provider=simulator"))
                    .isInstanceOf(BalanceGuardSetupException.class)
                    .hasMessageContaining("balance-guard-spring-boot-starter");
        }
        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains("This application runs on Spring Boot 4 (4.1.1), but balance-guard-spring-boot3-starter is"
                        + " built for Spring Boot 3.5")
                .contains("Replace dev.balanceguard:balance-guard-spring-boot3-starter with"
                        + " dev.balanceguard:balance-guard-spring-boot-starter");
    }

    @Test
    void theBoot4StarterOnItsOwnLineStarts() {
        SpringApplication application = new SpringApplication(Boot4Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        try (var context = application.run(
                "--balance-guard.accounts.main.provider=simulator",
                "--balance-guard.accounts.main.balance=10",
                "--balance-guard.accounts.main.currency=USD")) {
            assertThat(context.isActive()).isTrue();
        }
    }
}
