/* libFuzzer harness: the input is a sequence of operations on two heaps of
 * one arena, each also applied to the reference model (tests/ref_model.c).
 * Any disagreement, or fh_check failing after an operation, traps. An
 * operation can also make the arena's next allocation fail: the call that
 * hits it must report FH_ENOMEM and change nothing. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../fiboheap.h"
#include "../tests/ref_model.h"

#define REQUIRE(cond)                                                       \
    do {                                                                    \
        if (!(cond))                                                        \
            __builtin_trap();                                               \
    } while (0)

enum { HEAPS = 2, MAX_BATCH = 64, FABRICATED = 8 };

/* Few keys, so that they tie; the special ones among them. */
static const double key_table[16] = {
    0.0, -0.0,     1.0,      2.0, -1.0,     0.5,      3.0,     1e300,
    INFINITY, -INFINITY, NAN, DBL_MAX, -DBL_MAX, DBL_MIN, 1.0, -2.0};

enum op {
    OP_INSERT,
    OP_INSERT_MANY,
    OP_POP,
    OP_PEEK,
    OP_EXTRACT,
    OP_DECREASE,
    OP_UPDATE,
    OP_REMOVE,
    OP_CONTAINS,
    OP_MERGE,
    OP_CLEAR,
    OP_FAIL_NEXT_ALLOCATION,
    OP_RENEW_SECOND_HEAP,
    OP_PUSHPOP_OR_REPLACE,
    OP_POP_MANY_OR_NSMALLEST,
    OP_SNAPSHOT,
    OP_KINDS
};

typedef struct state {
    const uint8_t *input;
    size_t input_left;
    int fail_next;         /* the next allocation fails */
    size_t failures;        /* allocations failed on purpose so far */
    size_t failures_before; /* failures when the current call began */
    size_t failures_seen;   /* failures some call reported */
    size_t live_blocks;
    fh_arena *arena;
    fh_heap *heaps[HEAPS];
    model m;
    fh_ref *refs; /* refs[id] for every element the model ever held */
    size_t refs_capacity;
} state;

static void *fuzz_alloc(void *ctx, size_t size)
{
    state *s = ctx;
    void *block;

    if (s->fail_next) {
        s->fail_next = 0;
        s->failures++;
        return NULL;
    }
    block = malloc(size);
    if (block)
        s->live_blocks++;
    return block;
}

static void fuzz_release(void *ctx, void *block)
{
    state *s = ctx;

    if (block) {
        s->live_blocks--;
        free(block);
    }
}

static uint8_t next_byte(state *s)
{
    if (s->input_left == 0)
        return 0;
    s->input_left--;
    return *s->input++;
}

static void begin_call(state *s)
{
    s->failures_before = s->failures;
}

/* Compares a call's status with the model's; a call that ran into the
 * injected allocation failure must report FH_ENOMEM instead. Returns
 * whether the call took effect. */
static int took_effect(state *s, int status, int expected)
{
    if (s->failures != s->failures_before) {
        REQUIRE(status == FH_ENOMEM);
        s->failures_seen = s->failures;
        return 0;
    }
    REQUIRE(status == expected);
    return expected == FH_OK;
}

static void remember(state *s, size_t id, fh_ref ref)
{
    if (id >= s->refs_capacity) {
        s->refs_capacity = s->refs_capacity ? 2 * s->refs_capacity : 256;
        s->refs = realloc(s->refs, s->refs_capacity * sizeof *s->refs);
        REQUIRE(s->refs != NULL);
    }
    s->refs[id] = ref;
}

/* The id of the element ref was returned for, SIZE_MAX if none: refs are
 * unique in an arena, stale ones included. */
static size_t id_of(const state *s, fh_ref ref)
{
    size_t id;

    for (id = 0; id < s->m.elem_count; id++)
        if (s->refs[id] == ref)
            return id;
    return SIZE_MAX;
}

/* A ref to a recent element (often gone by now), or a made-up one; *id is
 * the element's id, SIZE_MAX if none. */
static fh_ref some_ref(state *s, size_t *id)
{
    uint8_t choice = next_byte(s);
    fh_ref last = s->m.elem_count ? s->refs[s->m.elem_count - 1] : 0;
    size_t recent;

    if (choice < FABRICATED || s->m.elem_count == 0) {
        const fh_ref made_up[FABRICATED] = {
            -1, 0, 1, INT64_MAX, INT64_MIN, FH_ESTALE, last ^ 1,
            last + ((fh_ref)1 << 32)};
        fh_ref ref = made_up[choice % FABRICATED];

        *id = id_of(s, ref);
        return ref;
    }
    recent = s->m.elem_count < 248 ? s->m.elem_count : 248;
    *id = s->m.elem_count - 1 - (choice - FABRICATED) % recent;
    return s->refs[*id];
}

