package io.coprover.jobs;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the PostgreSQL server for the farm tests: {@code COPROVER_PG_URL} (libpq or JDBC form).
 * Without it, or when the server does not answer, the tests are skipped with the reason, unless
 * {@code COPROVER_REQUIRE_PG=1} (as in CI), where they fail instead: CI must not pass by skipping.
 */
public final class PgTestSupport {
    private PgTestSupport() {}

    public static PgUrl url() {
        String env = System.getenv("COPROVER_PG_URL");
        boolean required = "1".equals(System.getenv("COPROVER_REQUIRE_PG"));
        if (env == null || env.isBlank()) {
            String how = "(as root, `export COPROVER_PG_URL=$(bash .ci/postgres.sh)` starts one on loopback)";
            if (required) fail("COPROVER_REQUIRE_PG=1 but COPROVER_PG_URL is not set " + how);
            Assumptions.abort("COPROVER_PG_URL is not set: PostgreSQL queue tests skipped " + how);
        }
        PgUrl url = PgUrl.parse(env);
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.properties())) {
            c.isValid(5);
        } catch (SQLException e) {
            String msg = "PostgreSQL at " + url + " is not reachable (" + e.getMessage() + ")";
            if (required) fail("COPROVER_REQUIRE_PG=1 but " + msg);
            Assumptions.abort(msg + ": PostgreSQL queue tests skipped");
        }
        return url;
    }

    /** A fresh schema name, so test classes and runs never see each other's jobs. */
    public static String freshSchema() {
        return "farm_test_"
                + Long.toString(new Random().nextLong() & Long.MAX_VALUE, 36).toLowerCase(Locale.ROOT);
    }

    /** After a test with a worker process: kills it if still running, then drops the test's schema (either may be absent). */
    public static void cleanUp(Process child, PostgresJobQueue q) throws Exception {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
            child.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        if (q != null) {
            q.dropSchema();
            q.close();
        }
    }
}
