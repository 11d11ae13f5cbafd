/* The public API, function by function and status by status. */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../fiboheap.h"
#include "ref_model.h"
#include "support.h"
#include "testing.h"

/* Pops count elements whose payloads are payload_for(order[0..count)). */
static int pops_in_order(fh_heap *h, const size_t *order, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++) {
        void *payload;

        ENSURE_EQ(fh_pop(h, NULL, &payload), FH_OK);
        ENSURE(payload == payload_for(order[i]));
    }
    return 1;
}

/* Inserts into heap and model alike; refs[id] is the new element's ref. */
static int insert_both(fh_heap *h, model *m, int model_heap, fh_ref *refs,
                       double key)
{
    size_t id = m->elem_count;
    fh_ref ref = fh_insert(h, key, payload_for(id));

    ENSURE(ref >= 0);
    refs[model_insert(m, model_heap, key, payload_for(id))] = ref;
    return 1;
}

/* An fh_ref is refused by every call that takes one, and the heap stays as
 * it was. */
static int refused(fh_heap *h, fh_ref ref)
{
    size_t size = fh_size(h);
    void *payload;

    ENSURE_EQ(fh_contains(h, ref), 0);
    ENSURE_EQ(fh_decrease_key(h, ref, -INFINITY), FH_ESTALE);
    ENSURE_EQ(fh_update_key(h, ref, 0.0), FH_ESTALE);
    ENSURE_EQ(fh_remove(h, ref, &payload), FH_ESTALE);
    ENSURE_EQ(fh_size(h), size);
    ENSURE_EQ(fh_check(h, NULL), FH_OK);
    return 1;
}

static void test_strerror_names_every_status(void)
{
    static const int codes[] = {FH_OK,     FH_ENOMEM, FH_EEMPTY, FH_EKEY,
                                FH_ENAN,   FH_ESTALE, FH_ESAME,  FH_EARENA,
                                FH_ERANGE, FH_ECORRUPT, FH_EORDER, FH_EMOVED};
    const char *unknown = fh_strerror(12345);
    size_t i, j;

    CHECK(unknown != NULL && *unknown != '\0');
    CHECK(strcmp(fh_strerror(-12), unknown) == 0);
    CHECK(strcmp(fh_strerror(INT_MIN), unknown) == 0);
    CHECK(strcmp(fh_strerror(1), unknown) == 0);
    for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *name = fh_strerror(codes[i]);

        CHECK(name != NULL && *name != '\0');
        CHECK(strcmp(name, unknown) != 0);
        for (j = 0; j < i; j++)
            CHECK(strcmp(name, fh_strerror(codes[j])) != 0);
    }
}

static void test_new_heap_is_empty(void)
{
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a);
    double key = 7.0;
    void *payload = &key, *out[1];
    size_t count = 99;

    CHECK(a != NULL && h != NULL);
    CHECK_EQ(fh_size(h), 0);
    CHECK_EQ(fh_check(h, NULL), FH_OK);
    CHECK_EQ(fh_peek(h, &key, &payload), FH_EEMPTY);
    CHECK_EQ(fh_pop(h, &key, &payload), FH_EEMPTY);
    CHECK_EQ(fh_peek(h, NULL, NULL), FH_EEMPTY);
    CHECK_EQ(fh_pop(h, NULL, NULL), FH_EEMPTY);
    CHECK_EQ(fh_clear(h, out, 0, &count), FH_OK);
    CHECK_EQ(count, 0);
    fh_free(h);
    fh_arena_free(a);
}

static void test_pops_in_key_order(void)
{
    enum { N = 1000 };
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a);
    size_t i;

    for (i = 0; i < N; i++) {
        size_t k = i * 7919 % N; /* a permutation of 0..N-1 */

        CHECK(fh_insert(h, (double)k, payload_for(k)) >= 0);
    }
    CHECK_EQ(fh_size(h), N);
    for (i = 0; i < N; i++) {
        double key;

        CHECK_EQ(fh_peek(h, &key, NULL), FH_OK);
        CHECK(key == (double)i);
        CHECK(pops(h, (double)i, payload_for(i)));
        CHECK_EQ(fh_check(h, NULL), FH_OK);
    }
    CHECK_EQ(fh_pop(h, NULL, NULL), FH_EEMPTY);
    fh_free(h);
    fh_arena_free(a);
}

static void test_equal_keys_pop_first_in_first_out(void)
{
    enum { N = 300, KEYS = 3 };
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a);
    size_t i, k;

    for (i = 0; i < N; i++)
        CHECK(fh_insert(h, (double)(i % KEYS), payload_for(i)) >= 0);
    for (k = 0; k < KEYS; k++)
        for (i = k; i < N; i += KEYS)
            CHECK(pops(h, (double)k, payload_for(i)));
    fh_free(h);
    fh_arena_free(a);
}

static void test_negative_zero_equals_zero(void)
{
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a);
    fh_ref r1;

    CHECK(fh_insert(h, 0.0, payload_for(0)) >= 0);
    r1 = fh_insert(h, -0.0, payload_for(1));
    CHECK(fh_insert(h, 0.0, payload_for(2)) >= 0);
    CHECK(fh_insert(h, -0.0, payload_for(3)) >= 0);
    /* Equal keys, so decreasing 0.0 to -0.0 (or back) is allowed and moves
     * nothing ahead of older elements. */
    CHECK_EQ(fh_decrease_key(h, r1, 0.0), FH_OK);
    CHECK_EQ(fh_decrease_key(h, r1, -0.0), FH_OK);
    CHECK(pops(h, 0.0, payload_for(0)));
    CHECK(pops(h, -0.0, payload_for(1)));
    CHECK(pops(h, 0.0, payload_for(2)));
    CHECK(pops(h, -0.0, payload_for(3)));
    fh_free(h);
    fh_arena_free(a);
}

