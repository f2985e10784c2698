package io.coprover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.plonk.SnarkjsInteropTest;
import io.coprover.plonk.io.SnarkjsJson;
import io.coprover.plonk.io.ZkeyFile;
import io.coprover.plonk.io.ZkeyVectorsTest;
import io.coprover.testutil.Vectors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plonk prove}'s one-shot path (options read without picocli): it takes exactly what
 * picocli would, hands everything else to picocli, and its proofs verify in snarkjs.
 */
class PlonkProveCommandTest {

    private static PlonkCommand.Prove parse(String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "plonk";
        args[1] = "prove";
        System.arraycopy(options, 0, args, 2, options.length);
        return PlonkCommand.Prove.parse(args, 2);
    }

    @Test
    void readsTheFourOptionsInEitherFormAndAnyOrder() {
        PlonkCommand.Prove p = parse("--out", "o", "--zkey=k.zkey", "--wtns", "w.wtns");
        assertNotNull(p);
        assertEquals(Path.of("k.zkey"), p.zkey);
        assertEquals(Path.of("w.wtns"), p.wtns);
        assertEquals(Path.of("o"), p.out);
        assertEquals("auto", p.backendName, "picocli's default backend");
        p = parse("--zkey", "k", "--wtns", "w", "--out", "o", "--backend=java");
        assertNotNull(p);
        assertEquals("java", p.backendName);
    }

    @Test
    void leavesEverythingElseToPicocli() {
        assertNull(parse("--zkey", "k", "--wtns", "w"), "a required option missing");
        assertNull(parse("--zkey", "k", "--wtns", "w", "--out"), "an option without its value");
        assertNull(parse("--zkey", "k", "--wtns", "w", "--out", "o", "--zkey", "k2"), "an option twice");
        assertNull(parse("--zkey", "k", "--wtns", "w", "--out", "o", "--help"), "help");
        assertNull(parse("--zkey", "k", "--wtns", "w", "--out", "o", "-V"), "version");
        assertNull(parse("--zkey", "k", "--wtns", "w", "--out", "o", "--threads", "2"), "an unknown option");
        assertNull(parse("--zkey", "k", "--wtns", "--out", "o"), "an option where a value belongs");
        assertNull(parse("--zkey=", "--wtns", "w", "--out", "o"), "an empty value");
        assertNull(parse("--zkey", "k", "--wtns", "w", "--out", "o", "extra"), "a positional argument");
    }

    @Test
    void picocliReportsWhatTheOneShotPathLeaves() {
        assertEquals(2, Main.run(new String[] {"plonk", "prove", "--zkey", "k", "--wtns", "w"}), "usage error");
    }

    /**
     * The zkey, the witness and the backend load at the same time, but their errors come in that
     * order, each as it was thrown, whatever finished first.
     */
    @Test
    void loadErrorsComeInTheOrderZkeyWitnessBackend(@TempDir Path tmp) throws Exception {
        Path dir = Vectors.file("plonk");
        String name = ZkeyVectorsTest.names().get(0);
        String zkey = dir.resolve(name + ".zkey").toString(),
                wtns = dir.resolve(name + ".wtns").toString();
        String noZkey = tmp.resolve("none.zkey").toString(),
                noWtns = tmp.resolve("none.wtns").toString();
        String out = tmp.resolve("out").toString();
        StringWriter report = new StringWriter();
        PrintWriter o = new PrintWriter(report, true);
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(
                Exception.class,
                () -> parse("--zkey", noZkey, "--wtns", noWtns, "--out", out, "--backend", "nosuch")
                        .prove(o));
        assertTrue(e.getMessage().contains("none.zkey"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(
                Exception.class,
                () -> parse("--zkey", zkey, "--wtns", noWtns, "--out", out, "--backend", "nosuch")
                        .prove(o));
        assertTrue(e.getMessage().contains("none.wtns"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(
                picocli.CommandLine.ParameterException.class,
                () -> parse("--zkey", zkey, "--wtns", wtns, "--out", out, "--backend", "nosuch")
                        .prove(o));
        assertTrue(e.getMessage().contains("nosuch"), e.getMessage());
    }

    @Test
    void proofsOfTheOneShotPathVerifyInSnarkjs(@TempDir Path tmp) throws Exception {
        Path snarkjs = SnarkjsInteropTest.snarkjs();
        Path dir = Vectors.file("plonk");
        String name = ZkeyVectorsTest.names().get(0);
        Path out = tmp.resolve("out");
        PlonkCommand.Prove p = parse(
                "--zkey", dir.resolve(name + ".zkey").toString(),
                "--wtns", dir.resolve(name + ".wtns").toString(),
                "--out", out.toString());
        assertNotNull(p);
        p.msmCache = "off";
        StringWriter report = new StringWriter();
        assertEquals(0, p.prove(new PrintWriter(report, true)));
        assertTrue(report.toString().contains("wrote "), report.toString());
        assertVerifies(snarkjs, dir.resolve(name + ".zkey"), out);
    }

    /** With the fixed-base MSM cache: the proof that builds it and the one that reads it verify. */
    @Test
    void proofsWithTheMsmCacheVerifyInSnarkjs(@TempDir Path tmp) throws Exception {
        Path snarkjs = SnarkjsInteropTest.snarkjs();
        Path dir = Vectors.file("plonk");
        String name = ZkeyVectorsTest.names().get(0);
        Path zkey = dir.resolve(name + ".zkey");
        for (String expect : new String[] {"built", "loaded"}) {
            Path out = tmp.resolve("out-" + expect);
            PlonkCommand.Prove p = parse(
                    "--zkey", zkey.toString(),
                    "--wtns", dir.resolve(name + ".wtns").toString(),
                    "--out", out.toString(),
                    "--backend", "native-host");
            assertNotNull(p);
            p.msmCache = tmp.toString();
            StringWriter report = new StringWriter();
            io.coprover.backend.NativeLibrary.Status st = io.coprover.backend.NativeLibrary.load();
            org.junit.jupiter.api.Assumptions.assumeTrue(st.loaded(), "native library not available: " + st.detail());
            assertEquals(0, p.prove(new PrintWriter(report, true)));
            assertTrue(
                    report.toString().contains("msm cache: " + expect + ", " + tmp.resolve(name + ".zkey.msm-cache")),
                    report.toString());
            assertVerifies(snarkjs, zkey, out);
        }
    }

    @Test
    void msmCacheFileBesideTheZkeyInAFolderOrNone() {
        Path zkey = Path.of("/keys/a.zkey");
        assertEquals(Path.of("/keys/a.zkey.msm-cache"), PlonkCommand.Prove.fixedBaseCacheFile(zkey, null));
        assertEquals(Path.of("/keys/a.zkey.msm-cache"), PlonkCommand.Prove.fixedBaseCacheFile(zkey, ""));
        assertEquals(Path.of("/c/a.zkey.msm-cache"), PlonkCommand.Prove.fixedBaseCacheFile(zkey, "/c"));
        assertNull(PlonkCommand.Prove.fixedBaseCacheFile(zkey, "off"));
        assertNull(PlonkCommand.Prove.fixedBaseCacheFile(zkey, "OFF"));
    }

    private static void assertVerifies(Path snarkjs, Path zkey, Path out) throws Exception {
        SnarkjsJson.write(
                out.resolve("verification_key.json"),
                SnarkjsJson.vkJson(ZkeyFile.read(zkey).provingKey().vk));
        String[] r = SnarkjsInteropTest.verify(snarkjs, out);
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("OK"), r[1]);
    }
}
