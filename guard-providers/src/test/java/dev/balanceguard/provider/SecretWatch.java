package dev.balanceguard.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Collects every log line (System.Logger → java.util.logging root handler, at every level), every exception
 * trace and every {@code toString} the provider suites see, so each suite can assert its fake credentials
 * appear nowhere.
 */
public final class SecretWatch {

    private static final ConcurrentLinkedQueue<String> SEEN = new ConcurrentLinkedQueue<>();
    private static final SimpleFormatter FORMAT = new SimpleFormatter();

    static {
        Logger root = Logger.getLogger("");
        root.setLevel(Level.ALL);
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                SEEN.add(FORMAT.format(record));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
    }

    private SecretWatch() {}

    /** Installs the log handler (class initialisation does it). */
    public static void install() {
        // the static initialiser ran
    }

    public static void record(String text) {
        SEEN.add(String.valueOf(text));
    }

    /** Records the throwable's full trace: messages of it and all its causes. */
    public static <T extends Throwable> T record(T throwable) {
        StringWriter trace = new StringWriter();
        throwable.printStackTrace(new PrintWriter(trace));
        SEEN.add(trace.toString());
        return throwable;
    }

    public static List<String> seen() {
        return List.copyOf(SEEN);
    }

    /** Asserts that nothing seen so far contains any of {@code secrets}, and that something was seen. */
    public static void assertNeverSeen(List<String> secrets) {
        List<String> seen = seen();
        assertThat(seen).as("recorded log lines and exception traces").isNotEmpty();
        for (String secret : secrets) {
            assertThat(seen).as("log lines and exception traces").noneMatch(s -> s.contains(secret));
        }
    }
}