static int model_has(const state *s, int h, size_t id)
{
    return id != SIZE_MAX && s->refs[id] >= 0 && model_contains(&s->m, h, id);
}

static int same_key(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* A key from the table, and a payload: NULL or one naming element id. */
static double key_and_payload(state *s, size_t id, void **payload)
{
    uint8_t b = next_byte(s);

    *payload = b & 0x10 ? NULL : (void *)(uintptr_t)(id + 1);
    return key_table[b & 15];
}

static void do_insert(state *s, int h)
{
    void *payload;
    double key = key_and_payload(s, s->m.elem_count, &payload);
    fh_ref ref;

    begin_call(s);
    ref = fh_insert(s->heaps[h], key, payload);
    if (took_effect(s, ref < 0 ? (int)ref : FH_OK,
                    isnan(key) ? FH_ENAN : FH_OK))
        remember(s, model_insert(&s->m, h, key, payload), ref);
}

static void do_insert_many(state *s, int h)
{
    double keys[MAX_BATCH];
    void *payloads[MAX_BATCH];
    fh_ref refs[MAX_BATCH];
    size_t count = next_byte(s) % (MAX_BATCH + 1), i;
    int expected = FH_OK;

    for (i = 0; i < count; i++) {
        keys[i] = key_and_payload(s, s->m.elem_count + i, &payloads[i]);
        if (isnan(keys[i]))
            expected = FH_ENAN;
    }
    begin_call(s);
    if (took_effect(s, fh_insert_many(s->heaps[h], keys, payloads, count, refs),
                    expected))
        for (i = 0; i < count; i++)
            remember(s, model_insert(&s->m, h, keys[i], payloads[i]), refs[i]);
}

/* Pops (or peeks) and compares with the model's next element. */
static void do_pop(state *s, int h, int pop)
{
    double key;
    void *payload;
    int empty = model_size(&s->m, h) == 0, status;

    begin_call(s);
    status = pop ? fh_pop(s->heaps[h], &key, &payload)
                 : fh_peek(s->heaps[h], &key, &payload);
    if (took_effect(s, status, empty ? FH_EEMPTY : FH_OK)) {
        size_t expected = model_min(&s->m, h);

        REQUIRE(same_key(key, s->m.elems[expected].key));
        REQUIRE(payload == s->m.elems[expected].payload);
        if (pop)
            model_take(&s->m, expected);
    }
}

static void do_extract(state *s, int h)
{
    double key = 0.0;
    void *payload = fh_extract(s->heaps[h], &key);
    size_t expected;

    if (model_size(&s->m, h) == 0) {
        REQUIRE(payload == NULL);
        return;
    }
    expected = model_min(&s->m, h);
    REQUIRE(payload == s->m.elems[expected].payload);
    REQUIRE(same_key(key, s->m.elems[expected].key));
    model_take(&s->m, expected);
}

static void do_change_key(state *s, int h, int decrease)
{
    size_t id;
    fh_ref ref = some_ref(s, &id);
    double key = key_table[next_byte(s) & 15];
    int status, expected = FH_OK;

    begin_call(s);
    status = decrease ? fh_decrease_key(s->heaps[h], ref, key)
                      : fh_update_key(s->heaps[h], ref, key);
    if (!model_has(s, h, id))
        /* A stale ref with a NaN key may be refused for either reason. */
        expected = isnan(key) && status == FH_ENAN ? FH_ENAN : FH_ESTALE;
    else if (isnan(key))
        expected = FH_ENAN;
    else if (decrease && key > s->m.elems[id].key)
        expected = FH_EKEY;
    if (took_effect(s, status, expected))
        model_set_key(&s->m, id, key);
}

static void do_remove(state *s, int h)
{
    size_t id;
    fh_ref ref = some_ref(s, &id);
    void *payload;

    begin_call(s);
    if (took_effect(s, fh_remove(s->heaps[h], ref, &payload),
                    model_has(s, h, id) ? FH_OK : FH_ESTALE)) {
        REQUIRE(payload == s->m.elems[id].payload);
        model_take(&s->m, id);
    }
}

static void do_contains(state *s, int h)
{
    size_t id;
    fh_ref ref = some_ref(s, &id);

    REQUIRE(fh_contains(s->heaps[h], ref) == model_has(s, h, id));
}

static void do_merge(state *s, int dst)
{
    int src = next_byte(s) & 1;

    begin_call(s);
    if (took_effect(s, fh_merge(s->heaps[dst], s->heaps[src]),
                    src == dst ? FH_ESAME : FH_OK))
        model_merge(&s->m, dst, src);
}

static int compare_pointers(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)*(void *const *)a;
    uintptr_t y = (uintptr_t)*(void *const *)b;

    return (x > y) - (x < y);
}

