package dev.balanceguard.jdbc;

import dev.balanceguard.store.StoreException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns what JDBC throws into {@link StoreException}s that say what happened in a user's words, and never carry a
 * credential: the driver's text is kept (it names hosts, ports and SQL states, which help), with anything shaped
 * like a password setting blanked.
 */
final class Failures {

    static final String STORE = "jdbc";

    /** {@code password=…}, {@code "password": "…"}, {@code pwd=…}, {@code user:secret@host} in URLs. */
    private static final Pattern SECRETS = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret)\"?\\s*[=:]\\s*\"?)[^&;,\\s\"]+|(//[^/:@\\s]+:)[^@/\\s]+(@)");

    private Failures() {}

    static StoreException of(String operation, SQLException e, int timeoutSeconds, Sql sql) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String what;
        if (e instanceof SQLTimeoutException || "57014".equals(state)) {
            what = operation + " timed out after " + timeoutSeconds + " s";
        } else if (state.startsWith("08") || e instanceof SQLNonTransientConnectionException) {
            what = operation + " failed: the database is unreachable";
        } else if (e instanceof SQLTransientConnectionException) {
            what = operation + " failed: no database connection within the pool's timeout";
        } else if ("42501".equals(state)) {
            what = operation + " failed: the database user may not use the store's tables; as their owner, run "
                    + sql.grants("<the application's user>");
        } else if ("42P01".equals(state)) {
            what = operation + " failed: a table is missing; create " + String.join(", ", sql.tables)
                    + " with " + Sql.SCHEMA_RESOURCE + " from the guard-jdbc jar"
                    + " (or set balance-guard.jdbc.initialize-schema=true)";
        } else {
            what = operation + " failed";
        }
        return new StoreException(
                STORE,
                what + " (" + (state.isEmpty() ? "" : "SQL state " + state + ": ") + scrub(e.getMessage()) + ")",
                new ScrubbedSQLException(e));
    }

    static String scrub(@Nullable String text) {
        if (text == null) {
            return "no detail";
        }
        return SECRETS.matcher(text)
                .replaceAll(
                        m -> Matcher.quoteReplacement(m.group(1) != null ? m.group(1) + "****" : m.group(2) + "****@"));
    }

    /**
     * The driver's exception with its message scrubbed, its stack trace and SQL state kept, and its causes and
     * next exceptions scrubbed the same way: the cause chain of a {@link StoreException} can be logged whole.
     */
    static final class ScrubbedSQLException extends SQLException {
        private static final long serialVersionUID = 1L;
        private static final int MAX_DEPTH = 8;

        ScrubbedSQLException(SQLException e) {
            this(e, 0);
        }

        private ScrubbedSQLException(SQLException e, int depth) {
            super(
                    e.getClass().getName() + ": " + scrub(e.getMessage()),
                    e.getSQLState(),
                    e.getErrorCode(),
                    scrubbedCause(e.getCause(), depth + 1));
            setStackTrace(e.getStackTrace());
            SQLException next = e.getNextException();
            if (next != null && next != e && depth < MAX_DEPTH) {
                setNextException(new ScrubbedSQLException(next, depth + 1));
            }
        }

        private static @Nullable Throwable scrubbedCause(@Nullable Throwable cause, int depth) {
            if (cause == null || depth > MAX_DEPTH) {
                return null;
            }
            if (cause instanceof SQLException s) {
                return new ScrubbedSQLException(s, depth);
            }
            RuntimeException copy = new RuntimeException(
                    cause.getClass().getName() + ": " + scrub(cause.getMessage()),
                    scrubbedCause(cause.getCause() == cause ? null : cause.getCause(), depth + 1));
            copy.setStackTrace(cause.getStackTrace());
            return copy;
        }
    }
}
