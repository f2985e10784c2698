package io.coprover.jobs;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link JobQueue} in PostgreSQL, shared by workers on any number of machines: the durable queue
 * pattern of production prover networks. Workers claim with {@code SELECT … FOR UPDATE SKIP LOCKED}
 * (concurrent claimers skip each other's locked rows instead of waiting, so each job goes to one
 * worker and claims scale with workers); leases, states and results are rows, so everything survives
 * a restart of the workers, of this process or of the server. Lease times and deadlines are the
 * server's clock ({@code now()}), so workers' clocks need not agree.
 *
 * <p>The schema (default {@code coprover_farm}) is created or migrated when the queue opens
 * ({@link PgSchema}). Fencing: each claim increments the row's {@code token}; heartbeat, complete,
 * fail and release update only {@code WHERE id = ? AND token = ? AND state = 'RUNNING'}, so at most
 * one of two racing workers can finish an attempt, and a job is completed at most once. A job's
 * finished number comes from one sequence, taken in the statement that makes it final.
 */
public final class PostgresJobQueue implements JobQueue {
    /** The schema used when none is given. */
    public static final String DEFAULT_SCHEMA = "coprover_farm";
    /** How often, at most, this handle's claims sweep lapsed leases (explicit {@link #requeueExpired} always sweeps). */
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMillis(100);

    private static final String COLUMNS =
            "id, key, kind, state, attempts, max_retries, worker, last_error, created, updated, owner,"
                    + " (extract(epoch from deadline) * 1000)::bigint, coalesce(finished_seq, 0)";

