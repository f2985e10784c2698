package io.coprover.protocol;

import io.coprover.protocol.StakingRegistry.ProverStake;
import io.coprover.protocol.vrf.VrfKeyPair;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;

/**
 * Orders the eligible provers of a node (PROTOCOL §3): score S = u(beta)·(10^6 + FEE_BURN_ppm)
 * descending, ties by SHA-256(pk) ascending (unsigned). Distinct keys have distinct hashes, so
 * this is a total order. Provers that are not staked for the node's role or not eligible are
 * left out: they cannot submit a proof for it.
 */
public final class Ranking {
    private Ranking() {}

    /** One ranked prover. */
    public record Entry(Bytes pk, long u, long feeBurnPpm, Score score, Bytes pkHash) {}

    /** Best first: higher score, then lower SHA-256(pk). */
    public static final Comparator<Entry> ORDER = (a, b) -> {
        int c = b.score.compareTo(a.score);
        return c != 0 ? c : a.pkHash.compareTo(b.pkHash);
    };

    /** Where betas come from: PUBLIC mode needs only keys, PRIVATE mode the secret keys. */
    @FunctionalInterface
    public interface BetaSource {
        byte[] beta(Bytes pk, byte[] alpha);

        /** beta = SHA-256(pk ‖ alpha): every ranking is public. */
        static BetaSource publicMode() {
            return (pk, alpha) -> VrfMode.publicBeta(pk.raw(), alpha);
        }

        /** The betas of the mode of {@code params} from the provers' key pairs (simulations, own rank). */
        static BetaSource fromKeys(VrfMode mode, Map<Bytes, VrfKeyPair> keys) {
            if (mode == VrfMode.PUBLIC) return publicMode();
            return (pk, alpha) -> {
                VrfKeyPair k = keys.get(pk);
                if (k == null)
                    throw new IllegalArgumentException("PRIVATE mode: no secret key for prover " + pk.shortHex(16));
                return k.hash(alpha);
            };
        }
    }

    private record Candidate(Bytes pk, byte[] pkRaw, Bytes pkHash, long feeBurn) {}

    /** Ranks the eligible provers of one node. */
    public static List<Entry> rankNode(
            BlockDraw draw, RegistrySnapshot reg, NodeId node, ToLongFunction<Bytes> feeBurnPpm, BetaSource betas) {
        List<Candidate> cands = candidates(reg, node.role(), feeBurnPpm);
        return rank(draw, reg.eligibility(node.role()), node, cands, betas, null);
    }

    /**
     * Ranks every node of the block (parallel over nodes); the result is indexed by
     * {@link TreeShape#ordinal(NodeId)}.
     */
    public static List<List<Entry>> rankAll(
            BlockDraw draw, RegistrySnapshot reg, ToLongFunction<Bytes> feeBurnPpm, BetaSource betas) {
        if (betas == null) throw new IllegalArgumentException("a beta source is required");
        return rankAllWith(draw, reg, feeBurnPpm, betas);
    }

    /** {@link #rankAll} in PUBLIC mode with a reusable digest per thread (no per-prover allocation). */
    public static List<List<Entry>> rankAllPublic(
            BlockDraw draw, RegistrySnapshot reg, ToLongFunction<Bytes> feeBurnPpm) {
        return rankAllWith(draw, reg, feeBurnPpm, null);
    }

    /** betas == null: PUBLIC mode through a per-thread digest. */
    private static List<List<Entry>> rankAllWith(
            BlockDraw draw, RegistrySnapshot reg, ToLongFunction<Bytes> feeBurnPpm, BetaSource betas) {
        List<Candidate> base = candidates(reg, Role.BASE, feeBurnPpm);
        List<Candidate> merge = candidates(reg, Role.MERGE, feeBurnPpm);
        Eligibility eb = reg.eligibility(Role.BASE), em = reg.eligibility(Role.MERGE);
        List<NodeId> nodes = draw.shape().nodes();
        boolean fastPublic = betas == null;
        ThreadLocal<MessageDigest> md = ThreadLocal.withInitial(Bytes::newSha256);
        List<List<Entry>> out = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) out.add(null);
        IntStream.range(0, nodes.size()).parallel().forEach(i -> {
            NodeId n = nodes.get(i);
            boolean b = n.role() == Role.BASE;
            out.set(i, rank(draw, b ? eb : em, n, b ? base : merge, betas, fastPublic ? md.get() : null));
        });
        return out;
    }

    private static List<Candidate> candidates(RegistrySnapshot reg, Role nodeRole, ToLongFunction<Bytes> feeBurnPpm) {
        List<Candidate> out = new ArrayList<>();
        for (ProverStake p : reg.provers()) {
            if (reg.whyNotStaked(p.pk(), nodeRole) != null) continue;
            long fb = feeBurnPpm.applyAsLong(p.pk());
            if (fb < 0 || fb > Ppm.ONE)
                Ppm.check(fb, Ppm.ONE, "FEE_BURN of " + p.pk().shortHex(16)); // message only then
            out.add(new Candidate(p.pk(), p.pk().raw(), p.pk().hash(), fb));
        }
        return out;
    }

    private static List<Entry> rank(
            BlockDraw draw, Eligibility elig, NodeId node, List<Candidate> cands, BetaSource betas, MessageDigest md) {
        byte[] alpha = draw.alpha(node);
        List<Entry> out = new ArrayList<>();
        byte[] buf = md == null ? null : new byte[32];
        for (Candidate c : cands) {
            long u;
            if (md != null) {
                md.update(c.pkRaw);
                md.update(alpha);
                try {
                    md.digest(buf, 0, 32);
                } catch (DigestException e) {
                    throw new IllegalStateException(e);
                }
                u = Seeds.u(buf);
            } else {
                u = Seeds.u(betas.beta(c.pk, alpha));
            }
            if (!elig.test(u)) continue;
            out.add(new Entry(c.pk, u, c.feeBurn, Score.of(u, c.feeBurn), c.pkHash));
        }
        out.sort(ORDER);
        return out;
    }
}
