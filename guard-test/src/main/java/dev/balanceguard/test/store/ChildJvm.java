package dev.balanceguard.test.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** A {@link FleetMember} in a JVM of its own, on this JVM's class path; its stdout lines collected as they come. */
public final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final StringBuilder stderr = new StringBuilder();

    private ChildJvm(String name, Map<String, String> env) throws IOException {
        this.name = name;
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m",
                "-Xss512k",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-cp",
                classPath(),
                FleetMember.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        process = builder.start();
        daemon(
                () -> read(
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                        true),
                name + "-out");
        daemon(
                () -> read(
                        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)),
                        false),
                name + "-err");
    }

    static ChildJvm start(String name, Map<String, String> env) throws IOException {
        return new ChildJvm(name, env);
    }

    /**
     * The test class path: surefire's {@code surefire.test.class.path}, or {@code java.class.path}, or, when that is a
     * manifest-only jar, that jar's {@code Class-Path}.
     */
    public static String classPath() throws IOException {
        String surefire = System.getProperty("surefire.test.class.path");
        if (surefire != null && !surefire.isBlank()) {
            return surefire;
        }
        String cp = System.getProperty("java.class.path");
        String[] entries = cp.split(File.pathSeparator);
        if (entries.length == 1 && entries[0].endsWith(".jar")) {
            try (JarFile jar = new JarFile(entries[0])) {
                Manifest manifest = jar.getManifest();
                String manifestPath =
                        manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                if (manifestPath != null && !manifestPath.isBlank()) {
                    List<String> files = new ArrayList<>();
                    for (String url : manifestPath.trim().split("\\s+")) {
                        files.add(Path.of(new File(entries[0])
                                        .getParentFile()
                                        .toURI()
                                        .resolve(URI.create(url)))
                                .toString());
                    }
                    return String.join(File.pathSeparator, files);
                }
            }
        }
        return cp;
    }

    private void read(BufferedReader reader, boolean out) {
        try (reader) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (out) {
                    lines.add(line);
                } else {
                    synchronized (stderr) {
                        if (stderr.length() < 20_000) {
                            stderr.append(line).append('\n');
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    /** Writes a line to the process's stdin. */
    void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    List<String> lines() {
        return lines;
    }

    long count(Predicate<String> line) {
        return lines.stream().filter(line).count();
    }

    /** Waits (bounded) until at least {@code n} lines match. */
    void awaitLines(Predicate<String> line, long n, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (count(line) < n) {
            assertThat(process.isAlive() || count(line) >= n)
                    .as(name + " ended early; stderr:\n" + stderr())
                    .isTrue();
            assertThat(System.nanoTime())
                    .as(name + " did not get there within " + seconds + " s; stderr:\n" + stderr())
                    .isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** Waits for the process to end and checks it ended well. */
    void awaitSuccess(int seconds) throws InterruptedException {
        try {
            awaitEnd(seconds);
        } finally {
            dump();
        }
    }

    /** Keeps what the process said in target/fleet-logs, for when a run needs explaining. */
    void dump() {
        try {
            Path dir = Path.of("target", "fleet-logs");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(dir.resolve(name + ".out"), String.join("\n", lines));
            java.nio.file.Files.writeString(dir.resolve(name + ".err"), stderr());
        } catch (IOException e) {
            // diagnostics only
        }
    }

    private void awaitEnd(int seconds) throws InterruptedException {
        assertThat(process.waitFor(seconds, TimeUnit.SECONDS))
                .as(name + " still running; stderr:\n" + stderr())
                .isTrue();
        assertThat(process.exitValue())
                .as(name + " failed; stderr:\n" + stderr())
                .isZero();
        awaitLines("DONE"::equals, 1, 5);
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
