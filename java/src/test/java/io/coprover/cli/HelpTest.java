package io.coprover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.protocol.Role;
import io.coprover.protocol.VrfMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's {@code --help} renders cleanly: no picocli warning (an unescaped {@code %}), no
 * half-formatted text, and every description line ends a sentence (picocli prints each line of a
 * description as it is: a sentence split over two lines shows cut in the middle).
 */
class HelpTest {

    private static void collect(CommandLine cl, List<CommandLine> out) {
        out.add(cl);
        for (CommandLine sub : cl.getSubcommands().values()) if (!out.contains(sub)) collect(sub, out);
    }

    @Test
    void everyHelpRendersWithoutWarnings() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(), all);
        PrintStream err = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        List<String> problems = new ArrayList<>();
        try {
            System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
            for (CommandLine cl : all) {
                ByteArrayOutputStream help = new ByteArrayOutputStream();
                cl.usage(new PrintStream(help, true, StandardCharsets.UTF_8));
                String text = help.toString(StandardCharsets.UTF_8);
                String name = cl.getCommandSpec().qualifiedName();
                if (text.contains("%%") || text.contains("%n")) problems.add(name + ": unformatted '%' in its help");
                for (String d : cl.getCommandSpec().usageMessage().description()) {
                    String t = d.strip();
                    if (t.endsWith("%n")) t = t.substring(0, t.length() - 2);
                    if (d.startsWith("  ") || t.isEmpty()) continue; // an example line, printed as written
                    if (!t.endsWith(".") && !t.endsWith(":") && !t.endsWith(")"))
                        problems.add(name + ": description cut mid-sentence: \"" + t + "\"");
                }
            }
        } finally {
            System.setErr(err);
        }
        String w = warnings.toString(StandardCharsets.UTF_8);
        if (!w.isBlank()) problems.add("picocli printed: " + w.strip());
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(all.size() > 10, "every command was rendered: " + all.size());
    }

    @Test
    void enumValuesAreTakenInAnyCase() {
        CommandLine cl = Main.commandLine();
        CommandLine.ParseResult pr = cl.parseArgs("simulate", "--vrf-mode", "public", "--roles", "base,Merge");
        SimulateCommand sim = (SimulateCommand) pr.subcommand().commandSpec().userObject();
        assertEquals(VrfMode.PUBLIC, sim.mode);
        assertEquals(List.of(Role.BASE, Role.MERGE), sim.roles);
    }
}
