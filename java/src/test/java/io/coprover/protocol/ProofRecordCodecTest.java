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

    private static Bytes fill(int v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (v + i);
        return Bytes.of(b);
    }

    /**
     * Proof ids are SHA-256 of the canonical encoding, pinned: these were made by the encoder
     * that filled a ByteBuffer per record, before ids were hashed from a reused buffer. Fees span
     * zero, one long, 2^63 (past a signed long), 2^200 + 5 and 2^256 − 1.
     */
    @Test
    void idsAreTheHashOfTheEncodingAsPinned() throws Exception {
        BigInteger[] fees = {
            BigInteger.ZERO,
            BigInteger.valueOf(12345),
            BigInteger.ONE.shiftLeft(63),
            BigInteger.ONE.shiftLeft(200).add(BigInteger.valueOf(5)),
            BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)
        };
        String[][] pinned = {
            {
                "35e8ba5ca711ce02d658a78fa0b80baec0fd8a9c6a5a0315ffd5ef1336f49549",
                "79d80023d102afbb025c1161003426a53eb108f661e75269bf812894baaecc6e"
            },
            {
                "b7f2638ab767089d66a7b22858f4229b14f651769a41cafcc5ff150943e3f0bb",
                "4d28e72983e565a9412a32127c7c07520086caee62dc7f96355c79972a81e2fa"
            },
            {
                "522859b409d53844e77a48e9a85b75d77017673f8d9657d76534a55137c7feef",
                "cee7001bc0f9fa41fd53412b46038db5e23ca69351c21e5a34455a8dcacfefe3"
            },
            {
                "b88708efb04eb568b9020cc407fae39e1e8d71f5df46241eef1da2c5e931a57c",
                "e570eedac0f5a7cdc4b1473218031352d20a9051778726d6d17d1a5d93b97d0b"
            },
            {
                "2b1c2f1a25e84407b5d09d12c52dd46125f88b9aef5e5cf6dfa290f85ba96f0a",
                "0e2d8e5b65a1b3185dc866d39f4b71bcc24d1ba680a24eec7ed3ee4d31369729"
            }
        };
        // large fees first, then small: a thread's encoding buffer holds a longer fee's bytes
        for (int k = fees.length - 1; k >= 0; k--) {
            PublicOutputs out = new PublicOutputs(fill(0xa0, 32), fill(0xb0, 32), fill(0xc0, 32), fees[k]);
            ProofRecord base =
                    new ProofRecord(7, new NodeId(0, 5), fill(1, 32), fill(9, 80), 123456, out, List.of(), null);
            ProofRecord merge = new ProofRecord(
                    1L << 40,
                    new NodeId(2, 3),
                    fill(2, 32),
                    Bytes.of(new byte[0]),
                    1_000_000,
                    out,
                    List.of(List.of(fill(3, 32)), List.of(fill(4, 32), fill(5, 32))),
                    null);
            assertEquals(pinned[k][0], base.id().hex(), "base record, fees " + fees[k]);
            assertEquals(pinned[k][1], merge.id().hex(), "merge record, fees " + fees[k]);
            for (ProofRecord r : List.of(base, merge)) {
                byte[] digest =
                        java.security.MessageDigest.getInstance("SHA-256").digest(r.encode());
                assertArrayEquals(digest, r.id().toArray(), "id = SHA-256(encode())");
            }
        }
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
