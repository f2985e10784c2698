package io.coprover.node;

import io.coprover.node.ContractClient.AcceptedBlock;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecord;
import io.coprover.rollup.BlockInputs;
import io.coprover.rollup.ProofChecker;
import io.coprover.rollup.RollupKeys;
import io.coprover.scheduler.BlockContext;
import io.coprover.scheduler.BlockDag;
import io.coprover.scheduler.NodeChoice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link ProverNode} holds of one block while it is proving: the accepted header and draw,
 * this prover's plan, the verified proofs (own and gossiped), proofs parked until their children
 * arrive, the DAGs of planned jobs and, once the tx data arrived, the block's inputs. Not
 * thread-safe: the node guards every instance with its own lock.
 */
final class BlockState {
    /** Proofs whose children are not yet known are parked: at most this many per block, a quarter of them per peer. */
    static final int MAX_PENDING = 1024;
    /** Parked proofs of one prover per block: more than a prover can be eligible for in practice. */
    static final int MAX_PENDING_PER_PROVER = 64;

    final AcceptedBlock acc;
    final BlockContext ctx;
    final List<NodeChoice> plan;
    /** The liveness round this node last planned for (PROTOCOL "Liveness"). */
    int round;

    final Map<Bytes, ProofRecord> verified = new LinkedHashMap<>();
    final PendingPool parked = new PendingPool(MAX_PENDING, MAX_PENDING / 4, MAX_PENDING_PER_PROVER);
    /** The first verified record per (prover, node): a second, different one is equivocation evidence. */
    final Map<String, ProofRecord> firstByProverNode = new HashMap<>();

    final List<BlockDag> dags = new ArrayList<>();
    final ProofChecker checker;
    BlockInputs inputs;
    /** The root this node last submitted (not submitted twice). */
    Bytes submitted;
    /** An own root proof is done but its submission failed (the contract unreachable): tried again as L1 moves. */
    boolean submitPending;

    BlockState(AcceptedBlock acc, BlockContext ctx, List<NodeChoice> plan, RollupKeys keys) {
        this.acc = acc;
        this.ctx = ctx;
        this.plan = new ArrayList<>(plan);
        this.checker = new ProofChecker(keys.baseVk(), keys.mergeVk(), verified::get);
    }

    long block() {
        return acc.block();
    }

    /** Whether this plan has a base node (which needs the block's tx data). */
    boolean plansBase() {
        return plan.stream().anyMatch(c -> c.node().level() == 0);
    }

    /** Whether every child {@code p} includes is verified here. */
    boolean childrenKnown(ProofRecord p) {
        for (List<Bytes> side : p.children()) for (Bytes id : side) if (!verified.containsKey(id)) return false;
        return true;
    }

    /** The verified proofs reachable from {@code root} through included ids: the tree it fixes. */
    List<ProofRecord> reachable(ProofRecord root) {
        Map<Bytes, ProofRecord> out = new LinkedHashMap<>();
        List<ProofRecord> stack = new ArrayList<>(List.of(root));
        while (!stack.isEmpty()) {
            ProofRecord p = stack.remove(stack.size() - 1);
            if (out.putIfAbsent(p.id(), p) != null) continue;
            for (List<Bytes> side : p.children())
                for (Bytes id : side) {
                    ProofRecord c = verified.get(id);
                    if (c != null) stack.add(c);
                }
        }
        return new ArrayList<>(out.values());
    }
}
