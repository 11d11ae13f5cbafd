/* Max-heaps, bulk pops, ordered and unordered reads, pushpop and replace. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../fiboheap.h"
#include "support.h"
#include "testing.h"

enum { N = 2000 };

/* A heap whose shape is not a plain root list: inserts with ties, a pop
 * (which consolidates), decreases that cut, raises and removals. */
static int build_shaped(fh_heap *h, rng *r, size_t n)
{
    fh_ref refs[N];
    size_t i;

    for (i = 0; i < n; i++) {
        refs[i] = fh_insert(h, (double)rng_below(r, n / 4 + 1), payload_for(i));
        ENSURE(refs[i] >= 0);
    }
    ENSURE_EQ(fh_pop(h, NULL, NULL), FH_OK);
    for (i = 0; i < n / 8; i++) {
        fh_ref ref = refs[rng_below(r, n)];

        if (fh_contains(h, ref) && i % 3 == 0)
            ENSURE_EQ(fh_update_key(h, ref, (double)rng_below(r, n)), FH_OK);
        else if (fh_contains(h, ref) && i % 3 == 1)
            ENSURE_EQ(fh_remove(h, ref, NULL), FH_OK);
        else if (fh_contains(h, ref))
            ENSURE_EQ(fh_update_key(h, ref, -(double)rng_below(r, 8)), FH_OK);
    }
    ENSURE_EQ(fh_check(h, NULL), FH_OK);
    return 1;
}

static void test_max_heap_pops_largest_first_ties_fifo(void)
{
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new_ordered(a, 1);
    static const double keys[] = {1.0, 3.0, -INFINITY, 3.0, INFINITY, -0.0,
                                  0.0, 2.5};
    static const size_t order[] = {4, 1, 3, 7, 0, 5, 6, 2};
    size_t i;

    CHECK(h != NULL);
    CHECK_EQ(fh_is_reversed(h), 1);
    for (i = 0; i < 8; i++)
        CHECK(fh_insert(h, keys[i], payload_for(i)) >= 0);
    CHECK_EQ(fh_check(h, NULL), FH_OK);
    for (i = 0; i < 8; i++) {
        double key, peeked;
        void *payload;

        CHECK_EQ(fh_peek(h, &peeked, NULL), FH_OK);
        CHECK_EQ(fh_pop(h, &key, &payload), FH_OK);
        CHECK(same_key(key, keys[order[i]])); /* -0.0 stays -0.0 */
        CHECK(same_key(peeked, key));
        CHECK(payload == payload_for(order[i]));
    }
    fh_free(h);
    h = fh_new_ordered(a, 0);
    CHECK_EQ(fh_is_reversed(h), 0);
    fh_free(h);
    fh_arena_free(a);
}

static void test_max_heap_key_changes(void)
{
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new_ordered(a, 1);
    fh_ref r1 = fh_insert(h, 10.0, payload_for(1));
    fh_ref r2 = fh_insert(h, 20.0, payload_for(2));
    fh_ref r3 = fh_insert(h, 30.0, payload_for(3));
    double key;
    void *payload;

    CHECK(r1 >= 0 && r2 >= 0 && r3 >= 0);
    /* decrease_key lowers the key on a max-heap too, and refuses a raise. */
    CHECK_EQ(fh_decrease_key(h, r1, 11.0), FH_EKEY);
    CHECK_EQ(fh_decrease_key(h, r3, 5.0), FH_OK);
    CHECK_EQ(fh_check(h, NULL), FH_OK);
    CHECK_EQ(fh_peek(h, &key, &payload), FH_OK);
    CHECK(key == 20.0 && payload == payload_for(2));
    CHECK_EQ(fh_update_key(h, r1, 25.0), FH_OK);
    CHECK_EQ(fh_pop(h, &key, &payload), FH_OK);
    CHECK(key == 25.0 && payload == payload_for(1));
    CHECK_EQ(fh_update_key(h, r2, 1.0), FH_OK);
    CHECK_EQ(fh_pop(h, &key, &payload), FH_OK);
    CHECK(key == 5.0 && payload == payload_for(3));
    CHECK_EQ(fh_pop(h, &key, &payload), FH_OK);
    CHECK(key == 1.0 && payload == payload_for(2));
    CHECK_EQ(fh_decrease_key(h, r1, NAN), FH_ENAN);
    fh_free(h);
    fh_arena_free(a);
}

