package io.coprover.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads one mapping of a config tree, key by key, with errors that name the file and the dotted
 * key path ("node.yaml: metrics.port: expected an integer in 0..65535, got 'x'"); {@link #done()}
 * rejects keys nobody asked for (a typo must not silently fall back to a default).
 */
final class ConfigReader {
    private final String file;
    private final String path;
    private final ObjectNode node;
    private final Set<String> known = new LinkedHashSet<>();

    ConfigReader(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        if (node != null && !node.isNull() && !node.isObject())
            throw error(path, "expected a mapping of keys, got " + describe(node));
        this.node = node instanceof ObjectNode o ? o : null;
    }

    IllegalArgumentException error(String key, String msg) {
        return new IllegalArgumentException(file + ": " + (key.isEmpty() ? "" : key + ": ") + msg);
    }

    private String key(String k) {
        return path.isEmpty() ? k : path + "." + k;
    }

    private JsonNode get(String k) {
        known.add(k);
        JsonNode v = node == null ? null : node.get(k);
        return v == null || v.isNull() ? null : v;
    }

    static String describe(JsonNode v) {
        if (v.isObject()) return "a mapping";
        if (v.isArray()) return "a list";
        String t = v.asText();
        return "'" + (t.length() > 40 ? t.substring(0, 40) + "…" : t) + "'";
    }

    String string(String k, String def) {
        JsonNode v = get(k);
        if (v == null) return def;
        if (!v.isValueNode()) throw error(key(k), "expected a value, got " + describe(v));
        return v.asText();
    }

    long integer(String k, long def, long min, long max) {
        JsonNode v = get(k);
        if (v == null) return def;
        long x;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            x = v.asLong();
        } else if (v.isTextual() && v.asText().strip().matches("-?[0-9_]+")) {
            try {
                x = Long.parseLong(v.asText().strip().replace("_", ""));
            } catch (NumberFormatException e) {
                throw error(key(k), "expected an integer in " + min + ".." + max + ", got " + describe(v));
            }
        } else {
            throw error(key(k), "expected an integer in " + min + ".." + max + ", got " + describe(v));
        }
        if (x < min || x > max) throw error(key(k), "expected an integer in " + min + ".." + max + ", got " + x);
        return x;
    }

    boolean bool(String k, boolean def) {
        JsonNode v = get(k);
        if (v == null) return def;
        if (v.isBoolean()) return v.asBoolean();
        if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false")))
            return Boolean.parseBoolean(v.asText());
        throw error(key(k), "expected true or false, got " + describe(v));
    }

    /** A value parsed by {@code parse}, whose IllegalArgumentException is reported under this key. */
    <T> T parsed(String k, String def, Function<String, T> parse) {
        String s = string(k, def);
        try {
            return parse.apply(s);
        } catch (IllegalArgumentException e) {
            throw error(key(k), e.getMessage());
        }
    }

    /** A list of values (a single value is a list of one), each parsed by {@code parse}. */
    <T> List<T> list(String k, List<String> def, Function<String, T> parse) {
        JsonNode v = get(k);
        List<String> items = new ArrayList<>();
        if (v == null) {
            items.addAll(def);
        } else if (v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                JsonNode e = v.get(i);
                if (!e.isValueNode() || e.isNull())
                    throw error(key(k) + "[" + i + "]", "expected a value, got " + describe(e));
                items.add(e.asText());
            }
        } else if (v.isValueNode()) {
            items.add(v.asText());
        } else {
            throw error(key(k), "expected a list, got " + describe(v));
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                out.add(parse.apply(items.get(i)));
            } catch (IllegalArgumentException e) {
                throw error(key(k) + "[" + i + "]", e.getMessage());
            }
        }
        return out;
    }

    /** The nested mapping under {@code k} (absent = all defaults). */
    ConfigReader section(String k) {
        return new ConfigReader(file, key(k), get(k));
    }

    /** Fails on keys present but never read. */
    void done() {
        if (node == null) return;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) throw error(key(k), "unknown key (known here: " + String.join(", ", known) + ")");
        }
    }
}
