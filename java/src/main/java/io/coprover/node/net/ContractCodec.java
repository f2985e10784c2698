package io.coprover.node.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coprover.node.ContractClient.AcceptedBlock;
import io.coprover.node.ContractClient.Finalised;
import io.coprover.node.ContractClient.SubmitResult;
import io.coprover.protocol.BlockDraw;
import io.coprover.protocol.BlockHeader;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecordCodec;
import io.coprover.protocol.ProtocolParams;
import io.coprover.protocol.RecordSignatures;
import io.coprover.protocol.Registration;
import io.coprover.protocol.RegistrySnapshot;
import io.coprover.protocol.RewardSplit;
import io.coprover.protocol.Role;
import io.coprover.protocol.Rule;
import io.coprover.protocol.Score;
import io.coprover.protocol.StakingRegistry.ProverStake;
import io.coprover.protocol.StakingRegistry.Status;
import io.coprover.protocol.TreeShape;
import io.coprover.protocol.TreeValidation;
import io.coprover.protocol.VrfMode;
import io.coprover.protocol.vrf.Ecvrf;
import io.coprover.rollup.RollupRecords;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON of what {@link HttpContractClient} and {@link ContractServer} exchange: the network's
 * parameters, accepted blocks (header, draw, registry snapshot, deadline), finalisations and
 * submission results. Bytes are lower-case hex, amounts decimal strings (they exceed 2^63), scores
 * {@code {hi, lo}}. Decoding is strict: a missing or malformed field is an
 * {@link IllegalArgumentException} naming it, and every value passes the protocol records' own
 * checks.
 */
final class ContractCodec {
    static final ObjectMapper JSON = new ObjectMapper();

    private ContractCodec() {}

    static ObjectNode params(ProtocolParams p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("suite", p.suite().name());
        o.put("signatures", p.signatures().name());
        o.put("mode", p.mode().name());
        o.put("proofsPerNode", p.proofsPerNode());
        o.put("eligiblePerNode", p.eligiblePerNode());
        o.put("maxFeeSplitPpm", p.maxFeeSplitPpm());
        o.put("blockReward", p.blockReward().toString());
        o.put("minProverStake", p.minProverStake().toString());
        o.put("minSequencerStake", p.minSequencerStake().toString());
        o.put("sequencerSlash", p.sequencerSlash().toString());
        o.put("withdrawalDelay", p.withdrawalDelay());
        o.put("provingWindow", p.provingWindow());
        o.put("rebateNum", p.rebateUnitsPerWeiNum().toString());
        o.put("rebateDen", p.rebateUnitsPerWeiDen().toString());
        o.put("epochLength", p.epochLength());
        o.put("registryLookahead", p.registryLookahead());
        o.put("eligibilityRound", p.eligibilityRound());
        o.put("proverSlash", p.proverSlash().toString());
        o.put("rebateBaseGas", p.rebateBaseGas());
        o.put("rebateGasPerProof", p.rebateGasPerProof());
        o.put("maxRebateGasPriceWei", p.maxRebateGasPriceWei().toString());
        return o;
    }

    static ProtocolParams params(JsonNode o) {
        return new ProtocolParams(
                Ecvrf.byName(text(o, "suite")),
                RecordSignatures.byName(text(o, "signatures")),
                VrfMode.valueOf(text(o, "mode")),
                (int) integer(o, "proofsPerNode"),
                (int) integer(o, "eligiblePerNode"),
                integer(o, "maxFeeSplitPpm"),
                amount(o, "blockReward"),
                amount(o, "minProverStake"),
                amount(o, "minSequencerStake"),
                amount(o, "sequencerSlash"),
                integer(o, "withdrawalDelay"),
                integer(o, "provingWindow"),
                amount(o, "rebateNum"),
                amount(o, "rebateDen"),
                integer(o, "epochLength"),
                (int) integer(o, "registryLookahead"),
                integer(o, "eligibilityRound"),
                amount(o, "proverSlash"),
                integer(o, "rebateBaseGas"),
                integer(o, "rebateGasPerProof"),
                amount(o, "maxRebateGasPriceWei"));
    }

