package io.coprover.scheduler;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.Ppm;
import io.coprover.protocol.Ranking;
import io.coprover.protocol.VrfMode;
import java.math.BigInteger;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * How much of its reward a prover burns at a node (FEE_BURN, ppm) to raise its score
 * u·(10^6 + FEE_BURN). Empty means no burn makes the node worth proving.
 */
@FunctionalInterface
public interface FeeBurnPolicy {
    OptionalLong feeBurn(BlockContext ctx, OwnDraw draw);

    /** The same FEE_BURN everywhere. */
    static FeeBurnPolicy fixed(long ppm) {
        Ppm.check(ppm, Ppm.ONE, "FEE_BURN");
        return (ctx, d) -> OptionalLong.of(ppm);
    }

    /**
     * Uniform in [lo, hi] ppm, reproducible: drawn from {@code seed}, the block and the node, so a
     * rerun with one seed makes the same choices.
     */
    static FeeBurnPolicy random(long lo, long hi, long seed) {
        Ppm.check(lo, Ppm.ONE, "FEE_BURN lower bound");
        Ppm.check(hi, Ppm.ONE, "FEE_BURN upper bound");
        if (lo > hi) throw new IllegalArgumentException("FEE_BURN range empty: " + lo + " > " + hi);
        return (ctx, d) -> {
            long mix = seed * 0x9E3779B97F4A7C15L
                    ^ ctx.draw().block() * 0xC2B2AE3D27D4EB4FL
                    ^ ((long) d.node().level() << 32 | d.node().index());
            return OptionalLong.of(lo + new SplittableRandom(mix).nextLong(hi - lo + 1));
        };
    }

    /**
     * PUBLIC mode only: the least FEE_BURN that ranks this prover among the PROOFS_PER_NODE best
     * at the node, given the others' FEE_BURN ({@link BlockContext#othersFeeBurn()}), with exact
     * integer scores; empty when even 100 % is not enough. Least burn = most reward kept.
     */
    static FeeBurnPolicy minimalTopK() {
        return (ctx, d) -> {
            if (ctx.draw().params().mode() != VrfMode.PUBLIC) {
                throw new IllegalStateException(
                        "the minimal-burn policy needs PUBLIC mode (others' ranks are unknown in PRIVATE mode)");
            }
            Bytes me = ctx.prover();
            List<Ranking.Entry> others = Ranking.rankNode(
                            ctx.draw(), ctx.registry(), d.node(), ctx.othersFeeBurn(), Ranking.BetaSource.publicMode())
                    .stream()
                    .filter(e -> !e.pk().equals(me))
                    .toList();
            return minimalBurn(d.u(), me.hash(), others, ctx.proofsPerNode());
        };
    }

    /**
     * The least b in [0, 10^6] with u·(10^6 + b) ranking above the k-th best of {@code others}
     * (sorted best first; ties by lower SHA-256(pk)), or empty if there is none. Fewer than k
     * others: 0. Exact: the k-th score C is a 128-bit integer; b = max(0, m − 10^6) with m the
     * least multiplier such that u·m beats C, i.e. floor(C/u) + 1, or C/u when u divides C and our
     * key hash wins the tie.
     */
    static OptionalLong minimalBurn(long u, Bytes ownPkHash, List<Ranking.Entry> others, int k) {
        if (others.size() < k) return OptionalLong.of(0);
        Ranking.Entry kth = others.get(k - 1);
        BigInteger c = kth.score().toBigInteger();
        BigInteger uu = new BigInteger(Long.toUnsignedString(u));
        boolean winTie = ownPkHash.compareTo(kth.pkHash()) < 0;
        BigInteger m;
        if (uu.signum() == 0) {
            if (c.signum() == 0 && winTie) return OptionalLong.of(0);
            return OptionalLong.empty();
        }
        BigInteger[] qr = c.divideAndRemainder(uu);
        m = qr[1].signum() == 0 && winTie ? qr[0] : qr[0].add(BigInteger.ONE);
        BigInteger b = m.subtract(BigInteger.valueOf(Ppm.ONE)).max(BigInteger.ZERO);
        return b.compareTo(BigInteger.valueOf(Ppm.ONE)) <= 0
                ? OptionalLong.of(b.longValueExact())
                : OptionalLong.empty();
    }
}
