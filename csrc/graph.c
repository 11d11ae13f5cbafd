/* fiboheap graphs' algorithms but Brandes' (centrality.c): see graph.h for
 * the contract; graph_build.c builds the graphs. */
#include "graph.h"

#include "fiboheap.h"
#include "graph_internal.h"
#include "vertex_heap.h"

#include <math.h>
#include <stdlib.h>

/* Dijkstra ---------------------------------------------------------------- */

/* A search's heap is vertex_heap.h's: one 24-byte node per graph node holds
 * its distance (the key), its state and its pred (via), so examining an arc
 * costs one cache miss. */
#define NO_PRED UINT32_MAX /* never a node: FH_GRAPH_MAX_NODES is below */

/* Prefetches what relaxing node v's arcs reads (the nodes of its heads) and
 * the arcs of next, the likely next node to pop (FH_VH_NONE: none). A
 * macro: as a static function, GCC 12 -O2 emitted none of its prefetches
 * (objdump showed no prefetch instruction). */
#define PREFETCH_AROUND(g, nodes, v, next)                                  \
    do {                                                                    \
        uint64_t e_, end_ = (g)->offsets[(v) + 1];                          \
                                                                            \
        for (e_ = (g)->offsets[v]; e_ < end_; e_++)                         \
            PREFETCH(&(nodes)[(g)->heads[e_]]);                             \
        if ((next) != FH_VH_NONE) {                                         \
            PREFETCH(&(g)->heads[(g)->offsets[next]]);                      \
            PREFETCH(&(g)->weights[(g)->offsets[next]]);                    \
        }                                                                   \
    } while (0)

/* The block of a search's heap: its nodes and its array (see
 * fh_vheap_init). */
static fh_vnode *nodes_new(const fh_graph *g)
{
    size_t bytes = fh_vheap_bytes(g->node_count);

    return bytes ? malloc(bytes) : NULL;
}

static int check_nodes(const fh_graph *g, const uint32_t *nodes, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++)
        if (nodes[i] >= g->node_count)
            return FH_ENODE;
    return FH_OK;
}

/* Where run_dijkstra writes each settled node, in settling order (order
 * NULL: nowhere; pred NULL: no preds). */
typedef struct settled_out {
    uint32_t *order;
    double *dist;
    int64_t *pred;
    size_t count;
} settled_out;

/* The keys a two-sided search has lowered, as (key, rank) pairs in a binary
 * heap. networkx's bidirectional_dijkstra pushes a new heapq entry for each
 * lower distance and leaves the old one in; popping such a stale entry
 * later uses up that direction's turn, so which side moves next, and so
 * the path found among equal ones and its length's rounding, depends on
 * them. The two-sided loop pops them here at the same moments. */
typedef struct stale_key {
    double key;
    uint64_t rank;
} stale_key;

typedef struct stale_heap {
    stale_key *items;
    size_t count;
    size_t capacity;
} stale_heap;

static int stale_push(stale_heap *s, double key, uint64_t rank)
{
    stale_key new_key = {key, rank};
    size_t i;

    if (s->count == s->capacity) {
        size_t capacity = s->capacity ? 2 * s->capacity : 64;
        stale_key *items;

        if (capacity > SIZE_MAX / sizeof *items)
            return FH_ENOMEM;
        items = realloc(s->items, capacity * sizeof *items);
        if (!items)
            return FH_ENOMEM;
        s->items = items;
        s->capacity = capacity;
    }
    for (i = s->count++; i > 0; i = (i - 1) / 2) { /* sift up */
        stale_key *parent = &s->items[(i - 1) / 2];

        if (!FH_VH_BEFORE(&new_key, parent))
            break;
        s->items[i] = *parent;
    }
    s->items[i] = new_key;
    return FH_OK;
}

static void stale_pop(stale_heap *s)
{
    stale_key last = s->items[--s->count];
    size_t i = 0, n = s->count;

    for (;;) { /* sift last down from the root */
        size_t child = 2 * i + 1;

        if (child >= n)
            break;
        if (child + 1 < n && FH_VH_BEFORE(&s->items[child + 1], &s->items[child]))
            child++;
        if (!FH_VH_BEFORE(&s->items[child], &last))
            break;
        s->items[i] = s->items[child];
        i = child;
    }
    if (n)
        s->items[i] = last;
}

