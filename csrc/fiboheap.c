/* fiboheap: a Fibonacci heap (Fredman and Tarjan 1987; CLRS chapter 19).
 * See fiboheap.h for the contract. */
#include "fiboheap.h"

#include "bits.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Degree of a node in a heap of n elements is at most log_phi(n), below 45
 * for the arena's n < 2^31 (FH_MAX_NODES): 64 slots, one bit each of a
 * word in consolidate. */
#define FH_MAX_DEGREE 64

/* A heap refills its node cache from the arena up to this many nodes at a
 * time, so the arena lock is taken once per batch, not once per insert; a
 * small heap takes as many nodes as it holds, so that many small heaps do
 * not each reserve a full batch. A cache that grows past FH_CACHE_MAX (nodes
 * merged in, then popped) gives all but FH_REFILL back, so free nodes do not
 * pile up in one heap while another keeps drawing fresh ones from the
 * arena. */
#define FH_REFILL 64
#define FH_CACHE_MAX (2 * FH_REFILL)

/* Arena chunk k holds FH_CHUNK_FIRST << k nodes, so a node's index says
 * which chunk holds it without a search. 24 chunks make 2^32 indices, more
 * than an fh_ref's 31 bits of index can name. */
#define FH_CHUNK_SHIFT 8
#define FH_CHUNK_FIRST (1u << FH_CHUNK_SHIFT)
#define FH_MAX_CHUNKS 24
#define FH_MAX_NODES ((uint64_t)1 << 31)

/* seq, chunk, degree and mark share one word (the node's word: bits 0-50,
 * 51-55, 56-62 and 63) so that a node is exactly one 64-byte cache line: at
 * large n the heap's cost is cache misses. 2^51 insertions take years at
 * any real rate. */
#define FH_SEQ_BITS 51
#define FH_SEQ_MASK (((uint64_t)1 << FH_SEQ_BITS) - 1)
#define FH_WORD_CHUNK FH_SEQ_BITS /* 5 bits: which arena chunk */
#define FH_WORD_DEGREE 56         /* 7 bits: up to FH_MAX_DEGREE */
#define FH_WORD_MARK 63
#define FH_CACHE_LINE 64

typedef struct fh_node fh_node;

/* A lookup by fh_ref (owned) reads a node's word and tag, and the tags'
 * into links, without the lock of the heap the node is in: those fields are
 * atomics. Stores are release and the lookup's loads acquire (plain moves on
 * x86), so a lookup that reads a node's seq also sees the tag the node had
 * then, and a tag it reads comes with that tag's links: never a link from
 * the tag's previous life (tags are recycled). The owner, under its lock,
 * reads them relaxed. */
struct fh_node {
    double key;
    /* seq is 0 while the node is free: that is how a stale fh_ref is told. */
    _Atomic uint64_t word;
    void *payload;
    fh_node *parent;
    fh_node *child; /* the most recently linked child */
    /* Roots form a circular doubly linked list. A node's children form a
     * NULL-terminated one, newest first: linking a child then touches only
     * the previous newest, not also the oldest, which at large n is a cache
     * miss per link (a pop makes about log2(n) links). */
    fh_node *left;
    fh_node *right;
    /* Which heap the node is in, through fh_tag forwarding (see fh_merge);
     * NULL in a node fresh from the arena (see fresh_node). */
    _Atomic(struct fh_tag *) tag;
};

_Static_assert(sizeof(fh_node) == FH_CACHE_LINE, "a node is one cache line");
_Static_assert(FH_MAX_DEGREE < 128, "degree fits its 7 bits of word");
_Static_assert(FH_MAX_DEGREE <= 64, "the degree table has a bit per slot");

/* The identity of a heap's nodes. Merging src into dst forwards src's tag to
 * dst's (a union-find link), so the merge does not touch src's nodes. Tags
 * live as long as the arena, so following one is always safe. */
typedef struct fh_tag {
    _Atomic(struct fh_tag *) into; /* NULL for a heap's current tag */
    struct fh_tag *next; /* the heap's list of all its tags, or free list */
} fh_tag;

/* Lock order: heaps_lock, then heap locks by increasing id, then the arena
 * lock. fh_arena_fork_prepare takes them all in that order. */