static void test_infinite_keys(void)
{
    static const double keys[] = {INFINITY, 1.0,      -INFINITY, INFINITY,
                                  -INFINITY, -DBL_MAX, DBL_MAX};
    /* After element 3 goes from +inf to -inf: */
    static const size_t order[] = {2, 3, 4, 5, 1, 6, 0};
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a);
    fh_ref refs[7];
    size_t i;

    for (i = 0; i < 7; i++) {
        refs[i] = fh_insert(h, keys[i], payload_for(i));
        CHECK(refs[i] >= 0);
    }
    CHECK_EQ(fh_decrease_key(h, refs[3], -INFINITY), FH_OK);
    CHECK_EQ(fh_decrease_key(h, refs[2], -INFINITY), FH_OK);
    CHECK_EQ(fh_decrease_key(h, refs[5], INFINITY), FH_EKEY);
    CHECK_EQ(fh_update_key(h, refs[0], INFINITY), FH_OK);
    CHECK_EQ(fh_check(h, NULL), FH_OK);
    CHECK(pops_in_order(h, order, 7));
    fh_free(h);
    fh_arena_free(a);
}

static void test_nan_keys_are_refused(void)
{
    const double with_nan[] = {3.0, NAN, 4.0};
    const double nan_last[] = {5.0, 6.0, -NAN};
    void *const payloads[] = {payload_for(7), payload_for(8), payload_for(9)};
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a);
    fh_ref r0 = fh_insert(h, 1.0, payload_for(0));
    fh_ref r1 = fh_insert(h, 2.0, payload_for(1));
    fh_ref refused_ref;

    CHECK(r0 >= 0 && r1 >= 0);
    refused_ref = fh_insert(h, NAN, payload_for(2));
    CHECK_EQ(refused_ref, FH_ENAN);
    CHECK_EQ(fh_insert(h, -NAN, payload_for(2)), FH_ENAN);
    CHECK_EQ(fh_insert_many(h, with_nan, payloads, 3, NULL), FH_ENAN);
    CHECK_EQ(fh_insert_many(h, nan_last, payloads, 3, NULL), FH_ENAN);
    CHECK_EQ(fh_decrease_key(h, r1, NAN), FH_ENAN);
    CHECK_EQ(fh_update_key(h, r0, NAN), FH_ENAN);
    CHECK_EQ(fh_update_key(h, r1, -NAN), FH_ENAN);
    CHECK(refused(h, refused_ref));
    CHECK_EQ(fh_check(h, NULL), FH_OK);
    CHECK_EQ(fh_size(h), 2);
    CHECK(pops(h, 1.0, payload_for(0)));
    CHECK(pops(h, 2.0, payload_for(1)));
    CHECK_EQ(fh_pop(h, NULL, NULL), FH_EEMPTY);
    fh_free(h);
    fh_arena_free(a);
}

static void test_null_payload_is_an_element(void)
{
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a);
    int sentinel;
    void *payload = &sentinel;
    fh_ref ref = fh_insert(h, 1.0, NULL);

    CHECK(ref >= 0);
    CHECK_EQ(fh_contains(h, ref), 1);
    CHECK_EQ(fh_size(h), 1);
    CHECK_EQ(fh_peek(h, NULL, &payload), FH_OK);
    CHECK(payload == NULL);
    payload = &sentinel;
    CHECK_EQ(fh_remove(h, ref, &payload), FH_OK);
    CHECK(payload == NULL);
    CHECK(fh_insert(h, 2.0, NULL) >= 0);
    payload = &sentinel;
    CHECK_EQ(fh_pop(h, NULL, &payload), FH_OK);
    CHECK(payload == NULL);
    CHECK_EQ(fh_pop(h, NULL, &payload), FH_EEMPTY);
    fh_free(h);
    fh_arena_free(a);
}

static void test_peek_and_pop_take_null_outputs(void)
{
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a);
    double key;
    void *payload;

    CHECK(fh_insert(h, 2.0, payload_for(2)) >= 0);
    CHECK(fh_insert(h, 1.0, payload_for(1)) >= 0);
    CHECK(fh_insert(h, 3.0, payload_for(3)) >= 0);
    CHECK_EQ(fh_peek(h, NULL, NULL), FH_OK);
    CHECK_EQ(fh_peek(h, &key, NULL), FH_OK);
    CHECK(key == 1.0);
    CHECK_EQ(fh_peek(h, NULL, &payload), FH_OK);
    CHECK(payload == payload_for(1));
    CHECK_EQ(fh_size(h), 3);
    CHECK_EQ(fh_pop(h, NULL, NULL), FH_OK);
    CHECK_EQ(fh_pop(h, &key, NULL), FH_OK);
    CHECK(key == 2.0);
    CHECK_EQ(fh_pop(h, NULL, &payload), FH_OK);
    CHECK(payload == payload_for(3));
    CHECK_EQ(fh_size(h), 0);
    fh_free(h);
    fh_arena_free(a);
}