/* The cleared payloads must be the model's, in any order. */
static void check_cleared(state *s, int h, void **cleared, size_t count)
{
    void **expected = malloc((count ? count : 1) * sizeof *expected);
    size_t i;

    REQUIRE(expected != NULL && count == model_size(&s->m, h));
    for (i = 0; i < count; i++)
        expected[i] = s->m.elems[model_member(&s->m, h, i)].payload;
    qsort(expected, count, sizeof *expected, compare_pointers);
    qsort(cleared, count, sizeof *cleared, compare_pointers);
    REQUIRE(count == 0 ||
            memcmp(expected, cleared, count * sizeof *expected) == 0);
    free(expected);
}

static void do_clear(state *s, int h)
{
    uint8_t b = next_byte(s);
    size_t size = model_size(&s->m, h);
    size_t capacity = b & 0x80 ? size + (b & 3) : (size_t)(b & 7);
    void **payloads = malloc((capacity ? capacity : 1) * sizeof *payloads);
    size_t count;

    REQUIRE(payloads != NULL);
    begin_call(s);
    if (took_effect(s, fh_clear(s->heaps[h], payloads, capacity, &count),
                    capacity < size ? FH_ERANGE : FH_OK)) {
        check_cleared(s, h, payloads, count);
        model_take_all(&s->m, h);
    }
    free(payloads);
}

/* fh_pushpop or fh_replace: neither allocates, so neither may fail on the
 * injected failure (which stays pending for a later call). */
static void do_pushpop_or_replace(state *s, int h)
{
    uint8_t b = next_byte(s);
    void *payload, *out_payload = NULL;
    double key = key_and_payload(s, s->m.elem_count, &payload), out_key = 0.0;
    int replace = b & 1, empty = model_size(&s->m, h) == 0, status;
    size_t first = empty ? SIZE_MAX : model_min(&s->m, h);

    status = replace ? fh_replace(s->heaps[h], key, payload, &out_key, &out_payload)
                     : fh_pushpop(s->heaps[h], key, payload, &out_key, &out_payload);
    if (isnan(key)) {
        REQUIRE(status == FH_ENAN);
        return;
    }
    if (replace && empty) {
        REQUIRE(status == FH_EEMPTY);
        return;
    }
    REQUIRE(status == FH_OK);
    if (!replace && (empty || key < s->m.elems[first].key)) {
        /* Given straight back, the heap unchanged. */
        REQUIRE(same_key(out_key, key) && out_payload == payload);
        return;
    }
    REQUIRE(same_key(out_key, s->m.elems[first].key));
    REQUIRE(out_payload == s->m.elems[first].payload);
    model_take(&s->m, first);
    /* The new element's ref is not returned: FH_ESTALE stands for it, and
     * model_has counts such an element as not addressable. */
    remember(s, model_insert(&s->m, h, key, payload), FH_ESTALE);
}

/* fh_pop_many or fh_nsmallest with a capacity that may be too small; both
 * must write the model's pop order, and nsmallest change nothing. */
static void do_pop_many_or_nsmallest(state *s, int h)
{
    uint8_t b = next_byte(s);
    size_t k = next_byte(s) % 80, capacity = b & 0x80 ? k : (size_t)(b & 31);
    size_t size = model_size(&s->m, h), n = k < size ? k : size, count = 0, i;
    double keys[80];
    void *payloads[80];
    int pop = b & 1, status;

    begin_call(s);
    status = pop ? fh_pop_many(s->heaps[h], k, keys, payloads, capacity, &count)
                 : fh_nsmallest(s->heaps[h], k, keys, payloads, capacity, &count);
    if (n > capacity) {
        REQUIRE(status == FH_ERANGE && count == 0);
        return;
    }
    /* nsmallest allocates its frontier (when n > 0) and reports a refusal.
     * pop_many allocates work space only to sort every element, and pops
     * them one by one without it: a refusal must leave the same result. */
    if (pop && s->failures != s->failures_before) {
        REQUIRE(status == FH_OK);
        s->failures_seen = s->failures;
        s->failures_before = s->failures;
    }
    if (!took_effect(s, status, FH_OK))
        return;
    REQUIRE(count == n);
    for (i = 0; i < n; i++) {
        size_t next = model_min(&s->m, h);

        REQUIRE(same_key(keys[i], s->m.elems[next].key));
        REQUIRE(payloads[i] == s->m.elems[next].payload);
        if (!pop) { /* nsmallest left them: they pop next, in that order */
            double key;
            void *payload;

            REQUIRE(fh_pop(s->heaps[h], &key, &payload) == FH_OK);
            REQUIRE(same_key(key, keys[i]) && payload == payloads[i]);
        }
        model_take(&s->m, next);
    }
}

