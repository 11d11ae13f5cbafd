/* fiboheap graphs: see graph.h for the contract. */
#include "graph.h"

#include "fiboheap.h"

#include <math.h>
#include <stdlib.h>

struct fh_graph {
    size_t node_count;
    size_t arc_count;
    uint64_t *offsets; /* node v's arcs are [offsets[v], offsets[v + 1]) */
    uint32_t *heads;
    double *weights;
};

/* A node's state while an algorithm runs, in the slot that otherwise holds
 * its heap element's fh_ref (refs are never negative). */
#define UNSEEN ((fh_ref)-1)
#define DONE ((fh_ref)-2) /* settled, or in the tree */

/* Heap payloads are node indices plus one: fh_extract's NULL means empty. */
static void *payload_of(uint32_t v)
{
    return (void *)((uintptr_t)v + 1);
}

static uint32_t node_of(void *payload)
{
    return (uint32_t)((uintptr_t)payload - 1);
}

const char *fh_graph_strerror(int status)
{
    switch (status) {
    case FH_EWEIGHT:
        return "an edge weight is negative or NaN";
    case FH_ENODE:
        return "a node index is out of range";
    default:
        return fh_strerror(status);
    }
}

static void note_bad(fh_graph_arc *bad, uint32_t tail, uint32_t head,
                     double weight)
{
    if (bad) {
        bad->tail = tail;
        bad->head = head;
        bad->weight = weight;
    }
}

/* Building ---------------------------------------------------------------- */

int fh_graph_new(fh_graph **out, size_t node_count, size_t arc_count,
                 const uint32_t *tails, const uint32_t *heads,
                 const double *weights, unsigned flags, size_t *bad_index)
{
    int both_ways = (flags & FH_GRAPH_UNDIRECTED) != 0;
    size_t i, total = arc_count;
    fh_graph *g;
    uint64_t *offsets;
    uint64_t v;

    *out = NULL;
    if (node_count > FH_GRAPH_MAX_NODES)
        return FH_ERANGE;
    for (i = 0; i < arc_count; i++) {
        if (tails[i] >= node_count || heads[i] >= node_count) {
            if (bad_index)
                *bad_index = i;
            return FH_ENODE;
        }
        total += both_ways && tails[i] != heads[i];
    }
    /* total <= 2 * arc_count, and arc_count arcs already sit in memory. */
    if (total > SIZE_MAX / (sizeof *g->weights + sizeof *g->heads))
        return FH_ENOMEM;
    g = malloc(sizeof *g);
    if (!g)
        return FH_ENOMEM;
    g->node_count = node_count;
    g->arc_count = total;
    g->offsets = offsets = calloc(node_count + 1, sizeof *offsets);
    /* + 1: malloc(0) may return NULL, which would read as a failure. */
    g->heads = malloc(total * sizeof *g->heads + 1);
    g->weights = malloc(total * sizeof *g->weights + 1);
    if (!offsets || !g->heads || !g->weights) {
        fh_graph_free(g);
        return FH_ENOMEM;
    }
    /* A counting sort by tail, stable, so each node keeps its arcs in input
     * order (ties in the algorithms then go as the caller listed them). */
    for (i = 0; i < arc_count; i++) {
        offsets[tails[i] + 1]++;
        if (both_ways && tails[i] != heads[i])
            offsets[heads[i] + 1]++;
    }
    for (v = 0; v < node_count; v++)
        offsets[v + 1] += offsets[v];
    /* offsets[v] serves as node v's write cursor, ending at v + 1's start */
    for (i = 0; i < arc_count; i++) {
        uint64_t at = offsets[tails[i]]++;

        g->heads[at] = heads[i];
        g->weights[at] = weights[i];
        if (both_ways && tails[i] != heads[i]) {
            at = offsets[heads[i]]++;
            g->heads[at] = tails[i];
            g->weights[at] = weights[i];
        }
    }
    for (v = node_count; v > 0; v--)
        offsets[v] = offsets[v - 1];
    offsets[0] = 0;
    *out = g;
    return FH_OK;
}

void fh_graph_free(fh_graph *g)
{
    if (!g)
        return;
    free(g->offsets);
    free(g->heads);
    free(g->weights);
    free(g);
}

