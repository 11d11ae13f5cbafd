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

/* What an algorithm knows of one node, in one place: examining an arc then
 * costs one cache miss, not one per array. */
typedef struct slot {
    double dist;   /* best known distance (Prim: lightest edge to the tree) */
    fh_ref ref;    /* its heap element, or UNSEEN or DONE */
    uint32_t pred; /* the node it was reached from, NO_PRED for a source */
} slot;

#define NO_PRED UINT32_MAX /* never a node: FH_GRAPH_MAX_NODES is below */

/* One search's memory: an arena of its own, so that threads searching at
 * once never share a lock, and a slot per node. */
typedef struct search {
    const fh_graph *g;
    fh_arena *arena;
    slot *slots;
} search;

static int search_open(search *s, const fh_graph *g)
{
    s->g = g;
    s->arena = fh_arena_new(NULL);
    s->slots = malloc(g->node_count * sizeof *s->slots + 1);
    if (!s->arena || !s->slots) {
        fh_arena_free(s->arena);
        free(s->slots);
        return FH_ENOMEM;
    }
    return FH_OK;
}

static void search_close(search *s)
{
    fh_arena_free(s->arena);
    free(s->slots);
}

static int check_nodes(const fh_graph *g, const uint32_t *nodes, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++)
        if (nodes[i] >= g->node_count)
            return FH_ENODE;
    return FH_OK;
}

/* The one Dijkstra loop; see fh_graph_dijkstra. Leaves each node's result
 * in its slot (settled nodes are DONE) and, if order is not NULL, the
 * settled nodes in order[0..*settled). */
static int run_dijkstra(search *s, const uint32_t *sources,
                        size_t source_count, int64_t target, double cutoff,
                        uint32_t *order, size_t *settled, fh_graph_arc *bad)
{
    const fh_graph *g = s->g;
    slot *slots = s->slots;
    fh_heap *heap = fh_new(s->arena);
    size_t i, done = 0;
    int status = FH_OK;
    void *top;
    double dv;

    *settled = 0;
    if (!heap)
        return FH_ENOMEM;
    for (i = 0; i < g->node_count; i++)
        slots[i].ref = UNSEEN;
    for (i = 0; i < source_count; i++) {
        slot *sv = &slots[sources[i]];

        if (sv->ref != UNSEEN)
            continue;
        sv->ref = fh_insert(heap, 0.0, payload_of(sources[i]));
        if (sv->ref < 0) {
            status = (int)sv->ref;
            sv->ref = UNSEEN;
            goto out;
        }
        sv->dist = 0.0;
        sv->pred = NO_PRED;
    }
    while ((top = fh_extract(heap, &dv)) != NULL) {
        uint32_t v = node_of(top);
        uint64_t e, end = g->offsets[v + 1];

        slots[v].ref = DONE;
        if (order)
            order[done] = v;
        done++;
        if ((int64_t)v == target)
            break;
        for (e = g->offsets[v]; e < end; e++) {
            uint32_t u = g->heads[e];
            double w = g->weights[e], du;
            slot *su = &slots[u];

            if (!(w >= 0)) { /* also true for NaN */
                note_bad(bad, v, u, w);
                status = FH_EWEIGHT;
                goto out;
            }
            /* A settled u has dist <= dv <= du: it is never lowered. */
            if (su->ref == DONE)
                continue;
            du = dv + w;
            if (du > cutoff)
                continue;
            if (su->ref == UNSEEN) {
                fh_ref ref = fh_insert(heap, du, payload_of(u));

                if (ref < 0) {
                    status = (int)ref;
                    goto out;
                }
                su->ref = ref;
            } else if (du < su->dist) {
                /* cannot fail: su->ref is in heap and du is lower */
                fh_decrease_key(heap, su->ref, du);
            } else {
                continue;
            }
            su->dist = du;
            su->pred = v;
        }
    }
out:
    fh_free(heap);
    *settled = done;
    return status;
}

