package io.coprover.cli;

import io.coprover.backend.Backends;
import io.coprover.backend.CudaDevices;
import io.coprover.backend.NativeLibrary;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code coprover devices}: lists every proving backend this build knows and whether it can run
 * here, with the reason (library loaded or not and why, CUDA devices with compute capability and
 * memory, driver problems). Exit code 0 whatever is found: the pure-Java backend always runs.
 */
@Command(
        name = "devices",
        mixinStandardHelpOptions = true,
        description =
                "Lists the proving backends (java, native-host, one per CUDA GPU) and why each is or is not usable.")
public final class DevicesCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        PrintStream o = System.out;
        NativeLibrary.Status lib = NativeLibrary.load();
        o.println("native library: " + (lib.loaded() ? lib.detail() : "not loaded: " + lib.detail()));
        if (lib.cause() != null) o.println("  cause: " + lib.causeText());
        CudaDevices.Discovery disc = CudaDevices.discover();
        o.println("CUDA: " + disc.detail());
        o.println();
        o.printf("%-12s %-6s %s%n", "BACKEND", "USABLE", "DETAIL");
        for (Backends.Candidate c : Backends.survey()) {
            o.printf("%-12s %-6s %s%n", c.name(), c.usable() ? "yes" : "no", c.reason());
        }
        return 0;
    }
}