    private final PgUrl url;
    private final String schema;
    private final String jobs;
    private final String nextSeq;
    private final PgPool pool;
    private final long sweepIntervalNanos;
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime() - (1L << 62));

    /**
     * Opens the queue, creating or migrating its schema.
     *
     * @param schema   the PostgreSQL schema holding the queue's tables (lower-case identifier)
     * @param poolSize connections kept at most (one per worker thread is plenty)
     * @throws IllegalStateException when the server cannot be reached or the schema cannot be migrated
     */
    public PostgresJobQueue(PgUrl url, String schema, int poolSize) {
        this(url, schema, poolSize, DEFAULT_SWEEP_INTERVAL);
    }

    /**
     * As {@link #PostgresJobQueue(PgUrl, String, int)}, with claims sweeping lapsed leases and passed
     * deadlines at most once per {@code sweepInterval} ({@link Duration#ZERO}: before every claim). A
     * sweep is one more statement per claim; leases last seconds, so a 100 ms interval re-queues as
     * promptly in practice. Claims never hand out a job past its deadline, swept or not.
     */
    public PostgresJobQueue(PgUrl url, String schema, int poolSize, Duration sweepInterval) {
        if (sweepInterval == null || sweepInterval.isNegative())
            throw new IllegalArgumentException("sweep interval must not be negative");
        this.sweepIntervalNanos = sweepInterval.toNanos();
        if (schema == null || !schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("schema must be a lower-case SQL identifier, got " + schema);
        }
        this.url = url;
        this.schema = schema;
        this.jobs = schema + ".jobs";
        this.nextSeq = "nextval('" + schema + ".finished')";
        this.pool = new PgPool(url, poolSize);
        try {
            sql(c -> {
                PgSchema.migrate(c, schema);
                return null;
            });
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Opens {@code url} with the default schema and a pool of 8 connections. */
    public static PostgresJobQueue open(String url) {
        return new PostgresJobQueue(PgUrl.parse(url), DEFAULT_SCHEMA, 8);
    }

    @Override
    public long submit(String key, String kind, byte[] payload, int maxRetries, String owner, Instant deadline) {
        JobQueue.checkSubmit(key, kind, payload, maxRetries, owner);
        return sql(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO " + jobs + " (key, kind, payload, max_retries, owner, deadline)"
                            + " VALUES (?, ?, ?, ?, ?, to_timestamp(?::double precision / 1000))"
                            + " ON CONFLICT (key) DO NOTHING RETURNING id")) {
                ps.setString(1, key);
                ps.setString(2, kind);
                ps.setBytes(3, payload);
                ps.setInt(4, maxRetries);
                ps.setString(5, owner);
                if (deadline == null) ps.setNull(6, java.sql.Types.BIGINT);
                else ps.setLong(6, deadline.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return rs.getLong(1);
                }
            }
            // the key exists: idempotent only for the same job
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT id, kind = ? AND payload = ? FROM " + jobs + " WHERE key = ?")) {
                ps.setString(1, kind);
                ps.setBytes(2, payload);
                ps.setString(3, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next())
                        throw new IllegalStateException("job key \"" + key + "\" conflicted but no row holds it");
                    if (!rs.getBoolean(2)) {
                        throw new IllegalArgumentException("job key \"" + key + "\" was already used for job "
                                + rs.getLong(1) + " with another kind or payload");
                    }
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public Optional<Lease> claim(String workerId, Set<String> kinds, Duration lease) {
        JobQueue.checkClaim(workerId, kinds, lease);
        return sql(c -> {
            long now = System.nanoTime(), last = lastSweep.get();
            if (now - last >= sweepIntervalNanos && lastSweep.compareAndSet(last, now)) sweep(c);
            String filter = kinds.isEmpty() ? "" : " AND kind = ANY (?)";
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE " + jobs + " j SET state = 'RUNNING', attempts = j.attempts + 1,"
                            + " token = j.token + 1, worker = ?, expires = now() + ? * interval '1 millisecond', updated = now()"
                            + " FROM (SELECT id FROM " + jobs
                            + " WHERE state = 'QUEUED' AND (deadline IS NULL OR deadline > now())" + filter
                            + " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) c"
                            + " WHERE j.id = c.id RETURNING j.id, j.kind, j.payload, j.attempts, j.token, j.expires")) {
                ps.setString(1, workerId);
                ps.setLong(2, lease.toMillis());
                if (!kinds.isEmpty()) {
                    Array a = c.createArrayOf("text", kinds.toArray());
                    ps.setArray(3, a);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new Lease(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getBytes(3),
                            rs.getInt(4),
                            rs.getLong(5),
                            workerId,
                            rs.getTimestamp(6).toInstant()));
                }
            }
        });
    }

    @Override
    public boolean heartbeat(Lease lease, Duration extend) {
        JobQueue.checkLease(extend);
        return fenced(lease, "expires = now() + ? * interval '1 millisecond'", extend.toMillis());
    }

    @Override
    public boolean complete(Lease lease, byte[] result) {
        JobQueue.checkResult(result);
        return fenced(
                lease,
                "state = 'DONE', result = ?, expires = NULL, updated = now(), finished_seq = " + nextSeq,
                result);
    }

    @Override
    public boolean fail(Lease lease, String reason, boolean retry) {
        String failed = retry ? "attempts > max_retries" : "true";
        return fenced(
                lease,
                "state = CASE WHEN " + failed + " THEN 'FAILED' ELSE 'QUEUED' END,"
                        + " finished_seq = CASE WHEN " + failed + " THEN " + nextSeq + " END,"
                        + " last_error = ?, expires = NULL, updated = now()",
                JobQueue.reason(reason));
    }

    @Override
    public boolean release(Lease lease, String reason) {
        return fenced(
                lease,
                "state = 'QUEUED', attempts = attempts - 1, last_error = ?, expires = NULL, updated = now()",
                JobQueue.reason(reason));
    }

    /** {@code UPDATE jobs SET <set> WHERE <the lease is the current attempt>}; true when it applied. */
    private boolean fenced(Lease lease, String set, Object arg) {
        if (lease == null) throw new IllegalArgumentException("lease is required");
        return sql(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE " + jobs + " SET " + set + " WHERE id = ? AND token = ? AND state = 'RUNNING'")) {
                ps.setObject(1, arg);
                ps.setLong(2, lease.jobId());
                ps.setLong(3, lease.token());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean cancel(long jobId, String reason) {
        return sql(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + jobs
                    + " SET state = 'CANCELLED', last_error = ?, expires = NULL," + " updated = now(), finished_seq = "
                    + nextSeq + " WHERE id = ? AND state IN ('QUEUED', 'RUNNING')")) {
                ps.setString(1, JobQueue.reason(reason));
                ps.setLong(2, jobId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public int requeueExpired() {
        return sql(this::sweep);
    }

    /**
     * In one statement (a sweep before a claim costs one round trip): open jobs past their deadline
     * become EXPIRED, other lapsed leases go back to the queue or, out of retries, FAILED. Rows
     * another session is updating are skipped, not waited for.
     */
    private int sweep(Connection c) throws SQLException {
        String late = "j.deadline <= now()", spent = "j.attempts > j.max_retries";
        try (Statement st = c.createStatement()) {
            return st.executeUpdate("UPDATE " + jobs + " j SET"
                    + " state = CASE WHEN " + late + " THEN 'EXPIRED' WHEN " + spent
                    + " THEN 'FAILED' ELSE 'QUEUED' END,"
                    + " finished_seq = CASE WHEN " + late + " OR " + spent + " THEN " + nextSeq + " END,"
                    + " last_error = CASE WHEN " + late + " THEN 'deadline passed'"
                    + " ELSE 'lease of ' || j.worker || ' expired (attempt ' || j.attempts || ')' END,"
                    + " expires = NULL, updated = now()"
                    + " FROM (SELECT id FROM " + jobs + " WHERE (state = 'RUNNING' AND expires < now())"
                    + " OR (state IN ('QUEUED', 'RUNNING') AND deadline IS NOT NULL AND deadline <= now())"
                    + " FOR UPDATE SKIP LOCKED) x WHERE j.id = x.id");
        }
    }

    @Override
    public int requeueRunning(String reason) {
        return sql(c -> {
            String failed = "attempts > max_retries";
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE " + jobs + " SET state = CASE WHEN " + failed + " THEN 'FAILED' ELSE 'QUEUED' END,"
                            + " finished_seq = CASE WHEN " + failed + " THEN " + nextSeq + " END,"
                            + " last_error = ?, expires = NULL, updated = now() WHERE state = 'RUNNING'")) {
                ps.setString(1, JobQueue.reason(reason));
                return ps.executeUpdate();
            }
        });
    }

    private static JobInfo info(ResultSet rs) throws SQLException {
        long deadline = rs.getLong(12);
        Instant dl = rs.wasNull() ? null : Instant.ofEpochMilli(deadline);
        return new JobInfo(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                JobState.valueOf(rs.getString(4)),
                rs.getInt(5),
                rs.getInt(6),
                rs.getString(7),
                rs.getString(8),
                rs.getTimestamp(9).toInstant(),
                rs.getTimestamp(10).toInstant(),
                rs.getString(11),
                dl,
                rs.getLong(13));
    }

    @Override
    public Optional<JobInfo> status(long jobId) {
        return sql(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + jobs + " WHERE id = ?")) {
                ps.setLong(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(info(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<byte[]> result(long jobId) {
        return bytes("SELECT result FROM " + jobs + " WHERE id = ? AND state = 'DONE'", jobId);
    }

    @Override
    public Optional<byte[]> payload(long jobId) {
        return bytes("SELECT payload FROM " + jobs + " WHERE id = ?", jobId);
    }

    private Optional<byte[]> bytes(String query, long jobId) {
        return sql(c -> {
            try (PreparedStatement ps = c.prepareStatement(query)) {
                ps.setLong(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<Long> findByKey(String key) {
        if (key == null) return Optional.empty();
        return sql(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + jobs + " WHERE key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<JobInfo> finishedAfter(String owner, long afterSeq, int limit) {
        JobQueue.checkLimit(limit);
        return sql(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT " + COLUMNS + " FROM " + jobs + " WHERE finished_seq > ?"
                            + (owner == null ? "" : " AND owner = ?") + " ORDER BY finished_seq LIMIT " + limit)) {
                ps.setLong(1, afterSeq);
                if (owner != null) ps.setString(2, owner);
                List<JobInfo> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(info(rs));
                }
                return out;
            }
        });
    }

    @Override
    public QueueCounts counts(String owner) {
        return sql(c -> {
            long[] n = new long[JobState.values().length];
            try (PreparedStatement ps = c.prepareStatement("SELECT state, count(*) FROM " + jobs
                    + (owner == null ? "" : " WHERE owner = ?") + " GROUP BY state")) {
                if (owner != null) ps.setString(1, owner);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) n[JobState.valueOf(rs.getString(1)).ordinal()] = rs.getLong(2);
                }
            }
            return QueueCounts.of(n);
        });
    }

    /** Drops this queue's schema with every job in it (tests and operators resetting a queue). */
    public void dropSchema() {
        sql(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
            return null;
        });
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public String describe() {
        return "PostgreSQL queue " + url + " (schema " + schema + ")";
    }

    @Override
    public void close() {
        pool.close();
    }

    @FunctionalInterface
    private interface Sql<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code body} on a pooled connection; SQL errors become IllegalStateException naming the queue. */
    private <T> T sql(Sql<T> body) {
        Connection c;
        try {
            c = pool.borrow();
        } catch (SQLException e) {
            throw new IllegalStateException("job queue " + url + ": cannot connect: " + e.getMessage(), e);
        }
        boolean broken = false;
        try {
            return body.run(c);
        } catch (SQLException e) {
            String state = e.getSQLState();
            broken = state == null || state.startsWith("08") || state.startsWith("57");
            throw new IllegalStateException("job queue " + url + ": " + e.getMessage(), e);
        } finally {
            pool.release(c, broken);
        }
    }
}
