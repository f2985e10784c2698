package io.coprover.farm;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

/** The conformance suite on the in-process queue persisted in an MVStore file. */
class FileJobQueueTest extends AbstractJobQueueTest {
    @TempDir
    Path dir;

    @Override
    protected JobQueue openFresh() {
        return new MemoryJobQueue(dir.resolve("queue.mv"), Clock.systemUTC());
    }

    @Override
    protected JobQueue reopen(JobQueue old) {
        old.close();
        return new MemoryJobQueue(dir.resolve("queue.mv"), Clock.systemUTC());
    }

    @Override
    protected boolean persistent() {
        return true;
    }
}
