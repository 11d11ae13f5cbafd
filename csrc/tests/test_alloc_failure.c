/* Allocation failure injection: a mixed workload runs once per allocation it
 * makes, with that allocation failing. The failing call must report it
 * (FH_ENOMEM, or NULL from a constructor) and leave every heap exactly as it
 * was, and everything must still be freed. */
#include <stdio.h>
#include <stdlib.h>

#include "../fiboheap.h"
#include "ref_model.h"
#include "support.h"
#include "testing.h"

enum { HEAPS = 3, MAX_ELEMENTS = 4096 };

typedef struct failing_allocator {
    size_t calls;   /* allocations asked for so far */
    size_t fail_at; /* the call that fails, counting from 1; 0: none */
    size_t live;    /* blocks handed out and not released yet */
} failing_allocator;

static void *failing_alloc(void *ctx, size_t size)
{
    failing_allocator *fa = ctx;
    void *block;

    if (++fa->calls == fa->fail_at)
        return NULL;
    block = malloc(size);
    if (block)
        fa->live++;
    return block;
}

static void failing_release(void *ctx, void *block)
{
    failing_allocator *fa = ctx;

    if (block) {
        fa->live--;
        free(block);
    }
}

typedef struct workload {
    failing_allocator alloc;
    fh_arena *arena;
    fh_heap *heaps[HEAPS];
    model m;
    fh_ref refs[MAX_ELEMENTS];
    double keys[MAX_ELEMENTS]; /* fh_insert_many's input */
    void *payloads[MAX_ELEMENTS];
    size_t calls_before; /* allocator calls when the current call began */
    int failure_survived;
} workload;

static void begin_call(workload *w)
{
    w->calls_before = w->alloc.calls;
}

/* After each call: returns 1 to go on. When the injected failure happened
 * in the call, the call must say so and every heap must be as before it;
 * then the workload ends (returns 0), as it does on a failed check. */
static int goes_on(workload *w, int status)
{
    int h;

    if (!(w->alloc.fail_at > w->calls_before &&
          w->alloc.fail_at <= w->alloc.calls)) {
        ENSURE_EQ(status, FH_OK);
        return 1;
    }
    ENSURE_EQ(status, FH_ENOMEM);
    for (h = 0; h < HEAPS; h++)
        if (w->heaps[h]) {
            ENSURE(heap_agrees(w->heaps[h], &w->m, h));
            ENSURE(drain_agrees(w->heaps[h], &w->m, h));
        }
    w->failure_survived = 1;
    return 0;
}

static double key_for(size_t id)
{
    return (double)(id * 37 % 101); /* scattered, with ties */
}

static int create_heap(workload *w, int h)
{
    begin_call(w);
    w->heaps[h] = fh_new(w->arena);
    return goes_on(w, w->heaps[h] ? FH_OK : FH_ENOMEM);
}

static int free_heap(workload *w, int h)
{
    fh_free(w->heaps[h]);
    w->heaps[h] = NULL;
    model_take_all(&w->m, h);
    return 1;
}

static int insert_one_by_one(workload *w, int h, size_t count)
{
    while (count-- > 0) {
        size_t id = w->m.elem_count;
        fh_ref ref;

        begin_call(w);
        ref = fh_insert(w->heaps[h], key_for(id), payload_for(id));
        if (!goes_on(w, ref < 0 ? (int)ref : FH_OK))
            return 0;
        w->refs[model_insert(&w->m, h, key_for(id), payload_for(id))] = ref;
    }
    return 1;
}

static int insert_at_once(workload *w, int h, size_t count)
{
    size_t first = w->m.elem_count, i;

    for (i = 0; i < count; i++) {
        w->keys[i] = key_for(first + i);
        w->payloads[i] = payload_for(first + i);
    }
    begin_call(w);
    if (!goes_on(w, fh_insert_many(w->heaps[h], w->keys, w->payloads, count,
                                   &w->refs[first])))
        return 0;
    for (i = 0; i < count; i++)
        model_insert(&w->m, h, w->keys[i], w->payloads[i]);
    return 1;
}

