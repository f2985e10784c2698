package io.coprover.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one proof-record encoding: round trips, one encoding per record, every malformed input refused with its field. */
class ProofRecordCodecTest {
    static ProofRecord record(int level, List<List<Bytes>> children, long feeBurn) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) 7);
        Bytes h = Bytes.of(b);
        return new ProofRecord(
                3,
                new NodeId(level, 1),
                Bytes.of(new byte[33]),
                Bytes.of(new byte[81]),
                feeBurn,
                new PublicOutputs(h, h, h, BigInteger.valueOf(123)),
                children,
                Bytes.of(new byte[768]));
    }

    private static String refused(byte[] enc) {
        return assertThrows(WireException.class, () -> ProofRecordCodec.decode(enc))
                .getMessage();
    }

    @Test
    void roundTripAndStrictness() {
        Bytes id = Bytes.of(new byte[32]);
        for (ProofRecord r :
                List.of(record(0, List.of(), 0), record(2, List.of(List.of(id), List.of(id, id)), 1_000_000))) {
            byte[] enc = ProofRecordCodec.encode(r);
            ProofRecord d = ProofRecordCodec.decode(enc);
            assertEquals(r, d);
            assertEquals(r.id(), d.id());
            assertArrayEquals(enc, ProofRecordCodec.encode(d));
            // every truncation and any trailing byte is refused
            for (int n = 0; n < enc.length; n++) {
                int cut = n;
                assertThrows(WireException.class, () -> ProofRecordCodec.decode(Arrays.copyOf(enc, cut)));
            }
            assertTrue(refused(Arrays.copyOf(enc, enc.length + 1)).contains("trailing"));
        }
        assertTrue(refused(ProofRecordCodec.encode(record(0, List.of(), 1_000_001)))
                .contains("FEE_BURN"));
        assertTrue(refused(ProofRecordCodec.encode(record(0, List.of(List.of(id), List.of(id)), 0)))
                .contains("a base record has 0, got 2"));
        assertTrue(refused(ProofRecordCodec.encode(record(1, List.of(List.of(), List.of(id)), 0)))
                .contains("at least one proof"));
        assertTrue(refused(ProofRecordCodec.encode(record(1, List.of(List.of(id)), 0)))
                .contains("a merge record has 2, got 1"));
        assertTrue(refused(new byte[ProofRecordCodec.MAX_BYTES + 1]).contains("exceeds"));
        byte[] tag = ProofRecordCodec.encode(record(0, List.of(), 0));
        tag[3] ^= 1;
        assertTrue(refused(tag).contains("tag"));
    }

    @Test
    void hostileLengthsAndRanges() {
        ProofRecord r = record(0, List.of(), 5);
        byte[] enc = ProofRecordCodec.encode(r);
        int tagLen = ProofRecord.TAG.length;
        // level above the largest tree
        byte[] lvl = enc.clone();
        lvl[tagLen + 8] = (byte) (ProofRecordCodec.MAX_LEVEL + 1);
        assertTrue(refused(lvl).contains("level"));
        // an empty prover key
        byte[] pk = enc.clone();
        pk[tagLen + 13] = 0;
        pk[tagLen + 14] = 0;
        assertTrue(refused(pk).contains("prover"));
        // a SNARK length far beyond the input and beyond the limit
        byte[] sn = enc.clone();
        int at = sn.length - 768 - 4;
        sn[at] = 0x7f;
        assertTrue(refused(sn).contains("SNARK"));
    }

    @Test
    void randomBytesNeverThrowAnythingButWireException() {
        long seed = 20261206;
        System.out.println("ProofRecordCodecTest seed " + seed);
        Random rnd = new Random(seed);
        byte[] good = ProofRecordCodec.encode(
                record(1, List.of(List.of(Bytes.of(new byte[32])), List.of(Bytes.of(new byte[32]))), 9));
        for (int i = 0; i < 2000; i++) {
            byte[] b = good.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int f = 0; f < flips; f++) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            try {
                ProofRecord d = ProofRecordCodec.decode(b);
                assertArrayEquals(b, ProofRecordCodec.encode(d), "a decoded record re-encodes to exactly its bytes");
            } catch (WireException expected) {
                // refused with a reason
            }
        }
    }

    /** A record signed here verifies as the same record received over the wire does; altered, it does not. */
    @Test
    void signedHereVerifiesAsReceived() {
        SigningKey key = SigningKey.generate(new java.security.SecureRandom());
        ProofRecord signed = record(0, List.of(), 5).signedBy(key);
        ProofRecord received = ProofRecordCodec.decode(ProofRecordCodec.encode(signed));
        assertTrue(signed.signatureValid());
        assertTrue(received.signatureValid());
        assertTrue(signed.withSignature(signed.signer(), signed.signature()).signatureValid());
        byte[] sig = signed.signature().toArray();
        sig[0] ^= 1;
        assertFalse(signed.withSignature(signed.signer(), Bytes.of(sig)).signatureValid());
        assertFalse(signed.withSnark(Bytes.of(new byte[768])).signatureValid());
        SigningKey other = SigningKey.generate(new java.security.SecureRandom());
        assertFalse(signed.withSignature(other.publicKey(), signed.signature()).signatureValid());
    }
}
