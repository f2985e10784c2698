package io.coprover.protocol;

import io.coprover.protocol.vrf.Ecvrf;
import io.coprover.protocol.vrf.Vrf;
import java.math.BigInteger;

/**
 * The constants of one network. Amounts in units (10^-18 AZT), ratios in ppm, durations in L1
 * blocks (the contract has no clock).
 *
 * @param suite                VRF ciphersuite of every key in the network
 * @param signatures           how proof records are signed ({@link RecordSignatures#ED25519})
 * @param mode                 PUBLIC or PRIVATE VRF (PROTOCOL §3)
 * @param proofsPerNode        PROOFS_PER_NODE: slots per tree node (3)
 * @param eligiblePerNode      E: expected number of eligible provers per node in the first round (8)
 * @param maxFeeSplitPpm       the largest FEE_SPLIT a sequencer may bid (≥ 10^6; above 10^6 the
 *                             excess is paid from its bond: MEV forwarding)
 * @param blockReward          BLOCK_REWARD added to the fees of every finalised block
 * @param minProverStake       minimum stake of a registered prover
 * @param minSequencerStake    minimum bond of a registered sequencer
 * @param sequencerSlash       SEQUENCER_SLASH: taken from the bond of an elected sequencer that does
 *                             not publish its committed block before the next election
 * @param withdrawalDelay      blocks between an exit request and the withdrawal of the stake; at
 *                             least (registryLookahead + 1)·epochLength + provingWindow, so a stake
 *                             stays slashable while any block drawn with it can still be proven
 * @param provingWindow        blocks after a block's acceptance during which roots are accepted
 * @param rebateUnitsPerWeiNum gas rebate oracle price: units paid per wei of gas cost = num/den
 * @param rebateUnitsPerWeiDen denominator of the oracle price (&gt; 0)
 * @param epochLength          EPOCH_LENGTH: L1 blocks per epoch; stake changes take effect at the
 *                             next epoch's start (PROTOCOL "Randomness lookahead")
 * @param registryLookahead    LOOKAHEAD ≥ 1: randomness revealed in epoch e is used with the
 *                             registry frozen at the start of epoch e − LOOKAHEAD
 * @param eligibilityRound     ELIGIBILITY_ROUND: every this many blocks after acceptance E doubles,
 *                             and from {@link #openRound()} (the last round that starts before the
 *                             deadline) every staked prover of the node's role is eligible
 *                             (PROTOCOL "Liveness"); 0 keeps E fixed
 * @param proverSlash          PROVER_SLASH: taken from a prover's stake for signing two different
 *                             records of one node (equivocation)
 * @param rebateBaseGas        the most gas a root submission is rebated for, plus ...
 * @param rebateGasPerProof    ... this much per proof in the submitted tree
 * @param maxRebateGasPriceWei the highest gas price (wei) a rebate is paid at
 */