size_t fh_graph_node_count(const fh_graph *g)
{
    return g->node_count;
}

size_t fh_graph_arc_count(const fh_graph *g)
{
    return g->arc_count;
}

size_t fh_graph_memory(const fh_graph *g)
{
    return sizeof *g + (g->node_count + 1) * sizeof *g->offsets +
           g->arc_count * (sizeof *g->heads + sizeof *g->weights);
}

/* Dijkstra ---------------------------------------------------------------- */

/* One search's memory: an arena of its own, so that threads searching at
 * once never share a lock, and one fh_ref (or state) per node. */
typedef struct search {
    const fh_graph *g;
    fh_arena *arena;
    fh_ref *refs;
} search;

static int search_open(search *s, const fh_graph *g)
{
    s->g = g;
    s->arena = fh_arena_new(NULL);
    s->refs = malloc(g->node_count * sizeof *s->refs + 1);
    if (!s->arena || !s->refs) {
        fh_arena_free(s->arena);
        free(s->refs);
        return FH_ENOMEM;
    }
    return FH_OK;
}

static void search_close(search *s)
{
    fh_arena_free(s->arena);
    free(s->refs);
}

static int check_nodes(const fh_graph *g, const uint32_t *nodes, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++)
        if (nodes[i] >= g->node_count)
            return FH_ENODE;
    return FH_OK;
}

/* The one Dijkstra loop; see fh_graph_dijkstra. */
static int run_dijkstra(search *s, const uint32_t *sources,
                        size_t source_count, int64_t target, double cutoff,
                        double *dist, int64_t *pred, uint32_t *order,
                        size_t *settled, fh_graph_arc *bad)
{
    const fh_graph *g = s->g;
    fh_ref *refs = s->refs;
    fh_heap *heap = fh_new(s->arena);
    size_t i, done = 0;
    int status = FH_OK, stopped = 0;
    void *top;
    double dv;

    if (!heap)
        return FH_ENOMEM;
    for (i = 0; i < g->node_count; i++) {
        refs[i] = UNSEEN;
        dist[i] = INFINITY;
        if (pred)
            pred[i] = -1;
    }
    for (i = 0; i < source_count; i++) {
        uint32_t v = sources[i];
        fh_ref ref;

        if (refs[v] != UNSEEN)
            continue;
        ref = fh_insert(heap, 0.0, payload_of(v));
        if (ref < 0) {
            status = (int)ref;
            goto out;
        }
        refs[v] = ref;
        dist[v] = 0.0;
    }
    while ((top = fh_extract(heap, &dv)) != NULL) {
        uint32_t v = node_of(top);
        uint64_t e, end = g->offsets[v + 1];

        refs[v] = DONE;
        if (order)
            order[done] = v;
        done++;
        if ((int64_t)v == target) {
            stopped = 1;
            break;
        }
        for (e = g->offsets[v]; e < end; e++) {
            uint32_t u = g->heads[e];
            double w = g->weights[e], du;

            if (!(w >= 0)) { /* also true for NaN */
                note_bad(bad, v, u, w);
                status = FH_EWEIGHT;
                goto out;
            }
            /* A settled u has dist[u] <= dv <= du: it is never lowered. */
            if (refs[u] == DONE)
                continue;
            du = dv + w;
            if (du > cutoff)
                continue;
            if (refs[u] == UNSEEN) {
                fh_ref ref = fh_insert(heap, du, payload_of(u));

                if (ref < 0) {
                    status = (int)ref;
                    goto out;
                }
                refs[u] = ref;
            } else if (du < dist[u]) {
                /* cannot fail: refs[u] is in heap and du is lower */
                fh_decrease_key(heap, refs[u], du);
            } else {
                continue;
            }
            dist[u] = du;
            if (pred)
                pred[u] = v;
        }
    }
out:
    /* After an early stop, nodes still in the heap were reached but not
     * settled: their distances are only upper bounds, not results. */
    if (stopped)
        for (i = 0; i < g->node_count; i++)
            if (refs[i] >= 0) {
                dist[i] = INFINITY;
                if (pred)
                    pred[i] = -1;
            }
    fh_free(heap);
    if (settled)
        *settled = done;
    return status;
}

