package dev.balanceguard.test.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A real PostgreSQL server for tests and benchmarks, from the binaries installed on the machine (Debian's
 * {@code /usr/lib/postgresql/N/bin}, {@code $PG_BIN}, or {@code initdb} on the {@code PATH}): {@code initdb} into
 * a temporary directory, {@code pg_ctl start} on a free loopback port, a database, a password for TCP
 * connections. {@code initdb} refuses to run as root, so as root every command runs as the {@code postgres}
 * user ({@code runuser}). {@link #close()} stops the server and deletes the directory; {@link #shared()} is one
 * server per JVM, stopped by a shutdown hook.
 *
 * <p>Plain Java (no JUnit), so benchmarks can use it too. Tests use {@link RequiresPostgres}. {@link #pool} needs
 * HikariCP and the PostgreSQL driver on the class path.
 */
public final class LocalPostgres implements LocalServer {

    public static final String USER = "postgres";
    public static final String DATABASE = "guard";
    private static final String DIR_PREFIX = "balance-guard-pg-";
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private static @Nullable LocalPostgres shared;

    private final Path bin;
    private final Path home;
    private final Path data;
    private final String password;
    private final boolean durable;
    private int port;

    private LocalPostgres(Path bin, boolean durable) throws IOException {
        this.bin = bin;
        this.durable = durable;
        this.home = Files.createTempDirectory(DIR_PREFIX);
        this.data = home.resolve("data");
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        this.password = "pg-" + HexFormat.of().formatHex(random);
    }

    /**
     * Where the PostgreSQL binaries are, if anywhere: {@code $PG_BIN}, the newest {@code /usr/lib/postgresql/N/bin},
     * or the directory of {@code initdb} on the {@code PATH}.
     */
    public static Optional<Path> binaries() {
        String env = System.getenv("PG_BIN");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            return Files.isExecutable(p.resolve("initdb")) ? Optional.of(p) : Optional.empty();
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparingInt(LocalPostgres::majorVersion));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                // fall through to the PATH
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()
                        && Files.isExecutable(Path.of(dir, "initdb"))
                        && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
                    return Optional.of(Path.of(dir));
                }
            }
        }
        return Optional.empty();
    }

    /** Where {@link #binaries()} looks, for messages. */
    public static String whereLooked() {
        return "$PG_BIN, /usr/lib/postgresql/*/bin, initdb on the PATH";
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(java.util.Objects.requireNonNull(bin.getParent())
                    .getFileName()
                    .toString()
                    .split("\\.")[0]);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** One server for this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized LocalPostgres shared() {
        if (shared == null) {
            LocalPostgres server = start(false);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-stop"));
            shared = server;
        }
        return shared;
    }

    /**
     * Starts a new server. {@code durable}: fsync and synchronous commit on (benchmarks); otherwise off, for speed
     * (a clean stop still writes everything, so restarts lose nothing).
     */
    public static LocalPostgres start(boolean durable) {
        Path bin = binaries()
                .orElseThrow(() -> new IllegalStateException("no PostgreSQL binaries found (looked at " + whereLooked()
                        + "); install PostgreSQL " + "(apt-get install -y postgresql) or set PG_BIN"));
        try {
            deleteStaleDirectories();
            LocalPostgres server = new LocalPostgres(bin, durable);
            server.initdb();
            server.firstStart();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    /** The password of {@link #user()} over TCP (scram-sha-256): random per server. */
    public String password() {
        return password;
    }

    @Override
    public int port() {
        return port;
    }

    /**
     * A HikariCP pool on this server (HikariCP and the PostgreSQL driver must be on the class path). Short
     * timeouts, so that a stopped server fails fast.
     */
    public javax.sql.DataSource pool(int size) {
        return pool(size, null);
    }

    /** {@link #pool(int)}, running {@code initSql} on every new connection. */
    public javax.sql.DataSource pool(int size, @Nullable String initSql) {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(jdbcUrl());
        config.setUsername(USER);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("connectTimeout", "5");
        config.addDataSourceProperty("socketTimeout", "30");
        config.setConnectionInitSql(initSql);
        return new com.zaxxer.hikari.HikariDataSource(config);
    }

    /** Stops the server ({@code pg_ctl stop -m fast}): connections break, new ones are refused. */
    @Override
    public synchronized void stop() {
        run(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop");
    }

    /** Starts the server again after {@link #stop()}, on the same port with the same data. */
    @Override
    public synchronized void start() {
        run(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-l",
                home.resolve("log").toString(),
                "-w",
                "-t",
                "60",
                "-o",
                options(),
                "start");
    }

    /**
     * Starts the server again after {@link #stop()}, on the same port and with the same password, from a new
     * {@code initdb}: an empty database, no tables.
     */
    @Override
    public synchronized void startEmpty() {
        deleteTree(data);
        try {
            initdb();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
        createdb();
    }

    /** {@code pg_ctl restart -m fast}. */
    public synchronized void restart() {
        run(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-l",
                home.resolve("log").toString(),
                "-m",
                "fast",
                "-w",
                "-t",
                "60",
                "-o",
                options(),
                "restart");
    }

    /** Runs SQL through {@code psql} on the server's socket (as the superuser, no password): for set-up. */
    public String psql(String sqlText) {
        return run(
                bin.resolve("psql").toString(),
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                home.toString(),
                "-p",
                Integer.toString(port),
                "-U",
                USER,
                "-d",
                DATABASE,
                "-c",
                sqlText);
    }

    @Override
    public synchronized void close() {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                run(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
            }
        } catch (RuntimeException e) {
            System.err.println("[postgres] stop failed: " + e.getMessage());
        } finally {
            deleteTree(home);
        }
    }

    @Override
    public String toString() {
        return "LocalPostgres{" + jdbcUrl() + ", " + bin + "}";
    }

    // ------------------------------------------------------------------------------------------------------------

    private void initdb() throws IOException {
        Path pwfile = home.resolve("pwfile");
        Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
        if (ROOT) {
            UserPrincipal postgres =
                    home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
            Files.setOwner(home, postgres);
            Files.setOwner(pwfile, postgres);
        }
        run(
                bin.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                USER,
                "--pwfile=" + pwfile,
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync");
        Files.delete(pwfile);
    }

    private void firstStart() {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            port = LocalServer.freePort();
            try {
                start();
                createdb();
                return;
            } catch (RuntimeException e) { // the port was taken meanwhile, say
                last = e;
            }
        }
        throw last;
    }

    private void createdb() {
        run(
                bin.resolve("createdb").toString(),
                "-h",
                home.toString(),
                "-p",
                Integer.toString(port),
                "-U",
                USER,
                DATABASE);
    }

    private String options() {
        return "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + home
                + " -c max_connections=300 -c fsync=" + (durable ? "on" : "off")
                + " -c synchronous_commit=" + (durable ? "on" : "off")
                + " -c full_page_writes=" + (durable ? "on" : "off");
    }

    /** Runs a PostgreSQL command (as the postgres user when this JVM is root); its output, or an exception with it. */
    private String run(String... command) {
        List<String> line = new ArrayList<>();
        if (ROOT) {
            line.addAll(List.of("runuser", "-u", USER, "--"));
        }
        line.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(line)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " failed (" + p.exitValue() + "): " + out + logTail());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(home.resolve("log"));
            return "\nserver log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Directories of servers whose JVM died before stopping them. */
    private static void deleteStaleDirectories() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, DIR_PREFIX + "*")) {
            for (Path dir : dirs) {
                Path pid = dir.resolve("data").resolve("postmaster.pid");
                boolean running = false;
                if (Files.exists(pid)) {
                    try {
                        long p = Long.parseLong(Files.readAllLines(pid).get(0).trim());
                        running =
                                ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false);
                    } catch (IOException | RuntimeException e) {
                        running = true; // cannot tell: leave it
                    }
                }
                if (!running && Files.getLastModifiedTime(dir).toMillis() < System.currentTimeMillis() - 3_600_000) {
                    deleteTree(dir);
                }
            }
        } catch (IOException e) {
            // nothing to clean
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
