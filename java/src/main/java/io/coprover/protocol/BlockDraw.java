package io.coprover.protocol;

/**
 * The randomness of one block: the slot's RANDAO, the elected sequencer's beta and the block
 * number, with the tree shape and network parameters. Every prover draw of the block derives
 * from it ({@link Seeds#proverAlpha}).
 */
public record BlockDraw(ProtocolParams params, byte[] randao, byte[] betaSeq, long block, TreeShape shape) {
    public BlockDraw {
        Seeds.checkRandao(randao);
        Seeds.checkBlock(block);
        if (betaSeq == null || betaSeq.length != params.suite().hashLength()) {
            throw new IllegalArgumentException(
                    "beta_seq must be " + params.suite().hashLength() + " bytes for "
                            + params.suite().name() + ", got " + (betaSeq == null ? "none" : betaSeq.length));
        }
        randao = randao.clone();
        betaSeq = betaSeq.clone();
    }

    @Override
    public byte[] randao() {
        return randao.clone();
    }

    @Override
    public byte[] betaSeq() {
        return betaSeq.clone();
    }

    /** alpha of a node of this block. */
    public byte[] alpha(NodeId node) {
        if (!shape.contains(node)) throw new IllegalArgumentException("node " + node + " is not in this block's tree");
        return Seeds.proverAlpha(randao, betaSeq, block, node);
    }
}
