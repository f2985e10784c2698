package io.coprover.plonk;

import io.coprover.math.Field;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The Poseidon hash over BN254 Fr with circomlib's parameters (Grassi et al., "Poseidon: A New
 * Hash Function for Zero-Knowledge Proof Systems", USENIX Security 2021): state width
 * t = inputs + 1 (2..7), S-box x^5, 8 full rounds, 56/57/56/60/60/63 partial rounds for t = 2..7,
 * round constants and MDS matrices from circomlibjs 0.1.7 (the generated resource
 * {@code poseidon_bn254_constants.txt}, see {@code tools/poseidon/gen_constants.mjs}).
 *
 * <p>The hash of {@code x_1..x_k} permutes the state {@code [0, x_1, .., x_k]} and returns
 * element 0, exactly as circomlib's {@code Poseidon(k)} template and circomlibjs's
 * {@code poseidon}. Each round: add round constants, S-box (all elements in full rounds, element 0
 * in partial rounds), multiply by the MDS matrix.
 */
public final class Poseidon {
    /** Number of full rounds (half before, half after the partial rounds). */
    public static final int FULL_ROUNDS = 8;
    /** Smallest and largest supported state width. */
    public static final int MIN_T = 2, MAX_T = 7;

    private static final Field F = Field.FR;
    private static final Params[] PARAMS = load();

    private Poseidon() {}

    /** Round constants and MDS matrix of one width, Montgomery Fr, flat. */
    static final class Params {
        final int t, partialRounds;
        /** (FULL_ROUNDS + partialRounds)·t constants, round-major. */
        final long[] c;
        /** t·t MDS entries, row-major: new[i] = Σ_j m[i][j]·old[j]. */
        final long[] m;

        Params(int t, int partialRounds, long[] c, long[] m) {
            this.t = t;
            this.partialRounds = partialRounds;
            this.c = c;
            this.m = m;
        }

        int rounds() {
            return FULL_ROUNDS + partialRounds;
        }

        boolean isFull(int round) {
            return round < FULL_ROUNDS / 2 || round >= FULL_ROUNDS / 2 + partialRounds;
        }
    }

    static Params params(int t) {
        if (t < MIN_T || t > MAX_T) {
            throw new IllegalArgumentException(
                    "Poseidon: width t must be " + MIN_T + ".." + MAX_T + " (1..6 inputs), got " + t);
        }
        return PARAMS[t];
    }

    private static Params[] load() {
        Params[] out = new Params[MAX_T + 1];
        String res = "poseidon_bn254_constants.txt";
        try (InputStream in = Poseidon.class.getResourceAsStream(res)) {
            if (in == null) throw new IllegalStateException("missing resource " + res);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] h = line.split(" ");
                if (h.length != 3 || !h[0].equals("t"))
                    throw new IllegalStateException(res + ": bad header line: " + line);
                int t = Integer.parseInt(h[1]), rp = Integer.parseInt(h[2]);
                long[] c = readVector(r, (FULL_ROUNDS + rp) * t, res);
                long[] m = readVector(r, t * t, res);
                out[t] = new Params(t, rp, c, m);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int t = MIN_T; t <= MAX_T; t++) {
            if (out[t] == null) throw new IllegalStateException(res + ": no constants for t=" + t);
        }
        return out;
    }

    private static long[] readVector(BufferedReader r, int count, String res) throws IOException {
        long[] v = F.newVector(count);
        for (int i = 0; i < count; i++) {
            String s = r.readLine();
            if (s == null) throw new IllegalStateException(res + ": truncated");
            F.set(new BigInteger(s, 16), v, 4 * i);
        }
        return v;
    }

    /**
     * Applies the permutation in place to {@code t} elements of {@code state} starting at
     * {@code off} (Montgomery Fr).
     */
    public static void permute(long[] state, int off, int t) {
        Params p = params(t);
        long[] tmp = new long[4 * t];
        long[] x2 = new long[4];
        for (int round = 0; round < p.rounds(); round++) {
            int cBase = 4 * round * t;
            for (int i = 0; i < t; i++) F.add(state, off + 4 * i, p.c, cBase + 4 * i, state, off + 4 * i);
            int sboxes = p.isFull(round) ? t : 1;
            for (int i = 0; i < sboxes; i++) pow5(state, off + 4 * i, x2);
            for (int i = 0; i < t; i++) {
                F.setZero(tmp, 4 * i);
                for (int j = 0; j < t; j++) {
                    F.mul(p.m, 4 * (i * t + j), state, off + 4 * j, x2, 0);
                    F.add(tmp, 4 * i, x2, 0, tmp, 4 * i);
                }
            }
            System.arraycopy(tmp, 0, state, off, 4 * t);
        }
    }

    private static void pow5(long[] a, int ai, long[] scratch) {
        F.sqr(a, ai, scratch, 0);
        F.sqr(scratch, 0, scratch, 0);
        F.mul(a, ai, scratch, 0, a, ai);
    }

    /**
     * circomlib Poseidon of {@code n} inputs (1..6) stored flat from {@code off} (Montgomery Fr).
     *
     * @return the hash, 4 longs Montgomery
     */
    public static long[] hash(long[] inputs, int off, int n) {
        int t = n + 1;
        params(t);
        long[] state = new long[4 * t];
        System.arraycopy(inputs, off, state, 4, 4 * n);
        permute(state, 0, t);
        return java.util.Arrays.copyOf(state, 4);
    }

    /** circomlib Poseidon of the given elements (each 4 longs Montgomery). */
    public static long[] hash(long[]... inputs) {
        long[] flat = new long[4 * inputs.length];
        for (int i = 0; i < inputs.length; i++) Field.copy(inputs[i], 0, flat, 4 * i);
        return hash(flat, 0, inputs.length);
    }
}
