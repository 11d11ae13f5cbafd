/* A vertex-indexed d-ary min-heap, private to graph.c's and centrality.c's
 * algorithms (and their C tests): element i is node i of a caller's array,
 * the key lives in the node, and the heap itself is an array of slots (a
 * node's index and a copy of its key), FH_VH_ARITY children per slot.
 * Insert and decrease-key sift up, pop sifts down: O(log n) each, in
 * loops. Equal keys pop in the order their nodes were inserted or last
 * lowered: each insert and decrease gives the node a fresh rank, the
 * heap's next number, so (key, rank) is a strict total order and the pops
 * are the same whatever the heap's shape. That is networkx's order (its
 * heapq entries carry a counter taken at every push, and a lowered
 * distance is a new push), so the searches settle ties as
 * networkx's do. Nothing recurses, allocates, aborts or prints.
 *
 * Why not a Fibonacci heap (fib_forest.h, the general heap's): measured on
 * the graph engine's searches (Dijkstra, Prim, Brandes, A*), this heap
 * was faster on each and ran fewer instructions, since a decrease-key is
 * a short sift-up near the leaves and a pop walks one path of a shallow,
 * contiguous array, where the forest's consolidation walks and relinks
 * nodes spread over memory; its node is 24 bytes where the forest's was
 * 40. The figures are in the commit that chose it.
 *
 * Why not the general heap: a search's heap is private to one call, so it
 * needs none of the general heap's lock, atomics, tags, arena or fh_ref
 * lookups, and a vertex's distance, state, rank and pred fit one 24-byte
 * node, so that examining an arc touches one node.
 *
 * Header-only, static inline: graph.c's inner loops inline it.
 */
#ifndef FIBOHEAP_VERTEX_HEAP_H
#define FIBOHEAP_VERTEX_HEAP_H

#include <stddef.h>
#include <stdint.h>

/* Children per slot: 4 keeps the heap shallow while a slot's children
 * (four uint32 indices) share a cache line. */
#ifndef FH_VH_ARITY
#define FH_VH_ARITY 4
#endif

/* What a node's parent field says when it is not a heap slot (slots are
 * below FH_GRAPH_MAX_NODES = 0x7fffffff, so these never are). */
#define FH_VH_NONE   UINT32_MAX       /* no node: an empty heap's min */
#define FH_VH_UNSEEN (UINT32_MAX - 1) /* never inserted */
#define FH_VH_DONE   (UINT32_MAX - 2) /* popped */

typedef struct fh_vnode {
    double key;
    /* when it was inserted or last lowered: orders equal keys. 64 bits: a
     * search gives one rank per improving arc, which may pass 2^32. */
    uint64_t rank;
    /* The node's state, which the callers read: FH_VH_UNSEEN, FH_VH_DONE,
     * or, in the heap, its slot in the heap's array (the name is the one
     * the callers test; a slot is what sift-up and sift-down need). */
    uint32_t parent;
    uint32_t via; /* the caller's own field, untouched by the heap */
} fh_vnode;

_Static_assert(sizeof(fh_vnode) == 24, "a search's node is one 24-byte read");

/* A heap slot: a node's index and a copy of its key, so that sifting
 * compares the keys of a slot's children where they lie side by side
 * instead of reading each child's node from elsewhere in memory (a node's
 * rank is read only when keys tie). */
typedef struct fh_vslot {
    double key;
    uint32_t node;
    uint32_t unused; /* the padding, named so that it is never read */
} fh_vslot;

typedef struct fh_vheap {
    fh_vnode *nodes;
    fh_vslot *slots; /* slots[0..size): a d-ary heap */
    uint32_t min;    /* slots[0].node, FH_VH_NONE if empty */
    uint64_t next_rank;
    size_t size;
} fh_vheap;

/* The bytes of the block fh_vheap_init takes for count nodes: the nodes,
 * then the heap's array, one slot per node (40 bytes a node, so a block
 * is a multiple of 8 and blocks may follow one another), never 0; 0 if it
 * would overflow (even twice over: a two-sided search allocates two
 * blocks at once). One allocation for both: no search allocates anything
 * else for its heap. */
static inline size_t fh_vheap_bytes(size_t count)
{
    const size_t per_node = sizeof(fh_vnode) + sizeof(fh_vslot);

    if (count > (SIZE_MAX / 2 - 16) / per_node)
        return 0;
    return count * per_node + 8;
}

/* An empty heap over the block at nodes (fh_vheap_bytes(count) bytes):
 * nodes[0..count), every node FH_VH_UNSEEN, and the heap's array after
 * them. */
static inline void fh_vheap_init(fh_vheap *h, fh_vnode *nodes, size_t count)
{
    size_t i;

    h->nodes = nodes;
    h->slots = (fh_vslot *)(void *)(nodes + count);
    h->min = FH_VH_NONE;
    h->next_rank = 0;
    h->size = 0;
    for (i = 0; i < count; i++)
        nodes[i].parent = FH_VH_UNSEEN;
}

