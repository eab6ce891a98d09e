package dev.balanceguard.examples.preflight;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the CLI in-process with a given environment and stdin, capturing stdout, stderr and the exit code. */
final class Cli {

    record Result(int exitCode, String out, String err) {
        /** stdout and stderr together, for "never printed anywhere" assertions. */
        String all() {
            return out + err;
        }
    }

    private Cli() {}

    static Result runWithStdin(Map<String, String> env, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PreflightCli.execute(
                env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err, args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Result run(Map<String, String> env, String... args) {
        return runWithStdin(env, "", args);
    }
}
