package io.coprover.scheduler;

import static org.junit.jupiter.api.Assertions.*;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.TreeShape;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobModelTest {
    @Test
    void idsAreContentAddressed() {
        JobInputs a = Jobs.base(3), b = Jobs.base(3);
        assertEquals(a.id(), b.id());
        assertEquals(JobId.parse(a.id().toString()), a.id());
        assertTrue(a.id().toString().matches("7:0\\.3:BASE:[0-9a-f]{16}"), a.id().toString());
        // the hash is SHA-256 of the documented encoding
        assertEquals(Bytes.of(Bytes.sha256(a.encode())).hex().substring(0, 16), a.id().inputHash());
        assertNotEquals(a.id(), Jobs.base(3, 1).id());
        JobInputs otherBlock = new JobInputs(
                7,
                Bytes.of(Bytes.sha256("other".getBytes())),
                Jobs.SHAPE,
                new NodeId(0, 3),
                Jobs.ME,
                null,
                0,
                List.of(),
                List.of());
        assertNotEquals(a.id(), otherBlock.id());
    }

    @Test
    void mergeIdsDependOnIncludedChildren() {
        NodeId n = new NodeId(1, 0);
        ProofRecord l = Jobs.proof(n.left()), r = Jobs.proof(n.right());
        JobInputs one = new JobInputs(7, Jobs.DIGEST, Jobs.SHAPE, n, Jobs.ME, null, 0, List.of(l), List.of(r));
        ProofRecord l2 = new ProofRecord(7, n.left(), SchedulerTest.key("x"), null, 0, l.outputs(), List.of(), null);
        JobInputs two = new JobInputs(7, Jobs.DIGEST, Jobs.SHAPE, n, Jobs.ME, null, 0, List.of(l, l2), List.of(r));
        assertNotEquals(one.id(), two.id());
        assertEquals(JobKind.MERGE, one.kind());
        assertEquals(JobKind.ROOT, Jobs.merge(new NodeId(3, 0)).kind());
        assertEquals(JobKind.BASE, JobKind.of(TreeShape.forTxs(2), new NodeId(0, 0)));
    }

    @Test
    void badInputsAreRejected() {
        NodeId n = new NodeId(1, 0);
        ProofRecord l = Jobs.proof(n.left()), r = Jobs.proof(n.right());
        assertThrows(
                IllegalArgumentException.class,
                () -> new JobInputs(7, Jobs.DIGEST, Jobs.SHAPE, n, Jobs.ME, null, 0, List.of(), List.of(r)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new JobInputs(7, Jobs.DIGEST, Jobs.SHAPE, n, Jobs.ME, null, 0, List.of(r), List.of(l)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new JobInputs(7, Jobs.DIGEST, Jobs.SHAPE, n, Jobs.ME, null, 0, List.of(l, l, l, l), List.of(r)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new JobInputs(8, Jobs.DIGEST, Jobs.SHAPE, n, Jobs.ME, null, 0, List.of(l), List.of(r)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new JobInputs(
                        7, Jobs.DIGEST, Jobs.SHAPE, new NodeId(0, 0), Jobs.ME, null, 0, List.of(l), List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new JobInputs(
                        7, Jobs.DIGEST, Jobs.SHAPE, new NodeId(4, 0), Jobs.ME, null, 0, List.of(), List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new JobInputs(
                        7,
                        Bytes.of(new byte[31]),
                        Jobs.SHAPE,
                        new NodeId(0, 0),
                        Jobs.ME,
                        null,
                        0,
                        List.of(),
                        List.of()));
        assertThrows(IllegalArgumentException.class, () -> JobId.parse("7:0.1:BASE:xyz"));
        assertThrows(IllegalArgumentException.class, () -> JobId.parse("7:0.1:LEAF:0123456789abcdef"));
    }
}
