package io.coprover.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the independent test vectors.
 *
 * <p>The folder is {@code $COPROVER_VECTORS} when set; otherwise {@code ../shared/testvectors}
 * relative to the repository root (found by walking up from the working directory, since
 * Surefire runs each module in its own folder). A missing folder fails the test loudly: a vector
 * test that silently skips would prove nothing.
 */
public final class Vectors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path dir;

    private Vectors() {}

    public static synchronized Path dir() {
        if (dir != null) return dir;
        String env = System.getenv("COPROVER_VECTORS");
        if (env != null && !env.isBlank()) {
            Path p = Paths.get(env).toAbsolutePath().normalize();
            if (!Files.isDirectory(p)) {
                throw new IllegalStateException("COPROVER_VECTORS=" + env + " is not a directory");
            }
            return dir = p;
        }
        Path cur = Paths.get("").toAbsolutePath();
        for (Path p = cur; p != null; p = p.getParent()) {
            Path cand = p.resolve("../shared/testvectors").normalize();
            if (Files.isDirectory(cand)) return dir = cand;
        }
        throw new IllegalStateException(
                "test vectors not found: set COPROVER_VECTORS or place them at ../shared/testvectors"
                        + " relative to the repository (searched upwards from " + cur + ")");
    }

    public static Path file(String name) {
        return dir().resolve(name);
    }

    public static JsonNode json(String name) {
        try {
            return JSON.readTree(file(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vector file " + file(name), e);
        }
    }
}