/* The heap's order: whether a pops before b, for pointers to anything
 * with a key and a rank (graph.c keeps such pairs beside the heap). A macro
 * that reads a rank only when the keys are equal, where a function given
 * both ranks as arguments would read them on every comparison. */
#define FH_VH_BEFORE(a, b)                                                  \
    ((a)->key < (b)->key || ((a)->key == (b)->key && (a)->rank < (b)->rank))

/* The same order for two slots: their own keys, then their nodes' ranks. */
#define FH_VH_SLOT_BEFORE(nodes, a, b)                                      \
    ((a)->key < (b)->key ||                                                 \
     ((a)->key == (b)->key && (nodes)[(a)->node].rank < (nodes)[(b)->node].rank))

/* Whether node a pops before node b. */
static inline int fh_vheap_before(const fh_vnode *a, const fh_vnode *b)
{
    return FH_VH_BEFORE(a, b);
}

/* Moves node v, bound for slot i or above it, up past every ancestor it
 * pops before, and stores it where it stops. */
static inline void fh_vheap_sift_up(fh_vheap *h, uint32_t v, size_t i)
{
    fh_vnode *nodes = h->nodes;
    fh_vslot *slots = h->slots;
    fh_vslot x;

    x.key = nodes[v].key;
    x.node = v;
    x.unused = 0;
    while (i > 0) {
        size_t up = (i - 1) / FH_VH_ARITY;

        if (!FH_VH_SLOT_BEFORE(nodes, &x, &slots[up]))
            break;
        slots[i] = slots[up];
        nodes[slots[i].node].parent = (uint32_t)i;
        i = up;
    }
    slots[i] = x;
    nodes[v].parent = (uint32_t)i;
    h->min = slots[0].node;
}

/* Inserts node v (FH_VH_UNSEEN or FH_VH_DONE) with key, which is not NaN. */
static inline void fh_vheap_insert(fh_vheap *h, uint32_t v, double key)
{
    h->nodes[v].key = key;
    h->nodes[v].rank = h->next_rank++;
    fh_vheap_sift_up(h, v, h->size++);
}

/* Lowers node v's key (v is in the heap, key < its key, not NaN) and gives
 * it a fresh rank. Strictly lower: an equal key with a fresh rank would
 * move v after its children, which a sift-up does not do. */
static inline void fh_vheap_decrease(fh_vheap *h, uint32_t v, double key)
{
    h->nodes[v].key = key;
    h->nodes[v].rank = h->next_rank++;
    fh_vheap_sift_up(h, v, h->nodes[v].parent);
}

/* Removes and returns the first node (FH_VH_NONE if empty), which becomes
 * FH_VH_DONE and keeps its key. The last slot's node fills the hole at the
 * top and sinks below every child that pops before it. */
static inline uint32_t fh_vheap_pop(fh_vheap *h)
{
    fh_vnode *nodes = h->nodes;
    fh_vslot *slots = h->slots;
    uint32_t top = h->min;
    fh_vslot last;
    size_t n, i = 0;

    if (top == FH_VH_NONE)
        return FH_VH_NONE;
    nodes[top].parent = FH_VH_DONE;
    n = --h->size;
    if (n == 0) {
        h->min = FH_VH_NONE;
        return top;
    }
    last = slots[n];
    for (;;) {
        size_t first = i * FH_VH_ARITY + 1, end, c, best;

        if (first >= n)
            break;
        end = first + FH_VH_ARITY < n ? first + FH_VH_ARITY : n;
        best = first;
        for (c = first + 1; c < end; c++)
            if (FH_VH_SLOT_BEFORE(nodes, &slots[c], &slots[best]))
                best = c;
        if (!FH_VH_SLOT_BEFORE(nodes, &slots[best], &last))
            break;
        slots[i] = slots[best];
        nodes[slots[i].node].parent = (uint32_t)i;
        i = best;
    }
    slots[i] = last;
    nodes[last.node].parent = (uint32_t)i;
    h->min = slots[0].node;
    return top;
}

/* The broken invariant of the heap, or NULL: for tests. O(size). */
static inline const char *fh_vheap_check(const fh_vheap *h)
{
    size_t i;

    if (h->min != (h->size ? h->slots[0].node : FH_VH_NONE))
        return "min is not the first slot's node";
    for (i = 0; i < h->size; i++) {
        const fh_vnode *x = &h->nodes[h->slots[i].node];

        if (x->parent != i)
            return "a node's parent is not its slot";
        if (h->slots[i].key != x->key)
            return "a slot's key is not its node's";
        if (i > 0 && FH_VH_BEFORE(x, &h->nodes[h->slots[(i - 1) / FH_VH_ARITY].node]))
            return "a node pops before the node of its parent slot";
    }
    return NULL;
}

#endif
