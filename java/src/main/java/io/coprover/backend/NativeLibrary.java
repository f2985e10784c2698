package io.coprover.backend;

import java.util.Optional;
import org.bytedeco.javacpp.Loader;

/**
 * Loads the native library ({@code libcoprover} and its JavaCPP glue, packed in the jar under
 * {@code io/coprover/backend/linux-x86_64/}) once, and says why when it cannot. A missing or broken
 * library never escapes as an {@link Error}: {@link #load()} returns the failure with its cause,
 * and callers fall back to the pure-Java backend.
 */
public final class NativeLibrary {
    /** ABI version this Java code was written against ({@code coprover_version()}). */
    static final int ABI_VERSION = 2;

    private static volatile Status status;

    private NativeLibrary() {}

    /**
     * The outcome of loading.
     *
     * @param loaded  whether the library is usable
     * @param hasCuda whether it was built with the CUDA kernels
     * @param detail  a one-line description: the file loaded, or why loading failed
     * @param cause   the failure (null when loaded)
     */
    public record Status(boolean loaded, boolean hasCuda, String detail, Throwable cause) {
        /** The cause's chain as one line, for log messages. */
        public String causeText() {
            if (cause == null) return "";
            StringBuilder sb = new StringBuilder();
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (sb.length() > 0) sb.append(" <- ");
                sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
                if (t.getCause() == t) break;
            }
            return sb.toString();
        }
    }

    /** Loads the library (once; later calls return the first outcome). */
    public static Status load() {
        Status s = status;
        if (s != null) return s;
        synchronized (NativeLibrary.class) {
            if (status == null) status = tryLoad();
            return status;
        }
    }

    /** The loaded status, or empty when the library is not usable. */
    public static Optional<Status> ifLoaded() {
        Status s = load();
        return s.loaded() ? Optional.of(s) : Optional.empty();
    }

    private static Status tryLoad() {
        if (Boolean.getBoolean("coprover.native.disable")) {
            return new Status(false, false, "disabled by -Dcoprover.native.disable=true", null);
        }
        String platform;
        try {
            platform = Loader.getPlatform();
        } catch (Throwable t) {
            return new Status(false, false, "JavaCPP is not usable: " + t, t);
        }
        if (CoproverLib.class.getResource(platform + "/libjniCoproverLib.so") == null
                && CoproverLib.class.getResource(platform + "/libjniCoproverLib.dylib") == null) {
            return new Status(
                    false,
                    false,
                    "the native library was not built into this jar for platform " + platform
                            + " (build with cmake and a C++ compiler present, without -Dnative.skip)",
                    null);
        }
        try {
            String path = Loader.load(CoproverLib.class);
            int v = CoproverLib.coprover_version();
            if (v != ABI_VERSION) {
                return new Status(
                        false, false, "native library ABI " + v + " does not match the expected " + ABI_VERSION, null);
            }
            boolean cuda = CoproverLib.coprover_has_cuda() != 0;
            return new Status(true, cuda, "loaded " + path + (cuda ? " (with CUDA kernels)" : " (host only)"), null);
        } catch (Throwable t) {
            // UnsatisfiedLinkError (missing dependency, wrong platform), NoClassDefFoundError, ...
            return new Status(
                    false, false, "the native library failed to load for " + platform + ": " + t.getMessage(), t);
        }
    }

    /** The message of the last failing native call on this thread. */
    static String lastError() {
        return CoproverLib.coprover_last_error().getString();
    }

    /** Throws the exception matching a native error code (0 = success: nothing). */
    static void check(int code, String what) {
        if (code == 0) return;
        String msg = what + ": " + lastError();
        switch (code) {
            case 1:
                throw new IllegalArgumentException(msg);
            case 2:
                throw new NativeException(code, "out of memory: " + msg);
            case 3:
                throw new NativeException(code, "no CUDA device: " + msg);
            case 5:
                throw new UnsupportedOperationException(msg);
            default:
                throw new NativeException(code, msg);
        }
    }

    /** A failure inside the native library (CUDA error, allocation failure, internal error). */
    public static final class NativeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final int code;

        NativeException(int code, String message) {
            super(message);
            this.code = code;
        }

        /** The C API's error code. */
        public int code() {
            return code;
        }
    }
}
