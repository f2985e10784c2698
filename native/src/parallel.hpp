/* A minimal fork-join helper over std::thread: run f(task) for task in [0, tasks) on up to
 * `threads` threads, each claiming the next task index from an atomic counter (so a slow or busy
 * core delays only its own tasks). Threads are created per call: every caller here does at least
 * milliseconds of work per call, against tens of microseconds to start a thread. */
#ifndef COPROVER_PARALLEL_HPP
#define COPROVER_PARALLEL_HPP

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace coprover {

/* As parallel_for, with f(task, worker): worker < min(tasks, threads) names the thread running the
 * task, for per-thread scratch memory allocated once per call. */
template <class F>
void parallel_for_workers(int64_t tasks, int threads, F f) {
    if (tasks <= 0) return;
    int n = (int)(tasks < threads ? tasks : threads);
    if (n <= 1) {
        for (int64_t t = 0; t < tasks; t++) f(t, 0);
        return;
    }
    std::atomic<int64_t> next(0);
    auto worker = [&](int id) {
        for (int64_t t = next.fetch_add(1); t < tasks; t = next.fetch_add(1)) f(t, id);
    };
    std::vector<std::thread> pool;
    pool.reserve(n - 1);
    for (int i = 1; i < n; i++) {
        try {
            pool.emplace_back(worker, i);
        } catch (...) {
            break;  // could not start another thread: the ones running claim every task anyway
        }
    }
    worker(0);
    for (auto &th : pool) th.join();
}

template <class F>
void parallel_for(int64_t tasks, int threads, F f) {
    if (tasks <= 0) return;
    if (threads <= 1 || tasks == 1) {
        for (int64_t t = 0; t < tasks; t++) f(t);
        return;
    }
    int n = (int)(tasks < threads ? tasks : threads);
    std::atomic<int64_t> next(0);
    auto worker = [&]() {
        for (int64_t t = next.fetch_add(1); t < tasks; t = next.fetch_add(1)) f(t);
    };
    std::vector<std::thread> pool;
    pool.reserve(n - 1);
    for (int i = 1; i < n; i++) {
        try {
            pool.emplace_back(worker);
        } catch (...) {
            break;  // could not start another thread: the ones running claim every task anyway
        }
    }
    worker();
    for (auto &th : pool) th.join();
}

/* n elements of a trivial type, not initialised: for buffers that are written before they are read
 * (a std::vector would first zero them, and touch every page to do it). */
template <class T>
std::unique_ptr<T[]> uninit(size_t n) {
    return std::unique_ptr<T[]>(new T[n]);
}

}  // namespace coprover

#endif
