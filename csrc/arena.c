/* fiboheap's arena: where every heap's nodes and tags come from. Nodes live
 * in chunks that only grow, so an fh_ref always names readable memory; a
 * heap takes and returns them in batches through its node cache. See
 * fiboheap_internal.h for the layout and the other files. */
#include "fiboheap_internal.h"

#include <stdlib.h>

static void *default_alloc(void *ctx, size_t size)
{
    (void)ctx;
    return malloc(size);
}

static void default_release(void *ctx, void *ptr)
{
    (void)ctx;
    free(ptr);
}

fh_arena *fh_arena_new(const fh_allocator *allocator)
{
    fh_allocator chosen = {default_alloc, default_release, NULL};
    fh_arena *a;

    if (allocator)
        chosen = *allocator;
    a = chosen.alloc(chosen.ctx, sizeof *a);
    if (!a)
        return NULL;
    if (pthread_mutex_init(&a->lock, NULL) != 0) {
        chosen.release(chosen.ctx, a);
        return NULL;
    }
    if (pthread_mutex_init(&a->heaps_lock, NULL) != 0) {
        pthread_mutex_destroy(&a->lock);
        chosen.release(chosen.ctx, a);
        return NULL;
    }
    a->allocator = chosen;
    a->heaps_first = a->heaps_last = NULL;
    a->doomed = NULL;
    a->next_heap_id = 0;
    a->chunk_count = 0;
    atomic_init(&a->used, 0);
    a->free_nodes = NULL;
    a->free_count = 0;
    a->free_tags = NULL;
    atomic_init(&a->next_seq, 1);
    return a;
}

void fh_arena_free(fh_arena *a)
{
    fh_tag *t, *next_tag;
    uint32_t k;

    if (!a)
        return;
    fh__free_doomed(a);
    for (k = 0; k < a->chunk_count; k++)
        arena_release(a, a->chunk_memory[k]);
    for (t = a->free_tags; t; t = next_tag) {
        next_tag = t->next;
        arena_release(a, t);
    }
    pthread_mutex_destroy(&a->heaps_lock);
    pthread_mutex_destroy(&a->lock);
    arena_release(a, a);
}

/* The node at index used: in a chunk the arena has, or in a new one.
 * Called with the arena locked. */
static fh_node *fresh_node(fh_arena *a)
{
    uint32_t used = atomic_load_explicit(&a->used, memory_order_relaxed);
    uint32_t k = chunk_of(used);
    fh_node *x;

    if (used == FH_MAX_NODES)
        return NULL;
    if (k == a->chunk_count) {
        size_t size = sizeof *x * (FH_CHUNK_FIRST << k) + FH_CACHE_LINE - 1;
        uintptr_t memory = (uintptr_t)arena_alloc(a, size);

        if (!memory)
            return NULL;
        a->chunk_memory[k] = (void *)memory;
        a->chunks[k] = (fh_node *)((memory + FH_CACHE_LINE - 1) &
                                   ~(uintptr_t)(FH_CACHE_LINE - 1));
        a->chunk_count = k + 1;
    }
    x = &a->chunks[k][used - chunk_start(k)];
    set_word(x, (uint64_t)k << FH_WORD_CHUNK); /* seq 0: free */
    set_tag(x, NULL);
    atomic_store_explicit(&a->used, used + 1, memory_order_release);
    return x;
}

/* Takes count nodes from the arena into the heap's cache, or fails with the
 * heap's contents unchanged. Called with the heap locked. */
int fh__refill(fh_heap *h, size_t count)
{
    fh_arena *a = h->arena;
    int status = FH_OK;

    pthread_mutex_lock(&a->lock);
    for (; count > 0; count--) {
        fh_node *n = a->free_nodes;

        if (n) {
            a->free_nodes = n->right;
            a->free_count--;
        } else if ((n = fresh_node(a)) == NULL) {
            status = FH_ENOMEM;
            break;
        }
        n->right = h->cache;
        h->cache = n;
        h->cached++;
    }
    pthread_mutex_unlock(&a->lock);
    return status;
}

/* Gives the heap's cached nodes beyond the first keep back to the arena.
 * Called with the heap locked.
 *
 * Freed nodes come back in the order a heap let go of them, scattered over
 * the arena's memory; handed out again, they would spread the next heaps
 * over every cache line the biggest heap ever used. So once all nodes are
 * back, the arena starts over from its first node, in address order. */
void fh__return_nodes(fh_heap *h, size_t keep)
{
    fh_arena *a = h->arena;
    fh_node **rest = &h->cache, *last;
    size_t i;

    if (h->cached <= keep)
        return;
    for (i = 0; i < keep; i++)
        rest = &(*rest)->right;
    for (last = *rest; last->right; last = last->right)
        ;
    pthread_mutex_lock(&a->lock);
    last->right = a->free_nodes;
    a->free_nodes = *rest;
    a->free_count += (uint32_t)(h->cached - keep);
    if (a->free_count ==
        atomic_load_explicit(&a->used, memory_order_relaxed)) {
        a->free_nodes = NULL;
        a->free_count = 0;
        atomic_store_explicit(&a->used, 0, memory_order_release);
    }
    pthread_mutex_unlock(&a->lock);
    *rest = NULL;
    h->cached = keep;
}

fh_tag *fh__tag_new(fh_arena *a)
{
    fh_tag *t;

    pthread_mutex_lock(&a->lock);
    t = a->free_tags;
    if (t)
        a->free_tags = t->next;
    pthread_mutex_unlock(&a->lock);
    if (!t)
        t = arena_alloc(a, sizeof *t);
    if (t) {
        set_into(t, NULL);
        t->next = NULL;
    }
    return t;
}
