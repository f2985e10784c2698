package io.coprover.rollup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coprover.plonk.VerificationKey;
import io.coprover.plonk.io.SnarkjsJson;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.PublicOutputs;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A proved block on disk:
 * <pre>
 * DIR/manifest.json                  block, txs, depth, header (start/end root, commitment, fees),
 *                                    root proof id, gate counts, timings, and the proof list
 * DIR/base_verification_key.json     snarkjs format
 * DIR/merge_verification_key.json
 * DIR/proofs/L-I-ID12/record.json    the proof record (every field, SNARK hex, id)
 * DIR/proofs/L-I-ID12/{verification_key,proof,public}.json   the PLONK proof alone, snarkjs format
 * DIR/state.mv                       the post-block state (MVStore)
 * </pre>
 * The per-proof snarkjs files let an independent verifier ({@code snarkjs plonk verify}) check any
 * single proof; the tree as a whole is checked by {@link TreeVerifier}.
 */
public final class BlockFiles {
    private static final ObjectMapper M = new ObjectMapper();

    private BlockFiles() {}

    public static ObjectNode recordJson(ProofRecord r) {
        ObjectNode o = M.createObjectNode();
        o.put("id", r.id().hex());
        o.put("block", r.block());
        o.putArray("node").add(r.node().level()).add(r.node().index());
        o.put("prover", r.prover().hex());
        o.put("vrf_proof", r.vrfProof().hex());
        o.put("fee_burn_ppm", r.feeBurnPpm());
        PublicOutputs p = r.outputs();
        ObjectNode out = o.putObject("outputs");
        out.put("start_root", p.startStateRoot().hex());
        out.put("end_root", p.endStateRoot().hex());
        out.put("tx_commitment", p.txCommitment().hex());
        out.put("fees", p.fees().toString());
        ArrayNode ch = o.putArray("children");
        for (List<Bytes> side : r.children()) {
            ArrayNode a = ch.addArray();
            for (Bytes b : side) a.add(b.hex());
        }
        o.put("snark", r.snark().hex());
        return o;
    }

    /** Parses a record; its stated id must match the recomputed one. */
    public static ProofRecord parseRecord(JsonNode o, String where) {
        try {
            JsonNode node = o.get("node");
            List<List<Bytes>> children = new ArrayList<>();
            for (JsonNode side : o.get("children")) {
                List<Bytes> l = new ArrayList<>();
                for (JsonNode id : side) l.add(Bytes.fromHex(id.asText()));
                children.add(l);
            }
            JsonNode out = o.get("outputs");
            PublicOutputs p = new PublicOutputs(Bytes.fromHex(out.get("start_root").asText()), Bytes.fromHex(out.get("end_root").asText()),
                    Bytes.fromHex(out.get("tx_commitment").asText()), new BigInteger(out.get("fees").asText()));
            ProofRecord r = new ProofRecord(o.get("block").asLong(), new NodeId(node.get(0).asInt(), node.get(1).asInt()),
                    Bytes.fromHex(o.get("prover").asText()), Bytes.fromHex(o.get("vrf_proof").asText()), o.get("fee_burn_ppm").asLong(),
                    p, children, Bytes.fromHex(o.get("snark").asText()));
            if (o.has("id") && !r.id().hex().equals(o.get("id").asText())) {
                throw new IllegalArgumentException("stated id " + o.get("id").asText() + " is not the record's id " + r.id().hex());
            }
            return r;
        } catch (NullPointerException | IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": bad proof record: " + (e.getMessage() == null ? "missing field" : e.getMessage()), e);
        }
    }

    /** Writes one proof's directory (record + snarkjs files) and returns its name. */
    public static String writeProof(Path proofsDir, ProofRecord r, VerificationKey vk, long[] publicInputs) throws IOException {
        String name = r.node().level() + "-" + r.node().index() + "-" + r.id().shortHex(12);
        Path d = proofsDir.resolve(name);
        RollupSnark s = RollupSnark.decode(r.snark(), r.node().level() > 0);
        SnarkjsJson.writeAll(d, vk, s.proof(), publicInputs);
        SnarkjsJson.write(d.resolve("record.json"), recordJson(r));
        return name;
    }

    public static List<ProofRecord> readProofs(Path dir, JsonNode manifest) throws IOException {
        List<ProofRecord> out = new ArrayList<>();
        JsonNode list = manifest.get("proofs");
        if (list == null || !list.isArray()) throw new IllegalArgumentException("manifest: no proofs list");
        for (JsonNode name : list) {
            Path f = dir.resolve("proofs").resolve(name.asText()).resolve("record.json");
            out.add(parseRecord(SnarkjsJson.readTree(f), f.toString()));
        }
        return out;
    }
}
