package io.coprover.plonk.io;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coprover.math.Field;
import io.coprover.plonk.Proof;
import io.coprover.plonk.VerificationKey;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * snarkjs's JSON formats for PLONK: {@code verification_key.json}, {@code proof.json},
 * {@code public.json}. Numbers are decimal strings ("0x…" hex is accepted on input). A G1 point
 * is {@code ["X","Y","Z"]} in Jacobian coordinates (x = X/Z², y = Y/Z³; written with Z = "1";
 * infinity is {@code ["0","1","0"]}); a G2 point {@code [[x.c0,x.c1],[y.c0,y.c1],["1","0"]]}.
 *
 * <p>Parsing rejects missing fields, non-numbers, coordinates ≥ q, scalars ≥ r and G1 points off
 * the curve, each with a message naming the field.
 */
public final class SnarkjsJson {
    private static final Field FR = Field.FR, FQ = Field.FQ;

    /** Jackson's mapper, created on first use: one-shot proving writes its JSON without it. */
    private static final class Mapper {
        static final ObjectMapper M = new ObjectMapper();
    }

    private SnarkjsJson() {}

    // ------------------------------------------------------------------ writing

    public static ObjectNode vkJson(VerificationKey vk) {
        ObjectNode o = Mapper.M.createObjectNode();
        o.put("protocol", "plonk");
        o.put("curve", "bn128");
        o.put("nPublic", vk.nPublic);
        o.put("power", vk.power);
        o.put("k1", FR.toDecimal(vk.k1, 0));
        o.put("k2", FR.toDecimal(vk.k2, 0));
        for (int i = 0; i < 8; i++) o.set(VerificationKey.NAMES[i], g1(vk.commitments[i]));
        o.set("X_2", g2(vk.x2));
        o.put("w", FR.toDecimal(vk.omega(), 0));
        return o;
    }

    public static ObjectNode proofJson(Proof p) {
        ObjectNode o = Mapper.M.createObjectNode();
        for (int i = 0; i < 9; i++) o.set(Proof.POINTS[i], g1(p.points[i]));
        for (int i = 0; i < 6; i++) o.put(Proof.EVALS[i], FR.toDecimal(p.evals[i], 0));
        o.put("protocol", "plonk");
        o.put("curve", "bn128");
        return o;
    }

    public static ArrayNode publicJson(long[] pub) {
        ArrayNode a = Mapper.M.createArrayNode();
        for (int i = 0; i < pub.length / 4; i++) a.add(FR.toDecimal(pub, 4 * i));
        return a;
    }

    static ArrayNode g1(long[] p) {
        ArrayNode a = Mapper.M.createArrayNode();
        boolean inf = true;
        for (long l : p) inf &= l == 0;
        if (inf) {
            a.add("0");
            a.add("1");
            a.add("0");
        } else {
            a.add(FQ.toDecimal(p, 0));
            a.add(FQ.toDecimal(p, 4));
            a.add("1");
        }
        return a;
    }

    static ArrayNode g2(long[] p) {
        ArrayNode a = Mapper.M.createArrayNode();
        for (int k = 0; k < 2; k++) {
            ArrayNode c = Mapper.M.createArrayNode();
            c.add(FQ.toDecimal(p, 8 * k));
            c.add(FQ.toDecimal(p, 8 * k + 4));
            a.add(c);
        }
        ArrayNode z = Mapper.M.createArrayNode();
        z.add("1");
        z.add("0");
        a.add(z);
        return a;
    }

