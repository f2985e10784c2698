package io.coprover.protocol.vrf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips on random keys, and rejection of every kind of malformed key or proof. */
class VrfTest {
    private static final BigInteger P256_N =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

    @Test
    void roundTripsOnRandomKeys() {
        long seed = new Random().nextLong();
        System.out.println("VrfTest seed " + seed);
        Random r = new Random(seed);
        SecureRandom sr = new SecureRandom();
        for (Vrf vrf : Ecvrf.all()) {
            for (int i = 0; i < 6; i++) {
                VrfKeyPair k = VrfKeyPair.generate(vrf, sr);
                byte[] alpha = new byte[r.nextInt(40)];
                r.nextBytes(alpha);
                byte[] pi = k.prove(alpha);
                assertEquals(vrf.proofLength(), pi.length);
                VrfResult v = vrf.verify(k.publicKey(), alpha, pi);
                assertTrue(v.valid(), vrf.name() + " seed " + seed + ": " + v.reason());
                assertArrayEquals(vrf.proofToHash(pi), v.beta());
                assertArrayEquals(v.beta(), k.hash(alpha));
                assertEquals(vrf.hashLength(), v.beta().length);
                // another key does not verify it
                VrfKeyPair other = VrfKeyPair.generate(vrf, sr);
                assertFalse(vrf.verify(other.publicKey(), alpha, pi).valid());
                // every single-bit flip of the proof is rejected without an exception
                for (int bit = 0; bit < pi.length * 8; bit += 11) {
                    byte[] bad = pi.clone();
                    bad[bit / 8] ^= (byte) (1 << (bit % 8));
                    VrfResult b = vrf.verify(k.publicKey(), alpha, bad);
                    assertFalse(b.valid(), vrf.name() + " flipped bit " + bit);
                    assertNotNull(b.reason());
                }
            }
        }
    }

    @Test
    void malformedProofsAreRejectedWithAReason() {
        for (Vrf vrf : Ecvrf.all()) {
            VrfKeyPair k = VrfKeyPair.generate(vrf, new SecureRandom());
            byte[] alpha = "alpha".getBytes();
            byte[] pi = k.prove(alpha);
            byte[] pk = k.publicKey();
            List<byte[]> bads = new ArrayList<>();
            bads.add(null);
            bads.add(new byte[0]);
            bads.add(Arrays.copyOf(pi, pi.length - 1));
            bads.add(Arrays.copyOf(pi, pi.length + 1));
            bads.add(new byte[pi.length]); // all zero: Gamma invalid (P-256) / c = 0, s = 0 (ed25519)
            byte[] ff = new byte[pi.length];
            Arrays.fill(ff, (byte) 0xff);
            bads.add(ff);
            for (byte[] b : bads) {
                VrfResult r = vrf.verify(pk, alpha, b);
                assertFalse(r.valid(), vrf.name());
                assertNotNull(r.reason());
            }
            // s ≥ q: s replaced by q itself
            byte[] big = pi.clone();
            int off = vrf.publicKeyLength() + 16;
            byte[] q = vrf == Ecvrf.P256_SHA256_TAI ? be(P256_N) : le(Ed25519Point.L);
            System.arraycopy(q, 0, big, off, 32);
            VrfResult r = vrf.verify(pk, alpha, big);
            assertFalse(r.valid());
            assertTrue(r.reason().contains("s >= q"), r.reason());
            // proof_to_hash rejects malformed proofs with IllegalArgumentException
            assertThrows(IllegalArgumentException.class, () -> vrf.proofToHash(new byte[3]));
            assertThrows(IllegalArgumentException.class, () -> vrf.proofToHash(ff));
            // null alpha
            assertFalse(vrf.verify(pk, null, pi).valid());
        }
    }

