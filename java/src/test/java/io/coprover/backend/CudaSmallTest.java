package io.coprover.backend;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CUDA checks at small sizes (NTT up to 2^12, MSM up to 3000 points), quick enough to run
 * under {@code compute-sanitizer} (bench/gpu-bench.sh does). Runs only with a usable CUDA device.
 */
class CudaSmallTest extends BackendContract {

    @Override
    ProvingBackend create() {
        var all = Backends.cudaBackends();
        assumeTrue(!all.isEmpty(), "no usable CUDA backend: " + Backends.survey());
        for (int i = 1; i < all.size(); i++) all.get(i).close();
        return all.get(0);
    }

    @Override
    int maxCrossLog() {
        return 12;
    }

    @Override
    int maxCrossMsm() {
        return 3000;
    }
}
