package dev.balanceguard.provider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A provider plugin as a user would ship it: its own source, compiled here against the public API only, packed in
 * its own jar with a {@code META-INF/services} entry, never on the test class path. The provider {@code acme}
 * reads settings {@code account} (required, env {@code ACME_ACCOUNT}), {@code gateway-secret} (required, secret,
 * env {@code ACME_GATEWAY_SECRET}), {@code credit} (required, env {@code ACME_CREDIT}) and {@code currency}
 * (default USD), and reports {@code credit} as a prepaid balance.
 */
public final class PluginJar {

    public static final String TYPE = "acme";

    static final String SOURCE = """
            package com.example.acme;

            import dev.balanceguard.core.Balance;
            import dev.balanceguard.provider.BalanceProvider;
            import dev.balanceguard.core.Money;
            import dev.balanceguard.core.PaymentMode;
            import dev.balanceguard.provider.ProviderSetting;
            import dev.balanceguard.provider.ProviderSettings;
            import dev.balanceguard.provider.ProviderType;

            import java.time.Instant;
            import java.util.List;

            public final class AcmeProviderType implements ProviderType {
                @Override
                public String name() {
                    return "acme";
                }

                @Override
                public List<ProviderSetting> settings() {
                    return List.of(
                            ProviderSetting.of("account", "The Acme account.").withRequired()
                                    .withEnvironmentVariable("ACME_ACCOUNT"),
                            ProviderSetting.of("gateway-secret", "The Acme gateway secret.").withRequired()
                                    .withSecret().withEnvironmentVariable("ACME_GATEWAY_SECRET"),
                            ProviderSetting.of("credit", "What the gateway reports.").withRequired()
                                    .withEnvironmentVariable("ACME_CREDIT"),
                            ProviderSetting.of("currency", "The credit's currency.").withDefaultValue("USD"));
                }

                @Override
                public BalanceProvider create(ProviderSettings s) {
                    String account = s.value("account");
                    String currency = s.has("currency") ? s.value("currency") : "USD";
                    Money credit = s.parse("credit", () -> Money.of(s.value("credit"), currency));
                    int secretLength = s.value("gateway-secret").length();
                    return new BalanceProvider() {
                        public String name() {
                            return "acme";
                        }

                        public String accountId() {
                            return account;
                        }

                        public Balance fetchBalance() {
                            return Balance.of("acme", account, credit, PaymentMode.PREPAID, null, Instant.now());
                        }

                        public String toString() {
                            return "AcmeProvider{account=" + account + ", secret of " + secretLength + " chars}";
                        }
                    };
                }
            }
            """;

    private PluginJar() {}

    /** Compiles the plugin against this JVM's class path and writes {@code acme-plugin.jar} into {@code dir}. */
    public static Path build(Path dir) {
        try {
            Path src = dir.resolve("src/com/example/acme/AcmeProviderType.java");
            Files.createDirectories(src.getParent());
            Files.writeString(src, SOURCE);
            Path classes = Files.createDirectories(dir.resolve("classes"));
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
            int rc = javac.run(
                    null,
                    diagnostics,
                    diagnostics,
                    "-d",
                    classes.toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    "--release",
                    "17",
                    src.toString());
            if (rc != 0) {
                throw new AssertionError(
                        "the plugin does not compile:\n" + diagnostics.toString(StandardCharsets.UTF_8));
            }
            Path jar = dir.resolve("acme-plugin.jar");
            try (OutputStream file = Files.newOutputStream(jar);
                    JarOutputStream out = new JarOutputStream(file);
                    Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    out.putNextEntry(
                            new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    out.write(Files.readAllBytes(f));
                    out.closeEntry();
                }
                out.putNextEntry(new JarEntry("META-INF/services/dev.balanceguard.provider.ProviderType"));
                out.write("com.example.acme.AcmeProviderType\n".getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A class loader that sees the plugin jar on top of this one. */
    public static URLClassLoader loader(Path jar) {
        try {
            return new URLClassLoader(new URL[] {jar.toUri().toURL()}, PluginJar.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Runs {@code action} with {@code loader} as the thread's context class loader. */
    public static <T> T withContextLoader(ClassLoader loader, Callable<T> action) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.call();
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
