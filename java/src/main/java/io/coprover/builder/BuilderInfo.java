package io.coprover.builder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coprover.plonk.Srs;
import io.coprover.rollup.RollupKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a builder proves with, as {@code GET /v1/info} advertises it: the digest and size of its
 * SRS and its state depth. A builder's proofs verify at a node only when both are the node's (the
 * verification keys come from them), so a node compares this with its own before it offloads.
 *
 * @param srsDigest SHA-256 of the SRS ({@link #digest}), lowercase hex
 * @param srsPoints G1 powers in the SRS
 * @param insecure  whether it is a development SRS (generated, not from a ceremony)
 * @param depth     the state tree depth of the rollup keys
 */
public record BuilderInfo(String srsDigest, int srsPoints, boolean insecure, int depth) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public BuilderInfo {
        if (srsDigest == null || !srsDigest.matches("[0-9a-f]{64}"))
            throw new IllegalArgumentException("SRS digest must be 64 lowercase hex digits, got " + srsDigest);
        if (srsPoints < 1) throw new IllegalArgumentException("SRS points must be positive, got " + srsPoints);
        if (depth < 1) throw new IllegalArgumentException("depth must be positive, got " + depth);
    }

    /** The info of keys made from {@code keys.srs} at {@code keys.depth}. */
    public static BuilderInfo of(RollupKeys keys) {
        return new BuilderInfo(digest(keys.srs), keys.srs.count(), keys.srs.insecure, keys.depth);
    }

    /**
     * SHA-256 over a tag, the number of G1 powers, every G1 power and [τ]_2, each coordinate limb
     * as a big-endian long in the order {@link Srs} holds them: equal exactly when two processes
     * loaded or generated the same SRS to the same size.
     */
    public static String digest(Srs srs) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        md.update("coprover/srs/v1".getBytes(StandardCharsets.US_ASCII));
        md.update(ByteBuffer.allocate(4).putInt(srs.count()).array());
        ByteBuffer buf = ByteBuffer.allocate(8 << 10);
        for (long[] limbs : new long[][] {srs.g1, srs.x2}) {
            for (long l : limbs) {
                if (!buf.hasRemaining()) {
                    md.update(buf.array(), 0, buf.position());
                    buf.clear();
                }
                buf.putLong(l);
            }
        }
        md.update(buf.array(), 0, buf.position());
        return HexFormat.of().formatHex(md.digest());
    }

    /** Whether proofs made with {@code other} verify against keys made with this. */
    public boolean matches(BuilderInfo other) {
        return srsDigest.equals(other.srsDigest) && srsPoints == other.srsPoints && depth == other.depth;
    }

    /** "SRS 1a2b…(64 hex) of N points (development), depth D". */
    public String describe() {
        return "SRS " + srsDigest + " of " + srsPoints + " points" + (insecure ? " (development)" : "") + ", depth "
                + depth;
    }

    ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.putObject("srs").put("digest", srsDigest).put("points", srsPoints).put("insecure", insecure);
        o.put("depth", depth);
        return o;
    }

    /** Reads {@link #toJson}'s form; a missing or malformed field is an IllegalArgumentException. */
    static BuilderInfo fromJson(JsonNode o) {
        JsonNode srs = o.path("srs");
        if (!srs.path("digest").isTextual()
                || !srs.path("points").canConvertToInt()
                || !o.path("depth").canConvertToInt()) {
            throw new IllegalArgumentException("builder info lacks srs.digest, srs.points or depth: " + o);
        }
        return new BuilderInfo(
                srs.get("digest").asText(),
                srs.get("points").asInt(),
                srs.path("insecure").asBoolean(false),
                o.get("depth").asInt());
    }
}