/* fh_snapshot copies every element once, in any order, changing nothing. */
static void do_snapshot(state *s, int h)
{
    size_t size = model_size(&s->m, h), count = 0;
    void **payloads = malloc((size ? size : 1) * sizeof *payloads);
    uint64_t changes = 1, before = fh_changes(s->heaps[h]);

    REQUIRE(payloads != NULL);
    REQUIRE(fh_snapshot(s->heaps[h], NULL, payloads, NULL, 0, size, &count,
                        &changes) == FH_OK);
    REQUIRE(changes == before && fh_changes(s->heaps[h]) == before);
    check_cleared(s, h, payloads, count);
    free(payloads);
}

/* Frees the second heap, elements and all, and makes a new one: its refs
 * then name nodes of a freed heap, in memory the arena still holds. */
static void renew_second_heap(state *s)
{
    fh_free(s->heaps[1]);
    model_take_all(&s->m, 1);
    begin_call(s);
    s->heaps[1] = fh_new(s->arena);
    if (!took_effect(s, s->heaps[1] ? FH_OK : FH_ENOMEM, FH_OK))
        s->heaps[1] = fh_new(s->arena); /* the one failure is spent */
    REQUIRE(s->heaps[1] != NULL);
}

static void do_op(state *s)
{
    uint8_t b = next_byte(s);
    int h = (b >> 4) & 1;

    switch ((b & 15) % OP_KINDS) {
    case OP_INSERT: do_insert(s, h); break;
    case OP_INSERT_MANY: do_insert_many(s, h); break;
    case OP_POP: do_pop(s, h, 1); break;
    case OP_PEEK: do_pop(s, h, 0); break;
    case OP_EXTRACT: do_extract(s, h); break;
    case OP_DECREASE: do_change_key(s, h, 1); break;
    case OP_UPDATE: do_change_key(s, h, 0); break;
    case OP_REMOVE: do_remove(s, h); break;
    case OP_CONTAINS: do_contains(s, h); break;
    case OP_MERGE: do_merge(s, h); break;
    case OP_CLEAR: do_clear(s, h); break;
    case OP_FAIL_NEXT_ALLOCATION: s->fail_next = 1; break;
    case OP_RENEW_SECOND_HEAP: renew_second_heap(s); break;
    case OP_PUSHPOP_OR_REPLACE: do_pushpop_or_replace(s, h); break;
    case OP_POP_MANY_OR_NSMALLEST: do_pop_many_or_nsmallest(s, h); break;
    default: do_snapshot(s, h); break;
    }
}

/* After every operation: no allocation failed unreported, and both heaps
 * are valid, of the model's size, with the model's minimum. */
static void check_heaps(state *s)
{
    int h;

    REQUIRE(s->failures == s->failures_seen);
    for (h = 0; h < HEAPS; h++) {
        double key;
        void *payload;
        int status = fh_peek(s->heaps[h], &key, &payload);

        REQUIRE(fh_check(s->heaps[h], NULL) == FH_OK);
        REQUIRE(fh_size(s->heaps[h]) == model_size(&s->m, h));
        if (model_size(&s->m, h) == 0) {
            REQUIRE(status == FH_EEMPTY);
        } else {
            size_t min = model_min(&s->m, h);

            REQUIRE(status == FH_OK && same_key(key, s->m.elems[min].key));
            REQUIRE(payload == s->m.elems[min].payload);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    state s = {0};
    fh_allocator allocator = {fuzz_alloc, fuzz_release, &s};
    int h;

    s.input = data;
    s.input_left = size;
    model_init(&s.m);
    s.arena = fh_arena_new(&allocator);
    REQUIRE(s.arena != NULL);
    for (h = 0; h < HEAPS; h++)
        REQUIRE((s.heaps[h] = fh_new(s.arena)) != NULL);
    while (s.input_left > 0) {
        do_op(&s);
        check_heaps(&s);
    }
    s.fail_next = 0;
    for (h = 0; h < HEAPS; h++) {
        while (model_size(&s.m, h) > 0)
            do_pop(&s, h, 1);
        fh_free(s.heaps[h]);
    }
    fh_arena_free(s.arena);
    REQUIRE(s.live_blocks == 0);
    model_destroy(&s.m);
    free(s.refs);
    return 0;
}
