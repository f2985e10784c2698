package io.coprover.math;

import com.fasterxml.jackson.databind.JsonNode;

/** The vectors' JSON form of G1 points: [x, y] as 0x-hex, null for infinity. */
final class G1Json {
    private G1Json() {}

    static long[] point(JsonNode n) {
        if (n == null || n.isNull()) return G1.infinity();
        if (!n.isArray() || n.size() != 2) throw new IllegalArgumentException("G1 point must be [x, y] or null: " + n);
        return G1.fromHex(n.get(0).asText(), n.get(1).asText());
    }

    /** Points of a JSON array, flat (8 longs each). */
    static long[] points(JsonNode arr) {
        long[] r = new long[arr.size() * G1.SIZE];
        for (int i = 0; i < arr.size(); i++) System.arraycopy(point(arr.get(i)), 0, r, i * G1.SIZE, G1.SIZE);
        return r;
    }

    /** Fr scalars of a JSON array, flat Montgomery (4 longs each). */
    static long[] scalars(JsonNode arr) {
        long[] r = new long[arr.size() * 4];
        for (int i = 0; i < arr.size(); i++)
            Field.copy(Field.FR.parse(arr.get(i).asText()), 0, r, 4 * i);
        return r;
    }

    static String show(long[] p) {
        return G1.toString(p, 0);
    }
}
