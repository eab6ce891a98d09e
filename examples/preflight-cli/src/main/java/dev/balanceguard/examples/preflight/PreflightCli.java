package dev.balanceguard.examples.preflight;

import dev.balanceguard.core.SafeText;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar preflight-cli.jar COMMAND}: the pre-flight check from a shell. Credentials come only from
 * the environment; the exit code says what happened (see {@link ExitCodes}).
 */
@Command(
        name = "preflight-cli",
        mixinStandardHelpOptions = true,
        version = "preflight-cli 0.1.0",
        description = "Checks that an SMS or voice account can pay for a campaign before it starts.",
        subcommands = {
            SegmentsCommand.class,
            BalanceCommand.class,
            CheckCommand.class,
            RatesCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done; the run is allowed",
            "2:usage or input error (stderr names the problem)",
            "3:blocked: the balance cannot cover the run",
            "4:the provider refused: bad credentials, no permission, unknown account",
            "5:the provider was unavailable after bounded retries, or --timeout passed",
            "6:the provider answered something unreadable"
        })
public final class PreflightCli implements Runnable {

    final Map<String, String> env;
    final InputStream in;
    final PrintWriter out;
    final PrintWriter err;

    @Spec
    CommandSpec spec;

    PreflightCli(Map<String, String> env, InputStream in, PrintWriter out, PrintWriter err) {
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String... args) {
        System.exit(execute(System.getenv(), System.in, System.out, System.err, args));
    }

    /**
     * Runs one command line against the given environment and streams; returns the exit code, always one of
     * the documented ones (see {@link ExitCodes}), whatever happens.
     */
    static int execute(Map<String, String> env, InputStream in, OutputStream out, OutputStream err, String... args) {
        PrintWriter stdout = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter stderr = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        Secrets secrets = Secrets.in(env);
        CommandLine cli = new CommandLine(new PreflightCli(env, in, stdout, stderr))
                .setOut(stdout)
                .setErr(stderr)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler((e, arguments) -> {
                    stderr.println("error: " + line(secrets, e.getMessage()) + " (see '"
                            + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
                    return ExitCodes.USAGE;
                })
                .setExecutionExceptionHandler((e, commandLine, parsed) -> {
                    stderr.println("error: " + line(secrets, ExitCodes.describe(e)));
                    return ExitCodes.of(e);
                });
        String environment = ProviderOptions.environmentHelp();
        cli.getSubcommands().values().stream()
                .map(CommandLine::getCommandSpec)
                .filter(spec -> spec.mixins().values().stream()
                        .anyMatch(mixin -> mixin.userObject() instanceof ProviderOptions))
                .forEach(spec -> spec.usageMessage().footer(environment));
        try {
            return cli.execute(args);
        } catch (RuntimeException | Error e) { // picocli hands on Errors (and its handlers' own failures)
            stderr.println("error: " + line(secrets, ExitCodes.describe(e)));
            return ExitCodes.of(e);
        } finally {
            stdout.flush();
            stderr.flush();
        }
    }

    /** One line for stderr: credentials blanked, control and invisible characters escaped, bounded. */
    private static String line(Secrets secrets, String message) {
        return SafeText.clean(secrets.redact(message), 2_000);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: segments, balance, check, rates or demo");
    }
}
