/* coprover_msm_bench: checks and times the host MSM of one or more builds of libcoprover, loaded
 * side by side with dlopen, so two commits can be timed in one run (A B A B ...). No JVM needed.
 *
 *   coprover_msm_bench check LIB [max_log=12] [seed]
 *       the MSM against a double-and-add reference (sum of k_i P_i, one point at a time) on random
 *       and edge-case scalars (0, 1, r-1, equal scalars, one bucket for all, points at infinity,
 *       repeated and opposite points), window sizes from 2 to 20 at small sizes, 1-3 threads;
 *       exits 1 on any mismatch.
 *   coprover_msm_bench ab LIB [-f C] [LIB...] [-l 16] [-r 9] [-t 0] [-w 0]
 *       random points and scalars of 2^l; each repetition runs every library once in turn (the
 *       order reversed every other repetition, since going first measurably helps); prints
 *       per library the median and minimum wall and process CPU time, and the ratios of medians to
 *       the first library; checks that every library returns the same point. -f C after a library
 *       adds that library again with a fixed-base table of window C on its bases.
 *   coprover_msm_bench ab-ntt LIB [LIB...] [-l 16] [-r 9] [-t 0]
 *       the same for the forward NTT of 2^l random Fr elements. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "coprover/curve.hpp"
#include "coprover_api.h"

using namespace coprover;

namespace {

struct Lib {
    std::string path;
    int32_t (*bases_load)(const coprover_config *, const int64_t *, int64_t, int64_t *);
    int32_t (*msm)(const coprover_config *, int64_t, int64_t, const int64_t *, int64_t, int64_t *);
    int32_t (*ntt)(const coprover_config *, int64_t *, int32_t, int32_t, int32_t, const int64_t *);
    const char *(*last_error)(void);
    int32_t (*fixed_build)(const coprover_config *, int64_t, int32_t);  // null in builds without it
    int fixed = 0;  // window of the fixed-base table this entry's bases get (0: none)
};

Lib open_lib(const char *path) {
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) { fprintf(stderr, "cannot load %s: %s\n", path, dlerror()); exit(2); }
    Lib l;
    l.path = path;
    l.bases_load = (decltype(l.bases_load))dlsym(h, "coprover_bases_load");
    l.msm = (decltype(l.msm))dlsym(h, "coprover_msm");
    l.last_error = (decltype(l.last_error))dlsym(h, "coprover_last_error");
    l.ntt = (decltype(l.ntt))dlsym(h, "coprover_ntt");
    l.fixed_build = (decltype(l.fixed_build))dlsym(h, "coprover_bases_fixed_build");
    if (!l.bases_load || !l.msm || !l.last_error || !l.ntt) { fprintf(stderr, "%s: missing symbols\n", path); exit(2); }
    return l;
}

Fr random_fr(std::mt19937_64 &rng) {
    const uint64_t p[4] = {FrParams::P0, FrParams::P1, FrParams::P2, FrParams::P3};
    for (;;) {
        Fr x;
        for (int i = 0; i < 4; i++) x.l[i] = rng();
        x.l[3] &= (1ull << 62) - 1;
        uint64_t b = 0;
        for (int i = 0; i < 4; i++) sbb(x.l[i], p[i], b);
        if (b) return x;  // below r: canonical limbs are a valid Montgomery value
    }
}

G1Xyzz mul_plain(const G1Xyzz &p, const Fr &k_plain) {
    G1Xyzz r = G1Xyzz::inf();
    for (int i = 255; i >= 0; i--) {
        r = r.dbl();
        if ((k_plain.l[i >> 6] >> (i & 63)) & 1) r = r.add(p);
    }
    return r;
}

/* n points k_i G with random k_i, normalised with one batch inversion */
std::vector<G1Affine> random_points(std::mt19937_64 &rng, int64_t n) {
    G1Affine g = {Fq::one(), Fq::one().dbl()};
    G1Xyzz q = mul_plain(G1Xyzz::from_affine(g), random_fr(rng).from_mont());
    std::vector<G1Xyzz> xs(n);
    G1Xyzz cur = mul_plain(G1Xyzz::from_affine(g), random_fr(rng).from_mont());
    for (int64_t i = 0; i < n; i++) { xs[i] = cur; cur = cur.add(q); }
    std::vector<Fq> prefix(n);
    Fq acc = Fq::one();
    for (int64_t i = 0; i < n; i++) { prefix[i] = acc; acc = acc * (xs[i].ZZ * xs[i].ZZZ); }
    Fq inv = acc.inverse();
    std::vector<G1Affine> out(n);
    for (int64_t i = n - 1; i >= 0; i--) {
        Fq d = xs[i].ZZ * xs[i].ZZZ, di = inv * prefix[i];
        inv = inv * d;
        out[i] = G1Affine{xs[i].X * (di * xs[i].ZZZ), xs[i].Y * (di * xs[i].ZZ)};
    }
    return out;
}

