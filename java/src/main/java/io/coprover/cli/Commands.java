package io.coprover.cli;

import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The list of top-level subcommands. Each command lives in its own class; adding one is a
 * single line here, so that work on different commands does not touch the same code.
 */
final class Commands {
    private Commands() {}

    // one line per command, alphabetical
    private static final List<Supplier<Object>> ALL = List.of(
            BenchCommand::new,
            BlockCommand::new,
            BuilderCommand::new,
            DevicesCommand::new,
            NodeCommand::new,
            PlonkCommand::new,
            RankCommand::new,
            RewardsCommand::new,
            SimulateCommand::new,
            SrsCommand::new,
            WorkerCommand::new);

    /** Registers every command. */
    static void register(CommandLine cl) {
        for (Supplier<Object> s : ALL) cl.addSubcommand(s.get());
    }

    /**
     * Registers only the command that {@code first} (the first argument) names, or every command
     * when it names none (an option, {@code help}, a typo: usage and suggestions then list them all).
     * Picocli builds each registered command's model by reflection over its options and
     * subcommands, which was most of a one-shot command's start-up with all of them registered.
     */
    static void register(CommandLine cl, String first) {
        if (first != null && !first.startsWith("-")) {
            for (Supplier<Object> s : ALL) {
                Object c = s.get();
                if (first.equals(
                        c.getClass().getAnnotation(CommandLine.Command.class).name())) {
                    cl.addSubcommand(c);
                    return;
                }
            }
        }
        register(cl);
    }
}