/* fh_extract: fh_pop's payload (and key, if asked), NULL once empty. */
static void test_extract(void)
{
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a);
    double key = 7.0;

    CHECK(fh_extract(h, &key) == NULL);
    CHECK(same_key(key, 7.0)); /* untouched when empty */
    CHECK(fh_insert(h, 2.0, payload_for(2)) >= 0);
    CHECK(fh_insert(h, 1.0, payload_for(1)) >= 0);
    CHECK(fh_insert(h, 1.5, payload_for(3)) >= 0);
    CHECK(fh_extract(h, &key) == payload_for(1));
    CHECK(same_key(key, 1.0));
    CHECK(fh_extract(h, NULL) == payload_for(3));
    CHECK_EQ(fh_size(h), 1);
    CHECK_EQ(fh_check(h, NULL), FH_OK);
    CHECK(fh_extract(h, &key) == payload_for(2));
    CHECK(same_key(key, 2.0));
    CHECK(fh_extract(h, NULL) == NULL);
    CHECK_EQ(fh_size(h), 0);
    fh_free(h);
    fh_arena_free(a);
}

static void test_refs_name_their_element(void)
{
    enum { N = 100 };
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a), *other = fh_new(a);
    fh_ref refs[N];
    size_t i, j;

    for (i = 0; i < N; i++) {
        refs[i] = fh_insert(i % 2 ? h : other, 1.0, payload_for(i));
        CHECK(refs[i] >= 0);
        for (j = 0; j < i; j++)
            CHECK(refs[i] != refs[j]);
        CHECK_EQ(fh_contains(i % 2 ? h : other, refs[i]), 1);
        CHECK_EQ(fh_contains(i % 2 ? other : h, refs[i]), 0);
    }
    /* Each ref removes its own element. */
    for (i = N; i-- > 0;) {
        void *payload;

        CHECK_EQ(fh_remove(i % 2 ? h : other, refs[i], &payload), FH_OK);
        CHECK(payload == payload_for(i));
    }
    fh_free(h);
    fh_free(other);
    fh_arena_free(a);
}

static void test_insert_many(void)
{
    enum { MANY = 5000 };
    const double keys[] = {2.0, 1.0, 2.0, 1.0, 3.0};
    void *const payloads[] = {payload_for(0), payload_for(1), payload_for(2),
                              payload_for(3), payload_for(4)};
    static const size_t order[] = {1, 3, 0, 2, 4};
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a);
    fh_ref refs[5];
    double *many_keys = malloc(MANY * sizeof *many_keys);
    void **many_payloads = malloc(MANY * sizeof *many_payloads);
    size_t i;

    CHECK(many_keys != NULL && many_payloads != NULL);
    CHECK_EQ(fh_insert_many(h, keys, payloads, 0, refs), FH_OK);
    CHECK_EQ(fh_size(h), 0);
    CHECK_EQ(fh_insert_many(h, keys, payloads, 5, refs), FH_OK);
    CHECK_EQ(fh_size(h), 5);
    for (i = 0; i < 5; i++) {
        CHECK_EQ(fh_contains(h, refs[i]), 1);
        CHECK(i == 0 || refs[i] != refs[i - 1]);
    }
    CHECK_EQ(fh_decrease_key(h, refs[4], 2.0), FH_OK); /* ties, still last */
    CHECK(pops_in_order(h, order, 5));

    /* Many at once (several node chunks), without refs. */
    for (i = 0; i < MANY; i++) {
        many_keys[i] = (double)((i * 31) % MANY);
        many_payloads[i] = payload_for(i);
    }
    CHECK_EQ(fh_insert_many(h, many_keys, many_payloads, MANY, NULL), FH_OK);
    CHECK_EQ(fh_size(h), MANY);
    CHECK_EQ(fh_check(h, NULL), FH_OK);
    for (i = 0; i < MANY; i++) {
        double key;

        CHECK_EQ(fh_pop(h, &key, NULL), FH_OK);
        CHECK(key == (double)i);
    }
    free(many_keys);
    free(many_payloads);
    fh_free(h);
    fh_arena_free(a);
}

/* A heap of n elements whose trees have depth: popping consolidates them. */
static int consolidated_heap(fh_heap *h, model *m, fh_ref *refs, size_t n)
{
    size_t i, first = m->elem_count;

    for (i = 0; i < n; i++)
        ENSURE(insert_both(h, m, 0, refs, 10.0 + (double)(i % 7)));
    ENSURE(insert_both(h, m, 0, refs, -1.0));
    ENSURE(pops(h, -1.0, payload_for(first + n)));
    model_take(m, first + n);
    return heap_agrees(h, m, 0);
}

static void test_decrease_key(void)
{
    enum { N = 100 };
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a);
    fh_ref refs[N + 1];
    model m;
    size_t i;

    model_init(&m);
    CHECK(consolidated_heap(h, &m, refs, N));
    /* Larger keys are refused; equal and smaller ones taken. */
    for (i = 0; i < N; i++) {
        double key = m.elems[i].key;

        CHECK_EQ(fh_decrease_key(h, refs[i], key + 0.5), FH_EKEY);
        CHECK_EQ(fh_decrease_key(h, refs[i], INFINITY), FH_EKEY);
        CHECK_EQ(fh_decrease_key(h, refs[i], key), FH_OK);
        CHECK(heap_agrees(h, &m, 0));
    }
    /* Walk from the last inserted (often deep) down to the first. */
    for (i = N; i-- > 0;) {
        double key = m.elems[i].key - (double)(i % 5);

        if (!model_contains(&m, 0, i)) {
            CHECK(refused(h, refs[i]));
            continue;
        }
        CHECK_EQ(fh_decrease_key(h, refs[i], key), FH_OK);
        model_set_key(&m, i, key);
        CHECK(heap_agrees(h, &m, 0));
        if (i % 10 == 0) {
            CHECK(pops(h, m.elems[model_min(&m, 0)].key,
                       m.elems[model_min(&m, 0)].payload));
            model_take(&m, model_min(&m, 0));
        }
    }
    i = model_member(&m, 0, model_size(&m, 0) / 2);
    CHECK_EQ(fh_decrease_key(h, refs[i], -INFINITY), FH_OK);
    model_set_key(&m, i, -INFINITY);
    CHECK(drain_agrees(h, &m, 0));
    model_destroy(&m);
    fh_free(h);
    fh_arena_free(a);
}

