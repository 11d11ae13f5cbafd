/* A vertex-indexed Fibonacci heap, private to graph.c's algorithms (and
 * its C tests): element i is node i of a caller's array, links are 32-bit
 * node indices, the key lives in the node. Same bounds as the general
 * heap (csrc/fiboheap_internal.h): insert and decrease-key O(1), pop
 * O(log n) amortized. Equal keys pop in
 * the order their nodes were inserted or last lowered: each insert and
 * decrease gives the node a fresh rank, the heap's next number. That is
 * networkx's order (its heapq entries carry a counter taken at every push,
 * and a lowered distance is a new push), so graph.c's searches settle ties
 * as networkx's do. Nothing recurses, allocates, aborts or prints.
 *
 * Why not the general heap: a search's heap is private to one call, so it
 * needs none of the general heap's per-call lock, atomics, tags, arena or
 * fh_ref lookups; its 24-byte slot plus 64-byte node per vertex cost two
 * cache misses per improving arc, where this 40-byte node costs one; the
 * searches measured faster on it. A 32-byte node (via in an array of its
 * own) measured slower: its own misses cost more than the smaller node
 * saves.
 *
 * Header-only, static inline: graph.c's inner loops inline it.
 */
#ifndef FIBOHEAP_VERTEX_HEAP_H
#define FIBOHEAP_VERTEX_HEAP_H

#include <stddef.h>
#include <stdint.h>

#include "bits.h"

/* What a node's parent field says when it is not a node index (indices are
 * below FH_GRAPH_MAX_NODES = 0x7fffffff, so these never are). */
#define FH_VH_NONE   UINT32_MAX       /* no node: an empty heap's min, no child */
#define FH_VH_UNSEEN (UINT32_MAX - 1) /* never inserted */
#define FH_VH_DONE   (UINT32_MAX - 2) /* popped */
#define FH_VH_ROOT   (UINT32_MAX - 3) /* in the heap, a root */

/* Enough for any degree: a root of degree d holds at least F(d + 2) nodes,
 * and F(48) > 2^32. */
#define FH_VH_MAX_DEGREE 48