    /** Writes {@code node} with snarkjs's 1-space indentation. */
    public static void write(Path file, JsonNode node) throws IOException {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter(" ", "\n"));
        pp.indentArraysWith(new DefaultIndenter(" ", "\n"));
        Files.writeString(file, Mapper.M.writer(pp).writeValueAsString(node) + "\n");
    }

    /**
     * Writes proof.json as {@link #write} writes {@link #proofJson}, character for character, without
     * Jackson: loading and initialising its mapper was a noticeable part of a one-shot proof's run.
     */
    public static void writeProof(Path file, Proof p) throws IOException {
        StringBuilder b = new StringBuilder(4096).append("{\n");
        for (int i = 0; i < 9; i++) {
            b.append(" \"").append(Proof.POINTS[i]).append("\" : ");
            String[] xyz = {"0", "1", "0"};
            long[] pt = p.points[i];
            boolean inf = true;
            for (long l : pt) inf &= l == 0;
            if (!inf) xyz = new String[] {FQ.toDecimal(pt, 0), FQ.toDecimal(pt, 4), "1"};
            stringArray(b, xyz, xyz.length, 1).append(",\n");
        }
        for (int i = 0; i < 6; i++) {
            b.append(" \"").append(Proof.EVALS[i]).append("\" : \"");
            b.append(FR.toDecimal(p.evals[i], 0)).append("\",\n");
        }
        b.append(" \"protocol\" : \"plonk\",\n \"curve\" : \"bn128\"\n}\n");
        Files.writeString(file, b);
    }

    /** Writes public.json as {@link #write} writes {@link #publicJson}, without Jackson. */
    public static void writePublic(Path file, long[] pub) throws IOException {
        String[] v = new String[pub.length / 4];
        for (int i = 0; i < v.length; i++) v[i] = FR.toDecimal(pub, 4 * i);
        Files.writeString(file, stringArray(new StringBuilder(), v, v.length, 0).append('\n'));
    }

    /** An array of decimal strings in {@link #write}'s layout, its brackets at {@code depth} spaces. */
    private static StringBuilder stringArray(StringBuilder b, String[] v, int n, int depth) {
        if (n == 0) return b.append("[ ]");
        b.append("[\n");
        for (int i = 0; i < n; i++) {
            b.append(" ".repeat(depth + 1)).append('"').append(v[i]).append('"');
            b.append(i + 1 < n ? ",\n" : "\n");
        }
        return b.append(" ".repeat(depth)).append(']');
    }

    /** Writes verification_key.json, proof.json and public.json into {@code dir}. */
    public static void writeAll(Path dir, VerificationKey vk, Proof proof, long[] pub) throws IOException {
        Files.createDirectories(dir);
        write(dir.resolve("verification_key.json"), vkJson(vk));
        write(dir.resolve("proof.json"), proofJson(proof));
        write(dir.resolve("public.json"), publicJson(pub));
    }

    // ------------------------------------------------------------------ reading

    public static JsonNode readTree(Path file) throws IOException {
        try {
            return Mapper.M.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage());
        }
    }

    public static VerificationKey parseVk(JsonNode o) {
        String protocol = text(o, "protocol", "verification key");
        if (!protocol.equals("plonk"))
            throw new IllegalArgumentException("verification key: protocol is \"" + protocol + "\", not \"plonk\"");
        String curve = text(o, "curve", "verification key").toLowerCase().replaceAll("[^a-z0-9]", "");
        if (!curve.equals("bn128") && !curve.equals("bn254") && !curve.equals("altbn128")) {
            throw new IllegalArgumentException("verification key: curve \"" + curve + "\" is not BN254 (bn128)");
        }
        int nPublic = intField(o, "nPublic");
        int power = intField(o, "power");
        long[] k1 = scalar(field(o, "k1", "verification key"), "verification key k1");
        long[] k2 = scalar(field(o, "k2", "verification key"), "verification key k2");
        long[][] c = new long[8][];
        for (int i = 0; i < 8; i++)
            c[i] = parseG1(
                    field(o, VerificationKey.NAMES[i], "verification key"),
                    "verification key " + VerificationKey.NAMES[i]);
        long[] x2 = parseG2(field(o, "X_2", "verification key"), "verification key X_2");
        return new VerificationKey(power, nPublic, k1, k2, c, x2);
    }

    public static Proof parseProof(JsonNode o) {
        if (o.has("protocol") && !o.get("protocol").asText().equals("plonk")) {
            throw new IllegalArgumentException(
                    "proof: protocol is \"" + o.get("protocol").asText() + "\", not \"plonk\"");
        }
        long[][] pts = new long[9][];
        for (int i = 0; i < 9; i++) pts[i] = parseG1(field(o, Proof.POINTS[i], "proof"), "proof " + Proof.POINTS[i]);
        long[][] ev = new long[6][];
        for (int i = 0; i < 6; i++) ev[i] = scalar(field(o, Proof.EVALS[i], "proof"), "proof " + Proof.EVALS[i]);
        return new Proof(pts, ev);
    }

    /** Public inputs, flat Montgomery Fr; each must be < r. */
    public static long[] parsePublic(JsonNode a) {
        if (a == null || !a.isArray()) throw new IllegalArgumentException("public inputs: expected a JSON array");
        long[] out = FR.newVector(a.size());
        for (int i = 0; i < a.size(); i++) Field.copy(scalar(a.get(i), "public input " + i), 0, out, 4 * i);
        return out;
    }

    private static JsonNode field(JsonNode o, String name, String what) {
        if (o == null || !o.isObject()) throw new IllegalArgumentException(what + ": expected a JSON object");
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) throw new IllegalArgumentException(what + ": missing field \"" + name + "\"");
        return v;
    }

    private static String text(JsonNode o, String name, String what) {
        return field(o, name, what).asText();
    }

    private static int intField(JsonNode o, String name) {
        JsonNode v = field(o, name, "verification key");
        if (!v.canConvertToInt() && !(v.isTextual() && v.asText().matches("[0-9]{1,9}"))) {
            throw new IllegalArgumentException("verification key: \"" + name + "\" is not an integer");
        }
        return v.isTextual() ? Integer.parseInt(v.asText()) : v.asInt();
    }

    private static BigInteger number(JsonNode v, String what) {
        if (v == null || !(v.isTextual() || v.isIntegralNumber()))
            throw new IllegalArgumentException(what + ": expected a number string");
        String s = v.asText().trim();
        try {
            BigInteger b =
                    s.startsWith("0x") || s.startsWith("0X") ? new BigInteger(s.substring(2), 16) : new BigInteger(s);
            if (b.signum() < 0) throw new IllegalArgumentException(what + ": negative value");
            return b;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": not a number: \"" + s + "\"");
        }
    }

    /** A canonical Fr scalar (values ≥ r are rejected: they would make proofs malleable). */
    public static long[] scalar(JsonNode v, String what) {
        BigInteger b = number(v, what);
        if (b.compareTo(FR.modulus) >= 0)
            throw new IllegalArgumentException(what + ": value is not less than the field order r");
        return FR.fromBigInteger(b);
    }

    private static long[] fq(JsonNode v, String what) {
        BigInteger b = number(v, what);
        if (b.compareTo(FQ.modulus) >= 0) throw new IllegalArgumentException(what + ": coordinate is not less than q");
        return FQ.fromBigInteger(b);
    }

    /** A G1 point from Jacobian ["X","Y","Z"]; affine 8 longs (all zero for infinity); on-curve checked. */
    public static long[] parseG1(JsonNode v, String what) {
        if (v == null || !v.isArray() || v.size() != 3)
            throw new IllegalArgumentException(what + ": expected a G1 point [X, Y, Z]");
        long[] x = fq(v.get(0), what + " X"), y = fq(v.get(1), what + " Y"), z = fq(v.get(2), what + " Z");
        long[] p = new long[8];
        if (Field.isZero(z, 0)) return p;
        long[] zi = new long[4], zi2 = new long[4];
        FQ.inverse(z, 0, zi, 0);
        FQ.sqr(zi, 0, zi2, 0);
        FQ.mul(x, 0, zi2, 0, p, 0);
        FQ.mul(zi2, 0, zi, 0, zi2, 0);
        FQ.mul(y, 0, zi2, 0, p, 4);
        if (Field.isZero(p, 0) && Field.isZero(p, 4))
            throw new IllegalArgumentException(what + " is not a point on the BN254 G1 curve");
        Points.checkG1(p, 0, what);
        return p;
    }

    /** A G2 point [[x0,x1],[y0,y1],[z0,z1]] with Z = 1 (as snarkjs writes); 16 longs. */
    public static long[] parseG2(JsonNode v, String what) {
        if (v == null || !v.isArray() || v.size() != 3)
            throw new IllegalArgumentException(what + ": expected a G2 point [[x],[y],[z]]");
        long[] p = new long[16];
        for (int k = 0; k < 3; k++) {
            JsonNode c = v.get(k);
            if (c == null || !c.isArray() || c.size() != 2)
                throw new IllegalArgumentException(what + ": each coordinate must be a pair [c0, c1]");
            long[] c0 = fq(c.get(0), what), c1 = fq(c.get(1), what);
            if (k < 2) {
                Field.copy(c0, 0, p, 8 * k);
                Field.copy(c1, 0, p, 8 * k + 4);
            } else if (!(FQ.isOne(c0, 0) && Field.isZero(c1, 0))) {
                throw new IllegalArgumentException(
                        what + ": only Z = [\"1\",\"0\"] (affine) is supported for G2 points");
            }
        }
        return p;
    }
}
