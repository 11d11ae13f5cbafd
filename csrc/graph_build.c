/* fiboheap graphs, their status messages and building one: see graph.h
 * for the contract. The algorithms are in graph.c and centrality.c. */
#include "graph.h"

#include "fiboheap.h"
#include "graph_internal.h"

#include <stdlib.h>

const char *fh_graph_strerror(int status)
{
    switch (status) {
    case FH_EWEIGHT:
        return "an edge weight is negative or NaN";
    case FH_ENODE:
        return "a node index is out of range";
    case FH_EHEURISTIC:
        return "the A* heuristic failed or estimated NaN";
    case FH_ESTOPPED:
        return "the batch was stopped";
    default:
        return fh_strerror(status);
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