/* One direction of a two-sided search: the arcs it walks (the backward
 * side walks the reversed graph), its heap and its stale keys. */
typedef struct side {
    const fh_graph *g;
    fh_vheap heap;
    stale_heap stale;
    struct side *other;
    int backward; /* its arcs are reversed: report a bad one the right way */
} side;

/* The best meeting of the two sides so far: node (NO_PRED: none yet) is
 * reached by both, at length forward + backward. */
typedef struct meeting {
    double length;
    uint32_t node;
} meeting;

/* Whether the side's next entry in networkx's heapq is a stale one. */
static int stale_comes_first(const side *s)
{
    if (!s->stale.count)
        return 0;
    if (s->heap.min == FH_VH_NONE)
        return 1;
    return FH_VH_BEFORE(&s->stale.items[0], &s->heap.nodes[s->heap.min]);
}

#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

/* A*'s potential (fh_graph_astar): given one, the one-way loop is A*, each
 * node keyed by its distance g plus the heuristic's estimate h. Not a loop
 * of its own: the loop, the arcs' walk and the weights' check are
 * Dijkstra's, and run_dijkstra and relax, inlined into each caller, fold
 * the potential away where it is NULL (the Dijkstra callers). */
typedef struct potential {
    fh_graph_heuristic heuristic;
    void *context;
    double *g;          /* each node's distance at its last lowering */
    double *h;          /* each node's estimate, NaN until asked for */
    uint32_t *explored; /* each node's via when it was last popped */
} potential;

/* Node u's estimate, asked for once (NaN until then: no estimate is). */
static int estimate(potential *pot, uint32_t u, double *h)
{
    double value;

    if (pot->h[u] == pot->h[u]) {
        *h = pot->h[u];
        return FH_OK;
    }
    if (pot->heuristic(pot->context, u, &value) != 0 || value != value)
        return FH_EHEURISTIC;
    *h = pot->h[u] = value;
    return FH_OK;
}

/* A*'s step along the arc v -> u, reaching u at du: networkx's astar_path
 * lowers a node reached before (popped or not) only by a strictly shorter
 * distance, keys it g + h, and leaves it alone if that is above cutoff. A
 * popped node lowered goes back into the heap (reopened). */
static ALWAYS_INLINE int lower_estimated(fh_vheap *heap, potential *pot,
                                         uint32_t v, uint32_t u, double du,
                                         double cutoff)
{
    fh_vnode *x = &heap->nodes[u];
    double h, key;
    int status;

    if (x->parent != FH_VH_UNSEEN && !(du < pot->g[u]))
        return FH_OK;
    status = estimate(pot, u, &h);
    if (status != FH_OK)
        return status;
    key = du + h;
    if (key != key) /* INFINITY + -INFINITY */
        return FH_EHEURISTIC;
    if (key > cutoff)
        return FH_OK;
    if (x->parent == FH_VH_UNSEEN || x->parent == FH_VH_DONE)
        fh_vheap_insert(heap, u, key);
    else if (key < x->key)
        fh_vheap_decrease(heap, u, key);
    /* else the shorter du rounds to u's key: u keeps its place (graph.h) */
    pot->g[u] = du;
    x->via = v;
    return FH_OK;
}

/* Relaxes the arcs of v, just settled (its key is its distance): one step
 * of both Dijkstra loops (of A* with a potential: see lower_estimated).
 * Each head not settled takes v's distance plus
 * the arc's weight if that is within cutoff and below its key, with a
 * fresh rank (networkx pushes it again, so equal distances settle in the
 * order of their last lowering) and v as its via.
 *
 * A two-sided search passes its side (the one-way loop NULL, which the
 * forced inlining folds away): a lowering also keeps the key it replaces
 * (a stale heapq entry in networkx), and a head the other side has reached
 * is a meeting, kept if it is shorter than the best so far, as networkx
 * keeps it (the first of equal ones). */
