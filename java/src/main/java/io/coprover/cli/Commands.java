package io.coprover.cli;

import picocli.CommandLine;

/**
 * The list of top-level subcommands. Each command lives in its own class; adding one is a
 * single line here, so that work on different commands does not touch the same code.
 */
final class Commands {
    private Commands() {}

    static void register(CommandLine cl) {
        // one line per command, alphabetical
        cl.addSubcommand(new BenchCommand());
        cl.addSubcommand(new BlockCommand());
        cl.addSubcommand(new BuilderCommand());
        cl.addSubcommand(new DevicesCommand());
        cl.addSubcommand(new NodeCommand());
        cl.addSubcommand(new PlonkCommand());
        cl.addSubcommand(new RankCommand());
        cl.addSubcommand(new RewardsCommand());
        cl.addSubcommand(new SimulateCommand());
        cl.addSubcommand(new SrsCommand());
        cl.addSubcommand(new WorkerCommand());
    }
}
