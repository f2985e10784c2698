package io.coprover.plonk;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coprover.backend.JavaBackend;
import io.coprover.backend.ProvingBackend;
import io.coprover.math.Field;
import io.coprover.plonk.io.PtauWriter;
import io.coprover.plonk.io.SnarkjsJson;
import io.coprover.plonk.io.SrsFile;
import io.coprover.plonk.io.WtnsFile;
import io.coprover.plonk.io.ZkeyFile;
import io.coprover.testutil.Vectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent verifier on our proofs: {@code snarkjs plonk verify} (snarkjs 0.7.6, pinned in
 * tools/snarkjs) must print OK for proofs of our own circuits and for proofs from snarkjs zkeys,
 * and must reject a tampered proof.
 *
 * <p>snarkjs is found through {@code $COPROVER_SNARKJS} (the executable) or
 * {@code tools/snarkjs/node_modules/.bin/snarkjs} in the repository. When it is missing the test
 * is skipped, except under {@code CI=true} or {@code COPROVER_REQUIRE_SNARKJS=1}, where it fails.
 */
public class SnarkjsInteropTest {
    private static final Field FR = Field.FR;

    public static Path snarkjs() {
        String env = System.getenv("COPROVER_SNARKJS");
        if (env != null && !env.isBlank()) {
            Path p = Paths.get(env);
            assertTrue(Files.isExecutable(p), "COPROVER_SNARKJS=" + env + " is not an executable");
            return p;
        }
        for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path cand = d.resolve("tools/snarkjs/node_modules/.bin/snarkjs");
            if (Files.isExecutable(cand)) return cand;
        }
        boolean required =
                "true".equalsIgnoreCase(System.getenv("CI")) || "1".equals(System.getenv("COPROVER_REQUIRE_SNARKJS"));
        String msg = "snarkjs not found: run `npm ci --prefix tools/snarkjs` or set COPROVER_SNARKJS";
        if (required) fail(msg + " (required because CI=true or COPROVER_REQUIRE_SNARKJS=1)");
        Assumptions.assumeTrue(false, msg);
        return null;
    }

    /** Runs snarkjs plonk verify; returns its exit code and output. */
    public static String[] verify(Path snarkjs, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(
                        snarkjs.toString(),
                        "plonk",
                        "verify",
                        dir.resolve("verification_key.json").toString(),
                        dir.resolve("public.json").toString(),
                        dir.resolve("proof.json").toString()))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "snarkjs did not finish");
        return new String[] {Integer.toString(p.exitValue()), out};
    }

    static void assertAcceptedAndTamperedRejected(Path snarkjs, Path dir, VerificationKey vk, Prover.Result r)
            throws Exception {
        SnarkjsJson.writeAll(dir, vk, r.proof(), r.publicInputs());
        String[] ok = verify(snarkjs, dir);
        assertEquals("0", ok[0], ok[1]);
        assertTrue(ok[1].contains("OK"), ok[1]);
        Proof bad = r.proof().copy();
        FR.add(bad.evals[Proof.EC], 0, FR.one(), 0, bad.evals[Proof.EC], 0);
        ObjectNode pj = SnarkjsJson.proofJson(bad);
        SnarkjsJson.write(dir.resolve("proof.json"), pj);
        String[] no = verify(snarkjs, dir);
        assertNotEquals("0", no[0], no[1]);
        assertFalse(no[1].contains("OK"), no[1]);
    }

    @Test
    void snarkjsAcceptsOurProofs(@TempDir Path tmp) throws Exception {
        Path snarkjs = snarkjs();
        long seed = System.nanoTime();
        System.out.println("SnarkjsInteropTest seed " + seed);
        try (ProvingBackend be = new JavaBackend()) {
            // our circuit, our setup, our dev SRS
            CircuitBuilder cb = PlonkProverTest.gadgetCircuit(4321);
            ProvingKey pk = Setup.run(cb.build(), Srs.generateInsecure(10, new Random(seed)), be);
            try (Prover p = new Prover(pk, be)) {
                assertAcceptedAndTamperedRejected(snarkjs, tmp.resolve("own"), pk.vk, p.prove(cb.witness()));
            }
        }
        // snarkjs's zkeys and witnesses, proved by us on the Java backend and, where the native
        // library is built, the native one (its MSM, NTT and round-3 kernel)
        Path dir = Vectors.file("plonk");
        for (String backend :
                io.coprover.backend.NativeLibrary.load().loaded() ? List.of("java", "native-host") : List.of("java")) {
            try (ProvingBackend be = io.coprover.backend.Backends.select(backend)) {
                for (String name : io.coprover.plonk.io.ZkeyVectorsTest.names()) {
                    ZkeyFile z = ZkeyFile.read(dir.resolve(name + ".zkey"));
                    ProvingKey zpk = z.provingKey();
                    try (Prover p = new Prover(zpk, be)) {
                        Prover.Result r = p.prove(z.extendWitness(WtnsFile.read(dir.resolve(name + ".wtns"))));
                        assertAcceptedAndTamperedRejected(snarkjs, tmp.resolve(backend + "-" + name), zpk.vk, r);
                    }
                }
            }
        }
    }

    /** A snarkjs .ptau (new + one contribution) as our SRS: loaded, used, and checked by snarkjs. */
    @Test
    void ptauFromSnarkjsWorksAsSrs(@TempDir Path tmp) throws Exception {
        Path snarkjs = snarkjs();
        Path p0 = tmp.resolve("p0.ptau"), p1 = tmp.resolve("p1.ptau");
        run(snarkjs, "powersoftau", "new", "bn128", "5", p0.toString());
        run(
                snarkjs,
                "powersoftau",
                "contribute",
                p0.toString(),
                p1.toString(),
                "--name=test",
                "-e=interop test entropy");
        Srs srs = SrsFile.load(p1, 5);
        assertFalse(srs.insecure);
        assertTrue(SrsTest.consistent(srs));
        CircuitBuilder cb = new CircuitBuilder();
        int x = cb.publicInput(FR.fromLong(3));
        int acc = x;
        while (cb.numRows() < 30) acc = Gadgets.mul(cb, acc, x);
        try (ProvingBackend be = new JavaBackend()) {
            ProvingKey pk = Setup.run(cb.build(), srs, be);
            assertEquals(5, pk.power);
            try (Prover p = new Prover(pk, be)) {
                Prover.Result r = p.prove(cb.witness());
                assertTrue(Verifier.verify(pk.vk, r.publicInputs(), r.proof()));
                assertAcceptedAndTamperedRejected(snarkjs, tmp.resolve("ptau"), pk.vk, r);
            }
        }
        // too small, truncated
        IOException e = assertThrows(IOException.class, () -> SrsFile.load(p1, 6));
        assertTrue(e.getMessage().contains("too small"), e.getMessage());
        byte[] all = Files.readAllBytes(p1);
        Path cut = tmp.resolve("cut.ptau");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 3));
        e = assertThrows(IOException.class, () -> SrsFile.load(cut, 5));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    /**
     * Our PLONK-only .ptau through snarkjs's own setup: {@code snarkjs plonk setup} on the smallest
     * r1cs of the vectors, then our prover on that zkey with the vectors' witness, verified by snarkjs.
     */
    @Test
    void snarkjsSetupAcceptsOurPtau(@TempDir Path tmp) throws Exception {
        Path snarkjs = snarkjs();
        Path dir = Vectors.file("plonk");
        String name = null;
        long best = Long.MAX_VALUE;
        for (String n : io.coprover.plonk.io.ZkeyVectorsTest.names()) {
            long size = Files.size(dir.resolve(n + ".r1cs"));
            if (size < best) {
                best = size;
                name = n;
            }
        }
        int power = ZkeyFile.read(dir.resolve(name + ".zkey")).power;
        Path ptau = tmp.resolve("dev.ptau");
        PtauWriter.writeInsecure(power, ptau, new Random(System.nanoTime()));
        assertTrue(SrsTest.consistent(SrsFile.load(ptau, power)));
        Path zkey = tmp.resolve("ours.zkey");
        run(snarkjs, "plonk", "setup", dir.resolve(name + ".r1cs").toString(), ptau.toString(), zkey.toString());
        ZkeyFile z = ZkeyFile.read(zkey);
        ProvingKey pk = z.provingKey();
        try (ProvingBackend be = new JavaBackend();
                Prover p = new Prover(pk, be)) {
            Prover.Result r = p.prove(z.extendWitness(WtnsFile.read(dir.resolve(name + ".wtns"))));
            assertAcceptedAndTamperedRejected(snarkjs, tmp.resolve("out"), pk.vk, r);
        }
    }

    static void run(Path snarkjs, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(snarkjs.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "snarkjs did not finish");
        assertEquals(0, p.exitValue(), out);
    }
}
