/* Brandes' betweenness on graph.c's compact graphs, networkx's way: see
 * graph.h for the contract.
 *
 * The search is networkx's _single_source_dijkstra_path_basic step by
 * step, on the vertex heap (whose ties pop in networkx's heapq order, see
 * vertex_heap.h), so that every float operation on the path counts is
 * networkx's, in its order. Its predecessor lists are not kept: v is a
 * predecessor of w exactly when v was settled and dist[v] + weight(v, w)
 * (the float sum networkx compares) equals dist[w] (a predecessor found
 * before w's last lowering would sum to more than dist[w]). So the
 * accumulation pulls: each node, in reverse settle order, adds up what its
 * arcs' heads owe it, with the heads' coefficients (1 + delta) / sigma
 * kept where the dependencies were. The one difference with networkx's
 * push, zero-weight arcs between nodes settled at one distance (networkx
 * pushes to a predecessor already accumulated, which changes nothing for
 * the nodes but counts for the edge), is kept apart: see
 * settle_late_arcs.
 *
 * Floats: C11 (build_ffi.py, csrc/Makefile) contracts no a * b + c into a
 * fused multiply-add, so each operation rounds as Python's. */
#include "graph.h"

#include "fiboheap.h"
#include "graph_internal.h"
#include "vertex_heap.h"

#include <stdlib.h>

/* A long search checks its batch's cursor for a stop each time this many
 * more nodes have settled (a power of two minus one: a mask). */
#define STOP_CHECK_MASK 4095u

/* One thread's working memory: 60 bytes per node. */
typedef struct brandes {
    fh_vnode *nodes;  /* the heap: key the distance, via (see search) */
    double *sigma;    /* path counts, networkx's sigma */
    double *coeff;    /* (1 + delta[v]) / sigma[v] once v is accumulated */
    uint32_t *order;  /* the settled nodes in settle order, networkx's S */
    size_t settled;
} brandes;

static void *array_of(size_t count, size_t size)
{
    /* + 1: malloc(0) may return NULL, which would read as a failure. */
    return count <= (PTRDIFF_MAX - 1) / size ? malloc(count * size + 1) : NULL;
}

/* networkx's _single_source_dijkstra_path_basic from s. A node's via is
 * the node that pushed its live heapq entry (s itself for s: networkx
 * pushes (0, s, s) and adds sigma[s] to itself, so every count is twice
 * the number of paths, which the ratios cancel). */
static int search(const fh_graph *g, brandes *b, uint32_t s, size_t *next,
                  fh_graph_arc *bad)
{
    fh_vnode *nodes = b->nodes;
    double *sigma = b->sigma;
    fh_vheap heap;
    uint32_t v;
    size_t count = 0;

    fh_vheap_init(&heap, nodes, g->node_count);
    fh_vheap_insert(&heap, s, 0.0);
    nodes[s].via = s;
    sigma[s] = 1.0;
    while ((v = fh_vheap_pop(&heap)) != FH_VH_NONE) {
        uint64_t e, end = g->offsets[v + 1];
        double dv = nodes[v].key;

        if ((count & STOP_CHECK_MASK) == STOP_CHECK_MASK && fh_graph_stopped(next))
            return FH_ESTOPPED;
        sigma[v] += sigma[nodes[v].via];
        b->order[count++] = v;
        for (e = g->offsets[v]; e < end; e++)
            PREFETCH(&nodes[g->heads[e]]);
        for (e = g->offsets[v]; e < end; e++) {
            uint32_t w = g->heads[e];
            double weight = g->weights[e], dw;
            fh_vnode *x = &nodes[w];

            if (!(weight >= 0)) { /* also true for NaN */
                fh_graph_note_bad(bad, v, w, weight);
                return FH_EWEIGHT;
            }
            dw = dv + weight;
            if (x->parent == FH_VH_UNSEEN) {
                fh_vheap_insert(&heap, w, dw);
            } else if (x->parent != FH_VH_DONE && dw < x->key) {
                fh_vheap_decrease(&heap, w, dw);
            } else {
                /* seen[w] is the key (a settled node keeps its own):
                 * networkx's elif, a settled w and w == v included, and
                 * sigma[v] read again (a self-loop may have changed it) */
                if (dw == x->key)
                    sigma[w] += sigma[v];
                continue;
            }
            x->via = v;
            sigma[w] = 0.0;
        }
    }
    b->settled = count;
    return FH_OK;
}

