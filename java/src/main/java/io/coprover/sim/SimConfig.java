package io.coprover.sim;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.coprover.protocol.Amounts;
import io.coprover.protocol.Ppm;
import io.coprover.protocol.Role;
import io.coprover.protocol.VrfMode;
import io.coprover.rollup.StateTree;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;

/**
 * Settings of one simulated devnet run (the flags of {@code coprover simulate}).
 *
 * @param blocks        K: blocks to produce and prove
 * @param provers       P: provers; prover i (1-based) takes the (i−1 mod n)-th entry of {@code roles},
 *                      {@code strategies} and {@code backends}
 * @param sequencers    S: sequencers bidding for every slot
 * @param txs           random valid transfers per block
 * @param depth         state tree depth (1..32; the base circuit grows with it)
 * @param mode          VRF mode of the network (PRIVATE: ranks unknown in advance; PUBLIC: anyone can rank)
 * @param eligible      E: expected eligible provers per node
 * @param roles         prover roles, round-robin
 * @param strategies    prover strategies, round-robin ({@link Strategy})
 * @param backends      prover devices, round-robin; one entry is one or more backends joined by '+'
 *                      ({@code java}, {@code native-host}, {@code cuda}, {@code cuda:N}, {@code auto}, and
 *                      {@code flaky}: a Java backend that fails every proof, to show retries)
 * @param seed          seed of everything drawn (keys, RANDAO, bids, txs, random FEE_BURNs)
 * @param latency       gossip rounds from publication to delivery (≥ 1)
 * @param jitter        extra rounds per link, fixed per (sender, receiver) by the seed
 * @param withhold      provers the withholding sequencer never sends block data to
 * @param withholder    the sequencer that withholds ({@code all}: every sequencer)
 * @param window        proving window in rounds (one L1 block per round)
 * @param feeSplitLo    lowest FEE_SPLIT a sequencer bids (ppm)
 * @param feeSplitHi    highest FEE_SPLIT a sequencer bids (ppm)
 * @param blockReward   BLOCK_REWARD minted per finalised block (units)
 */
public record SimConfig(
        int blocks,
        int provers,
        int sequencers,
        int txs,
        int depth,
        VrfMode mode,
        int eligible,
        List<Role> roles,
        List<String> strategies,
        List<String> backends,
        long seed,
        int latency,
        int jitter,
        Set<String> withhold,
        String withholder,
        int window,
        long feeSplitLo,
        long feeSplitHi,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigInteger blockReward) {

    public SimConfig {
        if (blocks < 1 || blocks > 10_000)
            throw new IllegalArgumentException("--blocks must be 1..10000, got " + blocks);
        if (provers < 1 || provers > 1000)
            throw new IllegalArgumentException("--provers must be 1..1000, got " + provers);
        if (sequencers < 1 || sequencers > 100)
            throw new IllegalArgumentException("--sequencers must be 1..100, got " + sequencers);
        if (txs < 0 || txs > 1 << 16) throw new IllegalArgumentException("--txs must be 0..65536, got " + txs);
        if (depth < 1 || depth > StateTree.MAX_DEPTH)
            throw new IllegalArgumentException("--depth must be 1..32, got " + depth);
        if (mode == null) throw new IllegalArgumentException("--vrf-mode is required");
        if (eligible < 1) throw new IllegalArgumentException("--eligible must be ≥ 1, got " + eligible);
        if (roles == null || roles.isEmpty()) throw new IllegalArgumentException("--roles needs at least one role");
        if (strategies == null || strategies.isEmpty())
            throw new IllegalArgumentException("--strategies needs at least one strategy");
        if (backends == null || backends.isEmpty())
            throw new IllegalArgumentException("--backends needs at least one backend");
        if (latency < 1) throw new IllegalArgumentException("--latency must be ≥ 1 round, got " + latency);
        if (jitter < 0) throw new IllegalArgumentException("--jitter must be ≥ 0, got " + jitter);
        withhold = withhold == null ? Set.of() : Set.copyOf(withhold);
        if (withholder == null || withholder.isBlank()) withholder = "seq-1";
        if (window < 2) throw new IllegalArgumentException("--window must be ≥ 2 rounds, got " + window);
        Ppm.check(feeSplitLo, 100 * Ppm.ONE, "--fee-split low");
        Ppm.check(feeSplitHi, 100 * Ppm.ONE, "--fee-split high");
        if (feeSplitLo > feeSplitHi) throw new IllegalArgumentException("--fee-split: low above high");
        Amounts.check(blockReward, "--block-reward");
        for (String w : withhold) {
            if (!w.matches("prover-\\d+")
                    || Integer.parseInt(w.substring(7)) < 1
                    || Integer.parseInt(w.substring(7)) > provers) {
                throw new IllegalArgumentException(
                        "--withhold: no prover named '" + w + "' (provers are prover-1..prover-" + provers + ")");
            }
        }
        if (!withholder.equals("all")
                && (!withholder.matches("seq-\\d+")
                        || Integer.parseInt(withholder.substring(4)) < 1
                        || Integer.parseInt(withholder.substring(4)) > sequencers)) {
            throw new IllegalArgumentException(
                    "--withholder: no sequencer named '" + withholder + "' (seq-1..seq-" + sequencers + " or all)");
        }
        roles = List.copyOf(roles);
        strategies = List.copyOf(strategies);
        backends = List.copyOf(backends);
    }

    /** The defaults of {@code coprover simulate}: small enough for a 2-core machine in well under 2 minutes. */
    public static SimConfig defaults() {
        return new SimConfig(
                4,
                4,
                2,
                4,
                4,
                VrfMode.PRIVATE,
                2,
                List.of(Role.BOTH, Role.BOTH, Role.BASE, Role.MERGE),
                List.of("fixed:0%/all", "fixed:10%/topk", "random:0%-20%/all", "fixed:5%/capacity:2"),
                List.of("java"),
                1,
                1,
                0,
                Set.of(),
                "seq-1",
                12,
                600_000,
                1_000_000,
                Amounts.ONE_AZT);
    }

    public String proverName(int i) {
        return "prover-" + (i + 1);
    }

    public String sequencerName(int i) {
        return "seq-" + (i + 1);
    }

    public Role role(int i) {
        return roles.get(i % roles.size());
    }

    public String strategy(int i) {
        return strategies.get(i % strategies.size());
    }

    public String backend(int i) {
        return backends.get(i % backends.size());
    }

    /** Whether sequencer {@code seqName} withholds its blocks from {@code prover}. */
    public boolean withholds(String seqName, String prover) {
        return (withholder.equals("all") || withholder.equals(seqName)) && withhold.contains(prover);
    }
}
