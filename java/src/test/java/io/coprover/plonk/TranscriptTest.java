package io.coprover.plonk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coprover.math.Field;
import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Keccak-256 (not SHA3) and the transcript's encoding; the full challenge chain is checked by the verifier tests. */
class TranscriptTest {
    @Test
    void keccakIsTheEthereumVariant() {
        assertEquals(
                "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
                HexFormat.of().formatHex(Transcript.keccak256(new byte[0])));
        assertEquals(
                "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
                HexFormat.of().formatHex(Transcript.keccak256("abc".getBytes())));
    }

    @Test
    void challengeHashesBigEndianItemsAndResets() {
        Field F = Field.FR;
        long[] one = F.one();
        long[] c1 = new Transcript().addScalar(one).challenge();
        byte[] enc = new byte[32];
        enc[31] = 1;
        assertEquals(new BigInteger(1, Transcript.keccak256(enc)).mod(F.modulus), F.toBigInteger(c1, 0));
        Transcript t = new Transcript();
        t.addPoint(new long[8]).challenge();
        long[] c2 = t.addScalar(one).challenge(); // only the item added since the last challenge
        assertEquals(F.toBigInteger(c1, 0), F.toBigInteger(c2, 0));
        assertEquals(
                new BigInteger(1, Transcript.keccak256(new byte[64])).mod(F.modulus),
                F.toBigInteger(new Transcript().addPoint(new long[8]).challenge(), 0));
    }
}
