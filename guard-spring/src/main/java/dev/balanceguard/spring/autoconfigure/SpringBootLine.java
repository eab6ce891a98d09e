package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.interceptor.BalanceGuardSetupException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * The Spring Boot lines balance-guard ships a starter for. Each line's module registers its startup check
 * ({@link Boot3Check}, {@link Boot4Check}: an {@code ApplicationContextInitializer}, a Spring Framework type both
 * lines load, in its {@code META-INF/spring.factories}): a starter on the other line stops startup with a report
 * naming the starter to use, before any auto-configuration of the wrong line can fail in a way that names nothing.
 */
public enum SpringBootLine {
    BOOT_3("Spring Boot 3.5", "balance-guard-spring-boot3-starter", "org.springframework.boot.BootstrapRegistry"),
    BOOT_4(
            "Spring Boot 4",
            "balance-guard-spring-boot-starter",
            "org.springframework.boot.bootstrap.BootstrapRegistry");

    private final String label;
    private final String starter;
    // a class in spring-boot's core jar of this line only (Boot 4 moved the bootstrap types to a package of their own)
    private final String marker;

    SpringBootLine(String label, String starter, String marker) {
        this.label = label;
        this.starter = starter;
        this.marker = marker;
    }

    /** The line whose Spring Boot {@code loader} sees, or {@code null} for neither. */
    public static @Nullable SpringBootLine running(@Nullable ClassLoader loader) {
        for (SpringBootLine line : values()) {
            if (ClassUtils.isPresent(line.marker, loader)) {
                return line;
            }
        }
        return null;
    }

    /** The artifact id of this line's starter. */
    public String starter() {
        return starter;
    }

    /**
     * Checks that the application runs on this line.
     *
     * @throws BalanceGuardSetupException naming the starter of the line it runs on, when that is another
     */
    public void require(@Nullable ClassLoader loader) {
        SpringBootLine running = running(loader);
        if (running == null || running == this) {
            return;
        }
        String version = SpringBootVersion.getVersion();
        throw new BalanceGuardSetupException(
                "dev.balanceguard:" + starter + " (the " + label + " line)",
                "This application runs on " + running.label + (version == null ? "" : " (" + version + ")") + ", but "
                        + starter + " is built for " + label + ": its auto-configuration does not load on "
                        + running.label + "; " + running.label + " takes " + running.starter + ".",
                "Replace dev.balanceguard:" + starter + " with dev.balanceguard:" + running.starter
                        + " (the same properties and behaviour on " + running.label + ").");
    }

    /** The startup check guard-spring-boot3 registers. */
    public static final class Boot3Check implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            BOOT_3.require(context.getClassLoader());
        }
    }

    /** The startup check guard-spring-boot4 registers. */
    public static final class Boot4Check implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            BOOT_4.require(context.getClassLoader());
        }
    }
}