static void test_update_key_keeps_tie_position(void)
{
    /* e0..e9 start at keys 10..19; after the updates below: */
    static const size_t order[] = {9, 2, 7, 3, 4, 1, 5, 0, 6, 8};
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a);
    fh_ref refs[10];
    size_t i;

    for (i = 0; i < 10; i++) {
        refs[i] = fh_insert(h, 10.0 + (double)i, payload_for(i));
        CHECK(refs[i] >= 0);
    }
    CHECK(fh_insert(h, -1.0, NULL) >= 0);
    CHECK_EQ(fh_pop(h, NULL, NULL), FH_OK); /* builds trees */
    CHECK_EQ(fh_update_key(h, refs[7], 12.0), FH_OK); /* down, ties e2 */
    CHECK_EQ(fh_update_key(h, refs[1], 15.0), FH_OK); /* up, ties e5 */
    CHECK_EQ(fh_update_key(h, refs[9], 10.0), FH_OK); /* down, ties e0 */
    CHECK_EQ(fh_update_key(h, refs[4], 14.0), FH_OK); /* unchanged */
    CHECK_EQ(fh_update_key(h, refs[0], 16.0), FH_OK); /* the root, up */
    CHECK_EQ(fh_check(h, NULL), FH_OK);
    CHECK(pops_in_order(h, order, 10));
    fh_free(h);
    fh_arena_free(a);
}

static void test_update_key_any_direction(void)
{
    enum { N = 200 };
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a);
    fh_ref refs[N + 1];
    model m;
    rng r = {42};
    size_t i, round;

    model_init(&m);
    CHECK(consolidated_heap(h, &m, refs, N));
    for (round = 0; round < 3; round++) {
        for (i = 0; i < N; i++) {
            double key = (double)rng_below(&r, 20);

            if (!model_contains(&m, 0, i)) {
                CHECK(refused(h, refs[i]));
                continue;
            }
            CHECK_EQ(fh_update_key(h, refs[i], key), FH_OK);
            model_set_key(&m, i, key);
            CHECK(heap_agrees(h, &m, 0));
        }
        CHECK(pops(h, m.elems[model_min(&m, 0)].key,
                   m.elems[model_min(&m, 0)].payload));
        model_take(&m, model_min(&m, 0));
    }
    CHECK(drain_agrees(h, &m, 0));
    model_destroy(&m);
    fh_free(h);
    fh_arena_free(a);
}

static int removes(fh_heap *h, model *m, const fh_ref *refs, size_t id)
{
    void *payload = NULL;

    ENSURE_EQ(fh_remove(h, refs[id], &payload), FH_OK);
    ENSURE(payload == m->elems[id].payload);
    model_take(m, id);
    ENSURE(heap_agrees(h, m, 0));
    ENSURE(refused(h, refs[id]));
    return 1;
}

/* The id of heap's element with the largest key, often a deep leaf. */
static size_t model_max(const model *m)
{
    size_t best = model_member(m, 0, 0), i;

    for (i = 1; i < model_size(m, 0); i++)
        if (m->elems[model_member(m, 0, i)].key > m->elems[best].key)
            best = model_member(m, 0, i);
    return best;
}

static void test_remove_min_roots_and_deep_nodes(void)
{
    enum { N = 256 };
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a);
    fh_ref refs[N + 1];
    model m;
    rng r = {7};

    model_init(&m);
    CHECK(consolidated_heap(h, &m, refs, N));
    while (model_size(&m, 0) >= 3) {
        CHECK(removes(h, &m, refs, model_min(&m, 0)));
        CHECK(removes(h, &m, refs, model_max(&m)));
        CHECK(removes(h, &m, refs,
                      model_member(&m, 0, rng_below(&r, model_size(&m, 0)))));
    }
    CHECK(drain_agrees(h, &m, 0));
    model_destroy(&m);
    fh_free(h);
    fh_arena_free(a);
}

static void test_stale_refs_are_refused(void)
{
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a), *gone = fh_new(a), *other;
    fh_ref popped, removed, cleared, reused, of_freed_heap;
    void *out[4];
    size_t count, i;

    popped = fh_insert(h, 1.0, payload_for(1));
    removed = fh_insert(h, 2.0, payload_for(2));
    CHECK_EQ(fh_pop(h, NULL, NULL), FH_OK);
    CHECK(refused(h, popped));
    CHECK_EQ(fh_remove(h, removed, &out[0]), FH_OK);
    CHECK(refused(h, removed));
    cleared = fh_insert(h, 3.0, payload_for(3));
    CHECK_EQ(fh_clear(h, out, 4, &count), FH_OK);
    CHECK(refused(h, cleared));

    /* Freed nodes are reused: an old ref must not name the new element. */
    for (i = 0; i < 100; i++) {
        reused = fh_insert(h, 4.0, payload_for(4));
        CHECK_EQ(fh_contains(h, reused), 1);
        CHECK(refused(h, popped) && refused(h, removed) && refused(h, cleared));
        CHECK_EQ(fh_remove(h, reused, &out[0]), FH_OK);
    }

    /* A status from a refused insert, and made-up refs. */
    CHECK(refused(h, fh_insert(h, NAN, NULL)));
    reused = fh_insert(h, 4.0, payload_for(4));
    CHECK(reused >= 0);
    CHECK(refused(h, -1));
    CHECK(refused(h, INT64_MIN));
    CHECK(refused(h, INT64_MAX));
    CHECK(refused(h, reused ^ 1));
    CHECK(refused(h, reused + ((int64_t)1 << 32)));
    CHECK(refused(h, reused - ((int64_t)1 << 32)));
    CHECK_EQ(fh_contains(h, reused), 1);
    CHECK_EQ(fh_remove(h, reused, &out[0]), FH_OK);

    /* A heap freed while its arena lives on, and its memory reused. */
    of_freed_heap = fh_insert(gone, 5.0, payload_for(5));
    CHECK(of_freed_heap >= 0);
    fh_free(gone);
    CHECK(refused(h, of_freed_heap));
    other = fh_new(a);
    for (i = 0; i < 100; i++)
        CHECK(fh_insert(other, 6.0, payload_for(6)) >= 0);
    CHECK(refused(other, of_freed_heap));
    CHECK(refused(h, of_freed_heap));
    fh_free(other);
    fh_free(h);
    fh_arena_free(a);
}

