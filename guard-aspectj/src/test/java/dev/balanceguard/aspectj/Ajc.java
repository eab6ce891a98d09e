package dev.balanceguard.aspectj;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aspectj.bridge.IMessage;
import org.aspectj.bridge.MessageHandler;
import org.aspectj.tools.ajc.Main;

/**
 * ajc as an application's build runs it, on fixture sources written by a test: with this module's aspect on the
 * aspect path (what the aspectj-maven-plugin does), or without it (what a plain javac build gives: nothing woven).
 */
final class Ajc {

    /** What one compilation said, and where its classes are. */
    record Result(Path classes, List<IMessage> errors, List<IMessage> warnings) {

        /** Loads a compiled class in a loader of its own, whose parent is the test's. */
        Class<?> load(String name) throws Exception {
            return new URLClassLoader(new URL[] {classes.toUri().toURL()}, Ajc.class.getClassLoader()).loadClass(name);
        }
    }

    private Ajc() {}

    /** Compiles {@code sources} (file name to text, in package directories) into {@code dir}. */
    static Result compile(Path dir, boolean weave, Map<String, String> sources) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> args = new ArrayList<>(List.of(
                "-d", classes.toString(), "-17", "-XhasMember", "-classpath", System.getProperty("java.class.path")));
        if (weave) {
            args.addAll(List.of(
                    "-aspectpath",
                    Path.of(RequiresBalanceAspect.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI())
                            .toString()));
        }
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = dir.resolve("src").resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        MessageHandler messages = new MessageHandler();
        new Main().run(args.toArray(String[]::new), messages);
        return new Result(
                classes,
                List.of(messages.getMessages(IMessage.ERROR, true)),
                List.of(messages.getMessages(IMessage.WARNING, false)));
    }
}