/* The arcs networkx's _accumulate_edges counts that the pull in
 * accumulate could not: v a predecessor of w, w settled before v (a
 * zero-weight arc, or one too light to change a large sum, between nodes
 * at one distance). networkx gives the edge sigma[v] * coeff[w] when it
 * accumulates w, after v; the dependency it adds to v then changes
 * nothing, v being done. */
static void settle_late_arcs(const fh_graph *g, const brandes *b,
                             double *arc_sums)
{
    const fh_vnode *nodes = b->nodes;
    size_t i;

    for (i = 0; i < b->settled; i++) {
        uint32_t v = b->order[i];
        uint64_t e, end = g->offsets[v + 1];
        double dv = nodes[v].key;

        for (e = g->offsets[v]; e < end; e++) {
            uint32_t w = g->heads[e];

            if (w != v && nodes[w].via < i && dv + g->weights[e] == nodes[w].key)
                arc_sums[e] += b->sigma[v] * b->coeff[w];
        }
    }
}

/* networkx's _accumulate_basic / _accumulate_endpoints / _accumulate_edges
 * for the search from s just run, pulled (see the top of this file). */
static void accumulate(const fh_graph *g, brandes *b, uint32_t s,
                       unsigned flags, double *node_sums, double *arc_sums)
{
    fh_vnode *nodes = b->nodes;
    const double *sigma = b->sigma;
    double *coeff = b->coeff;
    double extra = (flags & FH_BRANDES_ENDPOINTS) ? 1 : 0;
    size_t i;
    int late = 0;

    /* Settled, every via is spent: it holds the node's settle position. */
    for (i = 0; i < b->settled; i++)
        nodes[b->order[i]].via = (uint32_t)i;
    for (i = b->settled; i-- > 0;) {
        uint32_t v = b->order[i];
        uint64_t e, end = g->offsets[v + 1], self = UINT64_MAX;
        double dv = nodes[v].key, sv = sigma[v], delta = 0, c;

        for (e = g->offsets[v]; e < end; e++) {
            uint32_t w = g->heads[e];

            if (dv + g->weights[e] != nodes[w].key)
                continue; /* v is not a predecessor of w */
            if (w == v) {
                self = e;
            } else if (nodes[w].via > i) {
                c = sv * coeff[w];
                delta += c;
                if (arc_sums)
                    arc_sums[e] += c;
            } else {
                late = 1;
            }
        }
        coeff[v] = (1 + delta) / sv;
        if (self != UINT64_MAX) { /* v is its own predecessor, accumulated with v */
            c = sv * coeff[v];
            delta += c;
            if (arc_sums)
                arc_sums[self] += c;
        }
        if (node_sums && v != s)
            node_sums[v] += delta + extra;
    }
    if (node_sums && extra != 0)
        node_sums[s] += (double)(b->settled - 1);
    if (late && arc_sums)
        settle_late_arcs(g, b, arc_sums);
}

