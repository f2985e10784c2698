package io.coprover.math;

/**
 * One thread's bucket accumulation for one MSM window over a range of points, and the bucket
 * reduction. Instances hold all scratch memory and are reused across tasks, so the inner loops
 * allocate nothing. Not thread-safe.
 *
 * <p>Batch-affine mode (gnark-crypto's {@code processChunkG1BatchAffine}): the bucket accumulators
 * are affine points. An addition B ← B + P needs λ = (y_P − y_B)/(x_P − x_B); we queue up to
 * {@link #batchSize} additions into distinct buckets, invert all denominators with one field
 * inversion (Montgomery's trick: 3 multiplications each), then finish each addition with
 * 1M + 1S + 1M, about 6 multiplications per point against 10 for an XYZZ mixed addition. A point
 * whose bucket already has a pending addition cannot join the batch (its result is not known
 * yet): it is deferred to a queue, retried after the batch is flushed; when the queue is full it
 * goes to a per-bucket XYZZ overflow accumulator instead, so adversarial inputs (every point into
 * one bucket) stay O(n). P + P and P + (−P) are found before queueing (equal x) and handled
 * directly.
 */
final class MsmWindow {
    private static final Field F = Field.FQ;

    private final int c, nb;
    private final boolean batchAffine;
    private final long[] t = new long[G1Xyzz.SCRATCH];
    private final long[] running = new long[G1Xyzz.SIZE], sum = new long[G1Xyzz.SIZE];

    // XYZZ mode buckets (also the batch-affine overflow accumulators), 16 longs each
    private final long[] xyzz;
    private final int[] touched;
    private int nTouched;
    private final boolean[] isTouched;

    // batch-affine state
    private final long[] aff; // affine buckets, 8 longs each, all zero = empty
    private final int[] stamp; // stamp[b] == batchId: bucket b has a pending addition
    private int batchId = 1;
    private final int bs; // batch size
    private final int[] bBucket, bPoint; // pending additions: bucket, point index (sign in bit 31)
    private final long[] den, pre; // denominators x_P − x_B, prefix products
    private int k; // pending count
    private int[] qPoint, qOld; // deferred (point index with sign bit) ...
    private int[] qBucket, qOldBucket; // ... and its bucket
    private int qn;
    private final long[] inv = new long[8], py = new long[4];

    MsmWindow(int c, boolean batchAffine) {
        this.c = c;
        this.nb = 1 << (c - 1);
        this.batchAffine = batchAffine;
        xyzz = new long[nb * G1Xyzz.SIZE];
        touched = new int[nb];
        isTouched = new boolean[nb];
        if (batchAffine) {
            aff = new long[nb * G1.SIZE];
            stamp = new int[nb];
            bs = batchSize(c);
            bBucket = new int[bs];
            bPoint = new int[bs];
            den = new long[4 * bs];
            pre = new long[4 * bs];
            qPoint = new int[bs];
            qOld = new int[bs];
            qBucket = new int[bs];
            qOldBucket = new int[bs];
        } else {
            aff = null;
            stamp = null;
            bs = 0;
            bBucket = null;
            bPoint = null;
            den = null;
            pre = null;
        }
    }

    /**
     * Additions per batch for window size c: a quarter of the buckets. One Fermat inversion costs
     * about 380 multiplications, so large batches pay even though about one point in eight then
     * meets a bucket that is already pending and is deferred (measured: nb/4 beats nb/8 and
     * nb/16 at 2^16 points).
     */
    static int batchSize(int c) {
        return Math.max(16, Math.min(4096, (1 << (c - 1)) / 4));
    }

    /**
     * Accumulates points lo..hi−1 of window digits {@code digits[dOff + i]} and writes
     * Σ_b (b+1)·bucket_b as an XYZZ point to out[oo].
     */
    void run(long[] bases, int baseStart, short[] digits, int dOff, int lo, int hi, long[] out, int oo) {
        if (batchAffine) {
            for (int i = lo; i < hi; i++) {
                int d = digits[dOff + i];
                if (d == 0) continue;
                int p = d > 0 ? i : i | Integer.MIN_VALUE;
                add(bases, baseStart, (d > 0 ? d : -d) - 1, p);
                if (k == bs) {
                    flush(bases, baseStart);
                    drain(bases, baseStart);
                }
            }
            flush(bases, baseStart);
            drain(bases, baseStart);
            flush(bases, baseStart);
            for (int j = 0; j < qn; j++) overflow(bases, baseStart, qBucket[j], qPoint[j]);
            qn = 0;
        } else {
            for (int i = lo; i < hi; i++) {
                int d = digits[dOff + i];
                if (d == 0) continue;
                int b = (d > 0 ? d : -d) - 1;
                touch(b);
                G1Xyzz.addMixed(
                        xyzz, b * G1Xyzz.SIZE, bases, (baseStart + i) * G1.SIZE, d < 0, xyzz, b * G1Xyzz.SIZE, t);
            }
        }
        reduce(out, oo);
    }

    private void touch(int b) {
        if (!isTouched[b]) {
            isTouched[b] = true;
            touched[nTouched++] = b;
        }
    }