struct fh_arena {
    fh_allocator allocator;
    pthread_mutex_t lock;
    /* Guards the list of live heaps (for fork) and next_heap_id. */
    pthread_mutex_t heaps_lock;
    fh_heap *heaps_first, *heaps_last; /* increasing id, linked by next */
    /* Heaps whose fh_free found heaps_lock or lock taken, waiting to be
     * freed by the next fh_new, fh_free or fork parent/child call (see
     * fh_free). */
    _Atomic(fh_heap *) doomed;
    uint64_t next_heap_id;
    /* Written once each, under lock, before any index in them is handed
     * out; read without the lock by fh_ref lookups. */
    fh_node *chunks[FH_MAX_CHUNKS]; /* aligned to FH_CACHE_LINE */
    void *chunk_memory[FH_MAX_CHUNKS];
    uint32_t chunk_count;
    /* Nodes [0, used) were handed out since the arena started, or since it
     * last started over (see return_nodes); the others are free. */
    _Atomic uint32_t used;
    fh_node *free_nodes; /* linked by right */
    uint32_t free_count; /* length of free_nodes */
    fh_tag *free_tags;   /* linked by next */
    _Atomic uint64_t next_seq; /* ties pop in global insertion order */
};

struct fh_heap {
    fh_arena *arena;
    pthread_mutex_t lock;
    uint64_t id; /* creation order: the order heap locks are taken in */
    fh_heap *prev, *next; /* the arena's list of heaps */
    fh_heap *doomed_next; /* the arena's doomed list (see fh_free) */
    fh_node *min; /* a root; every root is reachable from it */
    size_t count;
    fh_node *cache; /* free nodes owned by this heap, linked by right */
    size_t cached;
    fh_tag *tag;  /* tag of nodes inserted now */
    fh_tag *tags; /* every tag that resolves to this heap, to free with it */
    fh_tag *tags_last;
    size_t tag_count; /* length of tags */
    /* Keys are stored times sign: -1 makes a max-heap out of the min-heap
     * code, and negation is exact, so callers get their keys back. */
    double sign;
    uint64_t changes; /* bumped by every change of elements or keys */
};

/* Node fields --------------------------------------------------------------
 * The atomic fields (see struct fh_node). */

/* For the heap that holds x, with its lock: relaxed. */
static uint64_t word_of(const fh_node *x)
{
    return atomic_load_explicit(&x->word, memory_order_relaxed);
}

static void set_word(fh_node *x, uint64_t word)
{
    atomic_store_explicit(&x->word, word, memory_order_release);
}

static uint64_t seq_of(const fh_node *x)
{
    return word_of(x) & FH_SEQ_MASK;
}

static uint32_t chunk_index_of(const fh_node *x)
{
    return (uint32_t)(word_of(x) >> FH_WORD_CHUNK) & 0x1f;
}

static unsigned degree_of(const fh_node *x)
{
    return (unsigned)(word_of(x) >> FH_WORD_DEGREE) & 0x7f;
}

static int is_marked(const fh_node *x)
{
    return (int)(word_of(x) >> FH_WORD_MARK);
}

/* Replaces the bits of mask (already shifted) with value (likewise). */
static void set_bits(fh_node *x, uint64_t mask, uint64_t value)
{
    set_word(x, (word_of(x) & ~mask) | value);
}

static void set_seq(fh_node *x, uint64_t seq)
{
    set_bits(x, FH_SEQ_MASK, seq & FH_SEQ_MASK);
}

static void set_degree(fh_node *x, unsigned degree)
{
    set_bits(x, (uint64_t)0x7f << FH_WORD_DEGREE,
             (uint64_t)degree << FH_WORD_DEGREE);
}

/* One more or one fewer child: degree stays in [0, FH_MAX_DEGREE], so the
 * sum never carries into the mark bit nor borrows from it. */
static void add_degree(fh_node *x, int delta)
{
    set_word(x, word_of(x) + ((uint64_t)(int64_t)delta << FH_WORD_DEGREE));
}

static void set_marked(fh_node *x, int marked)
{
    set_bits(x, (uint64_t)1 << FH_WORD_MARK,
             (uint64_t)(marked != 0) << FH_WORD_MARK);
}

/* Most nodes made roots are not marked: skip the store then. */
static void clear_mark(fh_node *x)
{
    uint64_t word = word_of(x);

    if (word >> FH_WORD_MARK)
        set_word(x, word & ~((uint64_t)1 << FH_WORD_MARK));
}

static fh_tag *tag_of(const fh_node *x)
{
    return atomic_load_explicit(&x->tag, memory_order_acquire);
}

static void set_tag(fh_node *x, fh_tag *t)
{
    atomic_store_explicit(&x->tag, t, memory_order_release);
}