static void test_foreign_refs_are_refused(void)
{
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a), *other = fh_new(a);
    fh_ref mine = fh_insert(h, 1.0, payload_for(1));
    fh_ref theirs = fh_insert(other, 2.0, payload_for(2));

    CHECK(mine >= 0 && theirs >= 0);
    CHECK(refused(h, theirs));
    CHECK(refused(other, mine));
    /* Both are untouched and still usable through their own heap. */
    CHECK_EQ(fh_contains(h, mine), 1);
    CHECK_EQ(fh_contains(other, theirs), 1);
    CHECK(pops(h, 1.0, payload_for(1)));
    CHECK(pops(other, 2.0, payload_for(2)));
    fh_free(h);
    fh_free(other);
    fh_arena_free(a);
}

static void test_merge_moves_elements_and_refs(void)
{
    enum { N = 40 };
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *dst = fh_new(a), *src = fh_new(a);
    fh_ref refs[2 * N + 2];
    model m;
    size_t i;

    model_init(&m);
    for (i = 0; i < 2 * N; i++)
        CHECK(insert_both(i % 2 ? src : dst, &m, (int)(i % 2), refs,
                          (double)(i % 9)));
    CHECK_EQ(fh_pop(src, NULL, NULL), FH_OK); /* src has trees, too */
    model_take(&m, model_min(&m, 1));
    CHECK_EQ(fh_merge(dst, src), FH_OK);
    model_merge(&m, 0, 1);
    CHECK(heap_agrees(dst, &m, 0));
    CHECK(heap_agrees(src, &m, 1));
    CHECK_EQ(fh_peek(src, NULL, NULL), FH_EEMPTY);
    for (i = 1; i < 2 * N; i += 2) {
        CHECK_EQ(fh_contains(dst, refs[i]), model_contains(&m, 0, i));
        CHECK(refused(src, refs[i]));
    }
    /* The moved elements work through dst. */
    CHECK_EQ(fh_decrease_key(dst, refs[3], -1.0), FH_OK);
    model_set_key(&m, 3, -1.0);
    CHECK_EQ(fh_update_key(dst, refs[5], 100.0), FH_OK);
    model_set_key(&m, 5, 100.0);
    CHECK(removes(dst, &m, refs, 7));
    /* src is empty and usable; its new elements are its own. */
    CHECK(insert_both(src, &m, 1, refs, 0.5));
    CHECK(refused(dst, refs[2 * N]));
    CHECK(heap_agrees(src, &m, 1));
    CHECK(drain_agrees(src, &m, 1));
    CHECK(drain_agrees(dst, &m, 0));
    model_destroy(&m);
    fh_free(dst);
    fh_free(src);
    fh_arena_free(a);
}

static void test_merge_ties_pop_in_insertion_order(void)
{
    enum { N = 64 };
    static size_t order[N];
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *first = fh_new(a), *second = fh_new(a);
    size_t i;

    for (i = 0; i < N; i++) {
        CHECK(fh_insert(i % 3 ? first : second, 1.0, payload_for(i)) >= 0);
        order[i] = i;
    }
    /* dst's oldest element is newer than src's. */
    CHECK_EQ(fh_merge(first, second), FH_OK);
    CHECK(pops_in_order(first, order, N));
    fh_free(first);
    fh_free(second);
    fh_arena_free(a);
}

static void test_merge_refusals_and_empty_heaps(void)
{
    fh_arena *a = fh_arena_new(NULL), *elsewhere = fh_arena_new(NULL);
    fh_heap *h = fh_new(a), *empty = fh_new(a), *foreign = fh_new(elsewhere);
    fh_ref mine = fh_insert(h, 1.0, payload_for(1));
    fh_ref theirs = fh_insert(foreign, 2.0, payload_for(2));

    CHECK_EQ(fh_merge(h, h), FH_ESAME);
    CHECK_EQ(fh_merge(h, foreign), FH_EARENA);
    CHECK_EQ(fh_merge(foreign, h), FH_EARENA);
    CHECK_EQ(fh_size(h), 1);
    CHECK_EQ(fh_size(foreign), 1);
    CHECK_EQ(fh_contains(h, mine), 1);
    CHECK_EQ(fh_contains(foreign, theirs), 1);
    CHECK_EQ(fh_merge(h, empty), FH_OK);
    CHECK_EQ(fh_size(h), 1);
    CHECK_EQ(fh_merge(empty, h), FH_OK);
    CHECK_EQ(fh_size(empty), 1);
    CHECK_EQ(fh_size(h), 0);
    CHECK_EQ(fh_contains(empty, mine), 1);
    CHECK_EQ(fh_check(h, NULL), FH_OK);
    CHECK_EQ(fh_check(empty, NULL), FH_OK);
    CHECK(pops(empty, 1.0, payload_for(1)));
    CHECK(pops(foreign, 2.0, payload_for(2)));
    fh_free(h);
    fh_free(empty);
    fh_free(foreign);
    fh_arena_free(a);
    fh_arena_free(elsewhere);
}