int fh_graph_brandes(const fh_graph *g, const uint32_t *sources,
                     size_t source_count, unsigned flags, double *node_sums,
                     double *arc_sums, size_t *next, fh_graph_arc *bad)
{
    size_t n = g->node_count, i, own = 0, heap_bytes = fh_vheap_bytes(n);
    brandes b;
    int status = FH_OK;

    for (i = 0; i < source_count; i++)
        if (sources[i] >= n)
            return FH_ENODE;
    b.nodes = heap_bytes ? malloc(heap_bytes) : NULL; /* and the heap's array */
    b.sigma = array_of(n, sizeof *b.sigma);
    b.coeff = array_of(n, sizeof *b.coeff);
    b.order = array_of(n, sizeof *b.order);
    if (!b.nodes || !b.sigma || !b.coeff || !b.order)
        status = FH_ENOMEM;
    while (status == FH_OK &&
           (i = fh_graph_claim_source(next, &own)) < source_count) {
        status = search(g, &b, sources[i], next, bad);
        if (status == FH_OK)
            accumulate(g, &b, sources[i], flags, node_sums, arc_sums);
    }
    if (status != FH_OK && status != FH_ESTOPPED)
        fh_graph_stop(next);
    free(b.nodes);
    free(b.sigma);
    free(b.coeff);
    free(b.order);
    return status;
}

int fh_graph_reverse(const fh_graph *g, fh_graph **out)
{
    uint32_t *tails = array_of(g->arc_count, sizeof *tails);
    int status;

    *out = NULL;
    if (!tails)
        return FH_ENOMEM;
    fh_graph_arcs(g, tails, NULL, NULL);
    status = fh_graph_new(out, g->node_count, g->arc_count, g->heads, tails,
                          g->weights, 0, NULL);
    free(tails);
    return status;
}

void fh_graph_arcs(const fh_graph *g, uint32_t *tails, uint32_t *heads,
                   double *weights)
{
    size_t v;
    uint64_t e;

    for (v = 0; v < g->node_count; v++)
        for (e = g->offsets[v]; e < g->offsets[v + 1]; e++) {
            if (tails)
                tails[e] = (uint32_t)v;
            if (heads)
                heads[e] = g->heads[e];
            if (weights)
                weights[e] = g->weights[e];
        }
}

/* Whether the lighter of two parallel arcs' weights is b: NaN wins (a
 * search must still refuse the arc), then the least. */
static int lighter(double kept, double b)
{
    return kept == kept && (b != b || b < kept);
}

int fh_graph_simple(const fh_graph *g, fh_graph **out)
{
    size_t n = g->node_count, v;
    uint64_t *at, e, kept = 0;
    fh_graph *s;

    *out = NULL;
    /* at[w]: where node v's arc to w went, if at or past v's first arc */
    at = array_of(n, sizeof *at);
    if (!at)
        return FH_ENOMEM;
    for (v = 0; v < n; v++)
        at[v] = UINT64_MAX;
    for (v = 0; v < n; v++) {
        uint64_t first = kept;

        for (e = g->offsets[v]; e < g->offsets[v + 1]; e++) {
            uint32_t w = g->heads[e];

            if (at[w] == UINT64_MAX || at[w] < first)
                at[w] = kept++;
        }
    }
    if (kept == g->arc_count) {
        free(at);
        return FH_OK;
    }
    s = malloc(sizeof *s);
    if (!s) {
        free(at);
        return FH_ENOMEM;
    }
    s->node_count = n;
    s->arc_count = (size_t)kept;
    s->offsets = array_of(n + 1, sizeof *s->offsets);
    s->heads = array_of((size_t)kept, sizeof *s->heads);
    s->weights = array_of((size_t)kept, sizeof *s->weights);
    if (!s->offsets || !s->heads || !s->weights) {
        fh_graph_free(s);
        free(at);
        return FH_ENOMEM;
    }
    for (v = 0; v < n; v++)
        at[v] = UINT64_MAX;
    kept = 0;
    for (v = 0; v < n; v++) {
        uint64_t first = kept;

        s->offsets[v] = first;
        for (e = g->offsets[v]; e < g->offsets[v + 1]; e++) {
            uint32_t w = g->heads[e];

            if (at[w] == UINT64_MAX || at[w] < first) {
                at[w] = kept++;
                s->heads[at[w]] = w;
                s->weights[at[w]] = g->weights[e];
            } else if (lighter(s->weights[at[w]], g->weights[e])) {
                s->weights[at[w]] = g->weights[e];
            }
        }
    }
    s->offsets[n] = kept;
    free(at);
    *out = s;
    return FH_OK;
}
