package io.coprover.rollup;

import io.coprover.math.Field;
import io.coprover.plonk.CircuitBuilder;
import io.coprover.plonk.Gadgets;
import io.coprover.plonk.PoseidonGadget;
import java.math.BigInteger;

/**
 * The base rollup circuit: two txs applied to a state tree of a fixed depth.
 *
 * <p>Public inputs, in order: {@code startRoot, endRoot, txCommitment, fees, binding}.
 * Per tx (sender s, receiver r, padding flag p ∈ {0,1}, everything else private):
 * <ol>
 * <li>leaf_s = Poseidon(pk_s, bal_s, nonce_s); its path with the bits of {@code from} gives the
 *     current root (start root for tx 0, the previous tx's end for tx 1);</li>
 * <li>amount, fee &lt; 2^63, nonce_s &lt; 2^32, from, to &lt; 2^depth (range checks; the bits of
 *     from/to are the path directions); p·amount = 0, p·fee = 0;
 *     (1 − p)·(tx.nonce − nonce_s) = 0; (1 − p)·(pk_s·inv − 1) = 0, i.e. the sender exists;</li>
 * <li>bal_s' = bal_s − amount − fee is range-checked to 63 bits: this is "balance ≥ amount + fee"
 *     (a negative difference wraps to ≈ r, which does not fit);</li>
 * <li>nonce_s' = nonce_s + 1 − p; the new leaf on the same path gives the middle root;</li>
 * <li>leaf_r = Poseidon(pk_r, bal_r, nonce_r) on the middle root along {@code to};
 *     bal_r' = bal_r + amount &lt; 2^63; the new leaf gives the tx's end root;</li>
 * <li>txHash = (1 − p)·Poseidon(from + to·2^32 + nonce·2^64, amount + fee·2^63).</li>
 * </ol>
 * A padding tx (p = 1) moves nothing and keeps the nonce, so its roots are equal. Then
 * txCommitment = Poseidon(txHash_0, txHash_1), fees = fee_0 + fee_1. {@code binding} is only
 * carried (the PLONK transcript binds every public input): the verifier recomputes it from the
 * proof record (prover identity, FEE_BURN, block, node), see {@link PublicInputs}.
 *
 * <p>The gate layout depends only on the depth, never on the witness, so one proving key serves
 * every base proof of that depth.
 */
public final class BaseCircuit {
    private static final Field F = Field.FR;
    public static final int PUBLIC_INPUTS = 5;
    private static final long[] ZERO = new long[4];
    private static final long[] ONE = F.one();
    private static final long[] MINUS_ONE = F.fromLong(-1);

    private BaseCircuit() {}

    /** The circuit + witness for two txs (both witnesses taken in order from one state). */
    public static CircuitBuilder build(int depth, TxWitness tx0, TxWitness tx1, long[] binding) {
        CircuitBuilder cb = new CircuitBuilder();
        int start = cb.newWire(tx0.rootBefore());
        int root = start;
        int[] hashes = new int[2];
        int[] fees = new int[2];
        TxWitness[] txs = {tx0, tx1};
        for (int i = 0; i < 2; i++) {
            int[] out = transfer(cb, depth, txs[i], root, i);
            root = out[0];
            hashes[i] = out[1];
            fees[i] = out[2];
        }
        int commitment = PoseidonGadget.hash(cb, hashes[0], hashes[1]);
        int feeSum = Gadgets.add(cb, fees[0], fees[1]);
        int[] pub = {start, root, commitment, feeSum};
        for (int w : pub) cb.assertEqual(cb.publicInput(cb.value(w)), w);
        cb.publicInput(binding);
        return cb;
    }