static void test_merge_refuses_opposite_orders(void)
{
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *lo = fh_new(a), *hi = fh_new_ordered(a, 1);
    fh_heap *hi2 = fh_new_ordered(a, 1);

    CHECK(fh_insert(lo, 1.0, payload_for(1)) >= 0);
    CHECK(fh_insert(hi, 2.0, payload_for(2)) >= 0);
    CHECK(fh_insert(hi2, 3.0, payload_for(3)) >= 0);
    CHECK_EQ(fh_merge(lo, hi), FH_EORDER);
    CHECK_EQ(fh_merge(hi, lo), FH_EORDER);
    CHECK_EQ(fh_size(lo), 1);
    CHECK_EQ(fh_size(hi), 1);
    CHECK_EQ(fh_merge(hi, hi2), FH_OK);
    CHECK(pops(hi, 3.0, payload_for(3)));
    CHECK(fh_strerror(FH_EORDER) != fh_strerror(12345));
    fh_free(lo);
    fh_free(hi);
    fh_free(hi2);
    fh_arena_free(a);
}

/* nsmallest reads what pop_many then pops, on both orders and many shapes. */
static void test_nsmallest_and_pop_many_give_pop_order(void)
{
    static double keys[N], popped_keys[N];
    static void *payloads[N], *popped[N];
    fh_arena *a = fh_arena_new(NULL);
    rng r = {42};
    size_t round;

    for (round = 0; round < 20; round++) {
        fh_heap *h = fh_new_ordered(a, (int)(round % 2));
        fh_heap *twin = fh_new_ordered(a, (int)(round % 2));
        /* Every other round pops every element (fh_pop_many's sort). */
        size_t n = 1 + rng_below(&r, N - 1);
        size_t k = round % 2 ? n + 5 : rng_below(&r, n + 5);
        size_t count = 99, i, size;
        uint64_t changes;
        rng copy;

        CHECK(h && twin);
        copy = r;
        CHECK(build_shaped(h, &r, n));
        CHECK(build_shaped(twin, &copy, n));
        size = fh_size(h);
        changes = fh_changes(h);
        CHECK_EQ(fh_nsmallest(h, k, keys, payloads, N, &count), FH_OK);
        CHECK_EQ(count, k < size ? k : size);
        CHECK_EQ(fh_changes(h), changes);
        CHECK_EQ(fh_size(h), size);
        CHECK_EQ(fh_check(h, NULL), FH_OK);
        CHECK_EQ(fh_pop_many(h, k, popped_keys, popped, N, &count), FH_OK);
        CHECK_EQ(count, k < size ? k : size);
        CHECK((fh_changes(h) != changes) == (count > 0));
        CHECK_EQ(fh_size(h), size - count);
        for (i = 0; i < count; i++) {
            double key;
            void *payload;

            CHECK(same_key(keys[i], popped_keys[i]));
            CHECK(payloads[i] == popped[i]);
            CHECK_EQ(fh_pop(twin, &key, &payload), FH_OK);
            CHECK(same_key(key, keys[i]) && payload == payloads[i]);
        }
        CHECK_EQ(fh_check(h, NULL), FH_OK);
        /* The rest still pops as the twin does. */
        while (fh_size(twin) > 0) {
            double key, twin_key;
            void *payload, *twin_payload;

            CHECK_EQ(fh_pop(h, &key, &payload), FH_OK);
            CHECK_EQ(fh_pop(twin, &twin_key, &twin_payload), FH_OK);
            CHECK(same_key(key, twin_key) && payload == twin_payload);
        }
        CHECK_EQ(fh_size(h), 0);
        fh_free(h);
        fh_free(twin);
    }
    fh_arena_free(a);
}

static void test_bulk_reads_refuse_small_buffers(void)
{
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a);
    double keys[4];
    void *payloads[4];
    size_t count = 99, i;

    for (i = 0; i < 6; i++)
        CHECK(fh_insert(h, (double)(6 - i), payload_for(i)) >= 0);
    CHECK_EQ(fh_pop_many(h, 5, keys, payloads, 4, &count), FH_ERANGE);
    CHECK_EQ(count, 0);
    CHECK_EQ(fh_nsmallest(h, 5, keys, payloads, 4, &count), FH_ERANGE);
    CHECK_EQ(fh_snapshot(h, keys, payloads, NULL, 0, 4, &count, NULL),
             FH_ERANGE);
    CHECK_EQ(fh_size(h), 6);
    /* k above the size is fine when the size fits; NULL outputs too. */
    CHECK_EQ(fh_pop_many(h, 2, NULL, NULL, 0, &count), FH_ERANGE);
    CHECK_EQ(fh_pop_many(h, 2, NULL, NULL, 2, &count), FH_OK);
    CHECK_EQ(count, 2);
    CHECK_EQ(fh_nsmallest(h, 100, keys, NULL, 4, &count), FH_OK);
    CHECK_EQ(count, 4);
    CHECK(keys[0] == 3.0 && keys[3] == 6.0);
    CHECK_EQ(fh_pop_many(h, 100, keys, payloads, 4, &count), FH_OK);
    CHECK_EQ(count, 4);
    CHECK(keys[0] == 3.0 && payloads[3] == payload_for(0));
    CHECK_EQ(fh_pop_many(h, 100, keys, payloads, 0, &count), FH_OK);
    CHECK_EQ(count, 0);
    CHECK_EQ(fh_nsmallest(h, 100, keys, payloads, 0, &count), FH_OK);
    CHECK_EQ(count, 0);
    fh_free(h);
    fh_arena_free(a);
}

