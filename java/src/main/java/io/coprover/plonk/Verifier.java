package io.coprover.plonk;

import io.coprover.math.Field;
import io.coprover.math.G1;
import io.coprover.math.G2;
import io.coprover.math.Msm;
import io.coprover.math.Pairing;

/**
 * The PLONK verifier of snarkjs 0.7.6 ({@code plonk_verify.js}; GWC19 §8.4 with the later
 * revision's r0): recompute the challenges, fold the commitments into [F] and [E] and check
 * <pre>
 * e(−([Wξ] + u·[Wξω]), [τ]_2) · e(ξ·[Wξ] + u·ξω·[Wξω] + [F] − [E], [1]_2) = 1
 * </pre>
 * with one pairing check (one shared Miller loop, one final exponentiation).
 *
 * <p>Malformed input (points off the curve, wrong number of public inputs, values ≥ r, an [τ]_2
 * outside G2) throws {@link IllegalArgumentException} with the reason; a well-formed proof that
 * does not verify returns false.
 */
public final class Verifier {
    private static final Field FR = Field.FR;

    private Verifier() {}

    public static boolean verify(VerificationKey vk, long[] pub, Proof proof) {
        long[][] pq = pairingInputs(vk, pub, proof);
        if (pq == null) return false;
        return Pairing.pairingCheck(pq, new long[][] {vk.x2, G2.GENERATOR});
    }

    /**
     * Everything {@link #verify} does except the final pairing: returns the two G1 points
     * {@code {P, Q}} (affine, 8 longs each) such that the proof is valid iff
     * {@code e(P, [τ]_2) · e(Q, [1]_2) = 1}, or null when ξ falls in H (the proof is not checkable).
     * Several such checks against the same [τ]_2 can be folded by a random linear combination
     * into one (KZG batching): Σ r_i·P_i and Σ r_i·Q_i.
     *
     * @throws IllegalArgumentException for malformed input, as {@link #verify}
     */
    public static long[][] pairingInputs(VerificationKey vk, long[] pub, Proof proof) {
        check(vk, pub, proof);
        long[][] P = proof.points;
        long[][] E = proof.evals;
        Transcript tr = new Transcript();
        for (long[] c : vk.commitments) tr.addPoint(c);
        for (int j = 0; j < vk.nPublic; j++) tr.addScalar(pub, 4 * j);
        tr.addPoint(P[Proof.A]).addPoint(P[Proof.B]).addPoint(P[Proof.C]);
        long[] beta = tr.challenge();
        long[] gamma = tr.addScalar(beta).challenge();
        long[] alpha = tr.addScalar(beta).addScalar(gamma).addPoint(P[Proof.Z]).challenge();
        long[] xi = tr.addScalar(alpha)
                .addPoint(P[Proof.T1])
                .addPoint(P[Proof.T2])
                .addPoint(P[Proof.T3])
                .challenge();
        tr.addScalar(xi);
        for (long[] e : E) tr.addScalar(e);
        long[] v = tr.challenge();
        long[] u = tr.addPoint(P[Proof.WXI]).addPoint(P[Proof.WXIW]).challenge();

        Linearisation lin;
        try {
            lin = new Linearisation(
                    vk,
                    pub,
                    alpha,
                    beta,
                    gamma,
                    xi,
                    E[Proof.EA],
                    E[Proof.EB],
                    E[Proof.EC],
                    E[Proof.ES1],
                    E[Proof.ES2],
                    E[Proof.EZW]);
        } catch (IllegalArgumentException e) {
            return null; // ξ in H: probability ~n/r, the proof is not checkable
        }
        // scalars for one MSM giving ξ·[Wξ] + u·ξω·[Wξω] + [F] − [E] (spec §5 steps 4–7)
        long[][] pts = new long[18][];
        long[] sc = FR.newVector(18);
        int k = 0;
        long[] t = new long[4];
        FR.mul(E[Proof.EA], 0, E[Proof.EB], 0, t, 0);
        k = put(pts, sc, k, vk.commitment("Qm"), t);
        k = put(pts, sc, k, vk.commitment("Ql"), E[Proof.EA]);
        k = put(pts, sc, k, vk.commitment("Qr"), E[Proof.EB]);
        k = put(pts, sc, k, vk.commitment("Qo"), E[Proof.EC]);
        k = put(pts, sc, k, vk.commitment("Qc"), FR.one());
        FR.add(lin.cZ, 0, u, 0, t, 0);
        k = put(pts, sc, k, P[Proof.Z], t);
        FR.neg(lin.cS3, 0, t, 0);
        k = put(pts, sc, k, vk.commitment("S3"), t);
        FR.neg(lin.zh, 0, t, 0);
        k = put(pts, sc, k, P[Proof.T1], t);
        FR.mul(t, 0, lin.xin, 0, t, 0);
        k = put(pts, sc, k, P[Proof.T2], t);
        FR.mul(t, 0, lin.xin, 0, t, 0);
        k = put(pts, sc, k, P[Proof.T3], t);
        // v-powers on A, B, C, S1, S2; E's scalar accumulated alongside
        long[] vp = v.clone();
        long[] e = new long[4];
        FR.neg(lin.r0, 0, e, 0);
        long[][] opened = {P[Proof.A], P[Proof.B], P[Proof.C], vk.commitment("S1"), vk.commitment("S2")};
        long[][] evs = {E[Proof.EA], E[Proof.EB], E[Proof.EC], E[Proof.ES1], E[Proof.ES2]};
        for (int j = 0; j < 5; j++) {
            k = put(pts, sc, k, opened[j], vp);
            FR.mul(vp, 0, evs[j], 0, t, 0);
            FR.add(e, 0, t, 0, e, 0);
            FR.mul(vp, 0, v, 0, vp, 0);
        }
        FR.mul(u, 0, E[Proof.EZW], 0, t, 0);
        FR.add(e, 0, t, 0, e, 0);
        FR.neg(e, 0, e, 0);
        k = put(pts, sc, k, G1.generator(), e); // −[E]
        k = put(pts, sc, k, P[Proof.WXI], xi); // ξ·[Wξ]
        long[] uxw = new long[4];
        FR.mul(u, 0, xi, 0, uxw, 0);
        FR.mul(uxw, 0, vk.omega(), 0, uxw, 0);
        k = put(pts, sc, k, P[Proof.WXIW], uxw); // u·ξω·[Wξω]
        long[] flat = new long[8 * k];
        for (int j = 0; j < k; j++) System.arraycopy(pts[j], 0, flat, 8 * j, 8);
        long[] right = Msm.msm(flat, 0, sc, k);
        // left: −([Wξ] + u·[Wξω])
        long[] two = new long[16];
        System.arraycopy(P[Proof.WXI], 0, two, 0, 8);
        System.arraycopy(P[Proof.WXIW], 0, two, 8, 8);
        long[] ls = FR.newVector(2);
        FR.setOne(ls, 0);
        FR.neg(ls, 0, ls, 0);
        FR.neg(u, 0, ls, 4);
        long[] left = Msm.msm(two, 0, ls, 2);
        return new long[][] {left, right};
    }