    static ObjectNode accepted(AcceptedBlock a) {
        ObjectNode o = JSON.createObjectNode();
        BlockHeader h = a.header();
        ObjectNode hd = o.putObject("header");
        hd.put("block", h.block());
        hd.put("sequencer", h.sequencer().hex());
        hd.put("feeSplitPpm", h.feeSplitPpm());
        hd.put("txCount", h.txCount());
        hd.put("totalFees", h.totalFees().toString());
        hd.put("startStateRoot", h.startStateRoot().hex());
        hd.put("txCommitment", h.txCommitment().hex());
        ObjectNode d = o.putObject("draw");
        d.put("randao", Bytes.of(a.draw().randao()).hex());
        d.put("betaSeq", Bytes.of(a.draw().betaSeq()).hex());
        d.put("txs", a.draw().shape().txs());
        ArrayNode provers = o.putArray("provers");
        for (ProverStake s : a.registry().provers()) {
            ObjectNode p = provers.addObject();
            p.put("pk", s.pk().hex());
            p.put("role", s.role().name());
            p.put("stake", s.stake().toString());
            p.put("status", s.status().name());
            p.put("unlockAt", s.unlockAt());
            if (s.signingKey() != null) p.put("signingKey", s.signingKey().hex());
        }
        o.put("deadline", a.deadline());
        return o;
    }

    static AcceptedBlock accepted(JsonNode o, ProtocolParams params) {
        JsonNode hd = field(o, "header"), d = field(o, "draw");
        BlockHeader h = new BlockHeader(
                integer(hd, "block"),
                hex(hd, "sequencer"),
                integer(hd, "feeSplitPpm"),
                (int) integer(hd, "txCount"),
                amount(hd, "totalFees"),
                hex(hd, "startStateRoot"),
                hex(hd, "txCommitment"));
        BlockDraw draw = new BlockDraw(
                params, hex(d, "randao").toArray(), hex(d, "betaSeq").toArray(), h.block(), TreeShape.forTxs((int)
                        integer(d, "txs")));
        List<ProverStake> provers = new ArrayList<>();
        for (JsonNode p : array(o, "provers")) {
            provers.add(new ProverStake(
                    hex(p, "pk"),
                    Role.parse(text(p, "role")),
                    amount(p, "stake"),
                    Status.valueOf(text(p, "status")),
                    integer(p, "unlockAt"),
                    p.has("signingKey") ? hex(p, "signingKey") : null));
        }
        return new AcceptedBlock(h, draw, RegistrySnapshot.ofProvers(params, provers), integer(o, "deadline"));
    }

    /** A prover registration as the register call carries it. */
    static ObjectNode registration(Registration r, BigInteger stake) {
        ObjectNode o = JSON.createObjectNode();
        o.put("pk", r.pk().hex());
        o.put("signingKey", r.signingKey().hex());
        o.put("role", r.role().name());
        o.put("vrfProof", r.vrfProof().hex());
        o.put("signature", r.signature().hex());
        o.put("stake", stake.toString());
        return o;
    }

    static Registration registration(JsonNode o) {
        return new Registration(
                hex(o, "pk"),
                hex(o, "signingKey"),
                Role.parse(text(o, "role")),
                hex(o, "vrfProof"),
                hex(o, "signature"));
    }

    static ObjectNode score(Score s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("hi", s.hi());
        o.put("lo", s.lo());
        return o;
    }

    static Score score(JsonNode o) {
        return new Score(integer(o, "hi"), integer(o, "lo"));
    }

