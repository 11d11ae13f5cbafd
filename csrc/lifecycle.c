/* The life of fiboheap's heaps: created, cleared and freed; the doomed list
 * of heaps whose fh_free could not take the arena's locks; and the fork
 * hooks, which take every lock of the arena and its heaps. */
#include "fiboheap_internal.h"

fh_heap *fh_new(fh_arena *a)
{
    fh_heap *h;

    if (atomic_load_explicit(&a->doomed, memory_order_relaxed))
        fh__free_doomed(a);
    h = arena_alloc(a, sizeof *h);
    if (!h)
        return NULL;
    h->tag = fh__tag_new(a);
    if (!h->tag || pthread_mutex_init(&h->lock, NULL) != 0) {
        if (h->tag) {
            pthread_mutex_lock(&a->lock);
            h->tag->next = a->free_tags;
            a->free_tags = h->tag;
            pthread_mutex_unlock(&a->lock);
        }
        arena_release(a, h);
        return NULL;
    }
    h->arena = a;
    h->min = NULL;
    h->count = 0;
    h->cache = NULL;
    h->cached = 0;
    h->tags = h->tags_last = h->tag;
    h->tag_count = 1;
    h->sign = 1.0;
    h->changes = 0;
    h->owner = 0;
    pthread_mutex_lock(&a->heaps_lock);
    h->id = a->next_heap_id++;
    h->next = NULL;
    h->prev = a->heaps_last;
    if (h->prev)
        h->prev->next = h;
    else
        a->heaps_first = h;
    a->heaps_last = h;
    pthread_mutex_unlock(&a->heaps_lock);
    return h;
}

fh_heap *fh_new_ordered(fh_arena *a, int reverse)
{
    fh_heap *h = fh_new(a);

    if (h && reverse)
        h->sign = -1.0;
    return h;
}

/* Detaches every node of h, in no particular order, without recursion: each
 * node's children are spliced into the walk right after it. Calls visit on
 * each node after reading its links. O(n). Called with h locked. */
void fh__take_all(fh_heap *h, void (*visit)(fh_heap *, fh_node *, void *),
                  void *ctx)
{
    fh_node *x = h->min, *next;

    if (!x)
        return;
    x->left->right = NULL;
    for (; x; x = next) {
        if (x->child) {
            fh_node *last = x->child;

            while (last->right) /* O(n) in all: a node is a child once */
                last = last->right;
            last->right = x->right;
            x->right = x->child;
        }
        next = x->right;
        visit(h, x, ctx);
    }
    h->min = NULL;
    h->count = 0;
    h->changes++;
}

typedef struct clear_ctx {
    void **payloads;
    size_t count;
} clear_ctx;

static void clear_visit(fh_heap *h, fh_node *x, void *ctx)
{
    clear_ctx *c = ctx;

    if (c->payloads)
        c->payloads[c->count] = x->payload;
    c->count++;
    release_node(h, x);
}

int fh_clear(fh_heap *h, void **payloads, size_t capacity, size_t *count)
{
    clear_ctx ctx = {payloads, 0};
    int status = FH_OK;

    pthread_mutex_lock(&h->lock);
    if (capacity < h->count)
        status = FH_ERANGE;
    else
        fh__take_all(h, clear_visit, &ctx);
    pthread_mutex_unlock(&h->lock);
    if (count)
        *count = ctx.count;
    return status;
}

/* Puts h on the doomed list (see fh_free); lock-free, since the thread
 * holding the locks may be the caller. */
static void doom(fh_arena *a, fh_heap *h)
{
    fh_heap *head = atomic_load_explicit(&a->doomed, memory_order_relaxed);

    do
        h->doomed_next = head;
    while (!atomic_compare_exchange_weak_explicit(
        &a->doomed, &head, h, memory_order_release, memory_order_relaxed));
}

/* Frees the heaps doomed during the fork; called with no lock held. */
void fh__free_doomed(fh_arena *a)
{
    fh_heap *h = atomic_exchange_explicit(&a->doomed, NULL, memory_order_acquire);

    while (h) {
        fh_heap *next = h->doomed_next;

        fh_free(h);
        h = next;
    }
}

/* Frees h; called with heaps_lock held. */
static void free_locked(fh_heap *h)
{
    fh_arena *a = h->arena;

    if (h->prev)
        h->prev->next = h->next;
    else
        a->heaps_first = h->next;
    if (h->next)
        h->next->prev = h->prev;
    else
        a->heaps_last = h->prev;
    fh__take_all(h, clear_visit, &(clear_ctx){NULL, 0});
    fh__return_nodes(h, 0);
    pthread_mutex_lock(&a->lock);
    /* Every tag of this heap's family is unreachable from live nodes now. */
    h->tags_last->next = a->free_tags;
    a->free_tags = h->tags;
    pthread_mutex_unlock(&a->lock);
    pthread_mutex_destroy(&h->lock);
    arena_release(a, h);
}

void fh_free(fh_heap *h)
{
    fh_arena *a;

    if (!h)
        return;
    a = h->arena;
    /* All of it under heaps_lock: a fork then never copies a heap half
     * freed, whose nodes the child could not get back.
     *
     * fh_free may be called by a thread that holds heaps_lock or the arena
     * lock already: a garbage collector's finalizer run inside an allocator
     * callback (called under those locks), or during a fork, whose thread
     * holds every lock from prepare to parent/child. Waiting would then be
     * for ever, so a heap whose locks are taken waits on the doomed list
     * instead, for the next call that can take them. */
    if (pthread_mutex_trylock(&a->heaps_lock) != 0) {
        doom(a, h);
        return;
    }
    if (pthread_mutex_trylock(&a->lock) != 0) {
        pthread_mutex_unlock(&a->heaps_lock);
        doom(a, h);
        return;
    }
    pthread_mutex_unlock(&a->lock); /* free_locked takes it as it goes */
    free_locked(h);
    pthread_mutex_unlock(&a->heaps_lock);
    if (atomic_load_explicit(&a->doomed, memory_order_relaxed))
        fh__free_doomed(a);
}

/* Fork ----------------------------------------------------------------------
 * Every lock, in the documented order: no thread is then inside a call, so
 * the child gets every heap and the arena whole, and no lock held. */

void fh_arena_fork_prepare(fh_arena *a)
{
    fh_heap *h;

    pthread_mutex_lock(&a->heaps_lock);
    for (h = a->heaps_first; h; h = h->next)
        pthread_mutex_lock(&h->lock);
    pthread_mutex_lock(&a->lock);
}

void fh_arena_fork_parent(fh_arena *a)
{
    fh_heap *h;

    pthread_mutex_unlock(&a->lock);
    for (h = a->heaps_first; h; h = h->next)
        pthread_mutex_unlock(&h->lock);
    pthread_mutex_unlock(&a->heaps_lock);
    fh__free_doomed(a);
}

/* Initialised afresh, not unlocked: to POSIX the child's one thread is not
 * the thread that locked them, and unlocking another thread's lock is
 * undefined. */
void fh_arena_fork_child(fh_arena *a)
{
    fh_heap *h;

    pthread_mutex_init(&a->lock, NULL);
    for (h = a->heaps_first; h; h = h->next)
        pthread_mutex_init(&h->lock, NULL);
    pthread_mutex_init(&a->heaps_lock, NULL);
    fh__free_doomed(a);
}
