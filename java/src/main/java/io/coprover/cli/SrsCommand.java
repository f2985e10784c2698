package io.coprover.cli;

import io.coprover.plonk.Srs;
import io.coprover.plonk.io.PtauWriter;
import io.coprover.plonk.io.SrsFile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coprover srs new}: a local, single-party powers-of-tau for development. */
@Command(
        name = "srs",
        mixinStandardHelpOptions = true,
        description = "Structured reference strings (KZG powers of tau).",
        subcommands = {SrsCommand.New.class})
public final class SrsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "new",
            mixinStandardHelpOptions = true,
            description =
                    "Generates a DEVELOPMENT-ONLY, INSECURE SRS for domains up to 2^K (tau is drawn and discarded "
                            + "by this one process; anyone who saw it could forge proofs). For production load a snarkjs .ptau "
                            + "from a public ceremony with --srs.")
    static final class New implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--power", required = true, description = "K: supports PLONK domains up to 2^K (1..26).")
        int power;

        @Option(names = "--out", required = true, description = "Output file.")
        Path out;

        @Option(
                names = "--format",
                description =
                        "coprover (default; our compact format) or ptau (a PLONK-only snarkjs "
                                + ".ptau: sections 1, 2, 3, 12, which `snarkjs plonk setup` reads; default when --out ends in .ptau).")
        String format;

        @Override
        public Integer call() throws Exception {
            PrintWriter o = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            err.println(
                    "WARNING: DEVELOPMENT-ONLY SRS. It is INSECURE: a single process knew tau. Never use it for real proofs.");
            long t0 = System.nanoTime();
            String fmt = format != null ? format : out.toString().endsWith(".ptau") ? "ptau" : "coprover";
            if (fmt.equals("ptau")) {
                PtauWriter.writeInsecure(power, out, new java.security.SecureRandom());
                o.printf(
                        "wrote %s: PLONK-only .ptau of power %d (%d bytes, %.1f s); not valid for Groth16%n",
                        out, power, Files.size(out), (System.nanoTime() - t0) / 1e9);
                return 0;
            }
            if (!fmt.equals("coprover"))
                throw new IllegalArgumentException("unknown --format \"" + fmt + "\" (coprover or ptau)");
            Srs srs = Srs.generateInsecure(power);
            SrsFile.write(out, srs, power);
            o.printf(
                    "wrote %s: %d G1 powers + [tau]_2 for domains up to 2^%d (%d bytes, %.1f s)%n",
                    out, srs.count(), power, Files.size(out), (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }
}