    static ObjectNode submitResult(SubmitResult r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("valid", r.valid());
        if (r.reason() != null) o.put("reason", r.reason());
        if (r.score() != null) o.set("score", score(r.score()));
        o.put("leading", r.leading());
        return o;
    }

    static SubmitResult submitResult(JsonNode o) {
        return new SubmitResult(
                bool(o, "valid"),
                o.hasNonNull("reason") ? text(o, "reason") : null,
                o.hasNonNull("score") ? score(o.get("score")) : null,
                bool(o, "leading"));
    }

    static ObjectNode finalised(Finalised f) {
        ObjectNode o = JSON.createObjectNode();
        o.put("block", f.block());
        o.put("dropped", f.dropped());
        if (f.winningRoot() != null) o.put("winningRoot", f.winningRoot().hex());
        if (f.score() != null) o.set("score", score(f.score()));
        if (f.submitter() != null) o.put("submitter", f.submitter().hex());
        if (f.tree() != null) o.set("tree", tree(f.tree()));
        if (f.rebate() != null) o.put("rebate", f.rebate().toString());
        if (f.slashed() != null) o.put("slashed", f.slashed().toString());
        RewardSplit s = f.split();
        if (s != null) {
            ObjectNode so = o.putObject("split");
            so.put("pool", s.pool().toString());
            so.put("feeSplitPpm", s.feeSplitPpm());
            so.put("network", s.network().toString());
            so.put("sequencer", s.sequencer().toString());
            so.put("fromBond", s.fromBond().toString());
            so.put("share", s.share().toString());
            so.put("slots", s.slots());
            so.put("burnedByFeeBurn", s.burnedByFeeBurn().toString());
            so.put("burnedMissing", s.burnedMissing().toString());
            so.put("dust", s.dust().toString());
            ArrayNode ps = so.putArray("payouts");
            for (RewardSplit.Payout p : s.payouts()) {
                ObjectNode po = ps.addObject();
                po.put("proofId", p.proof().proofId().hex());
                po.put("prover", p.proof().prover().hex());
                po.put("level", p.proof().node().level());
                po.put("index", p.proof().node().index());
                po.put("feeBurnPpm", p.proof().feeBurnPpm());
                po.put("reward", p.reward().toString());
                po.put("burned", p.burned().toString());
            }
        }
        return o;
    }

    static Finalised finalised(JsonNode o) {
        RewardSplit split = null;
        if (o.hasNonNull("split")) {
            JsonNode s = o.get("split");
            List<RewardSplit.Payout> payouts = new ArrayList<>();
            for (JsonNode p : array(s, "payouts")) {
                RewardSplit.Included in = new RewardSplit.Included(
                        hex(p, "proofId"),
                        hex(p, "prover"),
                        new NodeId((int) integer(p, "level"), (int) integer(p, "index")),
                        integer(p, "feeBurnPpm"));
                payouts.add(new RewardSplit.Payout(in, amount(p, "reward"), amount(p, "burned")));
            }
            split = new RewardSplit(
                    amount(s, "pool"),
                    integer(s, "feeSplitPpm"),
                    amount(s, "network"),
                    amount(s, "sequencer"),
                    amount(s, "fromBond"),
                    amount(s, "share"),
                    (int) integer(s, "slots"),
                    List.copyOf(payouts),
                    amount(s, "burnedByFeeBurn"),
                    amount(s, "burnedMissing"),
                    amount(s, "dust"));
        }
        return new Finalised(
                integer(o, "block"),
                bool(o, "dropped"),
                o.hasNonNull("winningRoot") ? hex(o, "winningRoot") : null,
                o.hasNonNull("score") ? score(o.get("score")) : null,
                o.hasNonNull("tree") ? tree(o.get("tree")) : null,
                split,
                o.hasNonNull("submitter") ? hex(o, "submitter") : null,
                o.hasNonNull("rebate") ? amount(o, "rebate") : null,
                o.hasNonNull("slashed") ? amount(o, "slashed") : null);
    }

