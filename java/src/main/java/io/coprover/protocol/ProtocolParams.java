package io.coprover.protocol;

import io.coprover.protocol.vrf.Ecvrf;
import io.coprover.protocol.vrf.Vrf;

import java.math.BigInteger;

/**
 * The constants of one network. Amounts in units (10^-18 AZT), ratios in ppm, durations in L1
 * blocks (the contract has no clock).
 *
 * @param suite               VRF ciphersuite of every key in the network
 * @param mode                PUBLIC or PRIVATE VRF (PROTOCOL §3)
 * @param proofsPerNode       PROOFS_PER_NODE: slots per tree node (3)
 * @param eligiblePerNode     E: expected number of eligible provers per node (8)
 * @param maxFeeSplitPpm      the largest FEE_SPLIT a sequencer may bid (≥ 10^6; above 10^6 the
 *                            excess is paid from its bond: MEV forwarding)
 * @param blockReward         BLOCK_REWARD added to the fees of every finalised block
 * @param minProverStake      minimum stake of a registered prover
 * @param minSequencerStake   minimum bond of a registered sequencer
 * @param sequencerSlash      SEQUENCER_SLASH: taken from the bond when no valid root arrives
 * @param withdrawalDelay     blocks between an exit request and the withdrawal of the stake
 * @param provingWindow       blocks after a block's acceptance during which roots are accepted
 * @param rebateUnitsPerWeiNum gas rebate oracle price: units paid per wei of gas cost = num/den
 * @param rebateUnitsPerWeiDen denominator of the oracle price (&gt; 0)
 */
public record ProtocolParams(Vrf suite, VrfMode mode, int proofsPerNode, int eligiblePerNode, long maxFeeSplitPpm,
                             BigInteger blockReward, BigInteger minProverStake, BigInteger minSequencerStake,
                             BigInteger sequencerSlash, long withdrawalDelay, long provingWindow,
                             BigInteger rebateUnitsPerWeiNum, BigInteger rebateUnitsPerWeiDen) {

    public ProtocolParams {
        if (suite == null || mode == null) throw new IllegalArgumentException("suite and mode are required");
        if (proofsPerNode < 1 || proofsPerNode > 255) throw new IllegalArgumentException("proofsPerNode out of range [1,255]: " + proofsPerNode);
        if (eligiblePerNode < 0) throw new IllegalArgumentException("eligiblePerNode must be non-negative: " + eligiblePerNode);
        if (maxFeeSplitPpm < Ppm.ONE || maxFeeSplitPpm > 1_000L * Ppm.ONE) {
            throw new IllegalArgumentException("maxFeeSplitPpm out of range [1e6, 1e9]: " + maxFeeSplitPpm);
        }
        Amounts.check(blockReward, "blockReward");
        Amounts.check(minProverStake, "minProverStake");
        Amounts.check(minSequencerStake, "minSequencerStake");
        Amounts.check(sequencerSlash, "sequencerSlash");
        if (withdrawalDelay < 0 || provingWindow < 1) throw new IllegalArgumentException("withdrawalDelay ≥ 0 and provingWindow ≥ 1 required");
        Amounts.check(rebateUnitsPerWeiNum, "rebate price numerator");
        if (rebateUnitsPerWeiDen == null || rebateUnitsPerWeiDen.signum() <= 0) throw new IllegalArgumentException("rebate price denominator must be positive");
    }

    /**
     * Defaults: P-256 TAI, PRIVATE mode, 3 proofs per node, E = 8, FEE_SPLIT up to 100×, block
     * reward 0, stakes 1000 AZT (prover) and 10000 AZT (sequencer), slash 1000 AZT, withdrawal
     * delay 100 blocks, proving window 32 blocks, gas rebate at 1 unit per wei (1 ETH = 1 AZT).
     */
    public static ProtocolParams defaults() {
        BigInteger azt = Amounts.ONE_AZT;
        return new ProtocolParams(Ecvrf.P256_SHA256_TAI, VrfMode.PRIVATE, 3, 8, 100 * Ppm.ONE,
                BigInteger.ZERO, azt.multiply(BigInteger.valueOf(1000)), azt.multiply(BigInteger.valueOf(10_000)),
                azt.multiply(BigInteger.valueOf(1000)), 100, 32, BigInteger.ONE, BigInteger.ONE);
    }

    public ProtocolParams withMode(VrfMode m) {
        return new ProtocolParams(suite, m, proofsPerNode, eligiblePerNode, maxFeeSplitPpm, blockReward, minProverStake,
                minSequencerStake, sequencerSlash, withdrawalDelay, provingWindow, rebateUnitsPerWeiNum, rebateUnitsPerWeiDen);
    }

    public ProtocolParams withSuite(Vrf s) {
        return new ProtocolParams(s, mode, proofsPerNode, eligiblePerNode, maxFeeSplitPpm, blockReward, minProverStake,
                minSequencerStake, sequencerSlash, withdrawalDelay, provingWindow, rebateUnitsPerWeiNum, rebateUnitsPerWeiDen);
    }

    public ProtocolParams withEligiblePerNode(int e) {
        return new ProtocolParams(suite, mode, proofsPerNode, e, maxFeeSplitPpm, blockReward, minProverStake,
                minSequencerStake, sequencerSlash, withdrawalDelay, provingWindow, rebateUnitsPerWeiNum, rebateUnitsPerWeiDen);
    }

    public ProtocolParams withBlockReward(BigInteger r) {
        return new ProtocolParams(suite, mode, proofsPerNode, eligiblePerNode, maxFeeSplitPpm, r, minProverStake,
                minSequencerStake, sequencerSlash, withdrawalDelay, provingWindow, rebateUnitsPerWeiNum, rebateUnitsPerWeiDen);
    }

    public ProtocolParams withStakes(BigInteger minProver, BigInteger minSequencer, BigInteger slash) {
        return new ProtocolParams(suite, mode, proofsPerNode, eligiblePerNode, maxFeeSplitPpm, blockReward, minProver,
                minSequencer, slash, withdrawalDelay, provingWindow, rebateUnitsPerWeiNum, rebateUnitsPerWeiDen);
    }

    public ProtocolParams withTiming(long withdrawalDelayBlocks, long provingWindowBlocks) {
        return new ProtocolParams(suite, mode, proofsPerNode, eligiblePerNode, maxFeeSplitPpm, blockReward, minProverStake,
                minSequencerStake, sequencerSlash, withdrawalDelayBlocks, provingWindowBlocks, rebateUnitsPerWeiNum, rebateUnitsPerWeiDen);
    }

    public ProtocolParams withRebatePrice(BigInteger unitsPerWeiNum, BigInteger unitsPerWeiDen) {
        return new ProtocolParams(suite, mode, proofsPerNode, eligiblePerNode, maxFeeSplitPpm, blockReward, minProverStake,
                minSequencerStake, sequencerSlash, withdrawalDelay, provingWindow, unitsPerWeiNum, unitsPerWeiDen);
    }

    /** Gas rebate in units for gasUsed·gasPrice wei at the oracle price (rounded down). */
    public BigInteger gasRebate(long gasUsed, BigInteger gasPriceWei) {
        if (gasUsed < 0) throw new IllegalArgumentException("gasUsed must be non-negative: " + gasUsed);
        Amounts.check(gasPriceWei, "gasPrice");
        return BigInteger.valueOf(gasUsed).multiply(gasPriceWei).multiply(rebateUnitsPerWeiNum).divide(rebateUnitsPerWeiDen);
    }
}
