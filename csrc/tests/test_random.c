/* A differential test: ~200k random operations on two heaps of one arena,
 * each also applied to the reference model; after every one, fh_check must
 * pass and the heaps must agree with the model. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "../fiboheap.h"
#include "ref_model.h"
#include "support.h"
#include "testing.h"

enum {
    OPERATIONS = 200000,
    HEAPS = 2,
    PHASE = 5000,    /* operations for the target size to rise or fall */
    MAX_TARGET = 1000, /* the largest target size (of both heaps) */
    SMALL_HEAP = 64, /* only heaps this small are cleared */
    MAX_BATCH = 8
};

enum op {
    OP_INSERT,
    OP_INSERT_MANY,
    OP_POP,
    OP_PEEK,
    OP_DECREASE,
    OP_UPDATE,
    OP_REMOVE,
    OP_CONTAINS,
    OP_MERGE,
    OP_CLEAR,
    OP_KINDS
};

/* Percent of each operation while the heaps are below their target size,
 * and while they are above it. */
static const unsigned growing_mix[OP_KINDS] = {35, 8, 15, 5, 10, 10, 7, 5, 2, 3};
static const unsigned shrinking_mix[OP_KINDS] = {10, 2, 40, 5, 10, 10, 15, 5, 2, 1};

typedef struct world {
    fh_heap *heaps[HEAPS];
    model m;
    fh_ref *refs; /* refs[id] for every element the model ever held */
    size_t refs_capacity;
    rng r;
} world;

/* Mostly small integers, so keys tie often, and the special values. */
static double random_key(world *w)
{
    switch (rng_below(&w->r, 40)) {
    case 0: return INFINITY;
    case 1: return -INFINITY;
    case 2: return -0.0;
    case 3: return NAN;
    default: return (double)rng_below(&w->r, 100);
    }
}

static void *random_payload(world *w, size_t id)
{
    return rng_below(&w->r, 8) == 0 ? NULL : payload_for(id);
}

static void remember(world *w, size_t id, fh_ref ref)
{
    if (id >= w->refs_capacity) {
        w->refs_capacity = w->refs_capacity ? 2 * w->refs_capacity : 1024;
        w->refs = realloc(w->refs, w->refs_capacity * sizeof *w->refs);
        if (!w->refs)
            abort();
    }
    w->refs[id] = ref;
}

static int do_insert(world *w, int h)
{
    double key = random_key(w);
    void *payload = random_payload(w, w->m.elem_count);
    fh_ref ref = fh_insert(w->heaps[h], key, payload);

    if (isnan(key)) {
        ENSURE_EQ(ref, FH_ENAN);
        return 1;
    }
    ENSURE(ref >= 0);
    remember(w, model_insert(&w->m, h, key, payload), ref);
    return 1;
}

static int do_insert_many(world *w, int h)
{
    double keys[MAX_BATCH];
    void *payloads[MAX_BATCH];
    fh_ref refs[MAX_BATCH];
    size_t count = rng_below(&w->r, MAX_BATCH + 1), i;
    int has_nan = 0;

    for (i = 0; i < count; i++) {
        keys[i] = random_key(w);
        payloads[i] = random_payload(w, w->m.elem_count + i);
        has_nan |= isnan(keys[i]);
    }
    if (has_nan) {
        ENSURE_EQ(fh_insert_many(w->heaps[h], keys, payloads, count, refs),
                  FH_ENAN);
        return 1;
    }
    ENSURE_EQ(fh_insert_many(w->heaps[h], keys, payloads, count, refs), FH_OK);
    for (i = 0; i < count; i++)
        remember(w, model_insert(&w->m, h, keys[i], payloads[i]), refs[i]);
    return 1;
}

static int do_peek_or_pop(world *w, int h, int pop)
{
    double key;
    void *payload;
    int status = pop ? fh_pop(w->heaps[h], &key, &payload)
                     : fh_peek(w->heaps[h], &key, &payload);
    size_t expected;

    if (model_size(&w->m, h) == 0) {
        ENSURE_EQ(status, FH_EEMPTY);
        return 1;
    }
    expected = model_min(&w->m, h);
    ENSURE_EQ(status, FH_OK);
    ENSURE(same_key(key, w->m.elems[expected].key));
    ENSURE(payload == w->m.elems[expected].payload);
    if (pop)
        model_take(&w->m, expected);
    return 1;
}

/* Some element's id: mostly one of heap h, else one of the other heap or
 * any ever inserted (likely gone). SIZE_MAX if there is none yet. */
static size_t random_element(world *w, int h)
{
    size_t choice = rng_below(&w->r, 10);
    int other = 1 - h;

    if (choice < 7 && model_size(&w->m, h) > 0)
        return model_member(&w->m, h,
                            rng_below(&w->r, model_size(&w->m, h)));
    if (choice < 8 && model_size(&w->m, other) > 0)
        return model_member(&w->m, other,
                            rng_below(&w->r, model_size(&w->m, other)));
    return w->m.elem_count ? rng_below(&w->r, w->m.elem_count) : SIZE_MAX;
}

/* A new key for element id: half the time its current key moved by -2..1
 * (so equal and larger keys too), else any key; NaN only for an element of
 * h, since a stale ref with a NaN key may be refused for either reason. */
static double key_change(world *w, int h, size_t id)
{
    double key = random_key(w);

    if (isnan(key) && !model_contains(&w->m, h, id))
        return 0.0;
    if (rng_below(&w->r, 2) == 0 && !isnan(key))
        return w->m.elems[id].key + (double)rng_below(&w->r, 4) - 2.0;
    return key;
}