static void test_snapshot_copies_every_element(void)
{
    static double keys[N];
    static void *payloads[N];
    static unsigned char seen[N];
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new_ordered(a, 1), *other = fh_new_ordered(a, 1);
    uint64_t before, after;
    size_t count = 0, i;
    fh_ref ref;

    for (i = 0; i < N; i++)
        CHECK(fh_insert(h, (double)(i % 10) - 0.5, payload_for(i)) >= 0);
    CHECK_EQ(fh_pop(h, NULL, NULL), FH_OK); /* removes payload_for(9) */
    before = fh_changes(h);
    CHECK_EQ(fh_snapshot(h, keys, payloads, NULL, 0, N, &count, &after),
             FH_OK);
    CHECK_EQ(after, before);
    CHECK_EQ(fh_changes(h), before);
    CHECK_EQ(count, N - 1);
    for (i = 0; i < count; i++) {
        size_t id = payload_number(payloads[i]);

        CHECK(id < N && !seen[id] && id != 9);
        seen[id] = 1;
        CHECK(keys[i] == (double)(id % 10) - 0.5);
    }
    /* Every change of elements or keys moves fh_changes; reads do not. */
    ref = fh_insert(h, 1.0, payload_for(N));
    CHECK(fh_changes(h) != before);
    before = fh_changes(h);
    CHECK_EQ(fh_peek(h, NULL, NULL), FH_OK);
    CHECK_EQ(fh_contains(h, ref), 1);
    CHECK_EQ(fh_changes(h), before);
    CHECK_EQ(fh_decrease_key(h, ref, 0.5), FH_OK);
    CHECK(fh_changes(h) != before);
    before = fh_changes(h);
    CHECK_EQ(fh_update_key(h, ref, 0.75), FH_OK);
    CHECK(fh_changes(h) != before);
    before = fh_changes(h);
    /* A key set to itself changes nothing; to -0.0 from 0.0, it does. */
    CHECK_EQ(fh_update_key(h, ref, 0.75), FH_OK);
    CHECK_EQ(fh_decrease_key(h, ref, 0.75), FH_OK);
    CHECK_EQ(fh_changes(h), before);
    CHECK_EQ(fh_update_key(h, ref, 0.0), FH_OK);
    before = fh_changes(h);
    CHECK_EQ(fh_update_key(h, ref, -0.0), FH_OK);
    CHECK(fh_changes(h) != before);
    before = fh_changes(h);
    CHECK_EQ(fh_remove(h, ref, NULL), FH_OK);
    CHECK(fh_changes(h) != before);
    before = fh_changes(h);
    CHECK(fh_insert(other, 1.0, payload_for(N)) >= 0);
    after = fh_changes(other);
    CHECK_EQ(fh_merge(h, other), FH_OK);
    CHECK(fh_changes(h) != before && fh_changes(other) != after);
    before = fh_changes(h);
    CHECK_EQ(fh_clear(h, NULL, SIZE_MAX, NULL), FH_OK);
    CHECK(fh_changes(h) != before);
    fh_free(h);
    fh_free(other);
    fh_arena_free(a);
}

/* In insertion order, across merges and key changes; re-inserting that
 * list into a new heap copies the heap: the same pops, ties included. */