    /** The winning tree: validity, rule broken (if any), root, score, and its proofs per node (PROOF encoding, hex). */
    static ObjectNode tree(TreeValidation t) {
        ObjectNode o = JSON.createObjectNode();
        o.put("valid", t.valid());
        if (t.rule() != null) o.put("rule", t.rule().name());
        if (t.reason() != null) o.put("reason", t.reason());
        if (t.rootId() != null) o.put("rootId", t.rootId().hex());
        if (t.score() != null) o.set("score", score(t.score()));
        ArrayNode nodes = o.putArray("byNode");
        for (Map.Entry<NodeId, List<TreeValidation.ScoredProof>> e : t.byNode().entrySet()) {
            ObjectNode n = nodes.addObject();
            n.put("level", e.getKey().level());
            n.put("index", e.getKey().index());
            ArrayNode ps = n.putArray("proofs");
            for (TreeValidation.ScoredProof sp : e.getValue()) {
                ObjectNode p = ps.addObject();
                p.put("proof", HexFormat.of().formatHex(ProofRecordCodec.encode(sp.proof())));
                p.put("u", sp.u());
                p.set("score", score(sp.score()));
            }
        }
        return o;
    }

    static TreeValidation tree(JsonNode o) {
        Map<NodeId, List<TreeValidation.ScoredProof>> byNode = new LinkedHashMap<>();
        for (JsonNode n : array(o, "byNode")) {
            List<TreeValidation.ScoredProof> ps = new ArrayList<>();
            for (JsonNode p : array(n, "proofs")) {
                ps.add(new TreeValidation.ScoredProof(
                        RollupRecords.decode(hex(p, "proof").toArray()), integer(p, "u"), score(field(p, "score"))));
            }
            byNode.put(new NodeId((int) integer(n, "level"), (int) integer(n, "index")), List.copyOf(ps));
        }
        return new TreeValidation(
                bool(o, "valid"),
                o.hasNonNull("rule") ? Rule.valueOf(text(o, "rule")) : null,
                o.hasNonNull("reason") ? text(o, "reason") : null,
                o.hasNonNull("rootId") ? hex(o, "rootId") : null,
                o.hasNonNull("score") ? score(o.get("score")) : null,
                java.util.Collections.unmodifiableMap(byNode));
    }

    // ---- strict field access ----

    static JsonNode field(JsonNode o, String k) {
        JsonNode v = o == null ? null : o.get(k);
        if (v == null || v.isNull()) throw new IllegalArgumentException("contract message: missing '" + k + "'");
        return v;
    }

    static String text(JsonNode o, String k) {
        JsonNode v = field(o, k);
        if (!v.isTextual()) throw new IllegalArgumentException("contract message: '" + k + "' must be a string");
        return v.asText();
    }

    static long integer(JsonNode o, String k) {
        JsonNode v = field(o, k);
        if (!v.isIntegralNumber() || !v.canConvertToLong())
            throw new IllegalArgumentException("contract message: '" + k + "' must be an integer");
        return v.asLong();
    }

    static boolean bool(JsonNode o, String k) {
        JsonNode v = field(o, k);
        if (!v.isBoolean()) throw new IllegalArgumentException("contract message: '" + k + "' must be true or false");
        return v.asBoolean();
    }

    static BigInteger amount(JsonNode o, String k) {
        String s = text(o, k);
        if (!s.matches("[0-9]{1,78}"))
            throw new IllegalArgumentException("contract message: '" + k + "' must be a non-negative decimal amount");
        return new BigInteger(s);
    }

    static Bytes hex(JsonNode o, String k) {
        return Bytes.of(Bytes.parseHex(text(o, k), k));
    }

    static JsonNode array(JsonNode o, String k) {
        JsonNode v = field(o, k);
        if (!v.isArray()) throw new IllegalArgumentException("contract message: '" + k + "' must be a list");
        return v;
    }
}