static int do_change_key(world *w, int h, int decrease)
{
    size_t id = random_element(w, h);
    double key;
    int status, expected = FH_OK;

    if (id == SIZE_MAX)
        return 1;
    key = key_change(w, h, id);
    status = decrease ? fh_decrease_key(w->heaps[h], w->refs[id], key)
                      : fh_update_key(w->heaps[h], w->refs[id], key);
    if (!model_contains(&w->m, h, id))
        expected = FH_ESTALE;
    else if (isnan(key))
        expected = FH_ENAN;
    else if (decrease && key > w->m.elems[id].key)
        expected = FH_EKEY;
    ENSURE_EQ(status, expected);
    if (expected == FH_OK)
        model_set_key(&w->m, id, key);
    return 1;
}

static int do_remove(world *w, int h)
{
    size_t id = random_element(w, h);
    void *payload;

    if (id == SIZE_MAX)
        return 1;
    if (!model_contains(&w->m, h, id)) {
        ENSURE_EQ(fh_remove(w->heaps[h], w->refs[id], &payload), FH_ESTALE);
        return 1;
    }
    ENSURE_EQ(fh_remove(w->heaps[h], w->refs[id], &payload), FH_OK);
    ENSURE(payload == w->m.elems[id].payload);
    model_take(&w->m, id);
    return 1;
}

static int do_contains(world *w, int h)
{
    size_t id = random_element(w, h);

    if (id != SIZE_MAX)
        ENSURE_EQ(fh_contains(w->heaps[h], w->refs[id]),
                  model_contains(&w->m, h, id));
    return 1;
}

static int do_merge(world *w, int h)
{
    int src = rng_below(&w->r, 8) == 0 ? h : 1 - h;

    if (src == h) {
        ENSURE_EQ(fh_merge(w->heaps[h], w->heaps[h]), FH_ESAME);
        return 1;
    }
    ENSURE_EQ(fh_merge(w->heaps[h], w->heaps[src]), FH_OK);
    model_merge(&w->m, h, src);
    return 1;
}

static int do_clear(world *w, int h)
{
    void *payloads[SMALL_HEAP];
    size_t size = model_size(&w->m, h), count;

    if (size > SMALL_HEAP)
        return 1;
    if (size > 0 && rng_below(&w->r, 2) == 0) {
        ENSURE_EQ(fh_clear(w->heaps[h], payloads, size - 1, &count),
                  FH_ERANGE);
        return 1;
    }
    ENSURE_EQ(fh_clear(w->heaps[h], payloads, SMALL_HEAP, &count), FH_OK);
    ENSURE_EQ(count, size);
    model_take_all(&w->m, h);
    return 1;
}

/* The heaps' target size rises from 0 to MAX_TARGET and falls back, again
 * and again, so that they are often small, often large, and often empty. */
static size_t target_size(size_t step)
{
    size_t phase = step % (2 * PHASE);

    return (phase < PHASE ? phase : 2 * PHASE - phase) * MAX_TARGET / PHASE;
}

static enum op random_op(world *w, size_t step)
{
    size_t size = model_size(&w->m, 0) + model_size(&w->m, 1);
    const unsigned *mix =
        size < target_size(step) ? growing_mix : shrinking_mix;
    unsigned roll = (unsigned)rng_below(&w->r, 100);
    int op = 0;

    while (roll >= mix[op]) {
        roll -= mix[op];
        op++;
    }
    return (enum op)op;
}

static int do_random_op(world *w, size_t step)
{
    int h = (int)rng_below(&w->r, HEAPS);

    switch (random_op(w, step)) {
    case OP_INSERT: return do_insert(w, h);
    case OP_INSERT_MANY: return do_insert_many(w, h);
    case OP_POP: return do_peek_or_pop(w, h, 1);
    case OP_PEEK: return do_peek_or_pop(w, h, 0);
    case OP_DECREASE: return do_change_key(w, h, 1);
    case OP_UPDATE: return do_change_key(w, h, 0);
    case OP_REMOVE: return do_remove(w, h);
    case OP_CONTAINS: return do_contains(w, h);
    case OP_MERGE: return do_merge(w, h);
    default: return do_clear(w, h);
    }
}

static void test_random_operations_agree_with_model(void)
{
    fh_arena *a = fh_arena_new(NULL);
    world w = {{NULL}, {0}, NULL, 0, {0x9E3779B97F4A7C15ULL}};
    size_t step;
    int h;

    CHECK(a != NULL);
    model_init(&w.m);
    for (h = 0; h < HEAPS; h++)
        CHECK((w.heaps[h] = fh_new(a)) != NULL);
    for (step = 0; step < OPERATIONS; step++) {
        int ok = do_random_op(&w, step);

        for (h = 0; ok && h < HEAPS; h++)
            ok = heap_agrees(w.heaps[h], &w.m, h);
        if (!ok) {
            fprintf(stderr, "random test: failed at operation %zu\n", step);
            return;
        }
    }
    for (h = 0; h < HEAPS; h++) {
        CHECK(drain_agrees(w.heaps[h], &w.m, h));
        fh_free(w.heaps[h]);
    }
    model_destroy(&w.m);
    free(w.refs);
    fh_arena_free(a);
}

void run_random_tests(void)
{
    RUN_TEST(test_random_operations_agree_with_model);
}