public record ProtocolParams(
        Vrf suite,
        RecordSignatures signatures,
        VrfMode mode,
        int proofsPerNode,
        int eligiblePerNode,
        long maxFeeSplitPpm,
        BigInteger blockReward,
        BigInteger minProverStake,
        BigInteger minSequencerStake,
        BigInteger sequencerSlash,
        long withdrawalDelay,
        long provingWindow,
        BigInteger rebateUnitsPerWeiNum,
        BigInteger rebateUnitsPerWeiDen,
        long epochLength,
        int registryLookahead,
        long eligibilityRound,
        BigInteger proverSlash,
        long rebateBaseGas,
        long rebateGasPerProof,
        BigInteger maxRebateGasPriceWei) {

    public ProtocolParams {
        if (suite == null || signatures == null || mode == null)
            throw new IllegalArgumentException("suite, signatures and mode are required");
        if (proofsPerNode < 1 || proofsPerNode > 255)
            throw new IllegalArgumentException("proofsPerNode out of range [1,255]: " + proofsPerNode);
        if (eligiblePerNode < 0)
            throw new IllegalArgumentException("eligiblePerNode must be non-negative: " + eligiblePerNode);
        if (maxFeeSplitPpm < Ppm.ONE || maxFeeSplitPpm > 1_000L * Ppm.ONE) {
            throw new IllegalArgumentException("maxFeeSplitPpm out of range [1e6, 1e9]: " + maxFeeSplitPpm);
        }
        Amounts.check(blockReward, "blockReward");
        Amounts.check(minProverStake, "minProverStake");
        Amounts.check(minSequencerStake, "minSequencerStake");
        Amounts.check(sequencerSlash, "sequencerSlash");
        Amounts.check(proverSlash, "proverSlash");
        if (withdrawalDelay < 0 || provingWindow < 1)
            throw new IllegalArgumentException("withdrawalDelay ≥ 0 and provingWindow ≥ 1 required");
        Amounts.check(rebateUnitsPerWeiNum, "rebate price numerator");
        if (rebateUnitsPerWeiDen == null || rebateUnitsPerWeiDen.signum() <= 0)
            throw new IllegalArgumentException("rebate price denominator must be positive");
        if (epochLength < 1 || epochLength > 1L << 32)
            throw new IllegalArgumentException("epochLength out of range [1, 2^32]: " + epochLength);
        if (registryLookahead < 1 || registryLookahead > 64)
            throw new IllegalArgumentException("registryLookahead out of range [1, 64]: " + registryLookahead);
        if (eligibilityRound < 0 || eligibilityRound > provingWindow) {
            throw new IllegalArgumentException("eligibilityRound must be 0 (off) or in [1, provingWindow = "
                    + provingWindow + "]: " + eligibilityRound);
        }
        long minDelay = (registryLookahead + 1) * epochLength + provingWindow;
        if (withdrawalDelay < minDelay) {
            throw new IllegalArgumentException("withdrawalDelay " + withdrawalDelay
                    + " is below (registryLookahead + 1)·epochLength + provingWindow = " + minDelay
                    + ": a stake could be withdrawn while a block drawn with it is still being proven");
        }
        if (rebateBaseGas < 0 || rebateGasPerProof < 0)
            throw new IllegalArgumentException("rebate gas limits must be non-negative");
        Amounts.check(maxRebateGasPriceWei, "maxRebateGasPrice");
    }

    /**
     * Defaults: P-256 TAI, Ed25519 record signatures, PRIVATE mode, 3 proofs per node, E = 8, FEE_SPLIT up to 100×, block
     * reward 0, stakes 1000 AZT (prover) and 10000 AZT (sequencer), slashes 1000 AZT (sequencer)
     * and 100 AZT (prover), withdrawal delay 100 blocks, proving window 32 blocks, epochs of 16
     * blocks with a lookahead of 1, E doubling every 8 blocks of the window, gas rebate at 1 unit
     * per wei (1 ETH = 1 AZT) for at most 100 000 + 20 000 per proof gas at up to 1000 gwei.
     */
    public static ProtocolParams defaults() {
        BigInteger azt = Amounts.ONE_AZT;
        return new ProtocolParams(
                Ecvrf.P256_SHA256_TAI,
                RecordSignatures.ED25519,
                VrfMode.PRIVATE,
                3,
                8,
                100 * Ppm.ONE,
                BigInteger.ZERO,
                azt.multiply(BigInteger.valueOf(1000)),
                azt.multiply(BigInteger.valueOf(10_000)),
                azt.multiply(BigInteger.valueOf(1000)),
                100,
                32,
                BigInteger.ONE,
                BigInteger.ONE,
                16,
                1,
                8,
                azt.multiply(BigInteger.valueOf(100)),
                100_000,
                20_000,
                BigInteger.TEN.pow(12));
    }

    /** A builder starting from these parameters. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some parameters of a copy; {@link #build()} checks the whole set. */
    public static final class Builder {
        private Vrf suite;
        private RecordSignatures signatures;
        private VrfMode mode;
        private int proofsPerNode, eligiblePerNode, registryLookahead;
        private long maxFeeSplitPpm,
                withdrawalDelay,
                provingWindow,
                epochLength,
                eligibilityRound,
                rebateBaseGas,
                rebateGasPerProof;
        private BigInteger blockReward,
                minProverStake,
                minSequencerStake,
                sequencerSlash,
                proverSlash,
                rebateNum,
                rebateDen,
                maxGasPrice;

        private Builder(ProtocolParams p) {
            suite = p.suite;
            signatures = p.signatures;
            mode = p.mode;
            proofsPerNode = p.proofsPerNode;
            eligiblePerNode = p.eligiblePerNode;
            maxFeeSplitPpm = p.maxFeeSplitPpm;
            blockReward = p.blockReward;
            minProverStake = p.minProverStake;
            minSequencerStake = p.minSequencerStake;
            sequencerSlash = p.sequencerSlash;
            withdrawalDelay = p.withdrawalDelay;
            provingWindow = p.provingWindow;
            rebateNum = p.rebateUnitsPerWeiNum;
            rebateDen = p.rebateUnitsPerWeiDen;
            epochLength = p.epochLength;
            registryLookahead = p.registryLookahead;
            eligibilityRound = p.eligibilityRound;
            proverSlash = p.proverSlash;
            rebateBaseGas = p.rebateBaseGas;
            rebateGasPerProof = p.rebateGasPerProof;
            maxGasPrice = p.maxRebateGasPriceWei;
        }

        public Builder suite(Vrf v) {
            suite = v;
            return this;
        }

        public Builder signatures(RecordSignatures v) {
            signatures = v;
            return this;
        }

        public Builder mode(VrfMode v) {
            mode = v;
            return this;
        }

        public Builder proofsPerNode(int v) {
            proofsPerNode = v;
            return this;
        }

        public Builder eligiblePerNode(int v) {
            eligiblePerNode = v;
            return this;
        }

        public Builder maxFeeSplitPpm(long v) {
            maxFeeSplitPpm = v;
            return this;
        }

        public Builder blockReward(BigInteger v) {
            blockReward = v;
            return this;
        }

        public Builder minProverStake(BigInteger v) {
            minProverStake = v;
            return this;
        }

        public Builder minSequencerStake(BigInteger v) {
            minSequencerStake = v;
            return this;
        }

        public Builder sequencerSlash(BigInteger v) {
            sequencerSlash = v;
            return this;
        }

        public Builder proverSlash(BigInteger v) {
            proverSlash = v;
            return this;
        }

        public Builder withdrawalDelay(long v) {
            withdrawalDelay = v;
            return this;
        }

        public Builder provingWindow(long v) {
            provingWindow = v;
            return this;
        }

        public Builder rebatePrice(BigInteger num, BigInteger den) {
            rebateNum = num;
            rebateDen = den;
            return this;
        }

        public Builder epochLength(long v) {
            epochLength = v;
            return this;
        }

        public Builder registryLookahead(int v) {
            registryLookahead = v;
            return this;
        }

        public Builder eligibilityRound(long v) {
            eligibilityRound = v;
            return this;
        }

        public Builder rebateGas(long base, long perProof) {
            rebateBaseGas = base;
            rebateGasPerProof = perProof;
            return this;
        }

        public Builder maxRebateGasPriceWei(BigInteger v) {
            maxGasPrice = v;
            return this;
        }

        public ProtocolParams build() {
            return new ProtocolParams(
                    suite,
                    signatures,
                    mode,
                    proofsPerNode,
                    eligiblePerNode,
                    maxFeeSplitPpm,
                    blockReward,
                    minProverStake,
                    minSequencerStake,
                    sequencerSlash,
                    withdrawalDelay,
                    provingWindow,
                    rebateNum,
                    rebateDen,
                    epochLength,
                    registryLookahead,
                    eligibilityRound,
                    proverSlash,
                    rebateBaseGas,
                    rebateGasPerProof,
                    maxGasPrice);
        }
    }

    public ProtocolParams withMode(VrfMode m) {
        return toBuilder().mode(m).build();
    }

    public ProtocolParams withSuite(Vrf s) {
        return toBuilder().suite(s).build();
    }

    public ProtocolParams withSignatures(RecordSignatures s) {
        return toBuilder().signatures(s).build();
    }

    public ProtocolParams withEligiblePerNode(int e) {
        return toBuilder().eligiblePerNode(e).build();
    }

    public ProtocolParams withBlockReward(BigInteger r) {
        return toBuilder().blockReward(r).build();
    }

    public ProtocolParams withStakes(BigInteger minProver, BigInteger minSequencer, BigInteger slash) {
        return toBuilder()
                .minProverStake(minProver)
                .minSequencerStake(minSequencer)
                .sequencerSlash(slash)
                .build();
    }

    /**
     * The withdrawal delay and proving window; the eligibility round is kept within the window and
     * the epoch length shortened, when needed, so that the delay still covers (lookahead + 1)
     * epochs plus the window (the caller's delay is the binding choice).
     */
    public ProtocolParams withTiming(long withdrawalDelayBlocks, long provingWindowBlocks) {
        Builder b = toBuilder()
                .withdrawalDelay(withdrawalDelayBlocks)
                .provingWindow(provingWindowBlocks)
                .eligibilityRound(Math.min(eligibilityRound, Math.max(0, provingWindowBlocks)));
        long room = withdrawalDelayBlocks - provingWindowBlocks;
        if (room >= registryLookahead + 1 && (registryLookahead + 1) * epochLength > room)
            b.epochLength(room / (registryLookahead + 1));
        return b.build();
    }

    public ProtocolParams withRebatePrice(BigInteger unitsPerWeiNum, BigInteger unitsPerWeiDen) {
        return toBuilder().rebatePrice(unitsPerWeiNum, unitsPerWeiDen).build();
    }

    /** The epoch of an L1 height. */
    public long epochOf(long height) {
        return Math.floorDiv(height, epochLength);
    }

    /**
     * The eligibility round at {@code height} of a block accepted at {@code acceptedAt}: 0 in the
     * first {@link #eligibilityRound} blocks, then 1, 2, ...; always 0 when widening is off.
     */
    public int roundAt(long acceptedAt, long height) {
        if (eligibilityRound == 0 || height <= acceptedAt) return 0;
        return (int) Math.min(Integer.MAX_VALUE, (height - acceptedAt) / eligibilityRound);
    }

    /**
     * The round from which every staked prover of the role is eligible: the last one that starts
     * before the deadline (at least round 1), so the open round lasts a whole round, not one block.
     */
    public int openRound() {
        return eligibilityRound == 0 ? Integer.MAX_VALUE : (int) Math.max(1, (provingWindow - 1) / eligibilityRound);
    }

    /**
     * Gas rebate in units for a submission of {@code proofs} proofs claiming gasUsed at
     * gasPrice wei (rounded down): the claim is capped at rebateBaseGas + rebateGasPerProof·proofs
     * gas and at maxRebateGasPrice, so a submitter cannot drain the treasury by claiming more.
     */
    public BigInteger gasRebate(long gasUsed, BigInteger gasPriceWei, int proofs) {
        if (gasUsed < 0) throw new IllegalArgumentException("gasUsed must be non-negative: " + gasUsed);
        if (proofs < 0) throw new IllegalArgumentException("proof count must be non-negative: " + proofs);
        Amounts.check(gasPriceWei, "gasPrice");
        BigInteger capGas = BigInteger.valueOf(rebateBaseGas)
                .add(BigInteger.valueOf(rebateGasPerProof).multiply(BigInteger.valueOf(proofs)));
        BigInteger gas = BigInteger.valueOf(gasUsed).min(capGas);
        BigInteger price = gasPriceWei.min(maxRebateGasPriceWei);
        return gas.multiply(price).multiply(rebateUnitsPerWeiNum).divide(rebateUnitsPerWeiDen);
    }
}
