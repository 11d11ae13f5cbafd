/* fiboheap's bulk operations: several elements, or a pop and a push, in one
 * locked call. */
#include "fiboheap_internal.h"

/* How many elements a bulk read returns, or FH_ERANGE if they do not fit. */
static int bulk_count(fh_heap *h, size_t k, size_t capacity, size_t *n)
{
    *n = k < h->count ? k : h->count;
    return *n > capacity ? FH_ERANGE : FH_OK;
}

/* Writes output i of a bulk read: a stored key back in the caller's sign. */
static void put(const fh_heap *h, size_t i, double key, void *payload,
                double *keys, void **payloads)
{
    if (keys)
        keys[i] = key * h->sign;
    if (payloads)
        payloads[i] = payload;
}

/* An element of a heap that fh_pop_many empties: what pop order sorts by,
 * and what the call outputs. */
typedef struct drained {
    double key;
    uint64_t seq;
    void *payload;
} drained;

typedef struct drain_ctx {
    drained *to;
    size_t count;
} drain_ctx;

static void drain_visit(fh_heap *h, fh_node *x, void *ctx)
{
    drain_ctx *c = ctx;
    drained *d = &c->to[c->count++];

    d->key = x->key;
    d->seq = seq_of(x);
    d->payload = x->payload;
    release_node(h, x);
}

/* less() on the copies: (key, seq) is a total order, since no key is NaN and
 * each seq is unique, so sorting gives pop order. */
static inline int drained_less(const drained *x, const drained *y)
{
    return x->key < y->key || (x->key == y->key && x->seq < y->seq);
}

/* Insertion sorts runs of this many, which the merge passes then join. */
enum { DRAIN_RUN = 16 };

/* Sorts a[0..n) with b[0..n) as work space, bottom up (no recursion);
 * returns whichever of the two holds the result. */
static drained *merge_sort(drained *a, drained *b, size_t n)
{
    size_t lo, width;

    for (lo = 0; lo < n; lo += DRAIN_RUN) {
        size_t hi = n - lo < DRAIN_RUN ? n : lo + DRAIN_RUN, i, j;

        for (i = lo + 1; i < hi; i++) {
            drained x = a[i];

            for (j = i; j > lo && drained_less(&x, &a[j - 1]); j--)
                a[j] = a[j - 1];
            a[j] = x;
        }
    }
    for (width = DRAIN_RUN; width < n; width *= 2) {
        drained *t;

        for (lo = 0; lo < n; lo += 2 * width) {
            size_t mid = n - lo < width ? n : lo + width;
            size_t hi = n - mid < width ? n : mid + width;
            size_t i = lo, j = mid, k = lo;

            while (i < mid && j < hi)
                b[k++] = drained_less(&a[j], &a[i]) ? a[j++] : a[i++];
            while (i < mid)
                b[k++] = a[i++];
            while (j < hi)
                b[k++] = a[j++];
        }
        t = a;
        a = b;
        b = t;
    }
    return a;
}

/* Popping every element is a sort: the heap is emptied in O(n) and its
 * copies merge-sorted, which touches memory in order, where n pops would
 * each consolidate the roots. Returns 0, with nothing changed, if the work
 * space cannot be had. h is locked and holds n > 0 elements. */
static int drain_sorted(fh_heap *h, size_t n, double *keys, void **payloads)
{
    drained *work = n <= SIZE_MAX / (2 * sizeof *work)
        ? arena_alloc(h->arena, 2 * n * sizeof *work) : NULL;
    drain_ctx ctx = {work, 0};
    size_t i;

    if (!work)
        return 0;
    fh__take_all(h, drain_visit, &ctx);
    ctx.to = merge_sort(work, work + n, n);
    for (i = 0; i < n; i++)
        put(h, i, ctx.to[i].key, ctx.to[i].payload, keys, payloads);
    arena_release(h->arena, work);
    return 1;
}

/* Pops the first n elements of h, locked, one by one. */
static void pop_each(fh_heap *h, size_t n, double *keys, void **payloads)
{
    size_t i;

    for (i = 0; i < n; i++) {
        fh_node *x = h->min;

        put(h, i, x->key, x->payload, keys, payloads);
        remove_root(h, x);
        release_node(h, x);
    }
}

/* All of the elements go by drain_sorted: the same order, and without its
 * work space they go one by one, so the call cannot run out of memory. */
int fh_pop_many(fh_heap *h, size_t k, double *keys, void **payloads,
                size_t capacity, size_t *count)
{
    size_t n = 0;
    int status;

    pthread_mutex_lock(&h->lock);
    status = bulk_count(h, k, capacity, &n);
    if (status == FH_OK && (n < 2 || n < h->count || !drain_sorted(h, n, keys, payloads)))
        pop_each(h, n, keys, payloads);
    pthread_mutex_unlock(&h->lock);
    if (count)
        *count = status == FH_OK ? n : 0;
    return status;
}

