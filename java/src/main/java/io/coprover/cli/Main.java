package io.coprover.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code coprover} command line.
 *
 * <p>Exit codes: 0 success, 1 failure, 2 bad usage (picocli's defaults for usage errors are
 * mapped to 2, exceptions thrown by a command to 1 with a one-line message on stderr).
 */
@Command(
        name = "coprover",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Prover node and GPU-accelerated proving backend for a cooperative proving network.",
        subcommands = {
            CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Builds the command line with every subcommand registered. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * Builds the command line for arguments starting with {@code first}: with only the subcommand
     * it names registered, or every one when it names none (see {@link Commands#register(CommandLine,
     * String)}).
     */
    static CommandLine commandLine(String first) {
        CommandLine cl = new CommandLine(new Main());
        Commands.register(cl, first);
        // PUBLIC/public, BOTH/both: an enum value is a word, not a spelling test (set after register: it then
        // holds for every command registered)
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> failed(ex, cmd.getErr()));
        return cl;
    }

    /** A command's exception as exit code 1 and a one-line message (the stack trace with COPROVER_DEBUG). */
    private static int failed(Exception ex, PrintWriter err) {
        String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        err.println("error: " + msg);
        if (System.getenv("COPROVER_DEBUG") != null) {
            ex.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    public static void main(String[] args) {
        // one log format for every command (a node reconfigures it from its config file)
        io.coprover.log.Log.configure(java.util.logging.Level.INFO, io.coprover.log.LogFormat.Style.LOGFMT, System.err);
        System.exit(run(args));
    }

    /**
     * Runs the command line {@code args}; returns the exit code. A one-shot {@code plonk prove}
     * whose options are all well formed runs without picocli (see {@link PlonkCommand.Prove#parse});
     * everything else goes through picocli, with the same output and exit codes.
     */
    static int run(String[] args) {
        if (args.length > 2 && "plonk".equals(args[0]) && "prove".equals(args[1])) {
            PlonkCommand.Prove p = PlonkCommand.Prove.parse(args, 2);
            if (p != null) {
                PrintWriter out = new PrintWriter(System.out, true), err = new PrintWriter(System.err, true);
                try {
                    int code = p.prove(out);
                    out.flush();
                    return code;
                } catch (Exception e) {
                    out.flush();
                    return failed(e, err);
                }
            }
        }
        return commandLine(args.length > 0 ? args[0] : "").execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"coprover " + (v == null ? "dev" : v)};
        }
    }
}