static ALWAYS_INLINE int relax(const fh_graph *g, fh_vheap *heap, uint32_t v,
                               double cutoff, side *two, meeting *meet,
                               potential *pot, fh_graph_arc *bad)
{
    fh_vnode *nodes = heap->nodes;
    uint64_t e, end = g->offsets[v + 1];
    double dv = pot ? pot->g[v] : nodes[v].key;

    PREFETCH_AROUND(g, nodes, v, heap->min);
    for (e = g->offsets[v]; e < end; e++) {
        uint32_t u = g->heads[e];
        double w = g->weights[e], du;
        fh_vnode *x = &nodes[u];

        if (!(w >= 0)) { /* also true for NaN */
            if (two && two->backward)
                fh_graph_note_bad(bad, u, v, w);
            else
                fh_graph_note_bad(bad, v, u, w);
            return FH_EWEIGHT;
        }
        if (pot) {
            int status = lower_estimated(heap, pot, v, u, dv + w, cutoff);

            if (status != FH_OK)
                return status;
            continue;
        }
        /* A settled u has dist <= dv <= du: it is never lowered. */
        if (x->parent == FH_VH_DONE)
            continue;
        du = dv + w;
        if (du > cutoff)
            continue;
        if (x->parent == FH_VH_UNSEEN) {
            fh_vheap_insert(heap, u, du);
        } else if (du < x->key) {
            if (two && stale_push(&two->stale, x->key, x->rank) != FH_OK)
                return FH_ENOMEM;
            fh_vheap_decrease(heap, u, du);
        } else {
            continue;
        }
        x->via = v;
        if (two) {
            const fh_vnode *there = &two->other->heap.nodes[u];

            if (there->parent != FH_VH_UNSEEN &&
                (meet->node == NO_PRED || meet->length > du + there->key)) {
                meet->length = du + there->key;
                meet->node = u;
            }
        }
    }
    return FH_OK;
}

/* The one-way Dijkstra loop; see fh_graph_dijkstra. Leaves each settled
 * node FH_VH_DONE with its distance as its key. With a potential it is
 * fh_graph_astar's loop (out->order NULL): a source's key is 0 (networkx
 * asks no estimate for it), and each node popped keeps its via in
 * pot->explored. */
static ALWAYS_INLINE int run_dijkstra(const fh_graph *g, fh_vnode *nodes,
                                      const uint32_t *sources,
                                      size_t source_count, int64_t target,
                                      double cutoff, potential *pot,
                                      settled_out *out, fh_graph_arc *bad)
{
    fh_vheap heap;
    size_t i;
    uint32_t v;

    out->count = 0;
    fh_vheap_init(&heap, nodes, g->node_count);
    for (i = 0; i < source_count; i++) {
        if (nodes[sources[i]].parent != FH_VH_UNSEEN)
            continue; /* a duplicate */
        fh_vheap_insert(&heap, sources[i], 0.0);
        nodes[sources[i]].via = NO_PRED;
        if (pot)
            pot->g[sources[i]] = 0.0;
    }
    while ((v = fh_vheap_pop(&heap)) != FH_VH_NONE) {
        int status;

        if (pot)
            pot->explored[v] = nodes[v].via;
        if (out->order) {
            out->order[out->count] = v;
            out->dist[out->count] = nodes[v].key;
            if (out->pred)
                out->pred[out->count] =
                    nodes[v].via == NO_PRED ? -1 : (int64_t)nodes[v].via;
        }
        out->count++;
        if ((int64_t)v == target)
            break;
        status = relax(g, &heap, v, cutoff, NULL, NULL, pot, bad);
        if (status != FH_OK)
            return status;
    }
    return FH_OK;
}

int fh_graph_dijkstra(const fh_graph *g, const uint32_t *sources,
                      size_t source_count, int64_t target, double cutoff,
                      uint32_t *order, double *dist, int64_t *pred,
                      size_t *settled, fh_graph_arc *bad)
{
    settled_out out = {order, dist, pred, 0};
    fh_vnode *nodes;
    int status;

    *settled = 0;
    status = check_nodes(g, sources, source_count);
    if (status != FH_OK)
        return status;
    if (target >= 0 && (uint64_t)target >= g->node_count)
        return FH_ENODE;
    nodes = nodes_new(g);
    if (!nodes)
        return FH_ENOMEM;
    status = run_dijkstra(g, nodes, sources, source_count, target, cutoff,
                          NULL, &out, bad);
    *settled = out.count;
    free(nodes);
    return status;
}

