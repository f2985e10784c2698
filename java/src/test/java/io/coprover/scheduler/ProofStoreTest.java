package io.coprover.scheduler;

import static org.junit.jupiter.api.Assertions.*;

import io.coprover.backend.JavaBackend;
import io.coprover.backend.JavaBackendConfig;
import io.coprover.protocol.NodeId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProofStoreTest {
    @TempDir
    Path dir;

    @Test
    void restartedNodeReusesFinishedProofs() throws Exception {
        List<JobInputs> jobs =
                List.of(Jobs.base(0), Jobs.base(1), Jobs.merge(new NodeId(1, 0)), Jobs.merge(new NodeId(3, 0)));
        FakeNodeProver first = new FakeNodeProver();
        try (Scheduler s = new Scheduler(
                List.of(new JavaBackend(new JavaBackendConfig(1))),
                first,
                new DirectoryProofStore(dir),
                SchedulerConfig.defaults())) {
            for (JobInputs in : jobs)
                s.submit(in, Jobs.terms(0, Long.MAX_VALUE)).get(10, TimeUnit.SECONDS);
        }
        assertEquals(4, first.count.get());
        // a new process: new store object on the same directory, new scheduler
        FakeNodeProver second = new FakeNodeProver();
        try (Scheduler s = new Scheduler(
                List.of(new JavaBackend(new JavaBackendConfig(1))),
                second,
                new DirectoryProofStore(dir),
                SchedulerConfig.defaults())) {
            for (JobInputs in : jobs) {
                ProofResult r = s.submit(in, Jobs.terms(0, Long.MAX_VALUE)).get(10, TimeUnit.SECONDS);
                assertEquals(FakeNodeProver.record(in), r.proof()); // same id and same SNARK bytes
                JobSnapshot j = s.job(in.id()).orElseThrow();
                assertEquals(JobState.DONE, j.state());
                assertTrue(j.reused());
            }
            s.submit(Jobs.base(2), Jobs.terms(0, Long.MAX_VALUE)).get(10, TimeUnit.SECONDS);
        }
        assertEquals(1, second.count.get(), "only the new job ran");
    }

    @Test
    void roundTripsAndLeavesNoTemporaryFiles() throws Exception {
        DirectoryProofStore st = new DirectoryProofStore(dir);
        JobInputs in = Jobs.merge(new NodeId(2, 1));
        ProofResult r = new ProofResult(FakeNodeProver.record(in), 12, 345, "cuda:0");
        assertFalse(st.contains(in.id()));
        assertTrue(st.get(in.id()).isEmpty());
        st.put(in.id(), r);
        st.put(in.id(), r); // replacing is fine
        assertTrue(st.contains(in.id()));
        ProofResult back = st.get(in.id()).orElseThrow();
        assertEquals(r, back);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    List.of(in.id().toString().replace(':', '_') + ".proof"),
                    files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void damagedOrMisplacedFilesAreReported() throws Exception {
        DirectoryProofStore st = new DirectoryProofStore(dir);
        JobInputs a = Jobs.base(0), b = Jobs.base(1);
        st.put(a.id(), new ProofResult(FakeNodeProver.record(a), 1, 2, "java"));
        Path fa = dir.resolve(a.id().toString().replace(':', '_') + ".proof");
        byte[] bytes = Files.readAllBytes(fa);
        // a flipped bit anywhere fails the checksum
        for (int i : new int[] {0, 10, bytes.length / 2, bytes.length - 1}) {
            byte[] bad = bytes.clone();
            bad[i] ^= 1;
            Files.write(fa, bad);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> st.get(a.id()));
            assertTrue(e.getMessage().contains(fa.getFileName().toString()), e.getMessage());
        }
        // a valid file under another job's name is refused
        Files.write(dir.resolve(b.id().toString().replace(':', '_') + ".proof"), bytes);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> st.get(b.id()));
        assertTrue(e.getMessage().contains("expected"), e.getMessage());
    }
}
