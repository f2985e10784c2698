package io.coprover.cli;

import io.coprover.backend.Backends;
import io.coprover.backend.ProvingBackend;
import io.coprover.plonk.Circuit;
import io.coprover.plonk.CircuitBuilder;
import io.coprover.plonk.DemoCircuit;
import io.coprover.plonk.Proof;
import io.coprover.plonk.Prover;
import io.coprover.plonk.ProvingKey;
import io.coprover.plonk.Setup;
import io.coprover.plonk.Srs;
import io.coprover.plonk.VerificationKey;
import io.coprover.plonk.Verifier;
import io.coprover.plonk.io.SnarkjsJson;
import io.coprover.plonk.io.SrsFile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coprover plonk demo|verify}: prove a benchmark circuit; verify snarkjs-format proofs. */
@Command(
        name = "plonk",
        mixinStandardHelpOptions = true,
        description = "PLONK over BN254 with KZG, in the variant snarkjs verifies.",
        subcommands = {
            PlonkCommand.Demo.class,
            PlonkCommand.Prove.class,
            PlonkCommand.Verify.class,
            PlonkCommand.Vkey.class
        })
public final class PlonkCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String ms(long ns) {
        return String.format("%.1f ms", ns / 1e6);
    }

    /** The backend named on the command line ({@link Backends#NAMES}). */
    static ProvingBackend backend(String name) {
        try {
            return Backends.select(name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(new PlonkCommand()), e.getMessage());
        }
    }

    @Command(
            name = "demo",
            mixinStandardHelpOptions = true,
            description = "Builds a Poseidon hash-chain circuit of about N gates, runs setup, proves it, verifies, "
                    + "and writes verification_key.json, proof.json and public.json (snarkjs format) into DIR.")
    static final class Demo implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--gates", required = true, description = "Number of rows (gates + public rows), at least 2.")
        int gates;

        @Option(names = "--out", required = true, description = "Output directory.")
        Path out;

        @Option(
                names = "--backend",
                defaultValue = "auto",
                description =
                        "Proving backend: " + Backends.NAMES + " (default: ${DEFAULT-VALUE}: the fastest usable one).")
        String backendName;

        @Option(
                names = "--srs",
                description = "SRS file: a snarkjs .ptau or a file from `coprover srs new`. "
                        + "Without it a development SRS is generated in memory (insecure).")
        Path srsFile;

        @Option(names = "--seed", defaultValue = "1", description = "Private seed of the hash chain.")
        long seed;

        @Override
        public Integer call() throws Exception {
            PrintWriter o = spec.commandLine().getOut();
            long t0 = System.nanoTime();
            CircuitBuilder cb = DemoCircuit.build(gates, seed);
            Circuit c = cb.build();
            long tCircuit = System.nanoTime();
            o.printf(
                    "circuit: %d rows (%d Poseidon hashes of %d gates + filler), %d wires, domain 2^%d = %d, %d public input%n",
                    c.nGates, DemoCircuit.hashes(gates), DemoCircuit.gatesPerHash(), c.nVars, c.power, c.n, c.nPublic);
            Srs srs;
            if (srsFile != null) {
                srs = SrsFile.load(srsFile, c.power);
                o.printf(
                        "srs: %s (%d G1 powers)%s%n",
                        srsFile, srs.count(), srs.insecure ? " - DEVELOPMENT SRS, INSECURE" : "");
            } else {
                srs = Srs.generateInsecure(c.power);
                o.println(
                        "srs: generated in memory for this run - DEVELOPMENT ONLY, INSECURE (use --srs FILE for a real one)");
            }
            long tSrs = System.nanoTime();
            try (ProvingBackend be = backend(backendName)) {
                o.println("backend: " + be.name());
                ProvingKey pk = Setup.run(c, srs, be);
                long tSetup = System.nanoTime();
                Prover.Result r;
                long prep;
                try (Prover p = new Prover(pk, be)) {
                    prep = p.preparationNanos();
                    r = p.prove(cb.witness());
                }
                long tv = System.nanoTime();
                boolean ok = Verifier.verify(pk.vk, r.publicInputs(), r.proof());
                long tVerify = System.nanoTime() - tv;
                SnarkjsJson.writeAll(out, pk.vk, r.proof(), r.publicInputs());
                Prover.Timings tm = r.timings();
                o.printf(
                        "timings: circuit+witness %s, srs %s, setup %s, prover key preparation %s%n",
                        ms(tCircuit - t0), ms(tSrs - tCircuit), ms(tSetup - tSrs), ms(prep));
                o.printf(
                        "prove: round1 %s, round2 %s, round3 %s, round4 %s, round5 %s, total %s%n",
                        ms(tm.round1()),
                        ms(tm.round2()),
                        ms(tm.round3()),
                        ms(tm.round4()),
                        ms(tm.round5()),
                        ms(tm.total()));
                o.printf("prove breakdown: NTT %s, MSM %s, other %s%n", ms(tm.ntt()), ms(tm.msm()), ms(tm.other()));
                o.printf("verify: %s (%s)%n", ok ? "OK" : "FAILED", ms(tVerify));
                for (String f : new String[] {"verification_key.json", "proof.json", "public.json"}) {
                    o.printf("wrote %s (%d bytes)%n", out.resolve(f), Files.size(out.resolve(f)));
                }
                return ok ? 0 : 1;
            }
        }
    }

    @Command(
            name = "prove",
            mixinStandardHelpOptions = true,
            description = "Proves a snarkjs PLONK .zkey with a .wtns (a drop-in for `snarkjs plonk prove`); writes "
                    + "proof.json and public.json into DIR.")
    static final class Prove implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--zkey", required = true, description = "snarkjs PLONK proving key.")
        Path zkey;

        @Option(names = "--wtns", required = true, description = "Witness (snarkjs wtns calculate).")
        Path wtns;

        @Option(names = "--out", required = true, description = "Output directory.")
        Path out;

        @Option(
                names = "--backend",
                defaultValue = DEFAULT_BACKEND,
                description =
                        "Proving backend: " + Backends.NAMES + " (default: ${DEFAULT-VALUE}: the fastest usable one).")
        String backendName;

        static final String DEFAULT_BACKEND = "auto";

        /**
         * The options of {@code plonk prove} read without picocli, for {@link Main}'s one-shot path:
         * {@code args[from..]} must be {@code --zkey}, {@code --wtns}, {@code --out} and optionally
         * {@code --backend}, each once, with its value as the next argument or after {@code =}.
         * Returns null for anything else (help, a typo, a missing or repeated option), which picocli
         * then parses and reports as usual. Picocli builds its command model by reflection from
         * classes it cannot share through the class-data archive (Java 5 bytecode): a few hundred
         * milliseconds of a one-shot proof's start-up.
         */
        static Prove parse(String[] args, int from) {
            Prove p = new Prove();
            for (int i = from; i < args.length; i++) {
                String a = args[i], name = a, value;
                int eq = a.indexOf('=');
                if (eq > 0 && a.startsWith("--")) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    return null;
                }
                if (value.isEmpty() || value.startsWith("-")) return null;
                switch (name) {
                    case "--zkey" -> {
                        if (p.zkey != null) return null;
                        p.zkey = Path.of(value);
                    }
                    case "--wtns" -> {
                        if (p.wtns != null) return null;
                        p.wtns = Path.of(value);
                    }
                    case "--out" -> {
                        if (p.out != null) return null;
                        p.out = Path.of(value);
                    }
                    case "--backend" -> {
                        if (p.backendName != null) return null;
                        p.backendName = value;
                    }
                    default -> {
                        return null;
                    }
                }
            }
            if (p.zkey == null || p.wtns == null || p.out == null) return null;
            if (p.backendName == null) p.backendName = DEFAULT_BACKEND;
            return p;
        }

        @Override
        public Integer call() throws Exception {
            return prove(spec.commandLine().getOut());
        }

        /** Where the fixed-base MSM cache goes ({@link #fixedBaseCacheFile}); the environment's by default. */
        String msmCache = System.getenv("COPROVER_MSM_CACHE");

        /**
         * The fixed-base MSM cache file of a zkey: beside it ({@code <zkey>.msm-cache}), or in the
         * folder {@code setting} names; none where {@code setting} is {@code off}. The
         * {@code COPROVER_MSM_CACHE} environment variable is the setting.
         */
        static Path fixedBaseCacheFile(Path zkey, String setting) {
            if (setting != null && setting.equalsIgnoreCase("off")) return null;
            Path name = zkey.toAbsolutePath().getFileName();
            Path file = Path.of(name + ".msm-cache");
            if (setting != null && !setting.isBlank()) return Path.of(setting).resolve(file);
            Path dir = zkey.toAbsolutePath().getParent();
            return dir == null ? file : dir.resolve(file);
        }

        /** Proves with the parsed options, reporting on {@code o}; 0 on success. */
        int prove(PrintWriter o) throws Exception {
            long t0 = System.nanoTime();
            // the witness and the backend (its native library) load on threads of their own beside
            // the zkey: start-up is mostly single-threaded work, and a proof waits for all three;
            // errors are reported in the order zkey, witness, backend, as when they ran in turn
            java.util.concurrent.FutureTask<long[]> wtnsRead =
                    start("wtns-read", () -> io.coprover.plonk.io.WtnsFile.read(wtns));
            java.util.concurrent.FutureTask<ProvingBackend> backendLoad =
                    start("backend-load", () -> backend(backendName));
            io.coprover.plonk.io.ZkeyFile z;
            long[] w;
            try {
                z = io.coprover.plonk.io.ZkeyFile.read(zkey);
                w = z.extendWitness(result(wtnsRead));
            } catch (Exception | Error e) {
                closeWhenLoaded(backendLoad);
                throw e;
            }
            ProvingKey pk = z.provingKey();
            long tLoad = System.nanoTime();
            o.printf(
                    "zkey: %d gates, domain 2^%d, %d public input(s), %d additions%n",
                    z.nConstraints, z.power, z.nPublic, z.nAdditions);
            try (ProvingBackend be = result(backendLoad);
                    Prover p = new Prover(pk, be)) {
                Path cache = fixedBaseCacheFile(zkey, msmCache);
                long tc = System.nanoTime();
                ProvingBackend.FixedBaseCache fc =
                        cache == null ? ProvingBackend.FixedBaseCache.NONE : p.useFixedBaseCache(cache);
                long tCache = System.nanoTime() - tc;
                Prover.Result r = p.prove(w);
                Files.createDirectories(out);
                SnarkjsJson.writeProof(out.resolve("proof.json"), r.proof());
                SnarkjsJson.writePublic(out.resolve("public.json"), r.publicInputs());
                Prover.Timings tm = r.timings();
                o.println("backend: " + be.name());
                o.printf("timings: load %s, prover key preparation %s%n", ms(tLoad - t0), ms(p.preparationNanos()));
                if (cache != null)
                    o.printf(
                            "msm cache: %s, %s in %s%n",
                            fc.name().toLowerCase(java.util.Locale.ROOT), cache, ms(tCache));
                o.printf(
                        "prove: round1 %s, round2 %s, round3 %s, round4 %s, round5 %s, total %s%n",
                        ms(tm.round1()),
                        ms(tm.round2()),
                        ms(tm.round3()),
                        ms(tm.round4()),
                        ms(tm.round5()),
                        ms(tm.total()));
                o.printf("prove breakdown: NTT %s, MSM %s, other %s%n", ms(tm.ntt()), ms(tm.msm()), ms(tm.other()));
                o.printf(
                        "wrote %s and %s (whole command %s)%n",
                        out.resolve("proof.json"), out.resolve("public.json"), ms(System.nanoTime() - t0));
            }
            return 0;
        }
    }

    /** Runs {@code work} on a daemon thread of its own; its result or exception through {@link #result}. */
    static <T> java.util.concurrent.FutureTask<T> start(String name, java.util.concurrent.Callable<T> work) {
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(work);
        Thread t = new Thread(task, "coprover-" + name);
        t.setDaemon(true);
        t.start();
        return task;
    }

    /** The task's result, or the very exception its work threw. */
    static <T> T result(java.util.concurrent.FutureTask<T> task) throws Exception {
        try {
            return task.get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception) throw (Exception) c;
            if (c instanceof Error) throw (Error) c;
            throw e;
        }
    }

    /** Closes the backend a task made, once it has made it (nothing when it failed). */
    static void closeWhenLoaded(java.util.concurrent.FutureTask<ProvingBackend> task) {
        try {
            task.get().close();
        } catch (Exception e) {
            // it failed, or closing failed: the error being reported is another one
        }
    }

    @Command(
            name = "vkey",
            mixinStandardHelpOptions = true,
            description =
                    "Writes the verification_key.json of a snarkjs PLONK .zkey (as `snarkjs zkey export verificationkey`).")
    static final class Vkey implements Callable<Integer> {
        @Option(names = "--zkey", required = true, description = "snarkjs PLONK proving key.")
        Path zkey;

        @Option(
                names = "--out",
                defaultValue = "verification_key.json",
                description = "Output file (default: ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() throws Exception {
            io.coprover.plonk.io.ZkeyFile z = io.coprover.plonk.io.ZkeyFile.read(zkey);
            SnarkjsJson.write(out, SnarkjsJson.vkJson(z.provingKey().vk));
            return 0;
        }
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description =
                    "Verifies DIR/verification_key.json, DIR/proof.json and DIR/public.json (snarkjs format). Exit 1 on rejection.")
    static final class Verify implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "Directory holding the three JSON files.")
        Path dir;

        @Override
        public Integer call() throws Exception {
            PrintWriter o = spec.commandLine().getOut();
            long t0 = System.nanoTime();
            String result;
            boolean ok = false;
            VerificationKey vk = null;
            try {
                vk = SnarkjsJson.parseVk(SnarkjsJson.readTree(dir.resolve("verification_key.json")));
                Proof proof = SnarkjsJson.parseProof(SnarkjsJson.readTree(dir.resolve("proof.json")));
                long[] pub = SnarkjsJson.parsePublic(SnarkjsJson.readTree(dir.resolve("public.json")));
                ok = Verifier.verify(vk, pub, proof);
                result = ok ? "OK" : "INVALID: the pairing check failed";
            } catch (IllegalArgumentException e) {
                result = "INVALID: " + e.getMessage();
            }
            long t = System.nanoTime() - t0;
            if (vk != null) o.printf("verification key: domain 2^%d, %d public input(s)%n", vk.power, vk.nPublic);
            o.printf("%s (%s)%n", result, ms(t));
            return ok ? 0 : 1;
        }
    }
}