/* A* ------------------------------------------------------------------- */

int fh_graph_astar(const fh_graph *g, uint32_t source, uint32_t target,
                   fh_graph_heuristic heuristic, void *context, double cutoff,
                   double *length, uint32_t *path, size_t *path_length,
                   fh_graph_arc *bad)
{
    size_t n = g->node_count, count = 0, i;
    settled_out out = {NULL, NULL, NULL, 0};
    potential pot = {heuristic, context, NULL, NULL, NULL};
    fh_vnode *nodes;
    uint32_t v;
    int status;

    *path_length = 0;
    if (source >= n || target >= n)
        return FH_ENODE;
    nodes = nodes_new(g);
    /* + 1: malloc(0) may return NULL, which would read as a failure. */
    pot.g = malloc(n * sizeof *pot.g + 1);
    pot.h = malloc(n * sizeof *pot.h + 1);
    pot.explored = malloc(n * sizeof *pot.explored + 1);
    status = FH_ENOMEM;
    if (nodes && pot.g && pot.h && pot.explored) {
        for (i = 0; i < n; i++)
            pot.h[i] = NAN;
        status = run_dijkstra(g, nodes, &source, 1, target, cutoff, &pot,
                              &out, bad);
    }
    if (status == FH_OK && nodes[target].parent == FH_VH_DONE) {
        /* networkx's path: target, then each node's pred when last popped
         * (explored). Each pred was popped before the node it leads to, at
         * a distance no longer: no node comes twice, and count stays
         * below n. */
        for (v = target; v != NO_PRED && count < n; v = pot.explored[v])
            path[count++] = v;
        for (i = 0; i < count / 2; i++) {
            uint32_t swap = path[i];

            path[i] = path[count - 1 - i];
            path[count - 1 - i] = swap;
        }
        /* networkx's astar_path_length adds the path's lightest arcs
         * again: the same weights in the same order as the target's
         * distance, since a node of the path whose pred was lowered
         * (reopened) was lowered too, to a smaller key, and popped again
         * before the target (the C tests add them as networkx does). */
        *length = pot.g[target];
        *path_length = count;
    }
    free(pot.explored);
    free(pot.h);
    free(pot.g);
    free(nodes);
    return status;
}

/* Writes the path through meet: the forward side's vias back from meet to
 * the source, reversed, then the backward side's from meet's on to the
 * target (networkx's path(meetnode, 0) + path(preds[1][meetnode], 1)).
 * No node twice: a via was settled on its side, and only the node settled
 * last is settled on both, too late to be anyone's via. */
static size_t write_path(const fh_vnode *forward, const fh_vnode *backward,
                         uint32_t meet, uint32_t *path)
{
    size_t count = 0, i;
    uint32_t v;

    for (v = meet; v != NO_PRED; v = forward[v].via)
        path[count++] = v;
    for (i = 0; i < count / 2; i++) {
        uint32_t swap = path[i];

        path[i] = path[count - 1 - i];
        path[count - 1 - i] = swap;
    }
    for (v = backward[meet].via; v != NO_PRED; v = backward[v].via)
        path[count++] = v;
    return count;
}

/* The two-sided loop; see fh_graph_bidirectional. networkx's loop turn by
 * turn: the sides take turns, forward first; a turn pops the side's next
 * entry, stale or not; a stale one or a node that side settled ends the
 * turn; a node the other side settled ends the search. */
