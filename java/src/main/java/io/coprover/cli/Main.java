package io.coprover.cli;

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
        CommandLine cl = new CommandLine(new Main());
        Commands.register(cl);
        // PUBLIC/public, BOTH/both: an enum value is a word, not a spelling test (after register: applies to every
        // command)
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            cmd.getErr().println("error: " + msg);
            if (System.getenv("COPROVER_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cl;
    }

    public static void main(String[] args) {
        // one log format for every command (a node reconfigures it from its config file)
        io.coprover.log.Log.configure(java.util.logging.Level.INFO, io.coprover.log.LogFormat.Style.LOGFMT, System.err);
        int code = commandLine().execute(args);
        System.exit(code);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"coprover " + (v == null ? "dev" : v)};
        }
    }
}