    /** Returns {end root, tx hash, fee} wires of one tx applied on {@code root}. */
    private static int[] transfer(CircuitBuilder cb, int depth, TxWitness w, int root, int pos) {
        Transfer tx = w.tx();
        String where = "tx " + pos + " (" + tx + ")";
        int p = cb.newWire(tx.padding() ? BigInteger.ONE : BigInteger.ZERO);
        Gadgets.assertBool(cb, p);
        int from = cb.newWire(BigInteger.valueOf(w.senderPath().index()));
        int to = cb.newWire(BigInteger.valueOf(w.receiverPath().index()));
        int amount = cb.newWire(BigInteger.valueOf(tx.amount()));
        int fee = cb.newWire(BigInteger.valueOf(tx.fee()));
        int txNonce = cb.newWire(BigInteger.valueOf(tx.nonce()));
        int[] fromBits = Gadgets.rangeCheck(cb, from, depth);
        int[] toBits = Gadgets.rangeCheck(cb, to, depth);
        Gadgets.rangeCheck(cb, amount, Account.BALANCE_BITS);
        Gadgets.rangeCheck(cb, fee, Account.BALANCE_BITS);
        CircuitKit.assertProductZero(cb, p, amount);
        CircuitKit.assertProductZero(cb, p, fee);

        // sender: old leaf on the current root
        Account s = w.sender();
        int pkS = cb.newWire(s.pkHash());
        int balS = cb.newWire(BigInteger.valueOf(s.balance()));
        int nonceS = cb.newWire(BigInteger.valueOf(s.nonce()));
        Gadgets.rangeCheck(cb, nonceS, Account.NONCE_BITS);
        // tx.nonce = nonce_s unless padding: (1 − p)·(txNonce − nonce_s) = 0
        int notP = CircuitKit.lin(cb, p, MINUS_ONE, CircuitBuilder.DUMMY, ZERO, ONE);
        CircuitKit.assertProductZero(cb, notP, Gadgets.sub(cb, txNonce, nonceS));
        // the sender exists unless padding: (1 − p)·(pk_s·inv − 1) = 0 for a private inv (pk_s ≠ 0)
        long[] inv = new long[4];
        if (!io.coprover.math.Field.isZero(cb.value(pkS), 0)) F.inverse(cb.value(pkS), 0, inv, 0);
        int m = Gadgets.mul(cb, pkS, cb.newWire(inv));
        CircuitKit.assertProductZero(cb, notP, CircuitKit.lin(cb, m, ONE, CircuitBuilder.DUMMY, ZERO, MINUS_ONE));
        int[] sSib = siblings(cb, w.senderPath());
        int leafS = PoseidonGadget.hash(cb, pkS, balS, nonceS);
        cb.assertEqual(CircuitKit.merkleRoot(cb, leafS, fromBits, sSib), root);
        // bal' = bal − amount − fee ≥ 0
        int spent = Gadgets.add(cb, amount, fee);
        int balS2 = Gadgets.sub(cb, balS, spent);
        if (F.toBigInteger(cb.value(balS2), 0).bitLength() > Account.BALANCE_BITS) {
            throw new IllegalArgumentException(where + ": overdraft, balance " + s.balance() + " < amount + fee");
        }
        Gadgets.rangeCheck(cb, balS2, Account.BALANCE_BITS);
        int nonceS2 = CircuitKit.lin(cb, nonceS, ONE, p, MINUS_ONE, ONE); // nonce + 1 − p
        int leafS2 = PoseidonGadget.hash(cb, pkS, balS2, nonceS2);
        int mid = CircuitKit.merkleRoot(cb, leafS2, fromBits, sSib);

        // receiver on the middle root
        Account r = w.receiver();
        int pkR = cb.newWire(r.pkHash());
        int balR = cb.newWire(BigInteger.valueOf(r.balance()));
        int nonceR = cb.newWire(BigInteger.valueOf(r.nonce()));
        int[] rSib = siblings(cb, w.receiverPath());
        int leafR = PoseidonGadget.hash(cb, pkR, balR, nonceR);
        cb.assertEqual(CircuitKit.merkleRoot(cb, leafR, toBits, rSib), mid);
        int balR2 = Gadgets.add(cb, balR, amount);
        if (F.toBigInteger(cb.value(balR2), 0).bitLength() > Account.BALANCE_BITS) {
            throw new IllegalArgumentException(where + ": receiver balance would reach 2^63");
        }
        Gadgets.rangeCheck(cb, balR2, Account.BALANCE_BITS);
        int leafR2 = PoseidonGadget.hash(cb, pkR, balR2, nonceR);
        int end = CircuitKit.merkleRoot(cb, leafR2, toBits, rSib);

        // tx hash, zero for padding
        int head = CircuitKit.lin(cb, from, ONE, to, F.fromBigInteger(BigInteger.ONE.shiftLeft(32)), ZERO);
        head = CircuitKit.lin(cb, head, ONE, txNonce, F.fromBigInteger(BigInteger.ONE.shiftLeft(64)), ZERO);
        int value = CircuitKit.lin(cb, amount, ONE, fee, F.fromBigInteger(BigInteger.ONE.shiftLeft(63)), ZERO);
        int h = PoseidonGadget.hash(cb, head, value);
        int txHash = Gadgets.mul(cb, notP, h);
        return new int[] {end, txHash, fee};
    }

    private static int[] siblings(CircuitBuilder cb, MerkleWitness path) {
        int[] out = new int[path.depth()];
        for (int l = 0; l < out.length; l++) out[l] = cb.newWire(path.sibling(l));
        return out;
    }
}
