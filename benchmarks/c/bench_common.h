/* Shared by bench_fiboheap.c and bench_boost.cpp: the same keys, the same
 * decrease-key targets, the same timing and the same output line, so the
 * Python runner (benchmarks/run.py) can compare the drivers side by side.
 *
 * Workload, for n elements with sequence numbers 0..n-1 (the FIFO tie-break):
 *   pushpop:  push all n (key[i], seq i), then pop all n;
 *   decrease: push all n, then decrease every element once, in insertion
 *             order, to key[i] * frac[i], then pop all n.
 * Every pop is checked against the previous one ((key, seq) must not go
 * down) and a hash of the popped sequence numbers is printed, so two drivers
 * that pop the same order print the same checksum. */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t bench_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double bench_unit(uint64_t *state)
{
    return (double)(bench_splitmix64(state) >> 11) * (1.0 / 9007199254740992.0);
}

static void bench_make_keys(size_t n, double *keys, double *frac)
{
    uint64_t s1 = 0x5EED0000ULL + n, s2 = 0xDEC0000ULL + n;
    for (size_t i = 0; i < n; i++) {
        keys[i] = bench_unit(&s1);
        frac[i] = bench_unit(&s2);
    }
}

static double bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

typedef struct bench_check {
    double last_key;
    uint64_t last_seq;
    uint64_t hash;
    size_t count;
    int bad;
} bench_check;

static void bench_check_start(bench_check *c)
{
    c->last_key = -1.0;
    c->last_seq = 0;
    c->hash = 0xcbf29ce484222325ULL;
    c->count = 0;
    c->bad = 0;
}

static inline void bench_check_pop(bench_check *c, double key, uint64_t seq)
{
    if (c->count && (key < c->last_key || (key == c->last_key && seq < c->last_seq)))
        c->bad = 1;
    c->last_key = key;
    c->last_seq = seq;
    c->hash = (c->hash ^ seq) * 0x100000001B3ULL;
    c->count++;
}

typedef struct bench_args {
    const char *impl;
    size_t n;
    int decrease; /* 0: pushpop, 1: decrease */
    double min_ns;
} bench_args;

static void bench_usage(const char *prog, const char *impls)
{
    fprintf(stderr, "usage: %s %sN pushpop|decrease [MIN_MS]\n"
                    "  times push-all then pop-all (decrease: plus one decrease-key\n"
                    "  per element), repeating until MIN_MS (default 0) have passed,\n"
                    "  and prints one JSON line with ns per element.\n",
            prog, impls);
    exit(2);
}

static void bench_parse(int argc, char **argv, int has_impl, const char *impls,
                        bench_args *a)
{
    int i = 1;
    a->impl = "fiboheap";
    if (has_impl) {
        if (argc < 2)
            bench_usage(argv[0], impls);
        a->impl = argv[i++];
    }
    if (argc < i + 2)
        bench_usage(argv[0], impls);
    a->n = (size_t)strtoull(argv[i], NULL, 10);
    if (strcmp(argv[i + 1], "pushpop") == 0)
        a->decrease = 0;
    else if (strcmp(argv[i + 1], "decrease") == 0)
        a->decrease = 1;
    else
        bench_usage(argv[0], impls);
    a->min_ns = argc > i + 2 ? atof(argv[i + 2]) * 1e6 : 0.0;
    if (a->n == 0)
        bench_usage(argv[0], impls);
}

static void bench_report(const bench_args *a, long reps, double push_ns,
                         double decrease_ns, double pop_ns, const bench_check *c)
{
    double per = (double)reps * (double)a->n;
    printf("{\"impl\": \"%s\", \"n\": %zu, \"mode\": \"%s\", \"reps\": %ld, "
           "\"ns_per_elem\": %.3f, \"push_ns\": %.3f, \"decrease_ns\": %.3f, "
           "\"pop_ns\": %.3f, \"checksum\": \"%016llx\", \"ok\": %s}\n",
           a->impl, a->n, a->decrease ? "decrease" : "pushpop", reps,
           (push_ns + decrease_ns + pop_ns) / per, push_ns / per,
           decrease_ns / per, pop_ns / per, (unsigned long long)c->hash,
           c->bad ? "false" : "true");
}

static inline void bench_unsupported(const bench_args *a, const char *why)
{
    printf("{\"impl\": \"%s\", \"n\": %zu, \"mode\": \"%s\", \"ns_per_elem\": null, "
           "\"note\": \"%s\"}\n",
           a->impl, a->n, a->decrease ? "decrease" : "pushpop", why);
}

#endif
