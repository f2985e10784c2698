package io.coprover.backend;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CUDA backend (first usable GPU) against the vector files and the Java backend, at sizes up
 * to 2^22 (NTT) and 2^20 points (MSM; {@code -Dcoprover.cuda.maxMsm} raises it). Runs only where
 * a CUDA device of compute capability 8.0+ and the library with CUDA kernels are present.
 */
class CudaVectorsTest extends BackendContract {

    @Override
    ProvingBackend create() {
        var all = Backends.cudaBackends();
        assumeTrue(!all.isEmpty(), "no usable CUDA backend: " + Backends.survey());
        for (int i = 1; i < all.size(); i++) all.get(i).close();
        return all.get(0);
    }

    @Override
    int maxCrossLog() {
        return Integer.getInteger("coprover.cuda.maxLog", 22);
    }

    @Override
    int maxCrossMsm() {
        return Integer.getInteger("coprover.cuda.maxMsm", 1 << 20);
    }
}
