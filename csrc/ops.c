/* fiboheap's public operations on one element (insert, peek, pop, key
 * changes, remove) and the heap's queries. The Fibonacci machinery they run
 * is in fiboheap_internal.h. */
#include "fiboheap_internal.h"

#include <string.h>

const char *fh_strerror(int status)
{
    switch (status) {
    case FH_OK: return "ok";
    case FH_ENOMEM: return "out of memory";
    case FH_EEMPTY: return "the heap is empty";
    case FH_EKEY: return "the new key is larger than the current key";
    case FH_ENAN: return "the key is NaN";
    case FH_ESTALE: return "the node is not in this heap";
    case FH_ESAME: return "cannot merge a heap with itself";
    case FH_EARENA: return "the heaps belong to different arenas";
    case FH_ERANGE: return "the output buffer is too small";
    case FH_ECORRUPT: return "the heap is corrupt";
    case FH_EORDER: return "the heaps are ordered in opposite directions";
    case FH_EMOVED: return "the heap was merged away since its owner word was read";
    default: return "unknown status";
    }
}

size_t fh_size(fh_heap *h)
{
    size_t count;

    pthread_mutex_lock(&h->lock);
    count = h->count;
    pthread_mutex_unlock(&h->lock);
    return count;
}

/* Doubles a growing heap's node supply, up to FH_REFILL at a time. */
static size_t refill_size(const fh_heap *h)
{
    if (h->count == 0)
        return 1;
    return h->count < FH_REFILL ? h->count : FH_REFILL;
}

/* The insertions' bodies take the owner word apart from the heap: the
 * plain calls pass FH__ANY_OWNER, the _owned ones their fh_owner's. */
static fh_ref insert_as(fh_heap *h, uint64_t owner, double key, void *payload)
{
    fh_ref ref;

    if (is_nan(key))
        return FH_ENAN;
    pthread_mutex_lock(&h->lock);
    if (!owned_by(h, owner))
        ref = FH_EMOVED;
    else if (!h->cache && fh__refill(h, refill_size(h)) != FH_OK)
        ref = FH_ENOMEM;
    else
        ref = ref_of(h->arena, insert_cached(h, key, payload));
    pthread_mutex_unlock(&h->lock);
    return ref;
}

fh_ref fh_insert_owned(const fh_owner *owner, double key, void *payload)
{
    return insert_as(owner->heap, owner->word, key, payload);
}

fh_ref fh_insert(fh_heap *h, double key, void *payload)
{
    return insert_as(h, FH__ANY_OWNER, key, payload);
}

static int insert_many_as(fh_heap *h, uint64_t owner, const double *keys,
                          void *const *payloads, size_t count, fh_ref *refs)
{
    size_t i;
    int status = FH_OK;

    for (i = 0; i < count; i++)
        if (is_nan(keys[i]))
            return FH_ENAN;
    pthread_mutex_lock(&h->lock);
    if (!owned_by(h, owner))
        status = FH_EMOVED;
    else if (h->cached < count)
        status = fh__refill(h, count - h->cached);
    for (i = 0; status == FH_OK && i < count; i++) {
        fh_node *x = insert_cached(h, keys[i], payloads ? payloads[i] : NULL);

        if (refs)
            refs[i] = ref_of(h->arena, x);
    }
    pthread_mutex_unlock(&h->lock);
    return status;
}

int fh_insert_many(fh_heap *h, const double *keys, void *const *payloads,
                   size_t count, fh_ref *refs)
{
    return insert_many_as(h, FH__ANY_OWNER, keys, payloads, count, refs);
}

int fh_insert_many_owned(const fh_owner *owner, const double *keys,
                         void *const *payloads, size_t count, fh_ref *refs)
{
    return insert_many_as(owner->heap, owner->word, keys, payloads, count, refs);
}

int fh_peek(fh_heap *h, double *key, void **payload)
{
    fh_ref ref = fh_peek_ref(h, key, payload);

    return ref < 0 ? (int)ref : FH_OK;
}

