/* fiboheap: a Fibonacci heap (Fredman and Tarjan 1987; CLRS chapter 19).
 * See fiboheap.h for the contract.
 *
 * This private header holds the layout of nodes, tags, arenas and heaps, and
 * what more than one of the heap's files needs. Only those files and the C
 * tests include it.
 *
 * The heap's files, one subsystem each:
 *   arena.c      the arena: chunks of nodes, each heap's node cache, tags
 *   lifecycle.c  heaps created, cleared and freed; the doomed list; fork
 *   ops.c        the public operations on one element, and queries
 *   merge.c      fh_merge and the retagging it occasionally needs
 *   bulk.c       pop_many, nsmallest, pushpop and replace
 *   snapshot.c   fh_snapshot and its radix sort
 *   check.c      fh_check, the invariant checker
 * The forest itself (roots, links, consolidate, cuts, the invariants) is
 * fib_forest.h's.
 *
 * What runs per element or per link (the order, the forest of
 * fib_forest.h, the node cache, references) is static inline here, so each
 * file's operations inline it as they would in one translation unit: a call
 * across files per comparison or link would cost on every operation. What
 * runs once per batch, per heap or per arena is defined once and declared
 * below: named fh__ so that it cannot clash with a program linking the
 * sources in, and hidden, so that the extension module does not export it
 * and, in a shared library, calls it directly rather than through the
 * PLT. */
#ifndef FIBOHEAP_INTERNAL_H
#define FIBOHEAP_INTERNAL_H

#include "fiboheap.h"

#include <pthread.h>
#include <stdatomic.h>

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
#define FH_WORD_DEGREE 56         /* 7 bits: below FOREST_MAX_DEGREE */
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
    fh_node *child; /* the newest child (see fib_forest.h) */
    fh_node *left;
    fh_node *right;
    /* Which heap the node is in, through fh_tag forwarding (see fh_merge);
     * NULL in a node fresh from the arena (see fresh_node in arena.c). */
    _Atomic(struct fh_tag *) tag;
};

_Static_assert(sizeof(fh_node) == FH_CACHE_LINE, "a node is one cache line");

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
     * last started over (see fh__return_nodes); the others are free. */
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
    uint64_t owner; /* the caller's owner word (fh_merge_owned) */
};

/* Node fields --------------------------------------------------------------
 * The atomic fields (see struct fh_node). */

/* For the heap that holds x, with its lock: relaxed. */
static inline uint64_t word_of(const fh_node *x)
{
    return atomic_load_explicit(&x->word, memory_order_relaxed);
}

static inline void set_word(fh_node *x, uint64_t word)
{
    atomic_store_explicit(&x->word, word, memory_order_release);
}

static inline uint64_t seq_of(const fh_node *x)
{
    return word_of(x) & FH_SEQ_MASK;
}

static inline uint32_t chunk_index_of(const fh_node *x)
{
    return (uint32_t)(word_of(x) >> FH_WORD_CHUNK) & 0x1f;
}

static inline unsigned degree_of(const fh_node *x)
{
    return (unsigned)(word_of(x) >> FH_WORD_DEGREE) & 0x7f;
}

static inline int is_marked(const fh_node *x)
{
    return (int)(word_of(x) >> FH_WORD_MARK);
}

/* Replaces the bits of mask (already shifted) with value (likewise). */
static inline void set_bits(fh_node *x, uint64_t mask, uint64_t value)
{
    set_word(x, (word_of(x) & ~mask) | value);
}

static inline void set_seq(fh_node *x, uint64_t seq)
{
    set_bits(x, FH_SEQ_MASK, seq & FH_SEQ_MASK);
}

static inline void set_degree(fh_node *x, unsigned degree)
{
    set_bits(x, (uint64_t)0x7f << FH_WORD_DEGREE,
             (uint64_t)degree << FH_WORD_DEGREE);
}

/* One more or one fewer child: degree stays in [0, FH_MAX_DEGREE], so the
 * sum never carries into the mark bit nor borrows from it. */
static inline void add_degree(fh_node *x, int delta)
{
    set_word(x, word_of(x) + ((uint64_t)(int64_t)delta << FH_WORD_DEGREE));
}

static inline void set_marked(fh_node *x, int marked)
{
    set_bits(x, (uint64_t)1 << FH_WORD_MARK,
             (uint64_t)(marked != 0) << FH_WORD_MARK);
}

/* Most nodes made roots are not marked: skip the store then. */
static inline void clear_mark(fh_node *x)
{
    uint64_t word = word_of(x);

    if (word >> FH_WORD_MARK)
        set_word(x, word & ~((uint64_t)1 << FH_WORD_MARK));
}

static inline fh_tag *tag_of(const fh_node *x)
{
    return atomic_load_explicit(&x->tag, memory_order_acquire);
}

static inline void set_tag(fh_node *x, fh_tag *t)
{
    atomic_store_explicit(&x->tag, t, memory_order_release);
}

static inline fh_tag *into_of(const fh_tag *t)
{
    return atomic_load_explicit(&t->into, memory_order_acquire);
}

static inline void set_into(fh_tag *t, fh_tag *into)
{
    atomic_store_explicit(&t->into, into, memory_order_release);
}

/* Shared between files -----------------------------------------------------
 * Defined once (where named), called from other files. */

#if defined(__GNUC__)
#define FH_INTERNAL __attribute__((visibility("hidden")))
#else
#define FH_INTERNAL
#endif