coprover_config config(int threads, int window) {
    coprover_config c;
    memset(&c, 0, sizeof c);
    c.device = -1;
    c.threads = threads;
    c.window_bits = window;
    return c;
}

double now_s(clockid_t clk) {
    timespec t;
    clock_gettime(clk, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int check(const Lib &lib, int max_log, uint64_t seed) {
    std::mt19937_64 rng(seed);
    const int64_t nmax = (int64_t)1 << max_log;
    std::vector<G1Affine> pts = random_points(rng, nmax);
    // edge points: infinity, a repeat, an opposite
    pts[3] = G1Affine{Fq::zero(), Fq::zero()};
    pts[5] = pts[4];
    pts[6] = pts[4].neg();
    coprover_config c0 = config(0, 0);
    int64_t h;
    if (lib.bases_load(&c0, (const int64_t *)pts.data(), nmax, &h)) { printf("load: %s\n", lib.last_error()); return 1; }
    // the same bases with fixed-base tables (window 0 uses them), where the library has them
    std::vector<std::pair<int, int64_t>> fixed;
    for (int fc : {5, 16}) {
        int64_t hf;
        if (!lib.fixed_build) break;
        if (lib.bases_load(&c0, (const int64_t *)pts.data(), nmax, &hf) || lib.fixed_build(&c0, hf, fc)) {
            printf("fixed: %s\n", lib.last_error());
            return 1;
        }
        fixed.push_back({fc, hf});
    }
    int failures = 0, cases = 0;
    const Fr one = Fr::one(), minus_one = Fr::zero() - Fr::one();
    for (int kind = 0; kind < 6; kind++) {
        for (int64_t n : {(int64_t)1, (int64_t)2, (int64_t)7, (int64_t)100, (int64_t)1000, nmax}) {
            if (n > nmax) continue;
            std::vector<Fr> s(n);
            Fr same = random_fr(rng);
            for (int64_t i = 0; i < n; i++) {
                switch (kind) {
                case 0: s[i] = random_fr(rng); break;
                case 1: s[i] = same; break;                                  // one bucket in every window
                case 2: s[i] = (i % 3 == 0) ? Fr::zero() : (i % 3 == 1 ? one : minus_one); break;
                case 3: s[i] = Fr{{rng() & 0xff, 0, 0, 0}}.to_mont(); break;  // small scalars
                case 4: s[i] = Fr{{rng(), rng(), 0, 0}}.to_mont(); break;     // 128-bit scalars
                default: s[i] = (i & 1) ? same : same.neg(); break;           // cancelling pairs
                }
            }
            G1Xyzz want = G1Xyzz::inf();
            for (int64_t i = 0; i < n; i++) want = want.add(mul_plain(G1Xyzz::from_affine(pts[i]), s[i].from_mont()));
            G1Affine w = want.to_affine();
            for (int threads = 1; threads <= 3; threads++) {
                for (int window : {0, 2, 3, 4, 5, 7, 8, 11, 13, 16, 20}) {
                    if (window > (n <= 100 ? 20 : 0) || (window > 13 && n > 7)) continue;
                    coprover_config c = config(threads, window);
                    G1Affine got;
                    cases++;
                    if (lib.msm(&c, h, 0, (const int64_t *)s.data(), n, (int64_t *)&got)) {
                        printf("ERROR kind %d n %lld: %s\n", kind, (long long)n, lib.last_error());
                        failures++;
                    } else if (!(got.x == w.x && got.y == w.y)) {
                        printf("FAIL kind %d n %lld threads %d window %d\n", kind, (long long)n, threads, window);
                        failures++;
                    }
                    if (window != 0) continue;
                    for (auto &f : fixed) {
                        // from offset start too: the last n of the nmax bases against the first n
                        for (int64_t start : {(int64_t)0, nmax - n}) {
                            G1Xyzz w2 = G1Xyzz::inf();
                            for (int64_t i = 0; i < n; i++) w2 = w2.add(mul_plain(G1Xyzz::from_affine(pts[start + i]), s[i].from_mont()));
                            G1Affine want2 = start ? w2.to_affine() : w;
                            cases++;
                            if (lib.msm(&c, f.second, start, (const int64_t *)s.data(), n, (int64_t *)&got)) {
                                printf("ERROR fixed %d kind %d n %lld: %s\n", f.first, kind, (long long)n, lib.last_error());
                                failures++;
                            } else if (!(got.x == want2.x && got.y == want2.y)) {
                                printf("FAIL fixed %d kind %d n %lld start %lld threads %d\n", f.first, kind, (long long)n, (long long)start, threads);
                                failures++;
                            }
                        }
                    }
                }
            }
        }
    }
    printf("%d cases, %d failures\n", cases, failures);
    return failures ? 1 : 0;
}

int ab(const std::vector<Lib> &libs, bool ntt, int log_n, int reps, int threads, int window) {
    std::mt19937_64 rng(42);
    const int64_t n = (int64_t)1 << log_n;
    std::vector<G1Affine> pts = ntt ? std::vector<G1Affine>() : random_points(rng, n);
    std::vector<Fr> s(n);
    for (auto &x : s) x = random_fr(rng);
    coprover_config c = config(threads, window);
    std::vector<int64_t> handles;
    for (const Lib &l : libs) {
        int64_t h = 0;
        if (!ntt && l.bases_load(&c, (const int64_t *)pts.data(), n, &h)) { printf("load: %s\n", l.last_error()); return 1; }
        if (l.fixed) {
            double w0 = now_s(CLOCK_MONOTONIC);
            if (l.fixed_build(&c, h, l.fixed)) { printf("fixed: %s\n", l.last_error()); return 1; }
            printf("fixed-base table (window %d) built in %.3f s\n", l.fixed, now_s(CLOCK_MONOTONIC) - w0);
        }
        handles.push_back(h);
    }
    std::vector<std::vector<double>> wall(libs.size()), cpu(libs.size());
    std::vector<G1Affine> res(libs.size());
    std::vector<std::vector<Fr>> out(libs.size());
    for (int r = -1; r < reps; r++) {  // r = -1: untimed warm-up
        for (size_t k = 0; k < libs.size(); k++) {
            size_t i = (r & 1) ? libs.size() - 1 - k : k;  // A B, then B A: no library always goes first
            out[i] = s;
            double w0 = now_s(CLOCK_MONOTONIC), c0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
            int32_t rc = ntt ? libs[i].ntt(&c, (int64_t *)out[i].data(), log_n, 1, COPROVER_NTT_FORWARD, nullptr)
                             : libs[i].msm(&c, handles[i], 0, (const int64_t *)s.data(), n, (int64_t *)&res[i]);
            double w1 = now_s(CLOCK_MONOTONIC), c1 = now_s(CLOCK_PROCESS_CPUTIME_ID);
            if (rc) { printf("%s: %s\n", ntt ? "ntt" : "msm", libs[i].last_error()); return 1; }
            if (r >= 0) { wall[i].push_back(w1 - w0); cpu[i].push_back(c1 - c0); }
        }
    }
    int bad = 0;
    for (size_t i = 1; i < libs.size(); i++) {
        bool same = ntt ? out[i] == out[0] : (res[i].x == res[0].x && res[i].y == res[0].y);
        if (!same) { printf("MISMATCH %s vs %s\n", libs[i].path.c_str(), libs[0].path.c_str()); bad = 1; }
    }
    auto median = [](std::vector<double> v) { std::sort(v.begin(), v.end()); return v[v.size() / 2]; };
    double base = median(wall[0]);
    double load[3] = {0, 0, 0};
    if (FILE *f = fopen("/proc/loadavg", "r")) { if (fscanf(f, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) load[0] = -1; fclose(f); }
    printf("%s 2^%d, threads %d, window %d, %d reps interleaved, load average after: %.2f %.2f %.2f\n",
           ntt ? "forward NTT" : "MSM", log_n, threads, window, reps, load[0], load[1], load[2]);
    printf("| library | median s | min s | median CPU s | min CPU s | median vs first | CPU median vs first |\n"
           "|---|---:|---:|---:|---:|---:|---:|\n");
    double cbase = median(cpu[0]);
    for (size_t i = 0; i < libs.size(); i++) {
        printf("| %s | %.4f | %.4f | %.4f | %.4f | %.2fx | %.2fx |\n", libs[i].path.c_str(), median(wall[i]),
               *std::min_element(wall[i].begin(), wall[i].end()), median(cpu[i]),
               *std::min_element(cpu[i].begin(), cpu[i].end()), base / median(wall[i]), cbase / median(cpu[i]));
    }
    return bad;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc >= 3 && strcmp(argv[1], "check") == 0) {
        Lib l = open_lib(argv[2]);
        return check(l, argc > 3 ? atoi(argv[3]) : 12, argc > 4 ? strtoull(argv[4], nullptr, 10) : 1);
    }
    if (argc >= 3 && (strcmp(argv[1], "ab") == 0 || strcmp(argv[1], "ab-ntt") == 0)) {
        std::vector<Lib> libs;
        int log_n = 16, reps = 9, threads = 0, window = 0;
        for (int i = 2; i < argc; i++) {
            if (!strcmp(argv[i], "-l") && i + 1 < argc) log_n = atoi(argv[++i]);
            else if (!strcmp(argv[i], "-r") && i + 1 < argc) reps = atoi(argv[++i]);
            else if (!strcmp(argv[i], "-t") && i + 1 < argc) threads = atoi(argv[++i]);
            else if (!strcmp(argv[i], "-w") && i + 1 < argc) window = atoi(argv[++i]);
            else if (!strcmp(argv[i], "-f") && i + 1 < argc && !libs.empty()) {
                // the last library again, its bases with a fixed-base table of this window
                Lib l = libs.back();
                l.fixed = atoi(argv[++i]);
                if (!l.fixed_build) { fprintf(stderr, "%s: no coprover_bases_fixed_build\n", l.path.c_str()); return 2; }
                l.path += " fixed " + std::to_string(l.fixed);
                libs.push_back(l);
            } else libs.push_back(open_lib(argv[i]));
        }
        if (libs.empty()) { fprintf(stderr, "ab: no library given\n"); return 2; }
        return ab(libs, strcmp(argv[1], "ab-ntt") == 0, log_n, reps, threads, window);
    }
    fprintf(stderr, "usage: coprover_msm_bench check LIB [max_log] [seed] | ab|ab-ntt LIB [LIB...] [-l log] [-r reps] [-t threads] [-w window]\n");
    return 2;
}