int fh_graph_dijkstra(const fh_graph *g, const uint32_t *sources,
                      size_t source_count, int64_t target, double cutoff,
                      double *dist, int64_t *pred, uint32_t *order,
                      size_t *settled, fh_graph_arc *bad)
{
    search s;
    int status;

    if (settled)
        *settled = 0;
    status = check_nodes(g, sources, source_count);
    if (status != FH_OK)
        return status;
    if (target >= 0 && (uint64_t)target >= g->node_count)
        return FH_ENODE;
    status = search_open(&s, g);
    if (status != FH_OK)
        return status;
    status = run_dijkstra(&s, sources, source_count, target, cutoff, dist,
                          pred, order, settled, bad);
    search_close(&s);
    return status;
}

int fh_graph_distances(const fh_graph *g, const uint32_t *sources,
                       size_t source_count, double cutoff, double *rows,
                       fh_graph_arc *bad)
{
    search s;
    size_t i;
    int status = check_nodes(g, sources, source_count);

    if (status != FH_OK)
        return status;
    status = search_open(&s, g);
    if (status != FH_OK)
        return status;
    for (i = 0; i < source_count && status == FH_OK; i++)
        status = run_dijkstra(&s, &sources[i], 1, -1, cutoff,
                              rows + i * g->node_count, NULL, NULL, NULL, bad);
    search_close(&s);
    return status;
}

/* Prim -------------------------------------------------------------------- */

/* Grows one tree from start; each node outside the tree waits in the heap
 * keyed by its lightest known edge into the tree (best, from via). */
static int grow_tree(search *s, fh_heap *heap, double *best, uint32_t *via,
                     uint32_t start, fh_graph_arc *edges, size_t *count,
                     fh_graph_arc *bad)
{
    const fh_graph *g = s->g;
    fh_ref *refs = s->refs;
    uint32_t v = start;
    void *top;

    for (;;) {
        uint64_t e, end = g->offsets[v + 1];

        refs[v] = DONE;
        for (e = g->offsets[v]; e < end; e++) {
            uint32_t u = g->heads[e];
            double w = g->weights[e];

            if (refs[u] == DONE)
                continue;
            if (w != w) {
                note_bad(bad, v, u, w);
                return FH_EWEIGHT;
            }
            if (refs[u] == UNSEEN) {
                fh_ref ref = fh_insert(heap, w, payload_of(u));

                if (ref < 0)
                    return (int)ref;
                refs[u] = ref;
            } else if (w < best[u]) {
                fh_decrease_key(heap, refs[u], w); /* cannot fail */
            } else {
                continue;
            }
            best[u] = w;
            via[u] = v;
        }
        top = fh_extract(heap, NULL);
        if (!top)
            return FH_OK;
        v = node_of(top);
        edges[*count].tail = via[v];
        edges[*count].head = v;
        edges[*count].weight = best[v];
        (*count)++;
    }
}

int fh_graph_prim(const fh_graph *g, int64_t root, fh_graph_arc *edges,
                  size_t *edge_count, fh_graph_arc *bad)
{
    size_t n = g->node_count, i;
    double *best;
    uint32_t *via;
    fh_heap *heap = NULL;
    search s;
    int status;

    *edge_count = 0;
    if (root >= 0 && (uint64_t)root >= n)
        return FH_ENODE;
    status = search_open(&s, g);
    if (status != FH_OK)
        return status;
    best = malloc(n * sizeof *best + 1);
    via = malloc(n * sizeof *via + 1);
    if (best && via)
        heap = fh_new(s.arena);
    if (!heap) {
        status = FH_ENOMEM;
        goto out;
    }
    for (i = 0; i < n; i++)
        s.refs[i] = UNSEEN;
    if (root >= 0)
        status = grow_tree(&s, heap, best, via, (uint32_t)root, edges,
                           edge_count, bad);
    /* The heap is empty between trees: every node is UNSEEN or DONE. */
    for (i = 0; i < n && status == FH_OK; i++)
        if (s.refs[i] == UNSEEN)
            status = grow_tree(&s, heap, best, via, (uint32_t)i, edges,
                               edge_count, bad);
out:
    fh_free(heap);
    free(best);
    free(via);
    search_close(&s);
    return status;
}
