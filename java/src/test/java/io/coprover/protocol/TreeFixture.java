package io.coprover.protocol;

import io.coprover.protocol.vrf.VrfKeyPair;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A block with registered provers and every eligible proof of every node, built honestly: state
 * roots chain tx by tx, fees add up, each merge proof includes a chosen set of 1..3 proofs of each
 * child (the same set for every proof of a non-root node, so trees stay within 3 proofs per node),
 * and SNARKs are stood in for by {@link #SNARKS} (snark = SHA-256("snark" ‖ id)).
 */
final class TreeFixture {
    /** Test SNARK verifier: the SNARK must be SHA-256("snark" ‖ proof id). */
    static final ProofVerifier SNARKS =
            (p, lookup) -> p.snark().equals(snarkFor(p.id())) ? null : "SNARK does not match the statement";

    static Bytes snarkFor(Bytes id) {
        return Bytes.of(Bytes.sha256("snark".getBytes(), id.toArray()));
    }

    /** Keys shared by all fixtures (key generation is the slow part of building thousands of blocks). */
    static final List<VrfKeyPair> KEY_POOL;

    private static final Map<Bytes, SigningKey> POOL_SIGNERS = new HashMap<>();

    static {
        SecureRandom r = deterministic(20241124L);
        List<VrfKeyPair> l = new ArrayList<>();
        for (int i = 0; i < 48; i++) l.add(VrfKeyPair.generate(io.coprover.protocol.vrf.Ecvrf.P256_SHA256_TAI, r));
        KEY_POOL = List.copyOf(l);
        for (VrfKeyPair k : KEY_POOL) POOL_SIGNERS.put(Bytes.of(k.publicKey()), SigningKey.derivedFrom(k));
    }

    final Random rnd;
    final ProtocolParams params;
    final Map<Bytes, VrfKeyPair> keys = new LinkedHashMap<>();
    final Map<Bytes, Long> feeBurn = new HashMap<>();
    final TreeShape shape;
    final BlockHeader header;
    final BlockDraw draw;
    final RegistrySnapshot snapshot;
    final TreeValidator validator;
    /** Every built proof per node, best first by score. */
    final Map<NodeId, List<ProofRecord>> proofs = new HashMap<>();

    final Map<NodeId, List<Ranking.Entry>> ranks = new HashMap<>();
    /** For each non-root merge node: the child proofs all its proofs include. */
    final Map<NodeId, List<List<Bytes>>> chosen = new HashMap<>();

    final Map<Bytes, ProofRecord> pool = new LinkedHashMap<>();
    final Bytes[] stateRoots;
    final BigInteger[] txFees;

    /**
     * @param roles role of each prover, e.g. BOTH ×8; stakes are the minimum
     */
    TreeFixture(long seed, int txs, List<Role> roles, VrfMode mode, int eligible) {
        rnd = new Random(seed);
        params = ProtocolParams.defaults()
                .withMode(mode)
                .withEligiblePerNode(eligible)
                .withBlockReward(BigInteger.valueOf(rnd.nextInt(1_000_000)));
        List<StakingRegistry.ProverStake> stakes = new ArrayList<>();
        List<VrfKeyPair> pick = new ArrayList<>(KEY_POOL);
        java.util.Collections.shuffle(pick, rnd);
        if (roles.size() > pick.size()) throw new IllegalArgumentException("at most " + pick.size() + " provers");
        for (int i = 0; i < roles.size(); i++) {
            Role r = roles.get(i);
            VrfKeyPair k = pick.get(i);
            Bytes pk = Bytes.of(k.publicKey());
            keys.put(pk, k);
            feeBurn.put(pk, (long) rnd.nextInt(1_000_001));
            // registration itself (proofs of possession) is RollupContractTest's subject; here the stakes are built
            // directly
            stakes.add(new StakingRegistry.ProverStake(
                    pk,
                    r,
                    params.minProverStake(),
                    StakingRegistry.Status.ACTIVE,
                    0,
                    POOL_SIGNERS.get(pk).publicKey()));
        }
        shape = TreeShape.forTxs(txs);
        stateRoots = new Bytes[shape.paddedTxs() + 1];
        txFees = new BigInteger[shape.paddedTxs()];
        for (int i = 0; i <= shape.paddedTxs(); i++) {
            stateRoots[i] = i > 0 && i > txs ? stateRoots[i - 1] : hash("state", seed, i, 0); // padding is a no-op
        }
        for (int i = 0; i < shape.paddedTxs(); i++)
            txFees[i] = i < txs ? BigInteger.valueOf(rnd.nextInt(1 << 30)).shiftLeft(20) : BigInteger.ZERO;
        byte[] randao = hash("randao", seed, 0, 0).toArray();
        byte[] betaSeq = new byte[params.suite().hashLength()];
        rnd.nextBytes(betaSeq);
        long block = rnd.nextInt(1 << 20);
        PublicOutputs rootOut = outputs(shape.root());
        header = new BlockHeader(
                block,
                Bytes.of(new byte[33]),
                rnd.nextInt(1_000_001),
                txs,
                rootOut.fees(),
                rootOut.startStateRoot(),
                rootOut.txCommitment());
        draw = new BlockDraw(params, randao, betaSeq, block, shape);
        snapshot = RegistrySnapshot.ofProvers(params, stakes);
        validator = new TreeValidator(draw, snapshot, header, SNARKS);
        build();
    }

    static SecureRandom deterministic(long seed) {
        try {
            SecureRandom s = SecureRandom.getInstance("SHA1PRNG");
            s.setSeed(seed);
            return s;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Bytes hash(String tag, long seed, int a, int b) {
        return Bytes.of(Bytes.sha256(
                tag.getBytes(),
                ByteBuffer.allocate(16).putLong(seed).putInt(a).putInt(b).array()));
    }

    /** The honest outputs of a node. */
    PublicOutputs outputs(NodeId n) {
        int span = 2 << n.level();
        int from = n.index() * span;
        BigInteger fees = BigInteger.ZERO;
        for (int i = from; i < from + span; i++) fees = fees.add(txFees[i]);
        return new PublicOutputs(stateRoots[from], stateRoots[from + span], hash("txc", n.level(), n.index(), 0), fees);
    }

    private void build() {
        for (NodeId n : shape.nodes()) {
            List<Ranking.Entry> r =
                    Ranking.rankNode(draw, snapshot, n, feeBurn::get, Ranking.BetaSource.fromKeys(params.mode(), keys));
            ranks.put(n, r);
            List<List<Bytes>> kids = List.of();
            if (n.level() > 0) {
                kids = new ArrayList<>();
                for (int side = 0; side < 2; side++) {
                    List<ProofRecord> cp = proofs.get(n.child(side));
                    int k = Math.min(cp.size(), 1 + rnd.nextInt(params.proofsPerNode()));
                    List<Bytes> ids = new ArrayList<>();
                    for (int i = 0; i < k; i++) ids.add(cp.get(i).id());
                    kids.add(ids);
                }
                chosen.put(n, kids);
            }
            List<ProofRecord> ps = new ArrayList<>();
            for (Ranking.Entry e : r) {
                ProofRecord p = make(n, e.pk(), feeBurn.get(e.pk()), kids);
                ps.add(p);
                pool.put(p.id(), p);
            }
            proofs.put(n, ps);
        }
    }

    /** A proof with honest outputs and a valid VRF proof and SNARK. */
    ProofRecord make(NodeId n, Bytes prover, long fb, List<List<Bytes>> kids) {
        return make(draw.block(), n, prover, fb, outputs(n), kids);
    }

    ProofRecord make(long block, NodeId n, Bytes prover, long fb, PublicOutputs out, List<List<Bytes>> kids) {
        VrfKeyPair k = keys.get(prover);
        Bytes vrf = Bytes.of(new byte[0]);
        if (params.mode() == VrfMode.PRIVATE && k != null && shape.contains(n)) vrf = Bytes.of(k.prove(draw.alpha(n)));
        ProofRecord p = new ProofRecord(block, n, prover, vrf, fb, out, kids, null);
        return sign(p.withSnark(snarkFor(p.id())));
    }

    /** {@code p} signed by its prover's key when the pool holds that key (else unsigned). */
    static ProofRecord sign(ProofRecord p) {
        SigningKey k = POOL_SIGNERS.get(p.prover());
        return k == null ? p : p.signedBy(k);
    }

    /** Whether every node has at least one eligible prover (else no valid tree exists). */
    boolean complete() {
        return proofs.values().stream().noneMatch(List::isEmpty);
    }

    /** Root proofs (one per eligible root prover); root i includes a random choice of child proofs. */
    List<ProofRecord> roots(int max) {
        List<ProofRecord> out = new ArrayList<>();
        NodeId root = shape.root();
        if (root.level() == 0) {
            for (ProofRecord p : proofs.get(root)) if (out.size() < max) out.add(p);
            return out;
        }
        for (Ranking.Entry e : ranks.get(root)) {
            if (out.size() >= max) break;
            List<List<Bytes>> kids = new ArrayList<>();
            for (int side = 0; side < 2; side++) {
                List<ProofRecord> cp = new ArrayList<>(proofs.get(root.child(side)));
                java.util.Collections.shuffle(cp, rnd);
                int k = Math.min(cp.size(), 1 + rnd.nextInt(params.proofsPerNode()));
                List<Bytes> ids = new ArrayList<>();
                for (int i = 0; i < k; i++) ids.add(cp.get(i).id());
                kids.add(ids);
            }
            ProofRecord p = make(root, e.pk(), feeBurn.get(e.pk()), kids);
            pool.put(p.id(), p);
            out.add(p);
        }
        return out;
    }

    /**
     * Replaces proof {@code oldId} by {@code repl} in the tree of {@code rootId}: every ancestor that
     * includes it (directly or not) is rebuilt with the new ids (new SNARKs, same VRF proofs).
     * Returns the new root id; {@code pool} gains the new proofs.
     */
    static Bytes replace(Map<Bytes, ProofRecord> pool, Bytes rootId, Bytes oldId, ProofRecord repl) {
        Map<Bytes, Bytes> memo = new HashMap<>();
        pool.put(repl.id(), repl);
        return rebuild(pool, rootId, oldId, repl.id(), memo);
    }

    private static Bytes rebuild(
            Map<Bytes, ProofRecord> pool, Bytes id, Bytes oldId, Bytes newId, Map<Bytes, Bytes> memo) {
        if (id.equals(oldId)) return newId;
        Bytes done = memo.get(id);
        if (done != null) return done;
        ProofRecord p = pool.get(id);
        if (p == null) return id;
        List<List<Bytes>> kids = new ArrayList<>();
        boolean changed = false;
        for (List<Bytes> l : p.children()) {
            List<Bytes> nl = new ArrayList<>();
            for (Bytes c : l) {
                Bytes nc = rebuild(pool, c, oldId, newId, memo);
                changed |= !nc.equals(c);
                nl.add(nc);
            }
            kids.add(nl);
        }
        Bytes result = id;
        if (changed) {
            ProofRecord q = new ProofRecord(
                    p.block(), p.node(), p.prover(), p.vrfProof(), p.feeBurnPpm(), p.outputs(), kids, null);
            q = sign(q.withSnark(snarkFor(q.id())));
            pool.put(q.id(), q);
            result = q.id();
        }
        memo.put(id, result);
        return result;
    }
}