static void test_snapshot_in_insertion_order_copies_ties(void)
{
    static double keys[N];
    static void *payloads[N];
    static fh_ref refs[N];
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a), *other = fh_new(a), *copy = fh_new(a);
    size_t count = 0, i;
    rng r = {42};

    for (i = 0; i < N; i++) { /* payload numbers grow with insertion */
        fh_heap *into = rng_below(&r, 2) ? h : other;

        refs[i] = fh_insert(into, (double)rng_below(&r, 8), payload_for(i));
        CHECK(refs[i] >= 0);
    }
    CHECK_EQ(fh_merge(h, other), FH_OK);
    for (i = 0; i < 50; i++) /* pops consolidate: trees, not a root list */
        CHECK_EQ(fh_pop(h, NULL, NULL), FH_OK);
    for (i = 0; i < N; i += 3)
        if (fh_contains(h, refs[i]))
            CHECK_EQ(fh_update_key(h, refs[i], (double)(i % 5)), FH_OK);
    CHECK_EQ(fh_snapshot(h, keys, payloads, refs, 1, N, &count, NULL), FH_OK);
    CHECK_EQ(count, fh_size(h));
    for (i = 0; i < count; i++) {
        if (i > 0)
            CHECK(payload_number(payloads[i - 1]) <
                  payload_number(payloads[i]));
        CHECK_EQ(fh_contains(h, refs[i]), 1);
    }
    CHECK_EQ(fh_insert_many(copy, keys, payloads, count, NULL), FH_OK);
    for (i = 0; i < count; i++) {
        double key;
        void *payload;

        CHECK_EQ(fh_pop(h, &key, &payload), FH_OK);
        CHECK(pops(copy, key, payload));
    }
    CHECK_EQ(fh_size(copy), 0);
    fh_free(h);
    fh_free(other);
    fh_free(copy);
    fh_arena_free(a);
}

static void test_pushpop_and_replace(void)
{
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a), *hi = fh_new_ordered(a, 1);
    double key = 0.0;
    void *payload = NULL;

    /* Empty: pushpop gives its own element back, replace refuses. */
    CHECK_EQ(fh_pushpop(h, 5.0, payload_for(1), &key, &payload), FH_OK);
    CHECK(key == 5.0 && payload == payload_for(1));
    CHECK_EQ(fh_size(h), 0);
    CHECK_EQ(fh_replace(h, 5.0, payload_for(1), &key, &payload), FH_EEMPTY);
    CHECK_EQ(fh_size(h), 0);
    CHECK(fh_insert(h, 3.0, payload_for(2)) >= 0);
    /* Strictly first: given back, heap unchanged. */
    CHECK_EQ(fh_pushpop(h, 2.0, payload_for(3), &key, &payload), FH_OK);
    CHECK(key == 2.0 && payload == payload_for(3));
    CHECK_EQ(fh_size(h), 1);
    /* A tie goes to the older element. */
    CHECK_EQ(fh_pushpop(h, 3.0, payload_for(4), &key, &payload), FH_OK);
    CHECK(key == 3.0 && payload == payload_for(2));
    CHECK_EQ(fh_pushpop(h, 4.0, payload_for(5), &key, &payload), FH_OK);
    CHECK(key == 3.0 && payload == payload_for(4));
    CHECK_EQ(fh_replace(h, 1.0, payload_for(6), &key, &payload), FH_OK);
    CHECK(key == 4.0 && payload == payload_for(5));
    CHECK_EQ(fh_replace(h, 7.0, payload_for(7), NULL, NULL), FH_OK);
    CHECK(pops(h, 7.0, payload_for(7)));
    CHECK_EQ(fh_pushpop(h, NAN, NULL, NULL, NULL), FH_ENAN);
    CHECK_EQ(fh_replace(h, NAN, NULL, NULL, NULL), FH_ENAN);
    /* On a max-heap "first" is the largest. */
    CHECK(fh_insert(hi, 3.0, payload_for(8)) >= 0);
    CHECK_EQ(fh_pushpop(hi, 4.0, payload_for(9), &key, &payload), FH_OK);
    CHECK(key == 4.0 && payload == payload_for(9));
    CHECK_EQ(fh_pushpop(hi, 2.0, payload_for(10), &key, &payload), FH_OK);
    CHECK(key == 3.0 && payload == payload_for(8));
    CHECK_EQ(fh_replace(hi, 9.0, payload_for(11), &key, &payload), FH_OK);
    CHECK(key == 2.0 && payload == payload_for(10));
    CHECK(pops(hi, 9.0, payload_for(11)));
    CHECK_EQ(fh_check(h, NULL), FH_OK);
    fh_free(h);
    fh_free(hi);
    fh_arena_free(a);
}

/* pushpop and replace never allocate: they work with no memory left. */
static void *no_memory(void *ctx, size_t size)
{
    size_t *budget = ctx;

    if (*budget == 0)
        return NULL;
    --*budget;
    return malloc(size);
}

static void release(void *ctx, void *ptr)
{
    (void)ctx;
    free(ptr);
}