/* A binary min-heap of node pointers by less(): fh_nsmallest's frontier. */
static void frontier_push(fh_node **frontier, size_t *size, fh_node *x)
{
    size_t i = (*size)++;

    while (i > 0 && less(x, frontier[(i - 1) / 2])) {
        frontier[i] = frontier[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    frontier[i] = x;
}

static fh_node *frontier_pop(fh_node **frontier, size_t *size)
{
    fh_node *first = frontier[0], *last = frontier[--*size];
    size_t i = 0, child;

    while ((child = 2 * i + 1) < *size) {
        if (child + 1 < *size && less(frontier[child + 1], frontier[child]))
            child++;
        if (!less(frontier[child], last))
            break;
        frontier[i] = frontier[child];
        i = child;
    }
    frontier[i] = last;
    return first;
}

/* Heap order means the next element in pop order is a root or a child of an
 * element already output: a frontier of those candidates, seeded with the
 * roots, finds the first k without visiting the rest. Consolidating first
 * bounds the roots by D + 1, as a pop would. */
int fh_nsmallest(fh_heap *h, size_t k, double *keys, void **payloads,
                 size_t capacity, size_t *count)
{
    fh_node **frontier = NULL, *x;
    size_t n = 0, i, size = 0, roots = 0, room;
    int status;

    pthread_mutex_lock(&h->lock);
    status = bulk_count(h, k, capacity, &n);
    if (status == FH_OK && n > 0) {
        forest_consolidate(h, h->min, NULL);
        x = h->min;
        do
            roots++;
        while ((x = x->right) != h->min);
        /* Each output adds at most D children to the frontier. */
        room = roots + n * forest_max_degree(h->count);
        if (room > h->count)
            room = h->count;
        frontier = arena_alloc(h->arena, room * sizeof *frontier);
        if (!frontier)
            status = FH_ENOMEM;
    }
    if (status == FH_OK && n > 0) {
        x = h->min;
        do
            frontier_push(frontier, &size, x);
        while ((x = x->right) != h->min);
        for (i = 0; i < n; i++) {
            fh_node *c;

            x = frontier_pop(frontier, &size);
            put(h, i, x->key, x->payload, keys, payloads);
            for (c = x->child; c; c = c->right)
                frontier_push(frontier, &size, c);
        }
        arena_release(h->arena, frontier);
    }
    pthread_mutex_unlock(&h->lock);
    if (count)
        *count = status == FH_OK ? n : 0;
    return status;
}

/* Pops the first element into the outputs and inserts (key, payload) in its
 * node, so the call cannot run out of memory. h is locked and not empty. */
static void swap_first(fh_heap *h, double key, void *payload, double *out_key,
                       void **out_payload)
{
    fh_node *x = h->min;

    if (out_key)
        *out_key = x->key * h->sign;
    if (out_payload)
        *out_payload = x->payload;
    remove_root(h, x);
    release_node(h, x); /* onto the cache, where insert_cached takes it */
    insert_cached(h, key, payload);
}

static int pushpop_as(fh_heap *h, uint64_t owner, double key, void *payload,
                      double *out_key, void **out_payload)
{
    int status = FH_OK;

    if (is_nan(key))
        return FH_ENAN;
    pthread_mutex_lock(&h->lock);
    /* The new element would have the largest seq: it comes first only if
     * its key is strictly first. */
    if (!owned_by(h, owner)) {
        status = FH_EMOVED;
    } else if (h->min && !(key * h->sign < h->min->key)) {
        swap_first(h, key, payload, out_key, out_payload);
    } else {
        if (out_key)
            *out_key = key;
        if (out_payload)
            *out_payload = payload;
    }
    pthread_mutex_unlock(&h->lock);
    return status;
}

int fh_pushpop(fh_heap *h, double key, void *payload, double *out_key,
               void **out_payload)
{
    return pushpop_as(h, FH__ANY_OWNER, key, payload, out_key, out_payload);
}

int fh_pushpop_owned(const fh_owner *owner, double key, void *payload,
                     double *out_key, void **out_payload)
{
    return pushpop_as(owner->heap, owner->word, key, payload, out_key, out_payload);
}

static int replace_as(fh_heap *h, uint64_t owner, double key, void *payload,
                      double *out_key, void **out_payload)
{
    int status = FH_EEMPTY;

    if (is_nan(key))
        return FH_ENAN;
    pthread_mutex_lock(&h->lock);
    if (!owned_by(h, owner)) {
        status = FH_EMOVED;
    } else if (h->min) {
        swap_first(h, key, payload, out_key, out_payload);
        status = FH_OK;
    }
    pthread_mutex_unlock(&h->lock);
    return status;
}

int fh_replace(fh_heap *h, double key, void *payload, double *out_key,
               void **out_payload)
{
    return replace_as(h, FH__ANY_OWNER, key, payload, out_key, out_payload);
}

int fh_replace_owned(const fh_owner *owner, double key, void *payload,
                     double *out_key, void **out_payload)
{
    return replace_as(owner->heap, owner->word, key, payload, out_key, out_payload);
}
