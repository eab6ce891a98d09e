package dev.balanceguard.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One Lua script (the shared prelude, then its own part as a function whose reply gets the epoch and the server's
 * time added) and the SHA-1 digest EVALSHA calls it by.
 */
record Script(String name, String body, String sha) {

    static final Script RESERVE = load("reserve");
    static final Script END = load("end");
    static final Script TOTALS = load("totals");
    static final Script READ = load("read");
    static final Script CLAIM = load("claim");
    static final Script PUBLISH = load("publish");
    static final Script INVALIDATE = load("invalidate");
    static final Script EPOCH = load("epoch");
    /** The same scripts called with budgets after the account's keys and arguments (see budgets.lua). */
    static final Script RESERVE_BUDGETS = load("reserve", true);

    static final Script END_BUDGETS = load("end", true);
    static final Script BUDGET_TOTALS = load("budget-totals", true);
    static final Script BUDGET_RESTORE = load("budget-restore", true);

    private static Script load(String name) {
        return load(name, false);
    }

    private static Script load(String name, boolean budgeted) {
        String body = resource("prelude") + "\nlocal BUDGETED = " + budgeted + "\n" + resource("budgets")
                + "\nlocal function run()\n" + resource(name) + "\nend\nreturn answer(run())\n";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
            return new Script(name, body, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = Script.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("script missing from the jar: " + name + ".lua");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