int fh_pop(fh_heap *h, double *key, void **payload)
{
    fh_node *x;
    int status = FH_EEMPTY;

    pthread_mutex_lock(&h->lock);
    x = h->min;
    if (x) {
        if (key)
            *key = x->key * h->sign;
        if (payload)
            *payload = x->payload;
        remove_root(h, x);
        release_node(h, x);
        status = FH_OK;
    }
    pthread_mutex_unlock(&h->lock);
    return status;
}

void *fh_extract(fh_heap *h, double *key)
{
    void *payload = NULL;

    fh_pop(h, key, &payload);
    return payload;
}

fh_ref fh_peek_ref(fh_heap *h, double *key, void **payload)
{
    fh_ref ref = FH_EEMPTY;

    pthread_mutex_lock(&h->lock);
    if (h->min) {
        if (key)
            *key = h->min->key * h->sign;
        if (payload)
            *payload = h->min->payload;
        ref = ref_of(h->arena, h->min);
    }
    pthread_mutex_unlock(&h->lock);
    return ref;
}

/* Takes x, anywhere in the heap, out of it. */
static void take_out(fh_heap *h, fh_node *x)
{
    if (x->parent)
        forest_cut(h, x);
    remove_root(h, x);
}

/* Sets x's key to key (stored, times sign), either way. The same key (the
 * same bits: -0.0 reads back unlike 0.0) changes nothing, so fh_changes
 * stays: an iteration over the heap goes on. */
static void set_key(fh_heap *h, fh_node *x, double key)
{
    if (memcmp(&key, &x->key, sizeof key) == 0)
        return;
    h->changes++;
    if (key <= x->key) {
        x->key = key;
        forest_moved_up(h, x);
    } else {
        /* An increase may break order with x's children: take x out and put
         * it back as a fresh root, keeping the node and so its seq. */
        take_out(h, x);
        x->key = key;
        set_degree(x, 0);
        x->child = NULL;
        forest_add_root(h, x);
        h->count++;
    }
}

/* fh_decrease_key (only_lower: FH_EKEY for a larger key) and
 * fh_update_key. */
static int change_key(fh_heap *h, fh_ref ref, double key, int only_lower)
{
    fh_node *x;
    int status = FH_OK;

    if (is_nan(key))
        return FH_ENAN;
    pthread_mutex_lock(&h->lock);
    if ((x = owned(h, ref)) == NULL)
        status = FH_ESTALE;
    else if (only_lower && key > x->key * h->sign) /* as the caller sees keys */
        status = FH_EKEY;
    else
        set_key(h, x, key * h->sign);
    pthread_mutex_unlock(&h->lock);
    return status;
}

int fh_decrease_key(fh_heap *h, fh_ref ref, double key)
{
    return change_key(h, ref, key, 1);
}

int fh_update_key(fh_heap *h, fh_ref ref, double key)
{
    return change_key(h, ref, key, 0);
}

int fh_remove(fh_heap *h, fh_ref ref, void **payload)
{
    fh_node *x;
    int status = FH_OK;

    pthread_mutex_lock(&h->lock);
    if ((x = owned(h, ref)) == NULL) {
        status = FH_ESTALE;
    } else {
        if (payload)
            *payload = x->payload;
        take_out(h, x);
        release_node(h, x);
    }
    pthread_mutex_unlock(&h->lock);
    return status;
}

int fh_contains(fh_heap *h, fh_ref ref)
{
    int found;

    pthread_mutex_lock(&h->lock);
    found = owned(h, ref) != NULL;
    pthread_mutex_unlock(&h->lock);
    return found;
}

int fh_is_reversed(fh_heap *h)
{
    return h->sign < 0; /* fixed at creation: no lock needed */
}

uint64_t fh_changes(fh_heap *h)
{
    uint64_t changes;

    pthread_mutex_lock(&h->lock);
    changes = h->changes;
    pthread_mutex_unlock(&h->lock);
    return changes;
}