/* A merge gives src a new owner word; insertions naming the old one are
 * refused and change nothing, plain ones go in whatever the word. */
static void test_owner_words(void)
{
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *dst = fh_new(a), *src = fh_new(a), *other = fh_new(a);
    double keys[2] = {5.0, 6.0};
    void *payloads[2] = {payload_for(5), payload_for(6)};
    double key;
    void *payload = NULL;
    /* the table src had, the one a merge gives it, dst's */
    fh_owner old_src = {src, 0}, new_src = {src, 7}, dst_own = {dst, 0};

    CHECK(fh_insert_owned(&old_src, 1.0, payload_for(1)) >= 0);
    CHECK_EQ(fh_merge_owned(dst, src, 7), FH_OK);
    CHECK_EQ(fh_size(dst), 1);
    CHECK_EQ(fh_insert_owned(&old_src, 2.0, payload_for(2)), FH_EMOVED);
    CHECK_EQ(fh_insert_many_owned(&old_src, keys, payloads, 2, NULL), FH_EMOVED);
    CHECK_EQ(fh_pushpop_owned(&old_src, 3.0, payload_for(3), &key, &payload), FH_EMOVED);
    CHECK(payload == NULL);
    CHECK_EQ(fh_size(src), 0);
    /* the new word is accepted; the target kept its own word, 0 */
    CHECK(fh_insert_owned(&new_src, 2.0, payload_for(2)) >= 0);
    CHECK(fh_insert_owned(&dst_own, 4.0, payload_for(4)) >= 0);
    CHECK_EQ(fh_insert_many_owned(&new_src, keys, payloads, 2, NULL), FH_OK);
    CHECK_EQ(fh_replace_owned(&old_src, 3.0, payload_for(3), &key, &payload), FH_EMOVED);
    CHECK_EQ(fh_replace_owned(&new_src, 3.0, payload_for(3), &key, &payload), FH_OK);
    CHECK(key == 2.0 && payload == payload_for(2));
    CHECK_EQ(fh_pushpop_owned(&new_src, 9.0, payload_for(9), &key, &payload), FH_OK);
    CHECK(key == 3.0 && payload == payload_for(3));
    /* plain calls ignore words; fh_merge keeps src's */
    CHECK(fh_insert(src, 8.0, payload_for(8)) >= 0);
    CHECK_EQ(fh_merge(other, src), FH_OK);
    CHECK(fh_insert_owned(&new_src, 1.0, payload_for(1)) >= 0);
    CHECK_EQ(fh_size(src), 1);
    CHECK_EQ(fh_size(other), 4);
    CHECK_EQ(fh_check(src, NULL), FH_OK);
    CHECK_EQ(fh_check(dst, NULL), FH_OK);
    CHECK_EQ(fh_check(other, NULL), FH_OK);
    fh_free(dst);
    fh_free(src);
    fh_free(other);
    fh_arena_free(a);
}

/* Counts the bytes an arena holds, to show that churn does not grow it. */
typedef struct counting_allocator {
    size_t live_bytes;
} counting_allocator;

/* Precedes each block with its size, aligned for any type (C99 has no
 * max_align_t). */
typedef union block_header {
    size_t size;
    long double align_long_double;
    void *align_pointer;
} block_header;

static void *counting_alloc(void *ctx, size_t size)
{
    counting_allocator *c = ctx;
    block_header *block = malloc(sizeof *block + size);

    if (!block)
        return NULL;
    block->size = size;
    c->live_bytes += size;
    return block + 1;
}

static void counting_release(void *ctx, void *ptr)
{
    counting_allocator *c = ctx;
    block_header *block = (block_header *)ptr - 1;

    c->live_bytes -= block->size;
    free(block);
}

/* A work queue fed by merges: a long-lived heap receives one element at a
 * time from another long-lived heap and pops it. Neither the merges' tags
 * nor the nodes that end up in the receiver's cache may pile up; and refs
 * older than every retagging still name their element. */
static void test_merge_churn_keeps_memory_flat(void)
{
    enum { WARMUP = 10000, CYCLES = 200000 };
    counting_allocator counter = {0};
    fh_allocator allocator = {counting_alloc, counting_release, &counter};
    fh_arena *a = fh_arena_new(&allocator);
    fh_heap *h = fh_new(a), *g = fh_new(a);
    fh_ref old = fh_insert(g, 100.0, payload_for(0));
    fh_ref fresh;
    size_t i, warm_bytes = 0;
    void *payload;

    CHECK(old >= 0);
    for (i = 0; i < WARMUP + CYCLES; i++) {
        if (i == WARMUP)
            warm_bytes = counter.live_bytes;
        CHECK(fh_insert(g, (double)(i % 10), payload_for(i + 1)) >= 0);
        CHECK_EQ(fh_merge(h, g), FH_OK);
        CHECK_EQ(fh_contains(h, old), 1);
        CHECK_EQ(fh_size(h), 2);
        CHECK_EQ(fh_remove(h, fh_insert(h, 5.0, NULL), NULL), FH_OK);
        CHECK_EQ(fh_pop(h, NULL, NULL), FH_OK); /* old stays: it is 100 */
    }
    CHECK_EQ(counter.live_bytes, warm_bytes);
    CHECK_EQ(fh_check(h, NULL), FH_OK);
    CHECK_EQ(fh_remove(h, old, &payload), FH_OK);
    CHECK(payload == payload_for(0));
    CHECK_EQ(fh_contains(h, old), 0);
    CHECK_EQ(fh_decrease_key(h, old, -2.0), FH_ESTALE);
    fresh = fh_insert(g, 0.0, payload_for(1));
    CHECK_EQ(fh_merge(h, g), FH_OK);
    CHECK_EQ(fh_decrease_key(h, fresh, -2.0), FH_OK);
    CHECK(pops(h, -2.0, payload_for(1)));
    fh_free(h);
    fh_free(g);
    fh_arena_free(a);
    CHECK_EQ(counter.live_bytes, 0);
}

