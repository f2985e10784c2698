package io.coprover.jobs;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Opens a {@link JobQueue} from the location operators type:
 * <ul>
 *   <li>{@code mem} — the in-process queue, in memory (a demo, or workers in the submitting process);</li>
 *   <li>{@code file:PATH} — the in-process queue persisted in an MVStore file;</li>
 *   <li>{@code postgres://user:pass@host:port/db}, {@code postgresql://…} or {@code jdbc:postgresql://…} —
 *       the shared {@link PostgresJobQueue}.</li>
 * </ul>
 */
public final class JobQueues {
    private JobQueues() {}

    /** The forms {@link #open} accepts, for help texts. */
    public static final String FORMS = "mem | file:PATH | postgres://user:pass@host:port/db";

    /**
     * @param schema   PostgreSQL schema (ignored by the in-process queue): the farm's and the
     *                 builder's queues are separate schemas of one server
     * @param poolSize PostgreSQL connections at most (ignored by the in-process queue)
     * @throws IllegalArgumentException for an unknown form
     * @throws IllegalStateException    when PostgreSQL cannot be reached or migrated
     */
    public static JobQueue open(String location, String schema, int poolSize) {
        if (location == null || location.isBlank())
            throw new IllegalArgumentException("queue location is empty (expected " + FORMS + ")");
        String l = location.trim();
        if (l.equals("mem")) return new MemoryJobQueue();
        if (l.startsWith("file:")) {
            String f = l.substring("file:".length());
            if (f.isEmpty()) throw new IllegalArgumentException("queue file: missing path (file:PATH)");
            return new MemoryJobQueue(Path.of(f), Clock.systemUTC());
        }
        if (l.startsWith("postgres://") || l.startsWith("postgresql://") || l.startsWith("jdbc:postgresql:")) {
            return new PostgresJobQueue(PgUrl.parse(l), schema, poolSize);
        }
        throw new IllegalArgumentException("unknown queue \"" + l + "\" (expected " + FORMS + ")");
    }
}
