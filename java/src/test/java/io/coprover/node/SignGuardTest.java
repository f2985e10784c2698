package io.coprover.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.PublicOutputs;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slashing protection: one record per node of a block, kept across restarts; a line cut by a crash is ignored, damage elsewhere refused. */
class SignGuardTest {
    private static ProofRecord record(long block, int index, long feeBurn) {
        Bytes h = Bytes.of(new byte[32]);
        return new ProofRecord(
                block,
                new NodeId(0, index),
                Bytes.of(new byte[33]),
                null,
                feeBurn,
                new PublicOutputs(h, h, h, BigInteger.ONE),
                List.of(),
                null);
    }

    @Test
    void refusesASecondRecordOfANodeEvenAfterARestart(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("signed.log");
        ProofRecord a = record(5, 0, 0), b = record(5, 0, 1), other = record(5, 1, 1);
        try (SignGuard g = SignGuard.file(f)) {
            g.allow(a);
            g.allow(a); // the same record again (a re-proved SNARK of it): fine
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.allow(b));
            assertTrue(e.getMessage().contains("equivocation"), e.getMessage());
            g.allow(other);
        }
        try (SignGuard g = SignGuard.file(f)) {
            assertEquals(a.id(), g.signedFor(5, new NodeId(0, 0)));
            assertThrows(IllegalStateException.class, () -> g.allow(b));
            g.allow(a);
        }
        // a crash in the middle of a line: that record was never released; the guard opens
        Files.writeString(f, "5 0 2 abcd", StandardCharsets.US_ASCII, java.nio.file.StandardOpenOption.APPEND);
        try (SignGuard g = SignGuard.file(f)) {
            assertThrows(IllegalStateException.class, () -> g.allow(b));
        }
        // damage before the last line is refused, not guessed around
        Files.writeString(f, "garbage\n" + Files.readString(f));
        assertThrows(IllegalStateException.class, () -> SignGuard.file(f));
    }

    @Test
    void inMemoryGuardForgetsOnlyWithTheProcess() {
        SignGuard g = SignGuard.inMemory();
        g.allow(record(1, 0, 0));
        assertThrows(IllegalStateException.class, () -> g.allow(record(1, 0, 5)));
        g.allow(record(2, 0, 5));
    }
}