static void test_out_of_memory(void)
{
    size_t budget = 3; /* the arena, the heap, its tag */
    fh_allocator allocator = {no_memory, release, &budget};
    fh_arena *a = fh_arena_new(&allocator);
    fh_heap *h = fh_new(a);
    double key;
    void *payload;
    size_t count = 9;

    CHECK(a && h);
    CHECK_EQ(fh_insert(h, 1.0, payload_for(1)), FH_ENOMEM);
    budget = 1; /* one chunk of nodes */
    CHECK(fh_insert(h, 1.0, payload_for(1)) >= 0);
    CHECK(fh_insert(h, 2.0, payload_for(2)) >= 0);
    CHECK_EQ(budget, 0);
    CHECK_EQ(fh_pushpop(h, 3.0, payload_for(3), &key, &payload), FH_OK);
    CHECK(key == 1.0 && payload == payload_for(1));
    CHECK_EQ(fh_replace(h, 0.0, payload_for(4), &key, &payload), FH_OK);
    CHECK(key == 2.0 && payload == payload_for(2));
    /* nsmallest needs work space: refused whole, heap intact. */
    CHECK_EQ(fh_nsmallest(h, 2, &key, &payload, 1, &count), FH_ERANGE);
    CHECK_EQ(fh_nsmallest(h, 1, &key, &payload, 1, &count), FH_ENOMEM);
    CHECK_EQ(count, 0);
    CHECK_EQ(fh_check(h, NULL), FH_OK);
    budget = 1;
    CHECK_EQ(fh_nsmallest(h, 1, &key, &payload, 1, &count), FH_OK);
    CHECK(count == 1 && key == 0.0 && payload == payload_for(4));
    /* Popping every element sorts them in work space; without it, they
     * are popped one by one. */
    {
        double two_keys[2];
        void *two_payloads[2];

        CHECK_EQ(fh_pop_many(h, 5, two_keys, two_payloads, 2, &count), FH_OK);
        CHECK(count == 2 && two_keys[0] == 0.0 && two_keys[1] == 3.0);
        CHECK(two_payloads[0] == payload_for(4) && two_payloads[1] == payload_for(3));
        CHECK_EQ(fh_size(h), 0);
    }
    fh_free(h);
    fh_arena_free(a);
}

/* fh_address_order sorts the payloads before the first NULL by address and
 * ranks each: sorted[rank[i]] is payloads[i], in ascending order, for
 * addresses that differ in few or many bits, repeat, or are all equal. */
static void test_address_order_sorts_and_ranks(void)
{
    static char block[1 << 16];
    enum { M = 3000 };
    void *payloads[M + 2], *sorted[M + 2];
    size_t rank[M + 2], spread, m, i;
    rng r = {7};

    for (spread = 1; spread <= sizeof block; spread *= 16) {
        for (m = 0; m <= M; m = m ? m * 5 : 1) {
            for (i = 0; i < m; i++)
                payloads[i] = block + rng_below(&r, spread);
            payloads[m] = NULL;      /* the count goes past the first NULL */
            payloads[m + 1] = block;
            for (i = 0; i < m + 2; i++)
                sorted[i] = NULL;
            CHECK_EQ(fh_address_order(payloads, m + 2, sorted, rank), FH_OK);
            for (i = 0; i < m; i++)
                CHECK(rank[i] < m && sorted[rank[i]] == payloads[i]);
            for (i = 1; i < m; i++)
                CHECK((char *)sorted[i - 1] <= (char *)sorted[i]);
            CHECK(sorted[m] == NULL);
        }
    }
    /* addresses far apart: every bit of a pointer may vary */
    payloads[0] = (void *)(uintptr_t)UINTPTR_MAX;
    payloads[1] = (void *)(uintptr_t)1;
    payloads[2] = block;
    CHECK_EQ(fh_address_order(payloads, 3, sorted, rank), FH_OK);
    CHECK(sorted[0] == (void *)(uintptr_t)1 && sorted[2] == (void *)(uintptr_t)UINTPTR_MAX);
    CHECK(rank[0] == 2 && rank[1] == 0 && sorted[rank[2]] == block);
}

void run_bulk_tests(void)
{
    RUN_TEST(test_max_heap_pops_largest_first_ties_fifo);
    RUN_TEST(test_max_heap_key_changes);
    RUN_TEST(test_merge_refuses_opposite_orders);
    RUN_TEST(test_snapshot_in_insertion_order_copies_ties);
    RUN_TEST(test_nsmallest_and_pop_many_give_pop_order);
    RUN_TEST(test_bulk_reads_refuse_small_buffers);
    RUN_TEST(test_snapshot_copies_every_element);
    RUN_TEST(test_pushpop_and_replace);
    RUN_TEST(test_out_of_memory);
    RUN_TEST(test_address_order_sorts_and_ranks);
}
