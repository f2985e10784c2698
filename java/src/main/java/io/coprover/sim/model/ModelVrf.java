package io.coprover.sim.model;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.vrf.Vrf;
import io.coprover.protocol.vrf.VrfResult;
import io.coprover.protocol.vrf.VrfTrace;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The modelled VRF suite of {@code --proofs modelled}: a stand-in for ECVRF that costs a few
 * nanoseconds per draw, plugged in through the protocol's own suite parameter
 * ({@code ProtocolParams.suite}), so the contract, eligibility, ranking and tree validation run
 * unchanged on it.
 *
 * <p>Why: at 1000 provers and 1023 tree nodes every block needs a million draws (each prover at
 * each node) just to know who is eligible; ECVRF P-256 costs about a millisecond per draw and even
 * the PUBLIC mode's SHA-256 about 0.2–0.4 µs, so 10,000 blocks would need 10^10 cryptographic
 * hashes. Here beta is a keyed mix of the alpha (which stays the protocol's SHA-256 per node):
 * <pre>
 * pk   = SHA-256("coprover/model-vrf/pk/v1" ‖ sk)           (32 bytes; k = its first 8 bytes)
 * A    = mix(mix(mix(mix(a_0) ⊕ a_1) ⊕ a_2) ⊕ a_3)            (a_0..a_3: alpha's 8-byte words, big-endian)
 * x    = k ⊕ A
 * beta = b_0 ‖ b_1 ‖ b_2 ‖ b_3,  b_j = mix(x ⊕ j·φ) with φ = 0x9E3779B97F4A7C15
 * pi   = beta                                                (verify recomputes it from pk)
 * </pre>
 * with {@code mix} the SplitMix64 finaliser (a bijection with full avalanche). A depends on the
 * node alone, so a draw, u = b_0 = mix(k ⊕ A), costs one mix, and a node's draws for every key
 * are one loop the JIT vectorises. Every key and every A are distinct 64-bit values, and mix turns
 * the XOR of two such values into one as uniform and as independent across provers and nodes as
 * a simulation needs (SplittableRandom draws mix(seed + i·γ) the same way), but it is <b>not a
 * VRF</b>: anyone with the public key can compute every draw, so a registration's VRF proof of
 * possession proves nothing here (its Ed25519 half still does). Agents in PRIVATE mode do not look
 * at others' draws; that is the model's assumption.
 */
public final class ModelVrf implements Vrf {
    public static final ModelVrf SUITE = new ModelVrf();
    private static final byte[] PK_TAG = "coprover/model-vrf/pk/v1".getBytes(StandardCharsets.US_ASCII);
    private static final long PHI = 0x9E3779B97F4A7C15L;

    private ModelVrf() {}

    /** SplitMix64's finaliser (Stafford's variant 13). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The 8-byte key of a public key (its first 8 bytes, big-endian). */
    public static long key(byte[] pk) {
        return word(pk, 0);
    }

    /** The four 8-byte words of a 32-byte alpha. */
    public static long[] words(byte[] alpha) {
        if (alpha.length != 32) throw new IllegalArgumentException("alpha must be 32 bytes, got " + alpha.length);
        return new long[] {word(alpha, 0), word(alpha, 8), word(alpha, 16), word(alpha, 24)};
    }

    /** u(beta) of key {@code k} at an alpha given by its words: the first 8 bytes of beta, without building it. */
    public static long u(long k, long[] a) {
        return u(k, fold(a));
    }

    /** u(beta) of key {@code k} at an alpha given by its {@link #fold}: one mix (the draws' inner loop). */
    public static long u(long k, long folded) {
        return mix(k ^ folded);
    }

    /** A of an alpha given by its four words: what every key's draw at that alpha shares. */
    public static long fold(long[] a) {
        if (a.length != 4) throw new IllegalArgumentException("alpha has four words, got " + a.length);
        return mix(mix(mix(mix(a[0]) ^ a[1]) ^ a[2]) ^ a[3]);
    }

    private static long word(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (b[off + i] & 0xff);
        return v;
    }

    /** beta for a public key and alpha (definition in the class comment). */
    static byte[] beta(byte[] pk, byte[] alpha) {
        return beta(key(pk), fold(words(alpha)));
    }

    /** beta of key {@code k} ({@link #key}) at an alpha given by its {@link #fold}. */
    static byte[] beta(long k, long folded) {
        long x = k ^ folded;
        byte[] out = new byte[32];
        for (int j = 0; j < 4; j++) {
            long b = mix(x ^ (j * PHI));
            for (int i = 0; i < 8; i++) out[8 * j + i] = (byte) (b >>> (56 - 8 * i));
        }
        return out;
    }

    @Override
    public String name() {
        return "MODEL-VRF-MIX64";
    }

    @Override
    public int suiteId() {
        return 0xF0;
    }

    @Override
    public int secretKeyLength() {
        return 32;
    }

    @Override
    public int publicKeyLength() {
        return 32;
    }

    @Override
    public int proofLength() {
        return 32;
    }

    @Override
    public int hashLength() {
        return 32;
    }

    @Override
    public byte[] generateSecretKey(SecureRandom rnd) {
        byte[] sk = new byte[32];
        rnd.nextBytes(sk);
        return sk;
    }

    @Override
    public byte[] publicKey(byte[] sk) {
        if (sk == null || sk.length != 32) throw new IllegalArgumentException("a modelled VRF secret key is 32 bytes");
        return Bytes.sha256(PK_TAG, sk);
    }

    @Override
    public byte[] prove(byte[] sk, byte[] alpha) {
        return hash(sk, alpha);
    }

    @Override
    public byte[] hash(byte[] sk, byte[] alpha) {
        return beta(publicKey(sk), alpha);
    }

    @Override
    public VrfTrace trace(byte[] sk, byte[] alpha) {
        throw new IllegalArgumentException("the modelled VRF has no ECVRF trace");
    }

    @Override
    public byte[] proofToHash(byte[] pi) {
        if (pi == null || pi.length != 32) throw new IllegalArgumentException("a modelled VRF proof is 32 bytes");
        return pi.clone();
    }

    @Override
    public VrfResult verify(byte[] pk, byte[] alpha, byte[] pi) {
        String bad = validatePublicKey(pk);
        if (bad != null) return VrfResult.invalid(bad);
        if (alpha == null || alpha.length != 32) return VrfResult.invalid("alpha must be 32 bytes");
        if (pi == null || pi.length != 32)
            return VrfResult.invalid("a modelled VRF proof is 32 bytes, got " + (pi == null ? "none" : pi.length));
        byte[] b = beta(pk, alpha);
        return java.security.MessageDigest.isEqual(b, pi)
                ? VrfResult.ok(b)
                : VrfResult.invalid("modelled VRF proof does not match the key and alpha");
    }

    @Override
    public String validatePublicKey(byte[] pk) {
        return pk != null && pk.length == 32 ? null : "a modelled VRF public key is 32 bytes";
    }
}
