package io.coprover.farm;

/** Worker reliability over the in-process queue. */
class MemoryFarmWorkerTest extends AbstractFarmWorkerTest {
    @Override
    protected JobQueue openFresh() {
        return new MemoryJobQueue();
    }
}
