package io.coprover.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library loads from a jar, as it does in the shipped {@code coprover.jar}: the compiled
 * classes (with the native files the build packs beside them) go into a fresh jar, and a child JVM
 * that has only that jar and the dependencies runs {@code coprover devices}, with JavaCPP's cache
 * in a temporary folder so nothing from an earlier run is reused.
 */
class NativeJarLoadTest {

    @Test
    void loadsFromJar(@TempDir Path tmp) throws Exception {
        Path classes = Paths.get(NativeLibrary.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        assumeTrue(Files.isDirectory(classes), "classes are already in a jar: " + classes);
        assumeTrue(
                Files.exists(classes.resolve("io/coprover/backend/linux-x86_64/libjniCoproverLib.so")),
                "native library not built (no cmake/compiler, or -Dnative.skip=true)");
        Path jar = tmp.resolve("coprover-under-test.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
        String deps = Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> e.endsWith(".jar"))
                .collect(Collectors.joining(java.io.File.pathSeparator));
        List<String> cmd = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.bytedeco.javacpp.cachedir=" + tmp.resolve("cache"),
                "-cp",
                jar + java.io.File.pathSeparator + deps,
                "io.coprover.cli.Main",
                "devices"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output;
        try (var in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("native library: loaded"), output);
        assertTrue(output.contains("coprover-under-test.jar"), "loaded from the jar's cache entry: " + output);
        assertTrue(output.matches("(?s).*native-host\\s+yes.*"), output);
    }
}