static int run_bidirectional(side *sides, uint32_t source, uint32_t target,
                             meeting *meet, fh_graph_arc *bad)
{
    int direction = 1;

    fh_vheap_insert(&sides[0].heap, source, 0.0);
    sides[0].heap.nodes[source].via = NO_PRED;
    fh_vheap_insert(&sides[1].heap, target, 0.0);
    sides[1].heap.nodes[target].via = NO_PRED;
    while ((sides[0].heap.size || sides[0].stale.count) &&
           (sides[1].heap.size || sides[1].stale.count)) {
        side *s = &sides[direction = 1 - direction];
        uint32_t v;
        int status;

        if (stale_comes_first(s)) {
            stale_pop(&s->stale);
            continue;
        }
        v = fh_vheap_pop(&s->heap);
        if (s->other->heap.nodes[v].parent == FH_VH_DONE)
            return FH_OK; /* meet holds the shortest path */
        status = relax(s->g, &s->heap, v, INFINITY, s, meet, NULL, bad);
        if (status != FH_OK)
            return status;
    }
    meet->node = NO_PRED; /* a side ran out: no path */
    return FH_OK;
}

int fh_graph_bidirectional(const fh_graph *forward, const fh_graph *backward,
                           uint32_t source, uint32_t target, double *length,
                           uint32_t *path, size_t *path_length,
                           fh_graph_arc *bad)
{
    size_t n = forward->node_count;
    meeting meet = {INFINITY, NO_PRED};
    side sides[2];
    fh_vnode *nodes;
    size_t bytes = fh_vheap_bytes(n);
    int status;

    *path_length = 0;
    if (backward->node_count != n || source >= n || target >= n)
        return FH_ENODE;
    if (source == target) { /* networkx answers before searching */
        *length = 0;
        path[0] = source;
        *path_length = 1;
        return FH_OK;
    }
    /* One block per side, the backward side's after the forward's. */
    nodes = bytes ? malloc(2 * bytes) : NULL;
    if (!nodes)
        return FH_ENOMEM;
    sides[0].g = forward;
    sides[0].other = &sides[1];
    sides[0].backward = 0;
    fh_vheap_init(&sides[0].heap, nodes, n);
    sides[1].g = backward;
    sides[1].other = &sides[0];
    sides[1].backward = 1;
    fh_vheap_init(&sides[1].heap, (fh_vnode *)(void *)((char *)nodes + bytes), n);
    sides[0].stale = sides[1].stale = (stale_heap){NULL, 0, 0};
    status = run_bidirectional(sides, source, target, &meet, bad);
    if (status == FH_OK && meet.node != NO_PRED) {
        *length = meet.length;
        *path_length = write_path(sides[0].heap.nodes, sides[1].heap.nodes,
                                  meet.node, path);
    }
    free(sides[0].stale.items);
    free(sides[1].stale.items);
    free(nodes);
    return status;
}

int fh_graph_distances(const fh_graph *g, const uint32_t *sources,
                       size_t source_count, double cutoff, double unreached,
                       double *rows, size_t *next, fh_graph_arc *bad)
{
    settled_out out = {NULL, NULL, NULL, 0};
    fh_vnode *nodes;
    size_t i, v, own = 0;
    int status = check_nodes(g, sources, source_count);

    if (status != FH_OK)
        return status;
    nodes = nodes_new(g);
    if (!nodes)
        return FH_ENOMEM;
    while ((i = fh_graph_claim_source(next, &own)) < source_count) {
        double *row = rows + i * g->node_count;

        status = run_dijkstra(g, nodes, &sources[i], 1, -1, cutoff, NULL, &out,
                              bad);
        if (status != FH_OK) {
            if (next)
                __atomic_store_n(next, source_count, __ATOMIC_RELAXED);
            break;
        }
        for (v = 0; v < g->node_count; v++)
            row[v] = nodes[v].parent == FH_VH_DONE ? nodes[v].key : unreached;
    }
    free(nodes);
    return status;
}

