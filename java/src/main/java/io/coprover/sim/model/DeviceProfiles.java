package io.coprover.sim.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coprover.scheduler.JobKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one proof costs on each kind of device, in milliseconds, for modelled proving: a modelled
 * job takes exactly its profile's time. The defaults ({@code device-profiles.json} beside this
 * class) are figures measured with real proofs and say where they come from; a user passes an
 * edited copy with {@code --profiles FILE}:
 * <pre>
 * { "java": {"depth": 32, "baseMs": 13300, "mergeMs": 600, "source": "where the figures come from"}, ... }
 * </pre>
 * A root job costs a merge ({@code rootMs} overrides). No CUDA figure ships: none was measured.
 */
public final class DeviceProfiles {
    /** One device kind: job time per kind, the state depth it was measured at and where it comes from. */
    public record Profile(String name, int depth, Map<JobKind, Long> ms, String source) {
        public Profile {
            ms = Map.copyOf(ms);
            for (JobKind k : JobKind.values()) {
                Long v = ms.get(k);
                if (v == null || v < 1)
                    throw new IllegalArgumentException("device profile " + name + ": " + k + " time must be ≥ 1 ms");
            }
        }

        public long ms(JobKind k) {
            return ms.get(k);
        }
    }

    private final Map<String, Profile> profiles;

    private DeviceProfiles(Map<String, Profile> profiles) {
        this.profiles = Map.copyOf(profiles);
    }

    /** The shipped profiles. */
    public static DeviceProfiles defaults() {
        try (InputStream in = DeviceProfiles.class.getResourceAsStream("device-profiles.json")) {
            if (in == null) throw new IllegalStateException("device-profiles.json missing from the jar");
            return parse(new ObjectMapper().readTree(in), "device-profiles.json", Map.of());
        } catch (IOException e) {
            throw new IllegalStateException("device-profiles.json: " + e.getMessage(), e);
        }
    }

    /** The shipped profiles with those of {@code file} added (a name in the file replaces the shipped one). */
    public static DeviceProfiles load(Path file) throws IOException {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(file + ": not JSON: " + e.getOriginalMessage());
        }
        return parse(n, file.toString(), defaults().profiles);
    }

    static DeviceProfiles parse(JsonNode root, String where, Map<String, Profile> base) {
        if (root == null || !root.isObject())
            throw new IllegalArgumentException(where + ": expected an object of device profiles");
        Map<String, Profile> out = new LinkedHashMap<>(base);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (!name.matches("[a-z0-9][a-z0-9._-]{0,63}"))
                throw new IllegalArgumentException(
                        where + ": bad profile name '" + name + "' (lower-case letters, digits, . _ -)");
            JsonNode p = e.getValue();
            for (Iterator<String> f = p.fieldNames(); f.hasNext(); ) {
                String k = f.next();
                if (!List.of("depth", "baseMs", "mergeMs", "rootMs", "source").contains(k))
                    throw new IllegalArgumentException(where + ": " + name + ": unknown key '" + k + "'");
            }
            Map<JobKind, Long> ms = new EnumMap<>(JobKind.class);
            ms.put(JobKind.BASE, millis(p, "baseMs", where, name));
            ms.put(JobKind.MERGE, millis(p, "mergeMs", where, name));
            ms.put(JobKind.ROOT, p.has("rootMs") ? millis(p, "rootMs", where, name) : ms.get(JobKind.MERGE));
            out.put(
                    name,
                    new Profile(
                            name, p.path("depth").asInt(0), ms, p.path("source").asText("")));
        }
        return new DeviceProfiles(out);
    }

    private static long millis(JsonNode p, String key, String where, String name) {
        JsonNode v = p.get(key);
        if (v == null || !v.canConvertToLong() || v.asLong() < 1 || v.asLong() > 86_400_000L) {
            throw new IllegalArgumentException(
                    where + ": " + name + "." + key + " must be a whole number of milliseconds in 1..86400000");
        }
        return v.asLong();
    }

    public Profile get(String name) {
        Profile p = profiles.get(name);
        if (p == null)
            throw new IllegalArgumentException(
                    "no device profile '" + name + "' (known: " + String.join(", ", profiles.keySet()) + ")");
        return p;
    }

    /** The devices of one prover, written {@code NAME[+NAME...]}: one worker each. */
    public List<Profile> devices(String spec) {
        List<Profile> out = new ArrayList<>();
        for (String d : spec.split("\\+")) out.add(get(d.strip()));
        return out;
    }

    public Map<String, Profile> all() {
        return profiles;
    }
}
