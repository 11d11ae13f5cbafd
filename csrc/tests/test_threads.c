/* One heap used from several threads at once, merges in opposite
 * directions racing each other (which must not deadlock), and references of
 * one heap handed to another while the first churns (which must be refused
 * without a data race: `make tsan` runs this file under ThreadSanitizer). */
#include <pthread.h>
#include <stdatomic.h>

#include "../fiboheap.h"
#include "support.h"
#include "testing.h"

enum { THREADS = 4, ROUNDS = 5000 };

typedef struct worker {
    pthread_t thread;
    fh_heap *mine, *other;
    unsigned seed;
    int failures;
} worker;

/* Each round inserts two elements and pops one, so the heap is never empty
 * when this thread pops. */
static void *insert_and_pop(void *arg)
{
    worker *wk = arg;
    rng r = {wk->seed};
    int i;

    for (i = 0; i < ROUNDS; i++) {
        wk->failures += fh_insert(wk->mine, (double)rng_below(&r, 1000),
                                  payload_for((size_t)i)) < 0;
        wk->failures += fh_insert(wk->mine, (double)rng_below(&r, 1000),
                                  NULL) < 0;
        wk->failures += fh_pop(wk->mine, NULL, NULL) != FH_OK;
    }
    return NULL;
}

static void *insert_and_merge(void *arg)
{
    worker *wk = arg;
    int i;

    for (i = 0; i < ROUNDS; i++) {
        wk->failures += fh_insert(wk->mine, (double)i, NULL) < 0;
        wk->failures += fh_merge(wk->mine, wk->other) != FH_OK;
    }
    return NULL;
}

static int run_workers(worker *workers, int count, void *(*work)(void *))
{
    int i;

    for (i = 0; i < count; i++)
        ENSURE_EQ(pthread_create(&workers[i].thread, NULL, work, &workers[i]),
                  0);
    for (i = 0; i < count; i++) {
        ENSURE_EQ(pthread_join(workers[i].thread, NULL), 0);
        ENSURE_EQ(workers[i].failures, 0);
    }
    return 1;
}

static int pops_sorted(fh_heap *h, size_t expected_count)
{
    double previous = 0.0, key;
    size_t popped = 0;

    while (fh_pop(h, &key, NULL) == FH_OK) {
        ENSURE(key >= previous);
        previous = key;
        popped++;
    }
    ENSURE_EQ(popped, expected_count);
    return 1;
}

static void test_threads_share_one_heap(void)
{
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a);
    worker workers[THREADS];
    int i;

    for (i = 0; i < THREADS; i++)
        workers[i] = (worker){.mine = h, .seed = 1u + (unsigned)i};
    CHECK(run_workers(workers, THREADS, insert_and_pop));
    CHECK_EQ(fh_size(h), THREADS * ROUNDS);
    CHECK_EQ(fh_check(h, NULL), FH_OK);
    CHECK(pops_sorted(h, THREADS * ROUNDS));
    fh_free(h);
    fh_arena_free(a);
}

static void test_opposite_merges_race(void)
{
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *first = fh_new(a), *second = fh_new(a);
    worker workers[2] = {{.mine = first, .other = second, .seed = 1},
                         {.mine = second, .other = first, .seed = 2}};

    CHECK(run_workers(workers, 2, insert_and_merge));
    CHECK_EQ(fh_check(first, NULL), FH_OK);
    CHECK_EQ(fh_check(second, NULL), FH_OK);
    CHECK_EQ(fh_size(first) + fh_size(second), 2 * ROUNDS);
    CHECK_EQ(fh_merge(first, second), FH_OK);
    CHECK(pops_sorted(first, 2 * ROUNDS));
    fh_free(first);
    fh_free(second);
    fh_arena_free(a);
}

enum { PUBLISHED = 64, CHURN_ROUNDS = 20000, PROBES = 20000 };

/* The churning thread's heaps and the references it publishes. */
typedef struct cross_heap {
    fh_heap *churned, *feeder, *probed;
    _Atomic fh_ref refs[PUBLISHED];
    int failures;
} cross_heap;

/* Inserts, pops, raises keys and merges a feeder heap in (which forwards
 * tags and, every so often, retags): every write that a foreign lookup may
 * read without this heap's lock. */
static void *churn(void *arg)
{
    cross_heap *c = arg;
    rng r = {7};
    int i;

    for (i = 0; i < CHURN_ROUNDS; i++) {
        fh_ref ref = fh_insert(c->churned, (double)rng_below(&r, 100), NULL);

        c->failures += ref < 0;
        atomic_store_explicit(&c->refs[(size_t)i % PUBLISHED], ref,
                              memory_order_relaxed);
        c->failures += fh_update_key(c->churned, ref, 50.0) != FH_OK;
        c->failures += fh_insert(c->feeder, (double)i, NULL) < 0;
        c->failures += fh_merge(c->churned, c->feeder) != FH_OK;
        c->failures += fh_pop(c->churned, NULL, NULL) != FH_OK;
        if (i % 3 == 0)
            c->failures += fh_pop(c->churned, NULL, NULL) != FH_OK;
    }
    return NULL;
}

/* The other heap must refuse every reference of the churned one. */
static void test_foreign_references_race_free(void)
{
    fh_arena *a = fh_arena_new(NULL);
    cross_heap c = {.churned = fh_new(a), .feeder = fh_new(a),
                    .probed = fh_new(a)};
    pthread_t thread;
    int refusal_failures = 0;
    size_t i;

    CHECK(c.churned && c.feeder && c.probed);
    for (i = 0; i < PUBLISHED; i++)
        atomic_init(&c.refs[i], 0);
    CHECK(fh_insert(c.probed, 1.0, NULL) >= 0);
    CHECK_EQ(pthread_create(&thread, NULL, churn, &c), 0);
    for (i = 0; i < PROBES; i++) {
        fh_ref ref = atomic_load_explicit(&c.refs[i % PUBLISHED],
                                          memory_order_relaxed);

        refusal_failures += fh_contains(c.probed, ref) != 0;
        refusal_failures += fh_update_key(c.probed, ref, 0.0) != FH_ESTALE;
    }
    CHECK_EQ(pthread_join(thread, NULL), 0);
    CHECK_EQ(c.failures, 0);
    CHECK_EQ(refusal_failures, 0);
    CHECK_EQ(fh_size(c.probed), 1);
    CHECK_EQ(fh_check(c.churned, NULL), FH_OK);
    fh_free(c.churned);
    fh_free(c.feeder);
    fh_free(c.probed);
    fh_arena_free(a);
}

void run_thread_tests(void)
{
    RUN_TEST(test_threads_share_one_heap);
    RUN_TEST(test_opposite_merges_race);
    RUN_TEST(test_foreign_references_race_free);
}