    private static int put(long[][] pts, long[] sc, int k, long[] p, long[] s) {
        pts[k] = p;
        Field.copy(s, 0, sc, 4 * k);
        return k + 1;
    }

    /** The §5 step 0 checks, with reasons. */
    static void check(VerificationKey vk, long[] pub, Proof proof) {
        if (pub.length != 4 * vk.nPublic) {
            throw new IllegalArgumentException("wrong number of public inputs: " + pub.length / 4
                    + ", the verification key expects " + vk.nPublic);
        }
        for (int j = 0; j < vk.nPublic; j++) {
            if (!FR.isCanonical(pub, 4 * j))
                throw new IllegalArgumentException("public input " + j + " is not less than r");
        }
        for (int i = 0; i < 9; i++) {
            if (!G1.isOnCurve(proof.points[i], 0))
                throw new IllegalArgumentException("proof point " + Proof.POINTS[i] + " is not on the curve");
        }
        for (int i = 0; i < 6; i++) {
            if (!FR.isCanonical(proof.evals[i], 0))
                throw new IllegalArgumentException("proof " + Proof.EVALS[i] + " is not less than r");
        }
        for (int i = 0; i < 8; i++) {
            if (!G1.isOnCurve(vk.commitments[i], 0))
                throw new IllegalArgumentException(
                        "verification key " + VerificationKey.NAMES[i] + " is not on the curve");
        }
        if (G2.isInfinity(vk.x2, 0) || !G2.isOnCurve(vk.x2, 0) || !G2.isInSubgroup(vk.x2, 0)) {
            throw new IllegalArgumentException("verification key X_2 is not a point of G2");
        }
    }
}