    @Test
    void badPublicKeysAreRejected() {
        HexFormat hex = HexFormat.of();
        Vrf p256 = Ecvrf.P256_SHA256_TAI;
        byte[] alpha = new byte[1];
        byte[] pi = new byte[p256.proofLength()];
        // x = 1 has no point on P-256 (1 − 3 + b is not a square mod p); 0x04 prefix (uncompressed) refused; x ≥ p
        // refused
        byte[] offCurve = new byte[33];
        offCurve[0] = 2;
        offCurve[32] = 1;
        byte[] uncompressed = new byte[33];
        uncompressed[0] = 4;
        byte[] xTooBig = new byte[33];
        Arrays.fill(xTooBig, (byte) 0xff);
        xTooBig[0] = 2;
        for (byte[] pk : new byte[][] {offCurve, uncompressed, xTooBig, new byte[32], null}) {
            assertNotNull(p256.validatePublicKey(pk));
            VrfResult r = p256.verify(pk, alpha, pi);
            assertFalse(r.valid());
            assertTrue(r.reason().startsWith("public key"), r.reason());
        }
        Vrf ed = Ecvrf.EDWARDS25519_SHA512_TAI;
        // identity (y = 1) and the order-2 point (y = −1) are of low order; y = 2 is not on the curve
        byte[] identity = hex.parseHex("0100000000000000000000000000000000000000000000000000000000000000");
        byte[] order2 = hex.parseHex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        byte[] yTooBig = hex.parseHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        assertTrue(ed.validatePublicKey(identity).contains("low order"));
        assertTrue(ed.validatePublicKey(order2).contains("low order"));
        assertNotNull(ed.validatePublicKey(yTooBig));
        for (byte[] pk : new byte[][] {identity, order2, yTooBig, new byte[31]}) {
            assertFalse(ed.verify(pk, alpha, new byte[ed.proofLength()]).valid());
        }
    }

    @Test
    void badSecretKeys() {
        Vrf p256 = Ecvrf.P256_SHA256_TAI;
        assertThrows(IllegalArgumentException.class, () -> p256.publicKey(new byte[32])); // x = 0
        assertThrows(IllegalArgumentException.class, () -> p256.publicKey(be(P256_N))); // x = q
        assertThrows(IllegalArgumentException.class, () -> p256.publicKey(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> Ecvrf.EDWARDS25519_SHA512_TAI.publicKey(new byte[33]));
        assertThrows(IllegalArgumentException.class, () -> Ecvrf.byName("ECVRF-P384-SHA384-TAI"));
    }

    @Test
    void keyFiles(@TempDir Path dir) throws IOException {
        for (Vrf vrf : Ecvrf.all()) {
            VrfKeyPair k = VrfKeyPair.generate(vrf, new SecureRandom());
            Path f = dir.resolve(vrf.name() + ".key");
            VrfKeyFile.save(k, f);
            VrfKeyPair back = VrfKeyFile.load(f);
            assertArrayEquals(k.secretKey(), back.secretKey());
            assertArrayEquals(k.publicKey(), back.publicKey());
            assertEquals(vrf, back.suite());
            assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> VrfKeyFile.save(k, f));
            // a mismatching public key is caught
            String text = Files.readString(f)
                    .replace(
                            "public=" + HexFormat.of().formatHex(k.publicKey()),
                            "public="
                                    + HexFormat.of()
                                            .formatHex(VrfKeyPair.generate(vrf, new SecureRandom())
                                                    .publicKey()));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VrfKeyPair.decode(text));
            assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        }
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> VrfKeyPair.decode("suite=ECVRF-P256-SHA256-TAI\n"))
                        .getMessage()
                        .contains("missing 'secret'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VrfKeyPair.decode("suite=nope\nsecret=00\n"))
                .getMessage()
                .contains("unknown VRF suite"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VrfKeyPair.decode("garbage\n"))
                .getMessage()
                .contains("line 1"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> VrfKeyPair.decode("suite=ECVRF-P256-SHA256-TAI\nsecret=zz\n"))
                .getMessage()
                .contains("not hex"));
    }

    private static byte[] be(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        System.arraycopy(b, Math.max(0, b.length - 32), out, Math.max(0, 32 - b.length), Math.min(32, b.length));
        return out;
    }

    private static byte[] le(BigInteger v) {
        return Ed25519Point.littleEndian(v, 32);
    }
}
