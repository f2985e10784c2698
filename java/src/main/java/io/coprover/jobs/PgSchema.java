package io.coprover.jobs;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The job queue's tables and their migrations. Each migration runs once, in order, in one transaction
 * with the version it brings; a transaction-scoped advisory lock serialises workers that start at
 * the same moment, so exactly one of them migrates and the others see the result.
 */
final class PgSchema {
    private PgSchema() {}

    /** Migration i brings the schema to version i + 1. Only ever append. */
    private static List<String> migrations(String s) {
        return List.of(
                // 1: the jobs table. state is one of QUEUED, RUNNING, DONE, FAILED (JobState).
                "CREATE TABLE " + s + ".jobs ("
                        + " id bigserial PRIMARY KEY,"
                        + " key text UNIQUE,"
                        + " kind text NOT NULL,"
                        + " payload bytea NOT NULL,"
                        + " state text NOT NULL DEFAULT 'QUEUED' CHECK (state IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),"
                        + " attempts integer NOT NULL DEFAULT 0,"
                        + " max_retries integer NOT NULL CHECK (max_retries >= 0),"
                        + " token bigint NOT NULL DEFAULT 0,"
                        + " worker text,"
                        + " expires timestamptz,"
                        + " last_error text,"
                        + " result bytea,"
                        + " created timestamptz NOT NULL DEFAULT now(),"
                        + " updated timestamptz NOT NULL DEFAULT now());"
                        // claims scan queued rows oldest first; the sweep scans running rows by expiry
                        + "CREATE INDEX jobs_queued ON " + s + ".jobs (id) WHERE state = 'QUEUED';"
                        + "CREATE INDEX jobs_running ON " + s + ".jobs (expires) WHERE state = 'RUNNING';",
                // 2: one queue for the farm and the builder: owners, deadlines, CANCELLED and EXPIRED,
                // and the sequence that numbers jobs as they finish (listings resume after a number)
                "ALTER TABLE " + s
                        + ".jobs ADD COLUMN owner text, ADD COLUMN deadline timestamptz, ADD COLUMN finished_seq bigint;"
                        + "ALTER TABLE " + s + ".jobs DROP CONSTRAINT jobs_state_check;"
                        + "ALTER TABLE " + s + ".jobs ADD CONSTRAINT jobs_state_check"
                        + " CHECK (state IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED', 'EXPIRED'));"
                        + "CREATE SEQUENCE " + s + ".finished;"
                        + "UPDATE " + s + ".jobs SET finished_seq = nextval('" + s + ".finished')"
                        + " WHERE id IN (SELECT id FROM " + s
                        + ".jobs WHERE state IN ('DONE', 'FAILED') ORDER BY updated, id);"
                        + "CREATE UNIQUE INDEX jobs_finished ON " + s
                        + ".jobs (finished_seq) WHERE finished_seq IS NOT NULL;"
                        + "CREATE INDEX jobs_deadline ON " + s
                        + ".jobs (deadline) WHERE state IN ('QUEUED', 'RUNNING') AND deadline IS NOT NULL;"
                        + "CREATE INDEX jobs_owner_open ON " + s
                        + ".jobs (owner) WHERE state IN ('QUEUED', 'RUNNING');");
    }

    /** Creates or migrates schema {@code s}; returns the version it is at afterwards. */
    static int migrate(Connection c, String s) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(hashtext('coprover_farm_migrate:" + s + "'))");
            st.execute("CREATE SCHEMA IF NOT EXISTS " + s);
            st.execute("CREATE TABLE IF NOT EXISTS " + s + ".schema_version (version integer NOT NULL)");
            int version = 0;
            try (ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM " + s + ".schema_version")) {
                if (rs.next()) version = rs.getInt(1);
            }
            List<String> all = migrations(s);
            if (version > all.size()) {
                throw new SQLException("schema " + s + " is at version " + version
                        + ", newer than this coprover knows (" + all.size() + ")");
            }
            for (int v = version; v < all.size(); v++) {
                st.execute(all.get(v));
                st.execute("INSERT INTO " + s + ".schema_version (version) VALUES (" + (v + 1) + ")");
            }
            c.commit();
            return all.size();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
