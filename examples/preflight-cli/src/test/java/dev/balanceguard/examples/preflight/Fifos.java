package dev.balanceguard.examples.preflight;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** Named pipes for tests: what {@code --recipients <(cat numbers.txt)} hands the CLI, a file that is not regular. */
final class Fifos {

    private Fifos() {}

    /** A new named pipe; fails the test (never skips it) when {@code mkfifo} does not work. */
    static Path fifo(Path dir, String name) throws IOException, InterruptedException {
        Path path = dir.resolve(name);
        int exit = new ProcessBuilder("mkfifo", path.toString())
                .inheritIO()
                .start()
                .waitFor();
        if (exit != 0 || Files.isRegularFile(path) || !Files.exists(path)) {
            throw new AssertionError("mkfifo " + path + " failed with exit code " + exit);
        }
        return path;
    }

    /**
     * Writes {@code content} into the pipe from a daemon thread, which blocks until the CLI opens the pipe; one the
     * CLI never opens keeps its writer blocked until the JVM ends.
     */
    static CompletableFuture<Void> feed(Path fifo, String content) {
        return CompletableFuture.runAsync(
                () -> {
                    try {
                        Files.writeString(fifo, content);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                runnable -> {
                    Thread thread = new Thread(runnable, "fifo-writer");
                    thread.setDaemon(true);
                    thread.start();
                });
    }
}
