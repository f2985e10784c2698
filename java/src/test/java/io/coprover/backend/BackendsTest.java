package io.coprover.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Backend selection and the {@code devices} report, on whatever this machine has. */
class BackendsTest {

    @Test
    void surveyListsEveryKindWithAReason() {
        List<Backends.Candidate> all = Backends.survey();
        assertEquals("java", all.get(0).name());
        assertTrue(all.get(0).usable());
        assertTrue(all.stream().anyMatch(c -> c.name().equals("native-host")));
        assertTrue(all.stream().anyMatch(c -> c.name().startsWith("cuda")));
        for (Backends.Candidate c : all) assertTrue(!c.reason().isBlank(), c.name() + " has no reason");
        boolean cudaUsable = all.stream().anyMatch(c -> c.name().startsWith("cuda") && c.usable());
        assertEquals(cudaUsable, !Backends.cudaBackends().isEmpty());
    }

    @Test
    void selectNamesAndAuto() {
        try (ProvingBackend b = Backends.select("java")) {
            assertInstanceOf(JavaBackend.class, b);
        }
        boolean cudaUsable = Backends.survey().stream().anyMatch(c -> c.name().startsWith("cuda") && c.usable());
        try (ProvingBackend b = Backends.select("auto")) {
            assertEquals(cudaUsable, b instanceof CudaBackend, "auto picks CUDA exactly when a usable GPU is present");
            // without a GPU: the native host library when it loads (measured faster), else pure Java
            if (!cudaUsable) {
                Class<?> want = NativeLibrary.load().loaded() ? NativeHostBackend.class : JavaBackend.class;
                assertTrue(want.isInstance(b), "auto without a GPU: " + b);
            }
        }
        if (!cudaUsable) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.select("cuda"));
            assertTrue(e.getMessage().contains("cuda"), e.getMessage());
        }
        if (NativeLibrary.load().loaded()) {
            try (ProvingBackend b = Backends.select(" Native-Host ")) {
                assertInstanceOf(NativeHostBackend.class, b);
            }
        } else {
            assertThrows(IllegalStateException.class, () -> Backends.select("native-host"));
        }
        assertThrows(IllegalArgumentException.class, () -> Backends.select("opencl"));
        assertThrows(IllegalArgumentException.class, () -> Backends.select("cuda:x"));
    }

    @Test
    void devicesCommandReports() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            code = Main.commandLine().execute("devices");
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        assertTrue(out.contains("native library:"), out);
        assertTrue(out.contains("CUDA:"), out);
        assertTrue(out.matches("(?s).*java\\s+yes.*"), out);
        assertTrue(out.matches("(?s).*\\ncuda\\S*\\s+(yes|no).*"), out);
    }
}
