package dev.balanceguard.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Applications a test serves on loopback: started in a child JVM or in its own, and read over HTTP. */
final class ServedApplications {

    private ServedApplications() {}

    /**
     * Reads the child's output until it prints {@code PORT=<port>}; what it prints, then and later, is kept in
     * {@code log} (guarded by it) for the log checks.
     */
    static int awaitPort(Process app, StringBuilder log) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            log.append(line).append('\n');
            if (line.startsWith("PORT=")) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> {
                    synchronized (log) {
                        log.append(l).append('\n');
                    }
                }));
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(line.substring(5).trim());
            }
        }
        throw new AssertionError("the application exited before serving:\n" + log);
    }

    /** Stops the child, forcibly when it does not stop within 30 seconds. */
    static void stop(Process app) throws InterruptedException {
        app.destroy();
        if (!app.waitFor(30, TimeUnit.SECONDS)) {
            app.destroyForcibly();
        }
    }

    /** The body of {@code GET path}, which must answer 200. */
    static String get(int port, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }
}