    /** Starts bucket[b] += ±P (p = point index, sign in bit 31), or defers it. */
    private void add(long[] bases, int baseStart, int b, int p) {
        if (stamp[b] == batchId) { // pending addition into b: defer
            if (qn < bs) {
                qPoint[qn] = p;
                qBucket[qn++] = b;
            } else overflow(bases, baseStart, b, p);
            return;
        }
        int po = (baseStart + (p & Integer.MAX_VALUE)) * G1.SIZE, bo = b * G1.SIZE;
        boolean neg = p < 0;
        if (G1.isInfinity(aff, bo)) { // empty bucket: just store ±P
            Field.copy(bases, po, aff, bo);
            if (neg) F.neg(bases, po + 4, aff, bo + 4);
            else Field.copy(bases, po + 4, aff, bo + 4);
            return;
        }
        if (Field.equal(bases, po, aff, bo)) { // same x: B = ±P
            if (neg) F.neg(bases, po + 4, py, 0);
            else Field.copy(bases, po + 4, py, 0);
            if (Field.equal(py, 0, aff, bo + 4)) doubleBucket(bo);
            else G1.setInfinity(aff, bo);
            return;
        }
        F.sub(bases, po, aff, bo, den, 4 * k);
        bBucket[k] = b;
        bPoint[k++] = p;
        stamp[b] = batchId;
    }

    /** Completes the pending additions with one inversion. */
    private void flush(long[] bases, int baseStart) {
        int n = k;
        if (n == 0) return;
        F.setOne(inv, 0);
        for (int j = 0; j < n; j++) {
            Field.copy(inv, 0, pre, 4 * j);
            F.mul(inv, 0, den, 4 * j, inv, 0);
        }
        F.inverse(inv, 0, inv, 0);
        final int lam = 4, x3 = 8, y3 = 12;
        for (int j = n - 1; j >= 0; j--) {
            F.mul(inv, 0, pre, 4 * j, inv, 4); // 1/den_j
            F.mul(inv, 0, den, 4 * j, inv, 0); // 1/(den_0 … den_{j−1})
            int p = bPoint[j], bo = bBucket[j] * G1.SIZE;
            int po = (baseStart + (p & Integer.MAX_VALUE)) * G1.SIZE;
            // Adding −P: λ = (−y_P − y_B)/(x_P − x_B) = −λ' with λ' = (y_P + y_B)/(x_P − x_B); λ² is
            // the same and y3 = λ'(x3 − x_B) − y_B, so no negation is needed.
            if (p < 0) F.add(bases, po + 4, aff, bo + 4, py, 0);
            else F.sub(bases, po + 4, aff, bo + 4, py, 0);
            F.mul(py, 0, inv, 4, t, lam);
            F.sqr(t, lam, t, x3);
            F.sub(t, x3, aff, bo, t, x3);
            F.sub(t, x3, bases, po, t, x3); // x3 = λ² − x_B − x_P
            if (p < 0) F.sub(t, x3, aff, bo, t, y3);
            else F.sub(aff, bo, t, x3, t, y3);
            F.mul(t, lam, t, y3, t, y3);
            F.sub(t, y3, aff, bo + 4, aff, bo + 4); // y3 = λ(x_B − x3) − y_B
            Field.copy(t, x3, aff, bo);
        }
        k = 0;
        batchId++;
    }

    /** Retries the deferred additions once; those that collide again stay queued. */
    private void drain(long[] bases, int baseStart) {
        int n = qn;
        int[] op = qPoint, ob = qBucket;
        qPoint = qOld;
        qBucket = qOldBucket;
        qOld = op;
        qOldBucket = ob;
        qn = 0;
        for (int j = 0; j < n; j++) {
            add(bases, baseStart, ob[j], op[j]);
            if (k == bs) flush(bases, baseStart);
        }
    }

    private void overflow(long[] bases, int baseStart, int b, int p) {
        touch(b);
        G1Xyzz.addMixed(
                xyzz,
                b * G1Xyzz.SIZE,
                bases,
                (baseStart + (p & Integer.MAX_VALUE)) * G1.SIZE,
                p < 0,
                xyzz,
                b * G1Xyzz.SIZE,
                t);
    }

    /** bucket ← 2·bucket in affine form (λ = 3x²/2y, one inversion; only for repeated points). */
    private void doubleBucket(int bo) {
        long[] s = new long[16];
        F.sqr(aff, bo, s, 0);
        F.dbl(s, 0, s, 4);
        F.add(s, 4, s, 0, s, 0); // 3x²
        F.dbl(aff, bo + 4, s, 4);
        F.inverse(s, 4, s, 4);
        F.mul(s, 0, s, 4, s, 0); // λ
        F.sqr(s, 0, s, 8);
        F.sub(s, 8, aff, bo, s, 8);
        F.sub(s, 8, aff, bo, s, 8); // x3 = λ² − 2x
        F.sub(aff, bo, s, 8, s, 12);
        F.mul(s, 0, s, 12, s, 12);
        F.sub(s, 12, aff, bo + 4, aff, bo + 4); // y3 = λ(x − x3) − y
        Field.copy(s, 8, aff, bo);
    }

    /**
     * Running-sum reduction: walking b from the top, running = Σ_{b' ≥ b} B_b', and
     * Σ_b running_b = Σ_b (b+1)·B_b. Clears the buckets for the next task.
     */
    private void reduce(long[] out, int oo) {
        G1Xyzz.setInfinity(running, 0);
        G1Xyzz.setInfinity(sum, 0);
        boolean any = false;
        for (int b = nb - 1; b >= 0; b--) {
            if (batchAffine && !G1.isInfinity(aff, b * G1.SIZE)) {
                G1Xyzz.addMixed(running, 0, aff, b * G1.SIZE, false, running, 0, t);
                G1.setInfinity(aff, b * G1.SIZE);
                any = true;
            }
            if (isTouched[b]) {
                G1Xyzz.add(running, 0, xyzz, b * G1Xyzz.SIZE, running, 0, t);
                any = true;
            }
            if (any) G1Xyzz.add(sum, 0, running, 0, sum, 0, t);
        }
        for (int j = 0; j < nTouched; j++) {
            int b = touched[j];
            isTouched[b] = false;
            G1Xyzz.setInfinity(xyzz, b * G1Xyzz.SIZE);
        }
        nTouched = 0;
        G1Xyzz.copy(sum, 0, out, oo);
    }
}