/* Merges that chain: refs from every earlier heap end up in the last one,
 * even after the heaps they came from are freed. */
static void test_merge_chains(void)
{
    enum { ROUNDS = 5, PER_ROUND = 20 };
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *heaps[3];
    fh_ref refs[3 * ROUNDS * PER_ROUND];
    model m;
    size_t round, i;
    int h;

    model_init(&m);
    for (h = 0; h < 3; h++)
        heaps[h] = fh_new(a);
    for (round = 0; round < ROUNDS; round++) {
        for (h = 0; h < 3; h++)
            for (i = 0; i < PER_ROUND; i++)
                CHECK(insert_both(heaps[h], &m, h, refs,
                                  (double)((i * 13 + round) % 11)));
        CHECK_EQ(fh_merge(heaps[0], heaps[1]), FH_OK);
        model_merge(&m, 0, 1);
        CHECK_EQ(fh_merge(heaps[2], heaps[0]), FH_OK);
        model_merge(&m, 2, 0);
        CHECK_EQ(fh_merge(heaps[1], heaps[2]), FH_OK);
        model_merge(&m, 1, 2);
        for (h = 0; h < 3; h++)
            CHECK(heap_agrees(heaps[h], &m, h));
    }
    fh_free(heaps[0]);
    fh_free(heaps[2]);
    for (i = 0; i < m.elem_count; i++) {
        CHECK_EQ(fh_contains(heaps[1], refs[i]), 1);
        if (i % 2 == 0) {
            CHECK_EQ(fh_decrease_key(heaps[1], refs[i], -(double)i), FH_OK);
            model_set_key(&m, i, -(double)i);
        }
    }
    CHECK(heap_agrees(heaps[1], &m, 1));
    CHECK(drain_agrees(heaps[1], &m, 1));
    model_destroy(&m);
    fh_free(heaps[1]);
    fh_arena_free(a);
}

static void test_clear(void)
{
    enum { N = 50 };
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a);
    fh_ref refs[2 * N + 1];
    void *payloads[N];
    int seen[2 * N] = {0};
    model m;
    size_t count, i;

    model_init(&m);
    for (i = 0; i < N; i++)
        CHECK(insert_both(h, &m, 0, refs, (double)(i % 4)));
    CHECK_EQ(fh_clear(h, payloads, N - 1, &count), FH_ERANGE);
    CHECK_EQ(fh_clear(h, payloads, 0, &count), FH_ERANGE);
    CHECK(heap_agrees(h, &m, 0));
    CHECK_EQ(fh_contains(h, refs[0]), 1);
    CHECK(drain_agrees(h, &m, 0)); /* same elements in the same order */

    for (i = 0; i < N; i++)
        CHECK(insert_both(h, &m, 0, refs, (double)(i % 4)));
    CHECK_EQ(fh_pop(h, NULL, NULL), FH_OK);
    model_take(&m, model_min(&m, 0));
    CHECK_EQ(fh_clear(h, payloads, N, &count), FH_OK);
    CHECK_EQ(count, N - 1);
    for (i = 0; i < count; i++) {
        size_t id = payload_number(payloads[i]);

        CHECK(id < 2 * N && model_contains(&m, 0, id) && !seen[id]);
        seen[id] = 1;
    }
    model_take_all(&m, 0);
    CHECK(heap_agrees(h, &m, 0));
    for (i = N; i < 2 * N; i++)
        CHECK(refused(h, refs[i]));
    CHECK_EQ(fh_clear(h, payloads, 0, &count), FH_OK); /* empty now */
    CHECK_EQ(count, 0);
    CHECK(insert_both(h, &m, 0, refs, 1.0)); /* and usable */
    CHECK(drain_agrees(h, &m, 0));
    model_destroy(&m);
    fh_free(h);
    fh_arena_free(a);
}

/* fh_free releases every node of a heap that still holds some: the
 * sanitizers and valgrind report any leak. */
static void test_free_heap_with_elements(void)
{
    enum { N = 10000 };
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *full = fh_new(a), *kept = fh_new(a);
    fh_ref kept_ref = fh_insert(kept, 1.0, payload_for(1));
    size_t i;

    for (i = 0; i < N; i++)
        CHECK(fh_insert(full, (double)(i % 100), payload_for(i)) >= 0);
    for (i = 0; i < N / 10; i++)
        CHECK_EQ(fh_pop(full, NULL, NULL), FH_OK);
    fh_free(full);
    /* Another heap of the arena is unaffected. */
    CHECK_EQ(fh_contains(kept, kept_ref), 1);
    CHECK_EQ(fh_check(kept, NULL), FH_OK);
    fh_free(kept);
    fh_arena_free(a);
}

