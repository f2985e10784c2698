package io.coprover.plonk;

/**
 * A PLONK proof in snarkjs's layout: nine G1 commitments (affine, 8 longs Montgomery Fq each,
 * all zero = infinity) and six Fr evaluations (4 longs Montgomery each).
 */
public final class Proof {
    /** Point names in snarkjs's proof.json. */
    public static final String[] POINTS = {"A", "B", "C", "Z", "T1", "T2", "T3", "Wxi", "Wxiw"};
    /** Evaluation names in snarkjs's proof.json. */
    public static final String[] EVALS = {"eval_a", "eval_b", "eval_c", "eval_s1", "eval_s2", "eval_zw"};

    public static final int A = 0, B = 1, C = 2, Z = 3, T1 = 4, T2 = 5, T3 = 6, WXI = 7, WXIW = 8;
    public static final int EA = 0, EB = 1, EC = 2, ES1 = 3, ES2 = 4, EZW = 5;

    /** The nine points, indexed by the constants above. */
    public final long[][] points;
    /** The six evaluations, indexed by the E* constants. */
    public final long[][] evals;

    public Proof(long[][] points, long[][] evals) {
        if (points.length != 9 || evals.length != 6)
            throw new IllegalArgumentException("a proof has 9 points and 6 evaluations");
        for (long[] p : points)
            if (p == null || p.length != 8) throw new IllegalArgumentException("a proof point must be 8 longs");
        for (long[] e : evals)
            if (e == null || e.length != 4) throw new IllegalArgumentException("an evaluation must be 4 longs");
        this.points = points;
        this.evals = evals;
    }

    /** A deep copy (tests tamper with copies). */
    public Proof copy() {
        long[][] p = new long[9][];
        long[][] e = new long[6][];
        for (int i = 0; i < 9; i++) p[i] = points[i].clone();
        for (int i = 0; i < 6; i++) e[i] = evals[i].clone();
        return new Proof(p, e);
    }
}