typedef struct fh_vnode {
    double key;
    /* when it was inserted or last lowered: orders equal keys. 64 bits: a
     * search gives one rank per improving arc, which may pass 2^32, and the
     * node stays 40 bytes (the 32-bit fields and the two bytes fill 24). */
    uint64_t rank;
    uint32_t parent; /* a node index or FH_VH_UNSEEN/DONE/ROOT */
    uint32_t child;  /* first child, FH_VH_NONE if none */
    /* Siblings: the roots form a circular list; a node's children a list
     * from its child field to FH_VH_NONE (first child's left: FH_VH_NONE),
     * so linking touches three nodes, not four. */
    uint32_t left;
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
 * that reads a rank only when the keys are equal: a function taking both
 * ranks as arguments cost the search 8% more instructions. */
#define FH_VH_BEFORE(a, b)                                                  \
    ((a)->key < (b)->key || ((a)->key == (b)->key && (a)->rank < (b)->rank))

/* Whether node a pops before node b. */
static inline int fh_vheap_before(const fh_vnode *a, const fh_vnode *b)
{
    return FH_VH_BEFORE(a, b);
}

/* Puts node v, alone, into the root list next to the min. */
static inline void fh_vheap_add_root(fh_vheap *h, uint32_t v)
{
    fh_vnode *nodes = h->nodes, *x = &nodes[v];

    x->parent = FH_VH_ROOT;
    x->marked = 0;
    if (h->min == FH_VH_NONE) {
        x->left = x->right = v;
        h->min = v;
        return;
    }
    x->left = h->min;
    x->right = nodes[h->min].right;
    nodes[x->right].left = v;
    nodes[h->min].right = v;
    if (fh_vheap_before(x, &nodes[h->min]))
        h->min = v;
}

/* Inserts node v (FH_VH_UNSEEN or FH_VH_DONE) with key, which is not NaN. */
static inline void fh_vheap_insert(fh_vheap *h, uint32_t v, double key)
{
    fh_vnode *x = &h->nodes[v];

    x->key = key;
    x->rank = h->next_rank++;
    x->child = FH_VH_NONE;
    x->degree = 0;
    h->size++;
    fh_vheap_add_root(h, v);
}

/* Lowers node v's key (v is in the heap, key < its key, not NaN) and gives
 * it a fresh rank: cuts v from its parent if it now comes first, then each
 * marked ancestor. Strictly lower: an equal key with a fresh rank would
 * move v after its children. */
static inline void fh_vheap_decrease(fh_vheap *h, uint32_t v, double key)
{
    fh_vnode *nodes = h->nodes;
    uint32_t p = nodes[v].parent;

    nodes[v].key = key;
    nodes[v].rank = h->next_rank++;
    if (p == FH_VH_ROOT) {
        if (fh_vheap_before(&nodes[v], &nodes[h->min]))
            h->min = v;
        return;
    }
    if (!fh_vheap_before(&nodes[v], &nodes[p]))
        return;
    for (;;) { /* cut v from p, then go up while p was marked */
        fh_vnode *x = &nodes[v], *parent = &nodes[p];

        if (x->left == FH_VH_NONE)
            parent->child = x->right;
        else
            nodes[x->left].right = x->right;
        if (x->right != FH_VH_NONE)
            nodes[x->right].left = x->left;
        parent->degree--;
        fh_vheap_add_root(h, v);
        if (parent->parent == FH_VH_ROOT)
            return;
        if (!parent->marked) {
            parent->marked = 1;
            return;
        }
        v = p;
        p = parent->parent;
    }
}

/* consolidate's table: slot d holds the one root of degree d met so far,
 * and bit d of filled says whether it does (one store clears the table,
 * and the survivors are found without reading empty slots). */
typedef struct fh_vheap_table {
    uint64_t filled;
    uint32_t slot[FH_VH_MAX_DEGREE];
} fh_vheap_table;

/* Enters root x (detached: its sibling fields are stale), linking it with
 * the root of equal degree already there, the result with the next, and
 * so on. */
static inline void fh_vheap_enter(fh_vnode *nodes, fh_vheap_table *t,
                                  uint32_t x)
{
    unsigned d = nodes[x].degree;
    uint64_t bit = (uint64_t)1 << d;

    nodes[x].parent = FH_VH_ROOT;
    nodes[x].marked = 0;
    while (t->filled & bit) {
        uint32_t y = t->slot[d];
        fh_vnode *px, *py;

        if (fh_vheap_before(&nodes[y], &nodes[x])) {
            y = x;
            x = t->slot[d];
        }
        px = &nodes[x]; /* y becomes x's first child */
        py = &nodes[y];
        py->parent = x;
        py->left = FH_VH_NONE;
        py->right = px->child;
        if (px->child != FH_VH_NONE)
            nodes[px->child].left = y;
        px->child = y;
        px->degree++;
        t->filled ^= bit;
        bit <<= 1;
        d++;
    }
    t->filled |= bit;
    t->slot[d] = x;
}

/* Removes and returns the first node (FH_VH_NONE if empty), which becomes
 * FH_VH_DONE and keeps its key. Its children join the roots, then roots of
 * equal degree are linked until all degrees differ: one pass over the roots,
 * the only O(log n) amortized step. */
static inline uint32_t fh_vheap_pop(fh_vheap *h)
{
    fh_vnode *nodes = h->nodes;
    fh_vheap_table t;
    uint32_t top = h->min, x, next;

    if (top == FH_VH_NONE)
        return FH_VH_NONE;
    h->size--;
    nodes[top].parent = FH_VH_DONE;
    t.filled = 0;
    for (x = nodes[top].right; x != top; x = next) {
        next = nodes[x].right;
        fh_vheap_enter(nodes, &t, x);
    }
    for (x = nodes[top].child; x != FH_VH_NONE; x = next) {
        next = nodes[x].right;
        fh_vheap_enter(nodes, &t, x);
    }
    h->min = FH_VH_NONE;
    for (; t.filled; t.filled &= t.filled - 1)
        fh_vheap_add_root(h, t.slot[fh_lowest_bit(t.filled)]);
    return top;
}

#endif