/* An allocator that frees a heap of its own arena from inside its callback,
 * as a garbage collector's finalizer may do when a binding's allocator runs
 * Python code: fh_free then finds the arena's locks taken by its own thread,
 * and must neither wait for ever nor lose the heap (ASan and valgrind see a
 * leak otherwise). */
typedef struct reentrant_allocator {
    fh_heap *victim; /* freed at the next allocation, then NULL */
    int freed_inside;
} reentrant_allocator;

static void *reentrant_alloc(void *ctx, size_t size)
{
    reentrant_allocator *r = ctx;

    if (r->victim) {
        fh_heap *victim = r->victim;

        r->victim = NULL;
        fh_free(victim);
        r->freed_inside = 1;
    }
    return malloc(size);
}

static void reentrant_release(void *ctx, void *ptr)
{
    (void)ctx;
    free(ptr);
}

static void test_free_from_inside_an_allocator_callback(void)
{
    reentrant_allocator r = {NULL, 0};
    fh_allocator allocator = {reentrant_alloc, reentrant_release, &r};
    fh_arena *a = fh_arena_new(&allocator);
    fh_heap *growing = fh_new(a), *victim = fh_new(a);
    size_t i;

    CHECK(fh_insert(victim, 1.0, payload_for(1)) >= 0);
    r.victim = victim;
    /* Enough inserts to need a new arena chunk: the arena lock is held. */
    for (i = 0; i < 1000; i++)
        CHECK(fh_insert(growing, (double)i, payload_for(i)) >= 0);
    CHECK_EQ(r.freed_inside, 1);
    CHECK_EQ(fh_size(growing), 1000);
    CHECK_EQ(fh_check(growing, NULL), FH_OK);
    fh_free(growing); /* also frees the heap left waiting */
    fh_arena_free(a);
}

/* The node index an fh_ref names (white box: fiboheap.h keeps it in the
 * high half). */
static int64_t index_of(fh_ref ref)
{
    return ref >> 32;
}

/* Once every node is back in the arena, the next heap gets the first nodes
 * again, batch by batch in address order; refs from before are still
 * refused. While a node is out (in a heap or a heap's cache), freed nodes are
 * reused instead. */
static void test_arena_starts_over_once_every_node_is_free(void)
{
    enum { N = 5000 };
    static fh_ref old[N];
    /* Nodes come in batches of up to 64: the last may reach past N. */
    static unsigned char taken[N + 64];
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a), *other = fh_new(a);
    fh_ref fresh, kept;
    size_t i;

    for (i = 0; i < N; i++)
        CHECK((old[i] = fh_insert(h, (double)(N - i), payload_for(i))) >= 0);
    for (i = 0; i < N / 2; i++)
        CHECK_EQ(fh_pop(h, NULL, NULL), FH_OK); /* scatters the free list */
    fh_free(h);
    h = fh_new(a);
    for (i = 0; i < N; i++) {
        CHECK((fresh = fh_insert(h, 1.0, payload_for(i))) >= 0);
        CHECK(index_of(fresh) < N + 64 && !taken[index_of(fresh)]);
        if (i < 64) /* the first batches: the first 64 nodes */
            CHECK(index_of(fresh) < 64);
        taken[index_of(fresh)] = 1;
        CHECK_EQ(fh_contains(h, old[i]), 0);
        CHECK_EQ(fh_decrease_key(h, old[i], 0.0), FH_ESTALE);
    }
    CHECK_EQ(fh_check(h, NULL), FH_OK);
    /* While other holds a node the arena does not start over: no index is
     * handed out twice. */
    CHECK((kept = fh_insert(other, 1.0, payload_for(0))) >= 0);
    fh_free(h);
    h = fh_new(a);
    for (i = 0; i < N + 64; i++) {
        CHECK((fresh = fh_insert(h, 1.0, payload_for(i))) >= 0);
        CHECK(index_of(fresh) != index_of(kept));
    }
    CHECK_EQ(fh_contains(other, kept), 1);
    CHECK_EQ(fh_check(other, NULL), FH_OK);
    fh_free(h);
    fh_free(other);
    fh_arena_free(a);
}

void run_api_tests(void)
{
    RUN_TEST(test_strerror_names_every_status);
    RUN_TEST(test_new_heap_is_empty);
    RUN_TEST(test_pops_in_key_order);
    RUN_TEST(test_equal_keys_pop_first_in_first_out);
    RUN_TEST(test_negative_zero_equals_zero);
    RUN_TEST(test_infinite_keys);
    RUN_TEST(test_nan_keys_are_refused);
    RUN_TEST(test_null_payload_is_an_element);
    RUN_TEST(test_peek_and_pop_take_null_outputs);
    RUN_TEST(test_extract);
    RUN_TEST(test_refs_name_their_element);
    RUN_TEST(test_insert_many);
    RUN_TEST(test_decrease_key);
    RUN_TEST(test_update_key_keeps_tie_position);
    RUN_TEST(test_update_key_any_direction);
    RUN_TEST(test_remove_min_roots_and_deep_nodes);
    RUN_TEST(test_stale_refs_are_refused);
    RUN_TEST(test_foreign_refs_are_refused);
    RUN_TEST(test_merge_moves_elements_and_refs);
    RUN_TEST(test_merge_ties_pop_in_insertion_order);
    RUN_TEST(test_merge_refusals_and_empty_heaps);
    RUN_TEST(test_owner_words);
    RUN_TEST(test_merge_chains);
    RUN_TEST(test_merge_churn_keeps_memory_flat);
    RUN_TEST(test_clear);
    RUN_TEST(test_free_heap_with_elements);
    RUN_TEST(test_free_from_inside_an_allocator_callback);
    RUN_TEST(test_arena_starts_over_once_every_node_is_free);
}
