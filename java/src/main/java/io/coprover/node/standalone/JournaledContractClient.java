package io.coprover.node.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coprover.node.ContractClient;
import io.coprover.node.InProcessContractClient;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.ProofRecordCodec;
import io.coprover.protocol.ProtocolParams;
import io.coprover.protocol.Registration;
import io.coprover.protocol.Role;
import io.coprover.protocol.Score;
import io.coprover.rollup.RollupRecords;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The devnet host's contract client: the in-process one, with every state change that comes from
 * outside the host (registrations, root submissions, equivocation reports) written to the chain
 * journal once it took effect, so a restarted host replays it ({@link #replay}).
 */
final class JournaledContractClient implements ContractClient {
    private final InProcessContractClient l1;
    private final Consumer<ObjectNode> journal;

    JournaledContractClient(InProcessContractClient l1, Consumer<ObjectNode> journal) {
        this.l1 = l1;
        this.journal = journal;
    }

    InProcessContractClient inner() {
        return l1;
    }

    @Override
    public ProtocolParams params() {
        return l1.params();
    }

    @Override
    public long height() {
        return l1.height();
    }

    @Override
    public Optional<AcceptedBlock> accepted(long block) {
        return l1.accepted(block);
    }

    @Override
    public List<AcceptedBlock> proving() {
        return l1.proving();
    }

    @Override
    public Optional<byte[]> blockData(long block) {
        return l1.blockData(block);
    }

    @Override
    public Optional<Score> leadingScore(long block) {
        return l1.leadingScore(block);
    }

    @Override
    public Optional<Bytes> signingKeyOf(Bytes identity) {
        return l1.signingKeyOf(identity);
    }

    @Override
    public boolean isRegistered(Bytes pk) {
        return l1.isRegistered(pk);
    }

    @Override
    public BigInteger balance(Bytes account) {
        return l1.balance(account);
    }

    @Override
    public void subscribe(Listener l) {
        l1.subscribe(l);
    }

    @Override
    public SubmitResult submitRoot(long block, Bytes rootId, Collection<ProofRecord> proofs, Bytes submitter) {
        SubmitResult r = l1.submitRoot(block, rootId, proofs, submitter);
        if (r.valid()) {
            ObjectNode e = ChainJournal.entry("submit")
                    .put("block", block)
                    .put("root", rootId.hex())
                    .put("submitter", submitter.hex());
            ArrayNode ps = e.putArray("proofs");
            for (ProofRecord p : proofs)
                ps.add(Bytes.of(ProofRecordCodec.encode(p)).hex());
            journal.accept(e);
        }
        return r;
    }

    @Override
    public void registerProver(Registration reg, BigInteger stake) {
        l1.registerProver(reg, stake);
        journal.accept(ChainJournal.entry("register")
                .put("pk", reg.pk().hex())
                .put("signingKey", reg.signingKey().hex())
                .put("role", reg.role().name())
                .put("vrfProof", reg.vrfProof().hex())
                .put("signature", reg.signature().hex())
                .put("stake", stake.toString()));
    }

    @Override
    public BigInteger reportEquivocation(ProofRecord a, ProofRecord b) {
        BigInteger slashed = l1.reportEquivocation(a, b);
        journal.accept(ChainJournal.entry("equivocation")
                .put("a", Bytes.of(ProofRecordCodec.encode(a)).hex())
                .put("b", Bytes.of(ProofRecordCodec.encode(b)).hex()));
        return slashed;
    }

    /** Applies one journal entry of this client's kinds; false if the entry is of another kind. */
    boolean replay(JsonNode e) {
        switch (e.get("op").asText()) {
            case "submit": {
                List<ProofRecord> ps = new ArrayList<>();
                for (JsonNode h : e.get("proofs"))
                    ps.add(RollupRecords.decode(Bytes.fromHex(h.asText()).toArray()));
                l1.submitRoot(
                        e.get("block").asLong(),
                        Bytes.fromHex(e.get("root").asText()),
                        ps,
                        Bytes.fromHex(e.get("submitter").asText()));
                return true;
            }
            case "register":
                l1.registerProver(
                        new Registration(
                                Bytes.fromHex(e.get("pk").asText()),
                                Bytes.fromHex(e.get("signingKey").asText()),
                                Role.parse(e.get("role").asText()),
                                Bytes.fromHex(e.get("vrfProof").asText()),
                                Bytes.fromHex(e.get("signature").asText())),
                        new BigInteger(e.get("stake").asText()));
                return true;
            case "equivocation":
                l1.reportEquivocation(
                        RollupRecords.decode(Bytes.fromHex(e.get("a").asText()).toArray()),
                        RollupRecords.decode(Bytes.fromHex(e.get("b").asText()).toArray()));
                return true;
            default:
                return false;
        }
    }
}
