package io.coprover.jobs;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A small fixed-size JDBC connection pool: at most {@code size} connections, opened lazily, reused
 * in LIFO order, and discarded (then reopened on demand) after a connection-level error, so a
 * restarted server is picked up without restarting the worker.
 */
final class PgPool implements AutoCloseable {
    private final PgUrl url;
    private final Semaphore permits;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private volatile boolean closed;

    PgPool(PgUrl url, int size) {
        if (size < 1 || size > 256)
            throw new IllegalArgumentException("connection pool size must be 1..256, got " + size);
        this.url = url;
        this.permits = new Semaphore(size, true);
    }

    /** A connection in auto-commit mode; give it back with {@link #release}. */
    Connection borrow() throws SQLException {
        if (closed) throw new IllegalStateException("job queue is closed");
        try {
            if (!permits.tryAcquire(60, TimeUnit.SECONDS))
                throw new SQLException("no free database connection within 60 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a database connection", e);
        }
        try {
            Connection c;
            synchronized (idle) {
                c = idle.pollFirst();
            }
            if (c == null) {
                Properties p = new Properties();
                p.putAll(url.properties());
                p.setProperty("ApplicationName", "coprover-jobs");
                p.setProperty("connectTimeout", "10");
                p.setProperty("tcpKeepAlive", "true");
                c = DriverManager.getConnection(url.jdbcUrl(), p);
            }
            if (!c.getAutoCommit()) c.setAutoCommit(true);
            return c;
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Returns {@code c}; {@code broken} closes it instead of keeping it. */
    void release(Connection c, boolean broken) {
        try {
            if (broken || closed) {
                closeQuietly(c);
            } else {
                synchronized (idle) {
                    idle.addFirst(c);
                }
            }
        } finally {
            permits.release();
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (idle) {
            for (Connection c : idle) closeQuietly(c);
            idle.clear();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // a broken connection may fail to close; nothing else to do with it
        }
    }
}
