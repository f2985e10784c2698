package io.coprover.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite on a real PostgreSQL server ({@link PgTestSupport}); each test in its own
 * schema, dropped afterwards. Reopening builds a new connection pool over the same schema.
 */
class PostgresJobQueueTest extends AbstractJobQueueTest {
    private PgUrl url;
    private String schema;

    @Override
    protected JobQueue openFresh() {
        url = PgTestSupport.url();
        schema = PgTestSupport.freshSchema();
        return new PostgresJobQueue(url, schema, 8);
    }

    @Override
    protected JobQueue reopen(JobQueue old) {
        old.close();
        return new PostgresJobQueue(url, schema, 8);
    }

    @Override
    protected boolean persistent() {
        return true;
    }

    @Override
    protected boolean shared() {
        return true;
    }

    @AfterEach
    void dropSchema() {
        if (q instanceof PostgresJobQueue p) p.dropSchema();
    }

    @Test
    void migrationIsRecordedOnceAndReopenIsANoOp() throws Exception {
        new PostgresJobQueue(url, schema, 1).close();
        new PostgresJobQueue(url, schema, 1).close();
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.properties());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*), max(version) FROM " + schema + ".schema_version")) {
            rs.next();
            assertEquals(2, rs.getInt(1));
            assertEquals(2, rs.getInt(2));
        }
    }

    @Test
    void unreachableServerIsAClearError() {
        PgUrl nowhere = PgUrl.parse("postgres://u:secret@127.0.0.1:1/none");
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> new PostgresJobQueue(nowhere, "x", 1));
        assertEquals(
                false, e.getMessage().contains("secret"), "the password never appears in messages: " + e.getMessage());
    }

    @Test
    void urlForms() {
        PgUrl a = PgUrl.parse("postgres://coprover:p%40ss@db.example:5433/farm?sslmode=disable");
        assertEquals("jdbc:postgresql://db.example:5433/farm?sslmode=disable", a.jdbcUrl());
        assertEquals("coprover", a.properties().getProperty("user"));
        assertEquals("p@ss", a.properties().getProperty("password"));
        assertEquals("postgres://coprover:***@db.example:5433/farm?sslmode=disable", a.toString());
        assertEquals(
                "jdbc:postgresql://h/d?user=u&password=***",
                PgUrl.parse("jdbc:postgresql://h/d?user=u&password=x").toString());
        assertThrows(IllegalArgumentException.class, () -> PgUrl.parse("mysql://h/d"));
        assertThrows(IllegalArgumentException.class, () -> PgUrl.parse("postgres:///d"));
    }
}