static int pop_some(workload *w, int h, size_t count)
{
    while (count-- > 0) {
        size_t expected = model_min(&w->m, h);
        double key;
        void *payload;

        begin_call(w);
        if (!goes_on(w, fh_pop(w->heaps[h], &key, &payload)))
            return 0;
        ENSURE(same_key(key, w->m.elems[expected].key));
        ENSURE(payload == w->m.elems[expected].payload);
        model_take(&w->m, expected);
    }
    return 1;
}

static int remove_some(workload *w, int h, size_t count)
{
    size_t k;

    for (k = 0; k < count; k++) {
        size_t id = model_member(&w->m, h, k * 7 % model_size(&w->m, h));
        void *payload;

        begin_call(w);
        if (!goes_on(w, fh_remove(w->heaps[h], w->refs[id], &payload)))
            return 0;
        ENSURE(payload == w->m.elems[id].payload);
        model_take(&w->m, id);
    }
    return 1;
}

static int merge(workload *w, int dst, int src)
{
    begin_call(w);
    if (!goes_on(w, fh_merge(w->heaps[dst], w->heaps[src])))
        return 0;
    model_merge(&w->m, dst, src);
    return 1;
}

/* An in-order snapshot lists the elements by insertion: ids ascending. */
static int snapshot_in_order(workload *w, int h)
{
    size_t count, i;

    begin_call(w);
    if (!goes_on(w, fh_snapshot(w->heaps[h], NULL, w->payloads, NULL, 1,
                                MAX_ELEMENTS, &count, NULL)))
        return 0;
    ENSURE_EQ(count, model_size(&w->m, h));
    for (i = 1; i < count; i++)
        ENSURE(payload_number(w->payloads[i - 1]) <
               payload_number(w->payloads[i]));
    return 1;
}

/* Returns 1 if it ran to the end, 0 if it stopped at a failure. */
static int run_workload(workload *w)
{
    fh_allocator allocator = {failing_alloc, failing_release, &w->alloc};

    begin_call(w);
    w->arena = fh_arena_new(&allocator);
    if (!goes_on(w, w->arena ? FH_OK : FH_ENOMEM))
        return 0;
    return create_heap(w, 0) && create_heap(w, 1) &&
           insert_one_by_one(w, 0, 700) && insert_at_once(w, 1, 300) &&
           pop_some(w, 0, 100) && remove_some(w, 1, 50) && merge(w, 0, 1) &&
           create_heap(w, 2) && insert_at_once(w, 2, 600) &&
           merge(w, 1, 2) && merge(w, 0, 1) && free_heap(w, 2) &&
           create_heap(w, 2) && insert_one_by_one(w, 2, 50) &&
           merge(w, 2, 0) && insert_one_by_one(w, 0, 1500) &&
           pop_some(w, 2, 300) && remove_some(w, 2, 100) &&
           snapshot_in_order(w, 2) &&
           insert_at_once(w, 1, 2) && merge(w, 1, 2);
}

/* Runs the workload with allocation fail_at failing (0: none); returns how
 * many allocations it asked for, 0 on a failed check. */
static size_t workload_survives(size_t fail_at)
{
    static workload w; /* large: keep it off the stack */
    int completed, h;

    w = (workload){.alloc = {.fail_at = fail_at}};
    model_init(&w.m);
    completed = run_workload(&w);
    /* Stopped by a failed check: the heaps may be broken, so leave them. */
    ENSURE(completed || w.failure_survived);
    /* Ran to the end: then no allocation failed outside a checked call. */
    ENSURE(!completed || fail_at == 0 || fail_at > w.alloc.calls);
    for (h = 0; h < HEAPS; h++)
        if (w.heaps[h]) {
            ENSURE(!completed || drain_agrees(w.heaps[h], &w.m, h));
            fh_free(w.heaps[h]);
        }
    fh_arena_free(w.arena);
    model_destroy(&w.m);
    ENSURE_EQ(w.alloc.live, 0);
    return w.alloc.calls;
}

static void test_every_allocation_failure_is_survived(void)
{
    size_t total = workload_survives(0), n;

    CHECK(total > 0);
    printf("     allocation failure injected at each of %zu allocations\n",
           total);
    for (n = 1; n <= total + 1; n++)
        if (!workload_survives(n)) {
            fprintf(stderr, "failure injected at allocation %zu of %zu\n", n,
                    total);
            return;
        }
}

void run_alloc_failure_tests(void)
{
    RUN_TEST(test_every_allocation_failure_is_survived);
}
