package io.coprover.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the {@link ProvingBackend} at start-up and explains the choice.
 *
 * <p>Names: {@code auto}, {@code cuda} (the first usable GPU), {@code cuda:N}, {@code java},
 * {@code native-host}. {@code auto} takes CUDA when a usable device (compute capability ≥ 8.0)
 * is found through JCuda <em>and</em> the native library with CUDA kernels loads; otherwise
 * {@code native-host} when the native library loads (measured side by side at 2^16 on this
 * project's 2-core CPUs, BackendSideBySide: MSM 4.5× and NTT 3.4× faster than the pure-Java
 * backend; see bench/results), else the pure-Java backend. Every selection logs exactly one line naming the backend and the reason. An
 * explicit choice that is not available fails with the reason instead of silently running another.
 */
public final class Backends {
    private static final io.coprover.log.Log LOG = io.coprover.log.Log.get("backend");
    /** Names accepted by {@link #select}. */
    public static final String NAMES = "auto|cuda|cuda:N|java|native-host";

    private Backends() {}

    /**
     * One backend that could run here.
     *
     * @param name   the name to pass to {@link #select}
     * @param usable whether it can run
     * @param reason why (or why not)
     */
    public record Candidate(String name, boolean usable, String reason) {}

    /** Every backend this build knows, with whether and why it can run on this machine. */
    public static List<Candidate> survey() {
        List<Candidate> out = new ArrayList<>();
        out.add(new Candidate(
                "java",
                true,
                "pure Java, always available (" + Runtime.getRuntime().availableProcessors() + " cores)"));
        NativeLibrary.Status lib = NativeLibrary.load();
        out.add(new Candidate(
                "native-host", lib.loaded(), lib.loaded() ? lib.detail() : lib.detail() + causeSuffix(lib)));
        CudaDevices.Discovery disc = CudaDevices.discover();
        if (disc.devices().isEmpty()) {
            out.add(new Candidate("cuda", false, disc.detail()));
        }
        for (CudaDevices.Device d : disc.devices()) {
            String name = "cuda:" + d.ordinal();
            if (!d.supported()) {
                out.add(new Candidate(
                        name,
                        false,
                        d.describe() + ": needs compute capability " + CudaDevices.MIN_MAJOR + ".0 or newer"));
            } else if (!lib.loaded()) {
                out.add(new Candidate(
                        name, false, d.describe() + ", but the native library is missing: " + lib.detail()));
            } else if (!lib.hasCuda()) {
                out.add(new Candidate(
                        name, false, d.describe() + ", but the native library was built without CUDA (no nvcc)"));
            } else {
                out.add(new Candidate(name, true, d.describe()));
            }
        }
        return out;
    }

    private static String causeSuffix(NativeLibrary.Status s) {
        return s.cause() == null ? "" : " [" + s.causeText() + "]";
    }

    /** One CUDA backend per usable GPU (empty when there is none). */
    public static List<CudaBackend> cudaBackends() {
        List<CudaBackend> out = new ArrayList<>();
        NativeLibrary.Status lib = NativeLibrary.load();
        if (!lib.loaded() || !lib.hasCuda()) return out;
        for (CudaDevices.Device d : CudaDevices.discover().devices()) {
            if (d.supported()) out.add(new CudaBackend(d));
        }
        return out;
    }

    /**
     * The backend named {@code choice} (see {@link #NAMES}), logging one line saying which runs and why.
     *
     * @throws IllegalArgumentException for an unknown name
     * @throws IllegalStateException    when the named backend cannot run here (with the reason)
     */
    public static ProvingBackend select(String choice) {
        String c = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
        ProvingBackend b;
        String why;
        switch (c) {
            case "java":
                b = new JavaBackend();
                why = "requested";
                break;
            case "native-host": {
                NativeLibrary.Status lib = NativeLibrary.load();
                if (!lib.loaded())
                    throw new IllegalStateException(
                            "backend native-host is not available: " + lib.detail() + causeSuffix(lib));
                b = new NativeHostBackend();
                why = "requested; " + lib.detail();
                break;
            }
            case "auto": {
                Candidate cuda = survey().stream()
                        .filter(x -> x.name().startsWith("cuda"))
                        .filter(Candidate::usable)
                        .findFirst()
                        .orElse(null);
                if (cuda != null) {
                    b = cudaBackend(Integer.parseInt(cuda.name().substring(5)));
                    why = "auto: usable GPU and CUDA library: " + cuda.reason();
                } else {
                    NativeLibrary.Status lib = NativeLibrary.load();
                    if (lib.loaded()) {
                        b = new NativeHostBackend();
                        why = "auto: no usable CUDA backend (" + cudaReason() + "); native host library: "
                                + lib.detail();
                    } else {
                        b = new JavaBackend();
                        why = "auto: no usable CUDA backend (" + cudaReason() + ") and no native host library ("
                                + lib.detail() + ")";
                    }
                }
                break;
            }
            default:
                if (c.equals("cuda") || c.startsWith("cuda:")) {
                    int ord = 0;
                    if (c.startsWith("cuda:")) {
                        try {
                            ord = Integer.parseInt(c.substring(5));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException(
                                    "backend \"" + choice + "\": device must be a number (cuda:0, cuda:1, ...)");
                        }
                    }
                    b = cudaBackend(ord);
                    why = "requested; " + ((CudaBackend) b).device().describe();
                } else {
                    throw new IllegalArgumentException("unknown backend \"" + choice + "\" (expected " + NAMES + ")");
                }
        }
        // one structured line (stderr), so that stdout stays the command's own output
        LOG.info("backend.selected", "backend", b.name(), "why", why);
        return b;
    }

    private static CudaBackend cudaBackend(int ordinal) {
        for (Candidate cand : survey()) {
            if (cand.name().equals("cuda:" + ordinal)) {
                if (!cand.usable())
                    throw new IllegalStateException("backend cuda:" + ordinal + " is not usable: " + cand.reason());
                return new CudaBackend(CudaDevices.discover().devices().get(ordinal));
            }
        }
        throw new IllegalStateException("backend cuda:" + ordinal + " is not available: " + cudaReason());
    }

    private static String cudaReason() {
        StringBuilder sb = new StringBuilder();
        for (Candidate cand : survey()) {
            if (!cand.name().startsWith("cuda")) continue;
            if (sb.length() > 0) sb.append("; ");
            sb.append(cand.name()).append(": ").append(cand.reason());
        }
        return sb.toString();
    }
}