static fh_tag *into_of(const fh_tag *t)
{
    return atomic_load_explicit(&t->into, memory_order_acquire);
}

static void set_into(fh_tag *t, fh_tag *into)
{
    atomic_store_explicit(&t->into, into, memory_order_release);
}

static void free_doomed(fh_arena *a);

/* Memory ------------------------------------------------------------------ */

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

static void *arena_alloc(fh_arena *a, size_t size)
{
    return a->allocator.alloc(a->allocator.ctx, size);
}

static void arena_release(fh_arena *a, void *ptr)
{
    a->allocator.release(a->allocator.ctx, ptr);
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
    free_doomed(a);
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

static uint32_t chunk_start(uint32_t k)
{
    return FH_CHUNK_FIRST * ((1u << k) - 1);
}

/* The chunk that holds the node with this index: chunk k holds the indices
 * whose m below is in [2^k, 2^(k+1)), so k is m's highest set bit. */
static uint32_t chunk_of(uint64_t index)
{
    uint32_t m = (uint32_t)(index >> FH_CHUNK_SHIFT) + 1;
#if defined(__GNUC__)
    return 31 - (uint32_t)__builtin_clz(m);
#else
    uint32_t k = 0;

    while (m >>= 1)
        k++;
    return k;
#endif
}

/* The node with this index, or NULL if it is beyond used (free). */
static fh_node *node_at(fh_arena *a, uint64_t index)
{
    uint32_t k;

    /* Acquire: pairs with fresh_node's release, so chunks[k] is written. */
    if (index >= atomic_load_explicit(&a->used, memory_order_acquire))
        return NULL;
    k = chunk_of(index);
    return &a->chunks[k][index - chunk_start(k)];
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
static int refill(fh_heap *h, size_t count)
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

static fh_tag *tag_new(fh_arena *a)
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

/* Whether tag t is in h's family, i.e. leads to h's tag. The walk stops
 * after tag_count links: a path within h's family is no longer, and the
 * links of another heap's family may change under us (tags are recycled),
 * so following them without a bound could go round for ever. Called with h
 * locked; reads other heaps' tags without their locks. */
static int tag_leads_to(const fh_heap *h, fh_tag *t)
{
    size_t links;

    for (links = 0; t && links <= h->tag_count; links++) {
        if (t == h->tag)
            return 1;
        t = into_of(t);
    }
    return 0;
}

/* Points every tag on the path straight at root; only for our own tags. */
static void tag_compress(fh_tag *t, fh_tag *root)
{
    while (t != root) {
        fh_tag *next = into_of(t);

        set_into(t, root);
        t = next;
    }
}

fh_heap *fh_new(fh_arena *a)
{
    fh_heap *h;

    if (atomic_load_explicit(&a->doomed, memory_order_relaxed))
        free_doomed(a);
    h = arena_alloc(a, sizeof *h);
    if (!h)
        return NULL;
    h->tag = tag_new(a);
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

/* Order and lists ----------------------------------------------------------- */

/* Keys are compared with <, never by subtraction; seq breaks ties FIFO. */
static int less(const fh_node *x, const fh_node *y)
{
    return x->key < y->key || (x->key == y->key && seq_of(x) < seq_of(y));
}

static int is_nan(double key)
{
    return key != key;
}

/* Makes x a one-element circular list. */
static void isolate(fh_node *x)
{
    x->left = x->right = x;
}

/* Joins two circular lists (either may be NULL); returns an entry. */
static fh_node *splice(fh_node *a, fh_node *b)
{
    fh_node *a_last, *b_last;

    if (!a)
        return b;
    if (!b)
        return a;
    a_last = a->left;
    b_last = b->left;
    a_last->right = b;
    b->left = a_last;
    b_last->right = a;
    a->left = b_last;
    return a;
}

static void unlink_sibling(fh_node *x)
{
    x->left->right = x->right;
    x->right->left = x->left;
}

static void add_root(fh_heap *h, fh_node *x)
{
    x->parent = NULL;
    clear_mark(x);
    isolate(x);
    h->min = splice(h->min, x);
    if (less(x, h->min))
        h->min = x;
}

/* Cuts x from its parent p and makes it a root. */
static void cut(fh_heap *h, fh_node *x, fh_node *p)
{
    if (x->left)
        x->left->right = x->right;
    else
        p->child = x->right;
    if (x->right)
        x->right->left = x->left;
    add_degree(p, -1);
    add_root(h, x);
}

/* A node that loses a second child is cut too: the marks are what keeps the
 * degree of a node logarithmic in the size of its subtree. */
static void cascading_cut(fh_heap *h, fh_node *p)
{
    fh_node *grandparent;

    while ((grandparent = p->parent) != NULL) {
        if (!is_marked(p)) {
            set_marked(p, 1);
            return;
        }
        cut(h, p, grandparent);
        p = grandparent;
    }
}

/* Makes y a child of x; both are detached, unmarked roots. */
static void link(fh_node *y, fh_node *x)
{
    y->parent = x;
    y->left = NULL;
    y->right = x->child;
    if (x->child)
        x->child->left = y;
    x->child = y;
    add_degree(x, 1);
}

/* The degree table of consolidate: slot d holds the one root of degree d
 * met so far, and bit d of filled says whether it does: one store clears
 * the table, and the survivors are found without reading empty slots. */
typedef struct fh_degree_table {
    uint64_t filled;
    fh_node *slot[FH_MAX_DEGREE];
} fh_degree_table;

/* Enters root x, linking it with the root of equal degree already there,
 * the result with the next, and so on. */
static void enter_root(fh_degree_table *t, fh_node *x)
{
    unsigned d = degree_of(x);
    uint64_t bit = (uint64_t)1 << d;

    while (t->filled & bit) {
        fh_node *y = t->slot[d];

        if (less(y, x)) {
            fh_node *swap = x;
            x = y;
            y = swap;
        }
        link(y, x);
        t->filled ^= bit;
        bit <<= 1;
        d++;
    }
    t->filled |= bit;
    t->slot[d] = x;
}

/* Links roots of equal degree until all degrees differ, then makes the
 * survivors the root list and finds the min among them. The roots are a
 * circular list (or NULL) of clean roots, then a NULL-terminated list of
 * children (or NULL) whose nodes still carry a parent link and may carry a
 * mark from before they became roots: only those need clearing. */
static void consolidate(fh_heap *h, fh_node *roots, fh_node *children)
{
    fh_degree_table t;
    fh_node *x, *next, *first = NULL, *last = NULL, *min = NULL;

    t.filled = 0;
    if (roots)
        roots->left->right = children; /* walk both as one list */
    else
        roots = children;
    for (x = roots; x; x = next) {
        next = x->right;
        if (x->parent) { /* a child */
            x->parent = NULL;
            clear_mark(x);
        }
        enter_root(&t, x);
    }
    for (; t.filled; t.filled &= t.filled - 1) {
        x = t.slot[fh_lowest_bit(t.filled)];
        if (!first) {
            first = min = x;
        } else {
            last->right = x;
            x->left = last;
            if (less(x, min))
                min = x;
        }
        last = x;
    }
    if (first) {
        last->right = first;
        first->left = last;
    }
    h->min = min;
}

/* Takes root x out of the heap: its children become roots. */
static void remove_root(fh_heap *h, fh_node *x)
{
    fh_node *rest = x->right == x ? NULL : x->right;

    unlink_sibling(x);
    h->count--;
    h->changes++;
    consolidate(h, rest, x->child);
}

/* Moves a non-root x to the root list, keeping the marks' invariant. */
static void make_root(fh_heap *h, fh_node *x)
{
    fh_node *p = x->parent;

    if (p) {
        cut(h, x, p);
        cascading_cut(h, p);
    }
}

/* Gives the heap's cached nodes beyond the first keep back to the arena.
 * Called with the heap locked.
 *
 * Freed nodes come back in the order a heap let go of them, scattered over
 * the arena's memory; handed out again, they would spread the next heaps
 * over every cache line the biggest heap ever used. So once all nodes are
 * back, the arena starts over from its first node, in address order. */
static void return_nodes(fh_heap *h, size_t keep)
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

static void release_node(fh_heap *h, fh_node *x)
{
    set_seq(x, 0);
    x->payload = NULL;
    x->right = h->cache;
    h->cache = x;
    if (++h->cached > FH_CACHE_MAX)
        return_nodes(h, FH_REFILL);
}

/* References -------------------------------------------------------------- */

static fh_ref ref_of(fh_arena *a, const fh_node *x)
{
    uint32_t k = chunk_index_of(x);
    uint64_t index = chunk_start(k) + (uint64_t)(x - a->chunks[k]);

    return (fh_ref)(index << 32 | (seq_of(x) & 0xffffffffu));
}

/* The node ref names if it is in h now, else NULL. Called with h locked.
 * The node may be in another heap, being changed under that heap's lock:
 * its seq and tag are read as atomics, and only a tag that leads to h's,
 * which no other heap can change, makes it h's. */
static fh_node *owned(fh_heap *h, fh_ref ref)
{
    fh_node *x;
    uint64_t seq;

    if (ref < 0 || (x = node_at(h->arena, (uint64_t)ref >> 32)) == NULL)
        return NULL;
    seq = atomic_load_explicit(&x->word, memory_order_acquire) & FH_SEQ_MASK;
    if (seq == 0 || (seq & 0xffffffffu) != ((uint64_t)ref & 0xffffffffu))
        return NULL;
    if (!tag_leads_to(h, tag_of(x)))
        return NULL;
    tag_compress(tag_of(x), h->tag);
    return x;
}

/* Public operations ------------------------------------------------------- */

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

static uint64_t next_seq(fh_arena *a)
{
    return atomic_fetch_add_explicit(&a->next_seq, 1, memory_order_relaxed);
}

/* Inserts into a heap whose cache holds a node; cannot fail. */
static fh_node *insert_cached(fh_heap *h, double key, void *payload)
{
    fh_node *x = h->cache;

    h->cache = x->right;
    h->cached--;
    h->changes++;
    x->key = key * h->sign;
    x->payload = payload;
    x->child = NULL;
    /* The tag before the seq: a lookup that reads this seq sees this tag.
     * One store for seq, degree 0 and no mark; the chunk stays. */
    set_tag(x, h->tag);
    set_word(x, (word_of(x) & ((uint64_t)0x1f << FH_WORD_CHUNK)) |
                    (next_seq(h->arena) & FH_SEQ_MASK));
    add_root(h, x);
    h->count++;
    return x;
}

/* Doubles a growing heap's node supply, up to FH_REFILL at a time. */
static size_t refill_size(const fh_heap *h)
{
    if (h->count == 0)
        return 1;
    return h->count < FH_REFILL ? h->count : FH_REFILL;
}

fh_ref fh_insert(fh_heap *h, double key, void *payload)
{
    fh_ref ref;

    if (is_nan(key))
        return FH_ENAN;
    pthread_mutex_lock(&h->lock);
    if (!h->cache && refill(h, refill_size(h)) != FH_OK)
        ref = FH_ENOMEM;
    else
        ref = ref_of(h->arena, insert_cached(h, key, payload));
    pthread_mutex_unlock(&h->lock);
    return ref;
}

int fh_insert_many(fh_heap *h, const double *keys, void *const *payloads,
                   size_t count, fh_ref *refs)
{
    size_t i;
    int status = FH_OK;

    for (i = 0; i < count; i++)
        if (is_nan(keys[i]))
            return FH_ENAN;
    pthread_mutex_lock(&h->lock);
    if (h->cached < count)
        status = refill(h, count - h->cached);
    for (i = 0; status == FH_OK && i < count; i++) {
        fh_node *x = insert_cached(h, keys[i], payloads ? payloads[i] : NULL);

        if (refs)
            refs[i] = ref_of(h->arena, x);
    }
    pthread_mutex_unlock(&h->lock);
    return status;
}

int fh_peek(fh_heap *h, double *key, void **payload)
{
    int status = FH_EEMPTY;

    pthread_mutex_lock(&h->lock);
    if (h->min) {
        if (key)
            *key = h->min->key * h->sign;
        if (payload)
            *payload = h->min->payload;
        status = FH_OK;
    }
    pthread_mutex_unlock(&h->lock);
    return status;
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

/* Gives x a key no larger than its own: O(1) amortized. */
static void lower_key(fh_heap *h, fh_node *x, double key)
{
    x->key = key;
    if (x->parent && less(x, x->parent))
        make_root(h, x);
    if (less(x, h->min))
        h->min = x;
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
        lower_key(h, x, key);
    } else {
        /* An increase may break order with x's children: take x out and put
         * it back as a fresh root, keeping the node and so its seq. */
        make_root(h, x);
        remove_root(h, x);
        x->key = key;
        set_degree(x, 0);
        x->child = NULL;
        add_root(h, x);
        h->count++;
    }
}

int fh_decrease_key(fh_heap *h, fh_ref ref, double key)
{
    fh_node *x;
    int status = FH_OK;

    if (is_nan(key))
        return FH_ENAN;
    pthread_mutex_lock(&h->lock);
    if ((x = owned(h, ref)) == NULL)
        status = FH_ESTALE;
    else if (key > x->key * h->sign) /* as the caller sees keys */
        status = FH_EKEY;
    else
        set_key(h, x, key * h->sign);
    pthread_mutex_unlock(&h->lock);
    return status;
}

int fh_update_key(fh_heap *h, fh_ref ref, double key)
{
    fh_node *x;
    int status = FH_OK;

    if (is_nan(key))
        return FH_ENAN;
    pthread_mutex_lock(&h->lock);
    if ((x = owned(h, ref)) == NULL)
        status = FH_ESTALE;
    else
        set_key(h, x, key * h->sign);
    pthread_mutex_unlock(&h->lock);
    return status;
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
        make_root(h, x);
        remove_root(h, x);
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

/* The node after x in a depth-first walk of h's forest that starts at
 * h->min, or NULL at the end; parent links replace a stack. */
static fh_node *walk_next(fh_heap *h, fh_node *x)
{
    if (x->child)
        return x->child;
    while (x->parent) {
        if (x->right)
            return x->right;
        x = x->parent;
    }
    return x->right != h->min ? x->right : NULL;
}

/* Points every node of h at its current tag and returns h's other tags to
 * the arena: they are unreachable then, since only h's nodes (and free
 * nodes, whose seq 0 is checked first) point into h's tag family. */
static void retag(fh_heap *h)
{
    fh_arena *a = h->arena;
    fh_tag *t, *next;
    fh_node *x;

    for (x = h->min; x; x = walk_next(h, x))
        set_tag(x, h->tag);
    pthread_mutex_lock(&a->lock);
    for (t = h->tags; t; t = next) {
        next = t->next;
        if (t != h->tag) {
            t->next = a->free_tags;
            a->free_tags = t;
        }
    }
    pthread_mutex_unlock(&a->lock);
    set_into(h->tag, NULL);
    h->tag->next = NULL;
    h->tags = h->tags_last = h->tag;
    h->tag_count = 1;
}

/* Locks two heaps in id order, so two opposite merges cannot deadlock, nor
 * a merge and fh_arena_fork_prepare. */
static void lock_pair(fh_heap *a, fh_heap *b)
{
    if (a->id > b->id) {
        fh_heap *t = a;
        a = b;
        b = t;
    }
    pthread_mutex_lock(&a->lock);
    pthread_mutex_lock(&b->lock);
}

int fh_merge(fh_heap *dst, fh_heap *src)
{
    fh_tag *fresh;

    if (dst == src)
        return FH_ESAME;
    if (dst->arena != src->arena)
        return FH_EARENA;
    if (dst->sign != src->sign)
        return FH_EORDER;
    fresh = tag_new(src->arena); /* before any change: failure leaves both */
    if (!fresh)
        return FH_ENOMEM;
    lock_pair(dst, src);
    if (src->min) {
        dst->min = splice(dst->min, src->min);
        if (less(src->min, dst->min))
            dst->min = src->min;
        dst->count += src->count;
        dst->changes++;
        src->changes++;
    }
    set_into(src->tag, dst->tag);
    src->tags_last->next = dst->tags;
    dst->tags = src->tags;
    dst->tag_count += src->tag_count;
    src->tag = src->tags = src->tags_last = fresh;
    src->tag_count = 1;
    src->min = NULL;
    src->count = 0;
    /* Each merge leaves dst one more tag. Retagging costs O(count), paid for
     * by the more than count merges since the last one: O(1) amortized. */
    if (dst->tag_count > dst->count + FH_REFILL)
        retag(dst);
    pthread_mutex_unlock(&dst->lock);
    pthread_mutex_unlock(&src->lock);
    return FH_OK;
}

/* Detaches every node of h, in no particular order, without recursion: each
 * node's children are spliced into the walk right after it. Calls visit on
 * each node after reading its links. O(n). Called with h locked. */
static void take_all(fh_heap *h, void (*visit)(fh_heap *, fh_node *, void *),
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
        take_all(h, clear_visit, &ctx);
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
static void free_doomed(fh_arena *a)
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
    take_all(h, clear_visit, &(clear_ctx){NULL, 0});
    return_nodes(h, 0);
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
        free_doomed(a);
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
    free_doomed(a);
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
    free_doomed(a);
}

/* Validation -------------------------------------------------------------- */

/* Largest degree possible in a Fibonacci heap of n nodes: a node of degree d
 * roots a subtree of at least F(d+2) nodes. */
static unsigned max_degree(size_t n)
{
    size_t a = 1, b = 2; /* F(2), F(3) */
    unsigned d = 0;

    while (b <= n) {
        size_t c = a + b;

        if (c < b) /* overflow: n is beyond any real heap */
            break;
        a = b;
        b = c;
        d++;
    }
    return d;
}

/* Checks x's sibling list and children; returns the broken invariant. */
static const char *check_node(fh_heap *h, fh_node *x, unsigned degree_bound)
{
    fh_node *c;
    unsigned children = 0;

    if (seq_of(x) == 0)
        return "a node in the heap is marked free";
    if (is_nan(x->key))
        return "a key is NaN";
    if (!x->parent && (x->left->right != x || x->right->left != x))
        return "sibling links are not mutual";
    if (x->parent && ((x->left ? x->left->right : x->parent->child) != x ||
                      (x->right && x->right->left != x)))
        return "sibling links are not mutual";
    if (!tag_leads_to(h, tag_of(x)))
        return "a node belongs to another heap";
    if (degree_of(x) > degree_bound)
        return "a degree exceeds the Fibonacci bound";
    if (!x->parent && is_marked(x))
        return "a root is marked";
    if (x->parent && less(x, x->parent))
        return "a child is less than its parent (heap order)";
    if (!x->parent && less(x, h->min))
        return "a root is less than min";
    for (c = x->child; c; c = c->right) {
        if (c->parent != x)
            return "a child's parent link is wrong";
        if (++children > degree_of(x))
            return "a degree does not match its child count";
    }
    if (children != degree_of(x))
        return "a degree does not match its child count";
    return NULL;
}

static const char *check_locked(fh_heap *h)
{
    fh_node *x;
    unsigned bound = max_degree(h->count);
    size_t seen = 0;
    const char *broken;

    if (!h->min)
        return h->count == 0 ? NULL : "count is not 0 in an empty heap";
    if (h->min->parent)
        return "min is not a root";
    /* check_node vouches for x's links before walk_next follows them. */
    for (x = h->min; x; x = walk_next(h, x)) {
        if (++seen > h->count)
            return "more nodes than count (or a cycle)";
        if ((broken = check_node(h, x, bound)) != NULL)
            return broken;
    }
    return seen == h->count ? NULL : "fewer nodes than count";
}

int fh_check(fh_heap *h, const char **what)
{
    const char *broken;

    pthread_mutex_lock(&h->lock);
    broken = check_locked(h);
    pthread_mutex_unlock(&h->lock);
    if (what)
        *what = broken;
    return broken ? FH_ECORRUPT : FH_OK;
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

/* One element of a snapshot for the radix sort: its insertion number and
 * its position in the unsorted snapshot. */
typedef struct seq_at {
    uint64_t seq;
    size_t at;
} seq_at;

/* Sorts items[0..n) by seq with an LSD radix sort, FH_RADIX_BITS per pass:
 * O(n) per pass and ceil(span bits / FH_RADIX_BITS) passes, span being the
 * largest seq minus the smallest (under 2^51). Stable; spare holds n items.
 * Returns the array the result is in (items or spare). */
#define FH_RADIX_BITS 11
static seq_at *radix_sort(seq_at *items, seq_at *spare, size_t n)
{
    size_t counts[1u << FH_RADIX_BITS], i;
    uint64_t low = UINT64_MAX, span = 0;
    unsigned shift;

    for (i = 0; i < n; i++)
        if (items[i].seq < low)
            low = items[i].seq;
    for (i = 0; i < n; i++) {
        items[i].seq -= low;
        span |= items[i].seq;
    }
    for (shift = 0; shift < 64 && span >> shift; shift += FH_RADIX_BITS) {
        const uint64_t mask = (1u << FH_RADIX_BITS) - 1;
        size_t total = 0, c;
        seq_at *swap;

        for (c = 0; c <= mask; c++)
            counts[c] = 0;
        for (i = 0; i < n; i++)
            counts[(items[i].seq >> shift) & mask]++;
        for (c = 0; c <= mask; c++) {
            size_t here = counts[c];

            counts[c] = total;
            total += here;
        }
        for (i = 0; i < n; i++)
            spare[counts[(items[i].seq >> shift) & mask]++] = items[i];
        swap = items;
        items = spare;
        spare = swap;
    }
    return items;
}

/* Puts array[0..n) of size-byte items in the order of sorted[].at. */
static void permute(void *array, size_t size, const seq_at *sorted, size_t n,
                    unsigned char *spare)
{
    size_t i;

    if (!array)
        return;
    for (i = 0; i < n; i++)
        memcpy(spare + i * size, (unsigned char *)array + sorted[i].at * size,
               size);
    memcpy(array, spare, n * size);
}

int fh_snapshot(fh_heap *h, double *keys, void **payloads, fh_ref *refs,
                int in_order, size_t capacity, size_t *count,
                uint64_t *changes)
{
    fh_node *x;
    seq_at *seqs = NULL, *sorted;
    unsigned char *spare;
    size_t n = 0, bytes = 2 * capacity * sizeof *seqs;
    int status = FH_OK;

    if (count)
        *count = 0;
    /* Allocated before the lock, for the most elements the call may write. */
    if (in_order && capacity > 0) {
        if (capacity > SIZE_MAX / (2 * sizeof *seqs))
            return FH_ENOMEM;
        seqs = arena_alloc(h->arena, bytes);
        if (!seqs)
            return FH_ENOMEM;
    }
    pthread_mutex_lock(&h->lock);
    if (capacity < h->count) {
        status = FH_ERANGE;
    } else {
        for (x = h->min; x; x = walk_next(h, x), n++) {
            if (keys)
                keys[n] = x->key * h->sign;
            if (payloads)
                payloads[n] = x->payload;
            if (refs)
                refs[n] = ref_of(h->arena, x);
            if (seqs) {
                seqs[n].seq = seq_of(x);
                seqs[n].at = n;
            }
        }
    }
    if (changes)
        *changes = h->changes;
    pthread_mutex_unlock(&h->lock);
    if (seqs) {
        if (status == FH_OK) {
            /* Outside the lock: the copies are the caller's. The sort's
             * spare half then serves as the permutations' scratch space. */
            sorted = radix_sort(seqs, seqs + capacity, n);
            spare = (unsigned char *)(sorted == seqs ? seqs + capacity : seqs);
            permute(keys, sizeof *keys, sorted, n, spare);
            permute(payloads, sizeof *payloads, sorted, n, spare);
            permute(refs, sizeof *refs, sorted, n, spare);
        }
        arena_release(h->arena, seqs);
    }
    if (count && status == FH_OK)
        *count = n;
    return status;
}

/* Max-heaps, ordered reads and bulk operations ----------------------------- */

fh_heap *fh_new_ordered(fh_arena *a, int reverse)
{
    fh_heap *h = fh_new(a);

    if (h && reverse)
        h->sign = -1.0;
    return h;
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

/* How many elements a bulk read returns, or FH_ERANGE if they do not fit. */
static int bulk_count(fh_heap *h, size_t k, size_t capacity, size_t *n)
{
    *n = k < h->count ? k : h->count;
    return *n > capacity ? FH_ERANGE : FH_OK;
}

static void put(fh_heap *h, const fh_node *x, size_t i, double *keys,
                void **payloads)
{
    if (keys)
        keys[i] = x->key * h->sign;
    if (payloads)
        payloads[i] = x->payload;
}

int fh_pop_many(fh_heap *h, size_t k, double *keys, void **payloads,
                size_t capacity, size_t *count)
{
    size_t n = 0, i;
    int status;

    pthread_mutex_lock(&h->lock);
    status = bulk_count(h, k, capacity, &n);
    for (i = 0; status == FH_OK && i < n; i++) {
        fh_node *x = h->min;

        put(h, x, i, keys, payloads);
        remove_root(h, x);
        release_node(h, x);
    }
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
        consolidate(h, h->min, NULL);
        x = h->min;
        do
            roots++;
        while ((x = x->right) != h->min);
        /* Each output adds at most D children to the frontier. */
        room = roots + n * max_degree(h->count);
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
            put(h, x, i, keys, payloads);
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

int fh_pushpop(fh_heap *h, double key, void *payload, double *out_key,
               void **out_payload)
{
    if (is_nan(key))
        return FH_ENAN;
    pthread_mutex_lock(&h->lock);
    /* The new element would have the largest seq: it comes first only if
     * its key is strictly first. */
    if (h->min && !(key * h->sign < h->min->key)) {
        swap_first(h, key, payload, out_key, out_payload);
    } else {
        if (out_key)
            *out_key = key;
        if (out_payload)
            *out_payload = payload;
    }
    pthread_mutex_unlock(&h->lock);
    return FH_OK;
}

int fh_replace(fh_heap *h, double key, void *payload, double *out_key,
               void **out_payload)
{
    int status = FH_EEMPTY;

    if (is_nan(key))
        return FH_ENAN;
    pthread_mutex_lock(&h->lock);
    if (h->min) {
        swap_first(h, key, payload, out_key, out_payload);
        status = FH_OK;
    }
    pthread_mutex_unlock(&h->lock);
    return status;
}
