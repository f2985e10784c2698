package io.coprover.scheduler;

import io.coprover.protocol.NodeId;
import io.coprover.protocol.Seeds;
import io.coprover.protocol.TreeShape;
import io.coprover.protocol.vrf.VrfKeyPair;
import java.util.ArrayList;
import java.util.List;

/**
 * This prover's VRF draw at one node of a block: beta (protocol {@code VrfMode.beta}: SHA-256(pk ‖
 * alpha) in PUBLIC mode, the ECVRF hash in PRIVATE mode), u(beta), and whether it may prove the
 * node (staked for the node's role and u above the role's eligibility threshold).
 */
public record OwnDraw(NodeId node, long u, boolean staked, boolean eligible) {

    /** The draws of every node of the block, bottom-up (PROTOCOL §4), with first-round eligibility. */
    public static List<OwnDraw> compute(BlockContext ctx) {
        return compute(ctx, 0);
    }

    /** The draws of every node, with the eligibility of liveness round {@code round} (PROTOCOL "Liveness"). */
    public static List<OwnDraw> compute(BlockContext ctx, int round) {
        VrfKeyPair key = ctx.key();
        TreeShape shape = ctx.draw().shape();
        List<OwnDraw> out = new ArrayList<>(shape.numNodes());
        for (NodeId n : shape.nodes()) {
            long u = Seeds.u(ctx.draw().params().mode().beta(key, ctx.draw().alpha(n)));
            boolean staked = ctx.registry().whyNotStaked(ctx.prover(), n.role()) == null;
            out.add(new OwnDraw(
                    n,
                    u,
                    staked,
                    staked && ctx.registry().eligibility(n.role(), round).test(u)));
        }
        return out;
    }
}
