package dev.balanceguard.interceptor;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** A class compiled by javac in the test, with the options a user's build might (or might not) give. */
final class CompiledFixture {

    private CompiledFixture() {}

    /**
     * Compiles {@code source} (a class {@code name} in package {@code fixture}) against the test classpath into
     * {@code dir}, and loads it in a loader of its own whose parent is the test's.
     */
    static Class<?> compile(Path dir, String name, String source, String... options) throws Exception {
        Path file = dir.resolve("src/fixture/" + name + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> args = new ArrayList<>(List.of(
                "-d", classes.toString(), "--release", "17", "-classpath", System.getProperty("java.class.path")));
        args.addAll(List.of(options));
        args.add(file.toString());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, null, errors, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("javac failed: " + errors.toString(StandardCharsets.UTF_8));
        }
        URLClassLoader loader =
                new URLClassLoader(new URL[] {classes.toUri().toURL()}, CompiledFixture.class.getClassLoader());
        return loader.loadClass("fixture." + name);
    }
}