int fh_graph_dijkstra(const fh_graph *g, const uint32_t *sources,
                      size_t source_count, int64_t target, double cutoff,
                      uint32_t *order, double *dist, int64_t *pred,
                      size_t *settled, fh_graph_arc *bad)
{
    search s;
    size_t i;
    int status;

    *settled = 0;
    status = check_nodes(g, sources, source_count);
    if (status != FH_OK)
        return status;
    if (target >= 0 && (uint64_t)target >= g->node_count)
        return FH_ENODE;
    status = search_open(&s, g);
    if (status != FH_OK)
        return status;
    status = run_dijkstra(&s, sources, source_count, target, cutoff, order,
                          settled, bad);
    for (i = 0; i < *settled && status == FH_OK; i++) {
        const slot *sv = &s.slots[order[i]];

        dist[i] = sv->dist;
        if (pred)
            pred[i] = sv->pred == NO_PRED ? -1 : (int64_t)sv->pred;
    }
    search_close(&s);
    return status;
}

int fh_graph_distances(const fh_graph *g, const uint32_t *sources,
                       size_t source_count, double cutoff, double *rows,
                       fh_graph_arc *bad)
{
    search s;
    size_t i, v, settled;
    int status = check_nodes(g, sources, source_count);

    if (status != FH_OK)
        return status;
    status = search_open(&s, g);
    if (status != FH_OK)
        return status;
    for (i = 0; i < source_count && status == FH_OK; i++) {
        double *row = rows + i * g->node_count;

        status = run_dijkstra(&s, &sources[i], 1, -1, cutoff, NULL, &settled,
                              bad);
        for (v = 0; v < g->node_count; v++)
            row[v] = s.slots[v].ref == DONE ? s.slots[v].dist : INFINITY;
    }
    search_close(&s);
    return status;
}

/* Prim -------------------------------------------------------------------- */

/* Grows one tree from start; each node outside the tree waits in the heap
 * keyed by its lightest known edge into the tree (its slot's dist, from
 * its pred). */
typedef struct forest {
    uint32_t *tails;
    uint32_t *heads;
    double *weights;
    size_t count;
} forest;

static int grow_tree(search *s, fh_heap *heap, uint32_t start, forest *out,
                     fh_graph_arc *bad)
{
    const fh_graph *g = s->g;
    slot *slots = s->slots;
    uint32_t v = start;
    void *top;

    for (;;) {
        uint64_t e, end = g->offsets[v + 1];

        slots[v].ref = DONE;
        for (e = g->offsets[v]; e < end; e++) {
            uint32_t u = g->heads[e];
            double w = g->weights[e];
            slot *su = &slots[u];

            if (su->ref == DONE)
                continue;
            if (w != w) {
                note_bad(bad, v, u, w);
                return FH_EWEIGHT;
            }
            if (su->ref == UNSEEN) {
                fh_ref ref = fh_insert(heap, w, payload_of(u));

                if (ref < 0)
                    return (int)ref;
                su->ref = ref;
            } else if (w < su->dist) {
                fh_decrease_key(heap, su->ref, w); /* cannot fail */
            } else {
                continue;
            }
            su->dist = w;
            su->pred = v;
        }
        top = fh_extract(heap, NULL);
        if (!top)
            return FH_OK;
        v = node_of(top);
        out->tails[out->count] = slots[v].pred;
        out->heads[out->count] = v;
        out->weights[out->count] = slots[v].dist;
        out->count++;
    }
}

int fh_graph_prim(const fh_graph *g, int64_t root, uint32_t *tails,
                  uint32_t *heads, double *weights, size_t *edge_count,
                  fh_graph_arc *bad)
{
    size_t n = g->node_count, i;
    forest out = {tails, heads, weights, 0};
    fh_heap *heap;
    search s;
    int status;

    *edge_count = 0;
    if (root >= 0 && (uint64_t)root >= n)
        return FH_ENODE;
    status = search_open(&s, g);
    if (status != FH_OK)
        return status;
    heap = fh_new(s.arena);
    if (!heap) {
        search_close(&s);
        return FH_ENOMEM;
    }
    for (i = 0; i < n; i++)
        s.slots[i].ref = UNSEEN;
    if (root >= 0)
        status = grow_tree(&s, heap, (uint32_t)root, &out, bad);
    /* The heap is empty between trees: every node is UNSEEN or DONE. */
    for (i = 0; i < n && status == FH_OK; i++)
        if (s.slots[i].ref == UNSEEN)
            status = grow_tree(&s, heap, (uint32_t)i, &out, bad);
    *edge_count = out.count;
    fh_free(heap);
    search_close(&s);
    return status;
}