/* arena.c */
FH_INTERNAL int fh__refill(fh_heap *h, size_t count);
FH_INTERNAL void fh__return_nodes(fh_heap *h, size_t keep);
FH_INTERNAL fh_tag *fh__tag_new(fh_arena *a);
/* lifecycle.c */
FH_INTERNAL void fh__free_doomed(fh_arena *a);
FH_INTERNAL void fh__take_all(fh_heap *h,
                              void (*visit)(fh_heap *, fh_node *, void *),
                              void *ctx);

static inline void *arena_alloc(fh_arena *a, size_t size)
{
    return a->allocator.alloc(a->allocator.ctx, size);
}

static inline void arena_release(fh_arena *a, void *ptr)
{
    a->allocator.release(a->allocator.ctx, ptr);
}

/* References ---------------------------------------------------------------
 * From an fh_ref to its node and back, and from a node's tag to its heap. */

static inline uint32_t chunk_start(uint32_t k)
{
    return FH_CHUNK_FIRST * ((1u << k) - 1);
}

/* The chunk that holds the node with this index: chunk k holds the indices
 * whose m below is in [2^k, 2^(k+1)), so k is m's highest set bit. */
static inline uint32_t chunk_of(uint64_t index)
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
static inline fh_node *node_at(fh_arena *a, uint64_t index)
{
    uint32_t k;

    /* Acquire: pairs with fresh_node's release (arena.c), so chunks[k] is
     * written. */
    if (index >= atomic_load_explicit(&a->used, memory_order_acquire))
        return NULL;
    k = chunk_of(index);
    return &a->chunks[k][index - chunk_start(k)];
}

/* Whether tag t is in h's family, i.e. leads to h's tag. The walk stops
 * after tag_count links: a path within h's family is no longer, and the
 * links of another heap's family may change under us (tags are recycled),
 * so following them without a bound could go round for ever. Called with h
 * locked; reads other heaps' tags without their locks. */
static inline int tag_leads_to(const fh_heap *h, fh_tag *t)
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
static inline void tag_compress(fh_tag *t, fh_tag *root)
{
    while (t != root) {
        fh_tag *next = into_of(t);

        set_into(t, root);
        t = next;
    }
}

static inline fh_ref ref_of(fh_arena *a, const fh_node *x)
{
    uint32_t k = chunk_index_of(x);
    uint64_t index = chunk_start(k) + (uint64_t)(x - a->chunks[k]);

    return (fh_ref)(index << 32 | (seq_of(x) & 0xffffffffu));
}

/* The node ref names if it is in h now, else NULL. Called with h locked.
 * The node may be in another heap, being changed under that heap's lock:
 * its seq and tag are read as atomics, and only a tag that leads to h's,
 * which no other heap can change, makes it h's. */
static inline fh_node *owned(fh_heap *h, fh_ref ref)
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

/* Order and the forest ----------------------------------------------------- */

/* Keys are compared with <, never by subtraction; seq breaks ties FIFO. */
static inline int less(const fh_node *x, const fh_node *y)
{
    return x->key < y->key || (x->key == y->key && seq_of(x) < seq_of(y));
}

static inline int is_nan(double key)
{
    return key != key;
}

/* The owner word the plain insertions pass: no caller's word is checked. */
#define FH__ANY_OWNER UINT64_MAX

/* 1 if an insertion naming owner may go into h (h locked). */
static inline int owned_by(const fh_heap *h, uint64_t owner)
{
    return owner == FH__ANY_OWNER || owner == h->owner;
}

/* The forest's machinery over this representation (see fib_forest.h): a
 * node names another by pointer, and a root's parent is NULL. */
#define FOREST_HEAP fh_heap
#define FOREST_NODE fh_node
#define FOREST_REF fh_node *
#define FOREST_NIL NULL
#define FOREST_ROOT NULL
#define FOREST_AT(h, r) ((void)(h), (r))
#define FOREST_BEFORE(x, y) less(x, y)
#define FOREST_DEGREE(x) degree_of(x)
#define FOREST_ADD_DEGREE(x, delta) add_degree(x, delta)
#define FOREST_MARKED(x) is_marked(x)
#define FOREST_MARK(x) set_marked(x, 1)
#define FOREST_UNMARK(x) clear_mark(x)
#include "fib_forest.h"

_Static_assert(FOREST_MAX_DEGREE < 128, "a degree fits its 7 bits of word");

/* Takes root x out of the heap: its children become roots. */
static inline void remove_root(fh_heap *h, fh_node *x)
{
    h->count--;
    h->changes++;
    forest_remove_root(h, x);
}

/* Node cache ----------------------------------------------------------------
 * Each heap's free nodes (see FH_REFILL): insert and pop take and give
 * nodes here without the arena lock. */

static inline uint64_t next_seq(fh_arena *a)
{
    return atomic_fetch_add_explicit(&a->next_seq, 1, memory_order_relaxed);
}

/* Inserts into a heap whose cache holds a node; cannot fail. */
static inline fh_node *insert_cached(fh_heap *h, double key, void *payload)
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
    forest_add_root(h, x);
    h->count++;
    return x;
}

static inline void release_node(fh_heap *h, fh_node *x)
{
    set_seq(x, 0);
    x->payload = NULL;
    x->right = h->cache;
    h->cache = x;
    if (++h->cached > FH_CACHE_MAX)
        fh__return_nodes(h, FH_REFILL);
}

#endif
