package io.coprover.scheduler;

import io.coprover.protocol.NodeId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A content-addressed job id {@code block:level.index:kind:inputHash}: two jobs with the same
 * canonical inputs ({@link JobInputs#inputHash()}) have the same id, so a job enqueued twice runs
 * once and a restarted node finds its finished proofs in the {@link ProofStore} under the same id.
 * The text form is also a safe file name (digits, letters, '.', ':' replaced by '_' on disk).
 */
public record JobId(long block, NodeId node, JobKind kind, String inputHash) implements Comparable<JobId> {
    private static final Pattern TEXT =
            Pattern.compile("(\\d+):(\\d+)\\.(\\d+):(BASE|MERGE|ROOT):([0-9a-f]{" + JobInputs.HASH_HEX + "})");

    public JobId {
        if (block < 0) throw new IllegalArgumentException("job id: block must be non-negative: " + block);
        if (node == null || kind == null) throw new IllegalArgumentException("job id: node and kind are required");
        if (inputHash == null || !inputHash.matches("[0-9a-f]{" + JobInputs.HASH_HEX + "}")) {
            throw new IllegalArgumentException(
                    "job id: input hash must be " + JobInputs.HASH_HEX + " lower-case hex digits: " + inputHash);
        }
    }

    /** Parses the text form. */
    public static JobId parse(String text) {
        Matcher m = text == null ? null : TEXT.matcher(text);
        if (m == null || !m.matches())
            throw new IllegalArgumentException("not a job id (block:level.index:KIND:hash): " + text);
        return new JobId(
                Long.parseLong(m.group(1)),
                new NodeId(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))),
                JobKind.valueOf(m.group(4)),
                m.group(5));
    }

    @Override
    public String toString() {
        return block + ":" + node.level() + "." + node.index() + ":" + kind + ":" + inputHash;
    }

    @Override
    public int compareTo(JobId o) {
        return toString().compareTo(o.toString());
    }
}
