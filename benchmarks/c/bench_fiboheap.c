/* The fiboheap C core alone: see bench_common.h for the workload.
 * Build, with every .c file of csrc/:
 *   gcc -O2 -pthread -I csrc benchmarks/c/bench_fiboheap.c csrc/[a-z]*.c
 * Run:   bench_fiboheap N pushpop|decrease [MIN_MS]
 * Payloads are opaque pointers encoding seq + 1; the arena is created once
 * and reused by every repetition (as a long-lived program would). */
#include "bench_common.h"
#include "fiboheap.h"

static void die(const char *what, int status)
{
    fprintf(stderr, "bench_fiboheap: %s: %s (%d)\n", what, fh_strerror(status), status);
    exit(1);
}

int main(int argc, char **argv)
{
    bench_args a;
    bench_parse(argc, argv, 0, "", &a);
    size_t n = a.n;
    double *keys = malloc(n * sizeof *keys), *frac = malloc(n * sizeof *frac);
    fh_ref *refs = malloc(n * sizeof *refs);
    if (!keys || !frac || !refs)
        die("malloc", FH_ENOMEM);
    bench_make_keys(n, keys, frac);

    fh_arena *arena = fh_arena_new(NULL);
    if (!arena)
        die("fh_arena_new", FH_ENOMEM);

    double push_ns = 0, dec_ns = 0, pop_ns = 0;
    long reps = 0;
    bench_check check;
    do {
        bench_check_start(&check);
        double t0 = bench_now_ns();
        fh_heap *h = fh_new(arena);
        if (!h)
            die("fh_new", FH_ENOMEM);
        for (size_t i = 0; i < n; i++) {
            fh_ref r = fh_insert(h, keys[i], (void *)(uintptr_t)(i + 1));
            if (r < 0)
                die("fh_insert", (int)r);
            refs[i] = r;
        }
        double t1 = bench_now_ns();
        if (a.decrease) {
            for (size_t i = 0; i < n; i++) {
                int st = fh_decrease_key(h, refs[i], keys[i] * frac[i]);
                if (st != FH_OK)
                    die("fh_decrease_key", st);
            }
        }
        double t2 = bench_now_ns();
        for (size_t i = 0; i < n; i++) {
            double k;
            void *p;
            int st = fh_pop(h, &k, &p);
            if (st != FH_OK)
                die("fh_pop", st);
            bench_check_pop(&check, k, (uint64_t)(uintptr_t)p - 1);
        }
        if (fh_size(h) != 0)
            check.bad = 1;
        fh_free(h);
        double t3 = bench_now_ns();
        push_ns += t1 - t0;
        dec_ns += t2 - t1;
        pop_ns += t3 - t2;
        reps++;
    } while (push_ns + dec_ns + pop_ns < a.min_ns);

    if (check.count != n)
        check.bad = 1;
    bench_report(&a, reps, push_ns, dec_ns, pop_ns, &check);
    fh_arena_free(arena);
    free(keys);
    free(frac);
    free(refs);
    return check.bad ? 1 : 0;
}
