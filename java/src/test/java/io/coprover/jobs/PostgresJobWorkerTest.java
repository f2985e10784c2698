package io.coprover.jobs;

import org.junit.jupiter.api.AfterEach;

/** Worker reliability over PostgreSQL (one schema per test, dropped afterwards). */
class PostgresJobWorkerTest extends AbstractJobWorkerTest {
    @Override
    protected JobQueue openFresh() {
        return new PostgresJobQueue(PgTestSupport.url(), PgTestSupport.freshSchema(), 8);
    }

    @AfterEach
    void drop() {
        if (q instanceof PostgresJobQueue p) p.dropSchema();
    }
}
