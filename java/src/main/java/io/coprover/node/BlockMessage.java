package io.coprover.node;

import io.coprover.protocol.BlockHeader;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.TreeShape;
import io.coprover.protocol.Wire;
import io.coprover.rollup.Account;
import io.coprover.rollup.BlockInputs;
import io.coprover.rollup.Fr;
import io.coprover.rollup.MerkleWitness;
import io.coprover.rollup.Rollup;
import io.coprover.rollup.Transfer;
import io.coprover.rollup.TxWitness;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The BLOCK gossip payload: the data a base prover needs, published by the block's sequencer.
 * Provers are stateless: the payload carries every padded tx with its witnesses (sender and
 * receiver accounts with their Merkle paths, as {@link TxWitness}), so a prover needs no copy of
 * the chain state.
 * <pre>
 * "coprover/block/v1" ‖ u64be(block) ‖ u8(depth) ‖ u32be(txCount) ‖ u32be(padded)
 * ‖ per padded tx: u8(padding) ‖ u32be(from) ‖ u32be(to) ‖ u64be(amount) ‖ u64be(fee) ‖ u32be(nonce)
 *                  ‖ sender account ‖ depth × 32-byte sender siblings ‖ receiver account ‖ depth × receiver siblings
 * account = pkHash(32) ‖ u64be(balance) ‖ u32be(nonce)
 * </pre>
 * {@link #check} replays the witnesses against the accepted header: the start root, every
 * Merkle path, the transfer rules of {@code Rollup.apply}, the tx commitment and the fees. A
 * block that passes gives base proofs the circuit accepts; one that does not is rejected before
 * any proving.
 */
public final class BlockMessage {
    private static final byte[] TAG = "coprover/block/v1".getBytes(StandardCharsets.US_ASCII);
    /** Largest BLOCK payload accepted (2^16 txs at depth 32 fit). */
    public static final int MAX_BYTES = 512 << 20;

    private BlockMessage() {}

    /** The decoded payload (not yet checked against a header). */
    public record Data(long block, int depth, int txCount, List<TxWitness> witnesses) {}

    public static byte[] encode(BlockInputs in) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(TAG);
        o.writeBytes(ByteBuffer.allocate(17)
                .putLong(in.block())
                .put((byte) in.depth())
                .putInt(in.shape().txs())
                .putInt(in.witnesses().size())
                .array());
        for (TxWitness w : in.witnesses()) {
            Transfer t = w.tx();
            o.writeBytes(ByteBuffer.allocate(29)
                    .put((byte) (t.padding() ? 1 : 0))
                    .putInt((int) t.from())
                    .putInt((int) t.to())
                    .putLong(t.amount())
                    .putLong(t.fee())
                    .putInt((int) t.nonce())
                    .array());
            account(o, w.sender());
            path(o, w.senderPath());
            account(o, w.receiver());
            path(o, w.receiverPath());
        }
        return o.toByteArray();
    }

    private static void account(ByteArrayOutputStream o, Account a) {
        o.writeBytes(Fr.bytes(Fr.of(a.pkHash())).toArray());
        o.writeBytes(ByteBuffer.allocate(12)
                .putLong(a.balance())
                .putInt((int) a.nonce())
                .array());
    }

    private static void path(ByteArrayOutputStream o, MerkleWitness m) {
        for (int l = 0; l < m.depth(); l++) o.writeBytes(Fr.bytes(m.sibling(l)).toArray());
    }

    /** Decodes a BLOCK payload; throws {@link MessageException} naming what is malformed. */
    public static Data decode(byte[] payload) {
        if (payload == null || payload.length > MAX_BYTES)
            throw new MessageException("block message: missing or larger than " + MAX_BYTES + " bytes");
        Wire.Reader w = new Wire.Reader(payload, "block message");
        w.tag(TAG, "tag");
        long block = w.u64("block", 0, Long.MAX_VALUE);
        int depth = w.u8("depth");
        if (depth < 1 || depth > 32)
            throw new MessageException("block message: depth " + depth + " out of range 1..32");
        long txCount = w.u32("tx count");
        long padded = w.u32("padded tx count");
        if (txCount > TreeShape.MAX_TXS)
            throw new MessageException("block message: " + txCount + " txs exceed " + TreeShape.MAX_TXS);
        TreeShape shape = TreeShape.forTxs((int) txCount);
        if (padded != shape.paddedTxs())
            throw new MessageException(
                    "block message: " + padded + " padded txs, a block of " + txCount + " has " + shape.paddedTxs());
        List<TxWitness> ws = new ArrayList<>();
        for (int i = 0; i < padded; i++) {
            String at = "tx " + i;
            int pad = w.u8(at + " padding flag");
            if (pad > 1) throw new MessageException("block message: " + at + " padding flag " + pad);
            long from = w.u32(at + " from"), to = w.u32(at + " to");
            long amount = w.u64(at + " amount", 0, Long.MAX_VALUE), fee = w.u64(at + " fee", 0, Long.MAX_VALUE);
            long nonce = w.u32(at + " nonce");
            try {
                Transfer t = new Transfer(from, to, amount, fee, nonce, pad == 1);
                Account s = account(w, at + " sender");
                MerkleWitness sp =
                        new MerkleWitness(t.padding() ? 0 : from, depth, siblings(w, depth, at + " sender path"));
                Account r = account(w, at + " receiver");
                MerkleWitness rp =
                        new MerkleWitness(t.padding() ? 0 : to, depth, siblings(w, depth, at + " receiver path"));
                ws.add(new TxWitness(t, s, sp, r, rp));
            } catch (IllegalArgumentException e) {
                throw new MessageException("block message: " + at + ": " + e.getMessage(), e);
            }
        }
        w.end();
        return new Data(block, depth, (int) txCount, ws);
    }

    private static Account account(Wire.Reader w, String what) {
        BigInteger pkHash = new BigInteger(1, w.bytes(32, what + " key hash"));
        long balance = w.u64(what + " balance", 0, Long.MAX_VALUE);
        long nonce = w.u32(what + " nonce");
        return new Account(pkHash, balance, nonce);
    }

    private static long[] siblings(Wire.Reader w, int depth, String what) {
        long[] s = new long[4 * depth];
        for (int l = 0; l < depth; l++) {
            long[] e = Fr.fromBytes(Bytes.of(w.bytes(32, what)), what + " sibling " + l);
            System.arraycopy(e, 0, s, 4 * l, 4);
        }
        return s;
    }

    /**
     * Replays the block against the header the contract accepted and returns the proving inputs;
     * throws {@link MessageException} naming the first tx or field that does not check.
     */
    public static BlockInputs check(Data d, BlockHeader h) {
        if (d.block() != h.block())
            throw new MessageException("block message: block " + d.block() + ", header is for " + h.block());
        if (d.txCount() != h.txCount())
            throw new MessageException("block message: " + d.txCount() + " txs, the header says " + h.txCount());
        long cap = 1L << d.depth();
        long[] start = Fr.fromBytes(h.startStateRoot(), "header start root");
        long[] cur = start;
        List<Transfer> txs = new ArrayList<>();
        long[][] level = new long[d.witnesses().size()][];
        long fees = 0;
        for (int i = 0; i < d.witnesses().size(); i++) {
            TxWitness w = d.witnesses().get(i);
            Transfer t = w.tx();
            String at = "block message: tx " + i + ": ";
            if (!Fr.eq(w.rootBefore(), cur))
                throw new MessageException(at + "sender path does not give the current state root");
            if (t.padding()) {
                if (!w.sender().equals(w.receiver())
                        || !Fr.eq(w.receiverPath().rootFor(w.receiver().leafHash()), cur)) {
                    throw new MessageException(at + "padding tx with a receiver witness that is not the sender's");
                }
            } else {
                if (t.from() >= cap || t.to() >= cap)
                    throw new MessageException(at + "account index beyond the tree (2^" + d.depth() + " slots)");
                Account s = w.sender();
                if (s.pkHash().signum() == 0)
                    throw new MessageException(at + "sender account " + t.from() + " does not exist");
                if (t.nonce() != s.nonce())
                    throw new MessageException(at + "bad nonce " + t.nonce() + ", the sender's nonce is " + s.nonce());
                long spend;
                try {
                    spend = Math.addExact(t.amount(), t.fee());
                } catch (ArithmeticException e) {
                    throw new MessageException(at + "amount + fee overflows");
                }
                if (spend > s.balance())
                    throw new MessageException(at + "overdraft, the sender's balance is " + s.balance());
                if (s.nonce() + 1 >= 1L << Account.NONCE_BITS)
                    throw new MessageException(at + "sender nonce exhausted");
                long[] mid = w.senderPath()
                        .rootFor(s.withBalanceAndNonce(s.balance() - spend, s.nonce() + 1)
                                .leafHash());
                Account r = w.receiver();
                if (!Fr.eq(w.receiverPath().rootFor(r.leafHash()), mid))
                    throw new MessageException(at + "receiver path does not give the root after the sender's update");
                if (r.balance() > Long.MAX_VALUE - t.amount())
                    throw new MessageException(at + "receiver balance would reach 2^63");
                cur = w.receiverPath()
                        .rootFor(r.withBalanceAndNonce(r.balance() + t.amount(), r.nonce())
                                .leafHash());
            }
            txs.add(t);
            level[i] = t.hash();
            try {
                fees = Math.addExact(fees, t.fee());
            } catch (ArithmeticException e) {
                throw new MessageException(at + "total fees overflow");
            }
        }
        for (int n = level.length; n > 1; n /= 2) {
            for (int i = 0; i < n / 2; i++) level[i] = Rollup.combine(level[2 * i], level[2 * i + 1]);
        }
        if (!Fr.bytes(level[0]).equals(h.txCommitment()))
            throw new MessageException("block message: tx commitment differs from the header's");
        if (!BigInteger.valueOf(fees).equals(h.totalFees()))
            throw new MessageException("block message: fees " + fees + " differ from the header's " + h.totalFees());
        return new BlockInputs(d.block(), d.depth(), h.shape(), txs, d.witnesses(), start, cur, level[0], fees);
    }
}
