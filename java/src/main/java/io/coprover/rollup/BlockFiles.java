package io.coprover.rollup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coprover.plonk.VerificationKey;
import io.coprover.plonk.io.SnarkjsJson;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.ProofRecordCodec;
import io.coprover.protocol.PublicOutputs;
import java.io.IOException;
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
 * DIR/proofs/L-I-ID12/record.json    the proof record: its one encoding (ProofRecordCodec, hex) and,
 *                                    for a reader, every field and the id
 * DIR/proofs/L-I-ID12/{verification_key,proof,public}.json   the PLONK proof alone, snarkjs format
 * DIR/state.mv                       the post-block state (MVStore)
 * </pre>
 * The per-proof snarkjs files let an independent verifier ({@code snarkjs plonk verify}) check any
 * single proof; the tree as a whole is checked by {@link TreeVerifier}, and {@link #checkExports}
 * checks that every snarkjs file is exactly what the verified record gives (so a tampered export
 * cannot pass beside a valid tree), and that no proof folder lies outside the manifest.
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
        o.put("encoding", Bytes.of(ProofRecordCodec.encode(r)).hex());
        return o;
    }

    /** Parses a record from its encoding (the readable fields are not read); its stated id must match. */
    public static ProofRecord parseRecord(JsonNode o, String where) {
        try {
            JsonNode enc = o.get("encoding");
            if (enc == null || !enc.isTextual())
                throw new IllegalArgumentException("no \"encoding\" (written by an older version?)");
            ProofRecord r = RollupRecords.decode(Bytes.parseHex(enc.asText(), "encoding"));
            if (o.has("id") && !r.id().hex().equals(o.get("id").asText())) {
                throw new IllegalArgumentException(
                        "stated id " + o.get("id").asText() + " is not the record's id " + r.id().hex());
            }
            return r;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": bad proof record: " + e.getMessage(), e);
        }
    }

    /** The public inputs of a record's PLONK proof (a merge's need its first child of each side and its accumulator). */
    public static long[] publicInputs(ProofRecord r, java.util.function.Function<Bytes, ProofRecord> lookup) {
        if (r.node().level() == 0) return PublicInputs.base(r);
        return PublicInputs.merge(
                r,
                lookup.apply(r.children().get(0).get(0)),
                lookup.apply(r.children().get(1).get(0)),
                RollupSnark.decode(r.snark(), true).accumulator());
    }

    /**
     * Checks the files next to verified records: every proof folder is in the manifest, and its
     * snarkjs {@code verification_key.json}, {@code proof.json} and {@code public.json} are exactly
     * what the record gives. Returns the problems found (empty if none).
     */
    public static List<String> checkExports(
            Path dir, JsonNode manifest, List<ProofRecord> proofs, VerificationKey baseVk, VerificationKey mergeVk)
            throws IOException {
        List<String> problems = new ArrayList<>();
        java.util.Map<Bytes, ProofRecord> byId = new java.util.HashMap<>();
        for (ProofRecord r : proofs) byId.put(r.id(), r);
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (JsonNode n : manifest.get("proofs")) listed.add(n.asText());
        try (java.util.stream.Stream<Path> st = Files.list(dir.resolve("proofs"))) {
            st.map(p -> p.getFileName().toString())
                    .filter(n -> !listed.contains(n))
                    .sorted()
                    .forEach(n -> problems.add(
                            "proofs/" + n + " is not in the manifest (another block's proofs in the same folder?)"));
        }
        int i = 0;
        for (JsonNode n : manifest.get("proofs")) {
            ProofRecord r = proofs.get(i++);
            Path d = dir.resolve("proofs").resolve(n.asText());
            boolean merge = r.node().level() > 0;
            compare(
                    problems,
                    d.resolve("verification_key.json"),
                    SnarkjsJson.vkJson(merge ? mergeVk : baseVk),
                    n.asText());
            compare(
                    problems,
                    d.resolve("proof.json"),
                    SnarkjsJson.proofJson(RollupSnark.decode(r.snark(), merge).proof()),
                    n.asText());
            compare(problems, d.resolve("public.json"), SnarkjsJson.publicJson(publicInputs(r, byId::get)), n.asText());
        }
        return problems;
    }

    private static void compare(List<String> problems, Path file, JsonNode expected, String name) throws IOException {
        if (!Files.isRegularFile(file)) {
            problems.add("proofs/" + name + "/" + file.getFileName() + " is missing");
            return;
        }
        JsonNode got;
        try {
            got = SnarkjsJson.readTree(file);
        } catch (IOException | RuntimeException e) {
            problems.add("proofs/" + name + "/" + file.getFileName() + " does not parse: " + e.getMessage());
            return;
        }
        if (!got.equals(expected))
            problems.add(
                    "proofs/" + name + "/" + file.getFileName() + " is not what its verified record gives (tampered?)");
    }

    /** Writes one proof's directory (record + snarkjs files) and returns its name. */
    public static String writeProof(Path proofsDir, ProofRecord r, VerificationKey vk, long[] publicInputs)
            throws IOException {
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
