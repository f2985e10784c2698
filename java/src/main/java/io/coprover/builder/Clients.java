package io.coprover.builder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecordCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The provers a builder serves: each client has a name, the prover key its proofs must be bound
 * to, the Ed25519 key its requests are signed with, and its quotas. Loaded from a JSON file:
 * <pre>
 * {"clients": [{"name": "alice", "prover": "&lt;hex prover key&gt;", "auth_key": "&lt;hex Ed25519 public key&gt;",
 *               "max_active": 8, "max_per_minute": 120}]}
 * </pre>
 * {@code max_active}: accepted jobs not yet finished; {@code max_per_minute}: signed calls of any
 * kind (a token bucket refilled continuously).
 */
public final class Clients {
    /** One registered client. */
    public record Client(String name, Bytes prover, Bytes authKey, int maxActive, int maxPerMinute) {
        public Client {
            if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}"))
                throw new IllegalArgumentException("client name must be 1..64 of [A-Za-z0-9._-]: " + name);
            if (prover == null || prover.length() == 0 || prover.length() > ProofRecordCodec.MAX_KEY_BYTES)
                throw new IllegalArgumentException(
                        "client " + name + ": prover key must be 1.." + ProofRecordCodec.MAX_KEY_BYTES + " bytes");
            if (authKey == null || authKey.length() != 32)
                throw new IllegalArgumentException(
                        "client " + name + ": auth_key must be a 32-byte Ed25519 public key");
            if (maxActive < 1 || maxPerMinute < 1)
                throw new IllegalArgumentException("client " + name + ": quotas must be positive");
        }
    }

    private final Map<String, Client> byName = new LinkedHashMap<>();

    public Clients(Collection<Client> clients) {
        Set<Bytes> keys = new HashSet<>();
        for (Client c : clients) {
            if (byName.put(c.name(), c) != null)
                throw new IllegalArgumentException("client " + c.name() + " is listed twice");
            if (!keys.add(c.authKey()))
                throw new IllegalArgumentException("client " + c.name() + ": auth_key is another client's");
        }
    }

    public static Clients load(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        JsonNode list = root.get("clients");
        if (list == null || !list.isArray())
            throw new IllegalArgumentException(file + ": expected {\"clients\": [...]}");
        List<Client> out = new ArrayList<>();
        for (JsonNode c : list) {
            try {
                out.add(new Client(
                        text(c, "name"),
                        Bytes.fromHex(text(c, "prover")),
                        Bytes.fromHex(text(c, "auth_key")),
                        c.path("max_active").asInt(8),
                        c.path("max_per_minute").asInt(120)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }
        return new Clients(out);
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual())
            throw new IllegalArgumentException("client entry needs a string \"" + field + "\"");
        return v.asText();
    }

    /** The client named {@code name}, or null. */
    public Client get(String name) {
        return byName.get(name);
    }

    public Collection<Client> all() {
        return byName.values();
    }
}