int fh_graph_closeness(const fh_graph *g, const uint32_t *sources,
                       size_t source_count, double *sums, size_t *reached,
                       size_t *next, fh_graph_arc *bad)
{
    size_t n = g->node_count, i, k, own = 0;
    fh_vnode *nodes;
    uint32_t *order;
    double *dist;
    int status = check_nodes(g, sources, source_count);

    if (status != FH_OK)
        return status;
    nodes = nodes_new(g);
    /* + 1: malloc(0) may return NULL, which would read as a failure. */
    order = n <= (SIZE_MAX - 1) / sizeof *order ? malloc(n * sizeof *order + 1) : NULL;
    dist = n <= (SIZE_MAX - 1) / sizeof *dist ? malloc(n * sizeof *dist + 1) : NULL;
    if (!nodes || !order || !dist)
        status = FH_ENOMEM;
    while (status == FH_OK &&
           (i = fh_graph_claim_source(next, &own)) < source_count) {
        settled_out out = {order, dist, NULL, 0};
        double total = 0;

        status = run_dijkstra(g, nodes, &sources[i], 1, -1, INFINITY, NULL, &out, bad);
        if (status != FH_OK)
            break;
        /* networkx's sum(sp.values()): in settle order */
        for (k = 0; k < out.count; k++)
            total += dist[k];
        sums[i] = total;
        reached[i] = out.count;
    }
    if (status != FH_OK)
        fh_graph_stop(next);
    free(nodes);
    free(order);
    free(dist);
    return status;
}

void fh_graph_stop(size_t *next)
{
    if (next)
        __atomic_store_n(next, FH_GRAPH_STOPPED, __ATOMIC_RELAXED);
}

/* Prim -------------------------------------------------------------------- */

/* Grows one tree from start; each node outside the tree waits in the heap
 * keyed by its lightest known edge into the tree (from its via), the first
 * found of equal ones. The heap's ranks make this networkx's prim: its
 * heapq of edges pops the lightest, the first pushed of equal ones, and
 * the first pushed of a node's lightest edges is the one that lowered its
 * key last. */
typedef struct forest {
    uint32_t *tails;
    uint32_t *heads;
    double *weights;
    size_t count;
} forest;

static int grow_tree(const fh_graph *g, fh_vheap *heap, uint32_t start,
                     forest *out, fh_graph_arc *bad)
{
    fh_vnode *nodes = heap->nodes;
    uint32_t v = start;

    nodes[v].parent = FH_VH_DONE;
    for (;;) {
        uint64_t e, end = g->offsets[v + 1];

        PREFETCH_AROUND(g, nodes, v, heap->min);
        for (e = g->offsets[v]; e < end; e++) {
            uint32_t u = g->heads[e];
            double w = g->weights[e];
            fh_vnode *x = &nodes[u];

            /* Before the DONE test, so that a self-loop's NaN raises too. */
            if (w != w) {
                fh_graph_note_bad(bad, v, u, w);
                return FH_EWEIGHT;
            }
            if (x->parent == FH_VH_DONE)
                continue;
            if (x->parent == FH_VH_UNSEEN)
                fh_vheap_insert(heap, u, w);
            else if (w < x->key)
                fh_vheap_decrease(heap, u, w);
            else
                continue;
            x->via = v;
        }
        v = fh_vheap_pop(heap);
        if (v == FH_VH_NONE)
            return FH_OK;
        out->tails[out->count] = nodes[v].via;
        out->heads[out->count] = v;
        out->weights[out->count] = nodes[v].key;
        out->count++;
    }
}

int fh_graph_prim(const fh_graph *g, const uint32_t *roots, size_t root_count,
                  uint32_t *tails, uint32_t *heads, double *weights,
                  size_t *edge_count, fh_graph_arc *bad)
{
    size_t n = g->node_count, i;
    forest out = {tails, heads, weights, 0};
    fh_vnode *nodes;
    fh_vheap heap;
    int status;

    *edge_count = 0;
    status = check_nodes(g, roots, root_count);
    if (status != FH_OK)
        return status;
    nodes = nodes_new(g);
    if (!nodes)
        return FH_ENOMEM;
    fh_vheap_init(&heap, nodes, n);
    /* The heap is empty between trees: every node is UNSEEN or DONE. */
    for (i = 0; i < root_count && status == FH_OK; i++)
        if (nodes[roots[i]].parent == FH_VH_UNSEEN)
            status = grow_tree(g, &heap, roots[i], &out, bad);
    for (i = 0; i < n && status == FH_OK; i++)
        if (nodes[i].parent == FH_VH_UNSEEN)
            status = grow_tree(g, &heap, (uint32_t)i, &out, bad);
    *edge_count = out.count;
    free(nodes);
    return status;
}
