/* A vertex-indexed Fibonacci heap, private to graph.c's algorithms (and
 * its C tests): element i is node i of a caller's array, links are 32-bit
 * node indices, the key lives in the node. Its forest is fib_forest.h's,
 * as the general heap's is: insert and decrease-key O(1), pop O(log n)
 * amortized. Equal keys pop in the order their nodes were inserted or last
 * lowered: each insert and decrease gives the node a fresh rank, the
 * heap's next number. That is networkx's order (its heapq entries carry a
 * counter taken at every push, and a lowered distance is a new push), so
 * graph.c's searches settle ties as networkx's do. Nothing recurses,
 * allocates, aborts or prints.
 *
 * Why not the general heap: a search's heap is private to one call, so it
 * needs none of the general heap's lock, atomics, tags, arena or fh_ref
 * lookups, and a vertex's distance, state, links and pred fit one 40-byte
 * node, so that examining an arc touches one node where the general heap
 * would touch its 64-byte node and a per-vertex slot beside it.
 *
 * Header-only, static inline: graph.c's inner loops inline it.
 */
#ifndef FIBOHEAP_VERTEX_HEAP_H
#define FIBOHEAP_VERTEX_HEAP_H

#include <stddef.h>
#include <stdint.h>

/* What a node's parent field says when it is not a node index (indices are
 * below FH_GRAPH_MAX_NODES = 0x7fffffff, so these never are). */
#define FH_VH_NONE   UINT32_MAX       /* no node: an empty heap's min, no child */
#define FH_VH_UNSEEN (UINT32_MAX - 1) /* never inserted */
#define FH_VH_DONE   (UINT32_MAX - 2) /* popped */
#define FH_VH_ROOT   (UINT32_MAX - 3) /* in the heap, a root */

typedef struct fh_vnode {
    double key;
    /* when it was inserted or last lowered: orders equal keys. 64 bits: a
     * search gives one rank per improving arc, which may pass 2^32, and the
     * node stays 40 bytes (the 32-bit fields and the two bytes fill 24). */
    uint64_t rank;
    uint32_t parent; /* a node index or FH_VH_UNSEEN/DONE/ROOT */
    uint32_t child;  /* first child, FH_VH_NONE if none */
    uint32_t left;   /* siblings (see fib_forest.h) */
    uint32_t right;
    uint32_t via;    /* the caller's own field, untouched by the heap */
    uint8_t degree;  /* number of children */
    uint8_t marked;  /* lost a child since it became a child */
} fh_vnode;

_Static_assert(sizeof(fh_vnode) <= 40, "a search's node is one 40-byte read");

typedef struct fh_vheap {
    fh_vnode *nodes;
    uint32_t min; /* FH_VH_NONE if empty */
    uint64_t next_rank;
    size_t size;
} fh_vheap;

/* An empty heap over nodes[0..count), every node FH_VH_UNSEEN. */
static inline void fh_vheap_init(fh_vheap *h, fh_vnode *nodes, size_t count)
{
    size_t i;

    h->nodes = nodes;
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

/* Whether node a pops before node b. */
static inline int fh_vheap_before(const fh_vnode *a, const fh_vnode *b)
{
    return FH_VH_BEFORE(a, b);
}

/* The forest's machinery over this representation (see fib_forest.h). */
#define FOREST_HEAP fh_vheap
#define FOREST_NODE fh_vnode
#define FOREST_REF uint32_t
#define FOREST_NIL FH_VH_NONE
#define FOREST_ROOT FH_VH_ROOT
#define FOREST_AT(h, r) (&(h)->nodes[r])
#define FOREST_BEFORE(x, y) fh_vheap_before(x, y)
#define FOREST_DEGREE(x) ((unsigned)(x)->degree)
#define FOREST_ADD_DEGREE(x, delta)                                        \
    ((x)->degree = (uint8_t)((x)->degree + (delta)))
#define FOREST_MARKED(x) ((x)->marked)
#define FOREST_MARK(x) ((x)->marked = 1)
#define FOREST_UNMARK(x) ((x)->marked = 0)
#include "fib_forest.h"

_Static_assert(FOREST_MAX_DEGREE <= UINT8_MAX, "a degree fits its byte");

/* Inserts node v (FH_VH_UNSEEN or FH_VH_DONE) with key, which is not NaN. */
static inline void fh_vheap_insert(fh_vheap *h, uint32_t v, double key)
{
    fh_vnode *x = &h->nodes[v];

    x->key = key;
    x->rank = h->next_rank++;
    x->child = FH_VH_NONE;
    x->degree = 0;
    h->size++;
    forest_add_root(h, v);
}

/* Lowers node v's key (v is in the heap, key < its key, not NaN) and gives
 * it a fresh rank. Strictly lower: an equal key with a fresh rank would
 * move v after its children. */
static inline void fh_vheap_decrease(fh_vheap *h, uint32_t v, double key)
{
    h->nodes[v].key = key;
    h->nodes[v].rank = h->next_rank++;
    forest_moved_up(h, v);
}

/* Removes and returns the first node (FH_VH_NONE if empty), which becomes
 * FH_VH_DONE and keeps its key. */
static inline uint32_t fh_vheap_pop(fh_vheap *h)
{
    uint32_t top = h->min;

    if (top == FH_VH_NONE)
        return FH_VH_NONE;
    h->size--;
    forest_remove_root(h, top);
    h->nodes[top].parent = FH_VH_DONE;
    return top;
}

/* The broken invariant of the heap, or NULL: for tests. O(size). */
static inline const char *fh_vheap_check(const fh_vheap *h)
{
    return forest_check(h, h->size, NULL);
}

#endif
