package io.coprover.scheduler;

import io.coprover.protocol.BlockDraw;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.RegistrySnapshot;
import io.coprover.protocol.vrf.VrfKeyPair;
import java.math.BigInteger;
import java.util.function.ToLongFunction;

/**
 * What this node knows about a block when it plans its work.
 *
 * @param draw          the block's randomness and tree shape
 * @param registry      the registry snapshot of the block
 * @param key           this prover's VRF key pair
 * @param sharePerProof the share of one proof slot, floor(network / (NUM_NODES·PROOFS_PER_NODE)),
 *                      in units (before FEE_BURN)
 * @param deadline      the proving deadline in the scheduler's clock
 * @param othersFeeBurn the FEE_BURN (ppm) this node assumes for another prover (e.g. what it used
 *                      last time); only the PUBLIC-mode ranking uses it
 */
public record BlockContext(
        BlockDraw draw,
        RegistrySnapshot registry,
        VrfKeyPair key,
        BigInteger sharePerProof,
        long deadline,
        ToLongFunction<Bytes> othersFeeBurn) {
    public BlockContext {
        if (draw == null || registry == null || key == null)
            throw new IllegalArgumentException("block context: draw, registry and key are required");
        if (sharePerProof == null || sharePerProof.signum() < 0)
            throw new IllegalArgumentException("block context: share per proof must be ≥ 0");
        if (othersFeeBurn == null) othersFeeBurn = pk -> 0L;
    }

    public Bytes prover() {
        return Bytes.of(key.publicKey());
    }

    public int proofsPerNode() {
        return draw.params().proofsPerNode();
    }
}
