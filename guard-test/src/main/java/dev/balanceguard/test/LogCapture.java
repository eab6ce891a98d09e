package dev.balanceguard.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a class's logger publishes on the test's own thread while each test runs (not the background work of another
 * test's store), through {@code java.util.logging}, where {@link System.Logger} goes unless a logging backend takes
 * it over. Register it as a field: {@code @RegisterExtension final LogCapture log = LogCapture.of(MyStore.class);}.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    private final Logger logger; // held: JUL keeps loggers weakly
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private volatile long thread = -1;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLongThreadID() == thread) {
                records.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private LogCapture(Class<?> source) {
        this.logger = Logger.getLogger(source.getName());
    }

    /** The records of {@code source}'s logger (named after the class). */
    public static LogCapture of(Class<?> source) {
        return new LogCapture(source);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        records.clear();
        thread = Thread.currentThread().getId();
        logger.addHandler(handler);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        logger.removeHandler(handler);
    }

    /** What was logged so far in this test, in order. */
    public List<LogRecord> records() {
        return records;
    }
}
