package io.coprover.node.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coprover.backend.JavaBackend;
import io.coprover.log.Log;
import io.coprover.node.BlockMessage;
import io.coprover.node.ContractClient;
import io.coprover.node.GossipTransport;
import io.coprover.node.InProcessContractClient;
import io.coprover.plonk.Srs;
import io.coprover.protocol.Amounts;
import io.coprover.protocol.BlockCommitment;
import io.coprover.protocol.BlockHeader;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProtocolParams;
import io.coprover.protocol.Registration;
import io.coprover.protocol.RollupContract;
import io.coprover.protocol.VrfMode;
import io.coprover.protocol.vrf.VrfKeyPair;
import io.coprover.rollup.BlockInputs;
import io.coprover.rollup.Fr;
import io.coprover.rollup.RandomBlock;
import io.coprover.rollup.RollupKeys;
import io.coprover.rollup.StateTree;
import io.coprover.rollup.TreeVerifier;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * The L1 and the sequencer of a small devnet, in one process: the in-process rollup contract, one
 * staked sequencer that wins every election and builds blocks of random valid transfers on its
 * L2 state, and the L1 clock. Provers in this process use {@link #client()}; provers elsewhere
 * reach it through a {@link io.coprover.node.net.ContractServer} and build the same proving keys
 * from {@link #info()} ({@link #keysFor}).
 *
 * <p>Everything derives from the seed (SRS, sequencer key, accounts, transfers), so two runs with
 * one seed make the same blocks. The SRS is a development one ({@link Srs#generateInsecure}):
 * a devnet proves nothing to outsiders.
 *
 * <p>With a journal ({@link ChainJournal}) the chain survives restarts: every input from outside
 * (registrations, submissions, equivocation reports, faucet payments and stakes in the ledger) and
 * every block produced and L1 step is written there once it took effect, and a restarted host
 * replays them at construction — the same contract state, balances, registrations and L2 state —
 * before it serves anyone, and logs what it recovered.
 */
public final class DevnetHost implements AutoCloseable {
    private static final Log LOG = Log.get("devnet");

    /**
     * @param depth  state tree depth (the base circuit grows with it)
     * @param txs    transfers per block
     * @param window proving window in L1 blocks
     * @param seed   seed of everything drawn
     */
    public record Spec(int depth, int txs, long window, long seed) {
        public Spec {
            if (depth < 1 || depth > StateTree.MAX_DEPTH)
                throw new IllegalArgumentException("devnet depth must be 1.." + StateTree.MAX_DEPTH + ": " + depth);
            if (txs < 1 || txs > 1 << 16)
                throw new IllegalArgumentException("devnet txs per block must be 1..65536: " + txs);
            if (window < 2)
                throw new IllegalArgumentException("devnet proving window must be ≥ 2 L1 blocks: " + window);
        }

        ObjectNode toJson() {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("depth", depth).put("txs", txs).put("window", window).put("seed", seed);
            return o;
        }

        /** Reads what {@link #info()} wrote; errors name the field. */
        public static Spec fromJson(JsonNode o) {
            for (String k : new String[] {"depth", "txs", "window", "seed"}) {
                if (o == null || !o.has(k) || !o.get(k).isIntegralNumber())
                    throw new IllegalArgumentException("devnet info: missing or bad '" + k + "'");
            }
            return new Spec(
                    o.get("depth").asInt(),
                    o.get("txs").asInt(),
                    o.get("window").asLong(),
                    o.get("seed").asLong());
        }
    }

    private final Spec spec;
    private final ProtocolParams params;
    private final RollupKeys keys;
    private final RollupContract contract;
    private final InProcessContractClient l1;
    private final JournaledContractClient client;
    private final io.coprover.node.net.DevnetLedger ledger;
    private final ChainJournal journal;
    private boolean replaying;
    private final VrfKeyPair sequencer;
    private final StateTree state;
    private final long[] slots;
    private final Random rnd;
    private long nextBlock = 1;

    public DevnetHost(Spec spec) {
        this(spec, null);
    }

    /** A host whose chain is kept in (and, when it exists, recovered from) {@code journalFile}; null keeps it in memory only. */
    public DevnetHost(Spec spec, java.nio.file.Path journalFile) {
        this.spec = spec;
        this.params = params(spec);
        this.keys = keysFor(spec);
        this.contract = new RollupContract(params, new TreeVerifier(keys.baseVk(), keys.mergeVk()).asProofVerifier());
        contract.fundTreasury(params.minProverStake()); // pays the winning submitters' gas rebates
        this.l1 = new InProcessContractClient(contract, 1);
        this.ledger = io.coprover.node.net.DevnetLedger.standard(params);
        this.journal = journalFile == null ? null : new ChainJournal(journalFile);
        this.client = new JournaledContractClient(l1, this::journal);
        ledger.listener((op, account, amount) -> journal(
                ChainJournal.entry("ledger." + op).put("account", account.hex()).put("amount", amount.toString())));
        this.sequencer = key(params, spec.seed(), "sequencer");
        contract.stakeSequencer(Registration.sequencer(sequencer), params.minSequencerStake());
        this.rnd = new Random(spec.seed());
        this.state = StateTree.inMemory(spec.depth());
        this.slots = RandomBlock.fundedAccounts(state, spec.txs(), rnd);
        if (journal != null && !journal.entries().isEmpty()) replay();
        LOG.info(
                "devnet.ready",
                "depth",
                spec.depth(),
                "txs",
                spec.txs(),
                "window",
                spec.window(),
                "seed",
                spec.seed(),
                "srs",
                io.coprover.builder.BuilderInfo.digest(keys.srs),
                "setup_ms",
                keys.setupNanos / 1_000_000);
    }

    /** The devnet's protocol parameters: the defaults, PRIVATE VRF mode, this window, 1 AZT block reward. */
    static ProtocolParams params(Spec spec) {
        return ProtocolParams.defaults()
                .withMode(VrfMode.PRIVATE)
                .withTiming(spec.window() + 100, spec.window())
                .withBlockReward(Amounts.ONE_AZT);
    }

    /** The proving keys of a devnet: the same for every process given the same spec. */
    public static RollupKeys keysFor(Spec spec) {
        return new RollupKeys(spec.depth(), srsFor(spec.depth(), spec.seed()), new JavaBackend());
    }

    /**
     * The development SRS of a devnet of this depth and seed: what its processes set up their keys
     * from, and what a proof builder or farm worker proving for it must load
     * ({@code --devnet-seed SEED --depth DEPTH}).
     */
    public static Srs srsFor(int depth, long seed) {
        return Srs.generateInsecure(RollupKeys.basePower(depth), new Random(seed));
    }

    /** A key from the seed and a name: SHA-256(tag ‖ seed ‖ name ‖ counter) until the suite accepts it. */
    static VrfKeyPair key(ProtocolParams params, long seed, String name) {
        for (int ctr = 0; ; ctr++) {
            byte[] sk = Bytes.sha256(
                    "coprover/devnet/key/v1".getBytes(StandardCharsets.US_ASCII),
                    ByteBuffer.allocate(8).putLong(seed).array(),
                    name.getBytes(StandardCharsets.UTF_8),
                    ByteBuffer.allocate(4).putInt(ctr).array());
            try {
                return VrfKeyPair.of(params.suite(), sk);
            } catch (IllegalArgumentException e) {
                // out of the suite's scalar range: next counter
            }
        }
    }

    public Spec spec() {
        return spec;
    }

    public RollupKeys keys() {
        return keys;
    }

    /** The devnet's token balances: stake for registrations through the contract server comes from here. */
    public io.coprover.node.net.DevnetLedger ledger() {
        return ledger;
    }

    /** The contract client of provers in this process (and what the contract server serves): what changes the chain is journaled. */
    public ContractClient client() {
        return client;
    }

    /** The in-process contract itself (tests drive L1 through it). */
    public InProcessContractClient l1() {
        return l1;
    }

    private void journal(com.fasterxml.jackson.databind.node.ObjectNode e) {
        if (journal != null && !replaying) journal.append(e);
    }

    /** Applies the journal's entries in order; a step that no longer applies is a damaged journal, named. */
    private void replay() {
        replaying = true;
        int blocks = 0, inputs = 0;
        long t0 = System.nanoTime();
        try {
            for (com.fasterxml.jackson.databind.JsonNode e : journal.entries()) {
                String op = e.get("op").asText();
                try {
                    switch (op) {
                        case "block" -> {
                            produceBlock(null);
                            blocks++;
                        }
                        case "advance" -> advanceTo(e.get("height").asLong());
                        case "ledger.faucet" ->
                            ledger.faucet(Bytes.fromHex(e.get("account").asText()));
                        case "ledger.debit" ->
                            ledger.debit(
                                    Bytes.fromHex(e.get("account").asText()),
                                    new BigInteger(e.get("amount").asText()));
                        case "ledger.refund" ->
                            ledger.refund(
                                    Bytes.fromHex(e.get("account").asText()),
                                    new BigInteger(e.get("amount").asText()));
                        default -> {
                            if (!client.replay(e)) throw new IllegalStateException("unknown entry '" + op + "'");
                            inputs++;
                        }
                    }
                } catch (RuntimeException x) {
                    throw new IllegalStateException(
                            "chain journal: entry " + op + " no longer applies (" + x.getMessage()
                                    + "); was the devnet's spec changed?",
                            x);
                }
            }
        } finally {
            replaying = false;
        }
        LOG.info(
                "devnet.recovered",
                "entries",
                journal.entries().size(),
                "blocks",
                blocks,
                "inputs",
                inputs,
                "height",
                l1.height(),
                "registered",
                contract.registry().snapshot().provers().size(),
                "conserved",
                contract.conservationHolds(),
                "ms",
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** What {@code GET /devnet} answers: the spec, from which joining nodes build the same keys. */
    public ObjectNode info() {
        return spec.toJson();
    }

    /**
     * Runs the next block: its sequencer builds a block of random valid transfers, bids FEE_SPLIT
     * 100 % committed to it, wins the election and publishes it at the current height, and its tx data gossiped on
     * {@code gossip}. Returns the accepted block.
     */
    public synchronized ContractClient.AcceptedBlock produceBlock(GossipTransport gossip) {
        long block = nextBlock++;
        byte[] randao = Bytes.sha256(
                "coprover/devnet/randao/v1".getBytes(StandardCharsets.US_ASCII),
                ByteBuffer.allocate(16).putLong(spec.seed()).putLong(block).array());
        // the sequencer builds its block first: its bid commits to it
        List<io.coprover.rollup.Transfer> txs = RandomBlock.transfers(state, slots, spec.txs(), rnd);
        BlockInputs in = BlockInputs.apply(state, block, txs);
        state.commit();
        BlockCommitment commitment = new BlockCommitment(
                spec.txs(), BigInteger.valueOf(in.fees()), Fr.bytes(in.startRoot()), Fr.bytes(in.txCommitment()));
        RollupContract.Bid win;
        synchronized (l1) {
            contract.openElection(block, randao);
            VrfMode.Draw d = params.mode().draw(sequencer, contract.electionAlpha());
            contract.bid(Bytes.of(sequencer.publicKey()), 1_000_000, Bytes.of(d.proof()), commitment);
            win = contract.closeElection();
        }
        BlockHeader header = new BlockHeader(
                block,
                win.sequencer(),
                win.feeSplitPpm(),
                spec.txs(),
                BigInteger.valueOf(in.fees()),
                Fr.bytes(in.startRoot()),
                Fr.bytes(in.txCommitment()));
        byte[] data = BlockMessage.encode(in);
        ContractClient.AcceptedBlock acc = l1.acceptBlock(header);
        l1.publishData(block, data); // the data is published with the block (provers that miss the gossip read it here)
        if (gossip != null) gossip.publish(GossipTransport.Topic.BLOCK, data);
        journal(ChainJournal.entry("block").put("block", block).put("height", l1.height()));
        LOG.info(
                "devnet.block",
                "block",
                block,
                "txs",
                spec.txs(),
                "fees",
                in.fees(),
                "height",
                l1.height(),
                "deadline",
                acc.deadline());
        return acc;
    }

    /** Moves L1 on by {@code n} blocks and finalises every block past its deadline; returns those. */
    public synchronized List<ContractClient.Finalised> advance(long n) {
        if (n < 0) throw new IllegalArgumentException("L1 cannot go back");
        return advanceTo(l1.height() + n);
    }

    private List<ContractClient.Finalised> advanceTo(long height) {
        l1.setHeight(height);
        List<ContractClient.Finalised> fin = l1.tick();
        journal(ChainJournal.entry("advance").put("height", height));
        for (ContractClient.Finalised f : fin) {
            LOG.info(
                    "devnet.finalised",
                    "block",
                    f.block(),
                    "dropped",
                    f.dropped(),
                    "root",
                    f.winningRoot() == null ? "" : f.winningRoot().shortHex(12),
                    "conserved",
                    contract.conservationHolds());
        }
        return fin;
    }

    /** Whether the contract's books balance to the unit (every block so far). */
    public boolean conservationHolds() {
        return contract.conservationHolds();
    }

    @Override
    public void close() {
        if (journal != null) journal.close();
        state.close();
        keys.close();
    }
}
