package io.coprover.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every worked example of docs/PROTOCOL.md, recomputed by the code and looked up in the page. */
class DocExamplesTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] PK = HEX.parseHex("0360fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6");
    private static String doc;

    @BeforeAll
    static void load() throws IOException {
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("docs/PROTOCOL.md");
            if (Files.exists(c)) {
                doc = Files.readString(c);
                return;
            }
        }
        throw new IllegalStateException("docs/PROTOCOL.md not found");
    }

    /** The value the code computes must equal {@code expected}, and the page must state it. */
    private static void check(String expected, Object computed) {
        assertEquals(expected, String.valueOf(computed));
        assertTrue(doc.contains(expected), "docs/PROTOCOL.md should contain " + expected);
    }

    @Test
    void unitsAndRatios() {
        check("1000500000000000000000", Amounts.parse("1000.5", "x"));
        check("123456", Ppm.parse("12.3456%", "x"));
    }

    @Test
    void seedsScoresEligibility() {
        byte[] randao = new byte[32];
        for (int i = 0; i < 32; i++) randao[i] = (byte) i;
        check(
                "ed20a4dd78f766743c83180fa2d3df84617a7aa520855797077a318143efbc5b",
                HEX.formatHex(Seeds.sequencerAlpha(randao, 5)));
        byte[] beta = new byte[32];
        Arrays.fill(beta, (byte) 0xab);
        byte[] alpha = Seeds.proverAlpha(randao, beta, 5, new NodeId(2, 3));
        check("9058c466bdafc96435b59dda0cc02e50b705fc41411d1fcde0fd30a62323c279", HEX.formatHex(alpha));
        byte[] pub = VrfMode.publicBeta(PK, alpha);
        check("03c4bf43a0a226bf25475235c4b5cae99552cc2163de1a6d2830957ba7062ea7", HEX.formatHex(pub));
        check("271552174727767743", Long.toUnsignedString(Seeds.u(pub)));
        check("380173044618874840200000", Score.of(Seeds.u(pub), 400_000));
        long uSeq = Seeds.u(HEX.parseHex("a3ad7b0ef73d8fc6655053ea22f9bede8c743f08bbed3d38821f0e16474b505e"));
        check("11794218303360962502", Long.toUnsignedString(uSeq));
        check("21229592946049732503600000", Score.of(uSeq, 800_000));
        check("16971004547812787487", Eligibility.of(8, 100).threshold());
    }

    @Test
    void proofId() {
        byte[] a = new byte[32], b = new byte[32], c = new byte[32];
        Arrays.fill(a, (byte) 0x11);
        Arrays.fill(b, (byte) 0x22);
        Arrays.fill(c, (byte) 0x33);
        ProofRecord p = new ProofRecord(
                5,
                new NodeId(0, 1),
                Bytes.of(PK),
                null,
                400_000,
                new PublicOutputs(Bytes.of(a), Bytes.of(b), Bytes.of(c), Amounts.ONE_AZT),
                List.of(),
                null);
        check("27bc59b6f3961d1f8fb48fe9c87d109cb614d3b4f934c5971d6e6cef5fb30d78", p.id());
        // the SNARK is not part of the id
        assertEquals(p.id(), p.withSnark(Bytes.of(new byte[] {1, 2, 3})).id());
    }

    @Test
    void rewards() {
        RewardSplit s = RewardSplit.uniform(
                Amounts.parse("1000", "x"), BigInteger.ZERO, 800_000, 100 * Ppm.ONE, TreeShape.forTxs(32), 3, 400_000);
        check("8.602150537634408602", Amounts.formatAzt(s.share()));
        check("5.161290322580645161", Amounts.formatAzt(s.payouts().get(0).reward()));
        check("3.440860215053763441", Amounts.formatAzt(s.payouts().get(0).burned()));
        check("469.677419354838709651", Amounts.formatAzt(s.totalRewards()));
        check("313.118279569892473131", Amounts.formatAzt(s.burnedByFeeBurn()));
        check("17.204301075268817204", Amounts.formatAzt(s.burnedMissing()));
        check("0.000000000000000014", Amounts.formatAzt(s.dust()));
        RewardSplit mev = RewardSplit.uniform(
                Amounts.parse("10", "x"), BigInteger.ZERO, 6_000_000, 100 * Ppm.ONE, TreeShape.forTxs(4), 3, 0);
        assertEquals(Amounts.parse("50", "x"), mev.fromBond());
        check("300000000000000", ProtocolParams.defaults().gasRebate(300_000, BigInteger.valueOf(1_000_000_000), 10));
        check(
                "300000000000000",
                ProtocolParams.defaults().gasRebate(10_000_000, BigInteger.valueOf(1_000_000_000), 10));
        check("300000000000000000", ProtocolParams.defaults().gasRebate(300_000, BigInteger.TEN.pow(18), 10));
        assertEquals(31, TreeShape.forTxs(32).numNodes());
        assertEquals(7, TreeShape.forTxs(5).numNodes());
    }
}
