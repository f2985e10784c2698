package io.coprover.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.backend.ProvingBackend.FixedBaseCache;
import io.coprover.math.Field;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native-host backend's fixed-base MSM table through its cache file: built once and reused,
 * a file for other points or damaged in any way rebuilt (never used), no table where the file
 * cannot be written; every MSM on a table equals the Java backend's.
 */
class FixedBaseCacheTest {
    private static final Field F = Field.FR;
    private static final int N = 2048;

    private final JavaBackend java = new JavaBackend();
    private NativeHostBackend be;
    private long[] points;
    private final Random rnd = new Random(BackendContract.SEED + 7);

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() {
        NativeHostVectorsTest.assumeLibrary();
        be = new NativeHostBackend(2);
        points = BackendContract.randomPoints(rnd, N);
        drawScalars();
    }

    private static final int[] SIZES = {1, 100, 1500, N}; // 1 below the table's threshold, 100 above
    private final int[] starts = new int[SIZES.length];
    private final long[][] scalars = new long[SIZES.length][];
    /** the Java backend's results for {@link #scalars}, per set of points */
    private final java.util.Map<long[], long[][]> expected = new java.util.IdentityHashMap<>();

    private void drawScalars() {
        for (int k = 0; k < SIZES.length; k++) {
            int n = SIZES[k];
            starts[k] = n == N ? 0 : rnd.nextInt(N - n + 1);
            long[] sc = F.newVector(n);
            for (int i = 0; i < n; i++) F.random(rnd, sc, 4 * i);
            sc[0] = sc[1] = sc[2] = sc[3] = 0;
            if (n > 2) Field.copy(F.fromLong(-1), 0, sc, 4);
            scalars[k] = sc;
        }
    }

    /** MSMs at sizes on both sides of the table's threshold, from 0 and from an offset, against Java. */
    private void assertMsmsMatchJava(ProvingBackend.MsmBases nb, long[] pts, String what) {
        long[][] want = expected.computeIfAbsent(pts, p -> {
            long[][] w = new long[SIZES.length][];
            try (ProvingBackend.MsmBases jb = java.loadBases(p, N)) {
                for (int k = 0; k < SIZES.length; k++) w[k] = java.msm(jb, starts[k], scalars[k], SIZES[k]);
            }
            return w;
        });
        for (int k = 0; k < SIZES.length; k++) {
            assertArrayEquals(
                    want[k],
                    be.msm(nb, starts[k], scalars[k], SIZES[k]),
                    what + ": n=" + SIZES[k] + " start=" + starts[k]);
        }
    }

    private FixedBaseCache use(long[] pts, Path file) {
        try (ProvingBackend.MsmBases b = be.loadBases(pts, N)) {
            FixedBaseCache r = be.useFixedBaseCache(b, file);
            assertMsmsMatchJava(b, pts, r.toString());
            return r;
        }
    }

    @Test
    void builtOnceThenLoaded() throws IOException {
        Path file = tmp.resolve("k.zkey.msm-cache");
        assertEquals(FixedBaseCache.BUILT, use(points, file));
        assertTrue(Files.size(file) > 64L * N, "the table is on disk");
        assertEquals(FixedBaseCache.LOADED, use(points, file));
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void aFileForOtherPointsIsRebuilt() throws IOException {
        Path file = tmp.resolve("k.zkey.msm-cache");
        assertEquals(FixedBaseCache.BUILT, use(points, file));
        long[] other = points.clone();
        System.arraycopy(BackendContract.randomPoints(rnd, 1), 0, other, 8 * (N / 2), 8); // one point differs
        assertEquals(FixedBaseCache.REBUILT_STALE, use(other, file));
        assertEquals(FixedBaseCache.LOADED, use(other, file));
        assertEquals(FixedBaseCache.REBUILT_STALE, use(points, file), "and back");
    }

    @Test
    void damagedOrTruncatedFilesAreRebuilt() throws IOException {
        Path file = tmp.resolve("k.zkey.msm-cache");
        assertEquals(FixedBaseCache.BUILT, use(points, file));
        long size = Files.size(file);
        // one bit of the table (a point's coordinate), of its BETA x part, of the magic
        for (long at : new long[] {64 + 64L * 1000 + 5, size - 7, 3}) {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.seek(at);
                int b = f.read();
                f.seek(at);
                f.write(b ^ 0x10);
            }
            assertEquals(FixedBaseCache.REBUILT_CORRUPT, use(points, file), "bit flipped at " + at);
            assertEquals(FixedBaseCache.LOADED, use(points, file));
        }
        for (long len : new long[] {size - 1, 100, 10, 0}) {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.setLength(len);
            }
            assertEquals(FixedBaseCache.REBUILT_CORRUPT, use(points, file), "truncated to " + len);
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(size);
            f.write(0);
        }
        assertEquals(FixedBaseCache.REBUILT_CORRUPT, use(points, file), "a byte appended");
        assertEquals(FixedBaseCache.LOADED, use(points, file));
    }

    @Test
    void noTableWhereTheFileCannotBeWritten() {
        Path file = tmp.resolve("missing-folder").resolve("k.zkey.msm-cache");
        assertEquals(FixedBaseCache.NONE, use(points, file));
        assertFalse(Files.exists(file.getParent()));
    }

    @Test
    void badCallsAreRefused() {
        ProvingBackend.MsmBases b = be.loadBases(points, N);
        assertThrows(IllegalArgumentException.class, () -> be.useFixedBaseCache(b, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> be.useFixedBaseCache(java.loadBases(points, 1), tmp.resolve("x")));
        b.close();
        assertThrows(IllegalStateException.class, () -> be.useFixedBaseCache(b, tmp.resolve("x")));
        assertEquals(FixedBaseCache.NONE, java.useFixedBaseCache(java.loadBases(points, 1), tmp.resolve("x")));
    }
}
