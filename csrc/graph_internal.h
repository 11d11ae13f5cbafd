/* What graph.c and centrality.c share: the compact graph's layout, how a
 * call names the arc it refused, and the shared source cursor of a batch
 * (graph.h's fh_graph_distances, fh_graph_closeness, fh_graph_brandes).
 * Private: not part of the cdef (build_ffi.py reads graph.h only). */
#ifndef FIBOHEAP_GRAPH_INTERNAL_H
#define FIBOHEAP_GRAPH_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "graph.h"

struct fh_graph {
    size_t node_count;
    size_t arc_count;
    uint64_t *offsets; /* node v's arcs are [offsets[v], offsets[v + 1]) */
    uint32_t *heads;
    double *weights;
};

/* Asks for memory a loop reads soon. A search's nodes and arcs spread over
 * megabytes and its cache misses are most of its time: fetching the next
 * node's arcs and this node's heads' nodes ahead measured a quarter faster
 * on large graphs. */
#if defined(__GNUC__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)(address))
#endif

static inline void fh_graph_note_bad(fh_graph_arc *bad, uint32_t tail,
                                     uint32_t head, double weight)
{
    if (bad) {
        bad->tail = tail;
        bad->head = head;
        bad->weight = weight;
    }
}

/* The value fh_graph_stop leaves in a batch's cursor: above any source
 * count a claim could meet (claims add at most one per thread and source),
 * so every later claim ends the thread's batch. */
#define FH_GRAPH_STOPPED (SIZE_MAX / 2)

/* The next source index a batch's thread runs: in order without a shared
 * cursor, else the cursor's next (a GCC/Clang builtin: the cursor is a
 * plain size_t in the API, which cffi's parser reads, not an _Atomic). */
static inline size_t fh_graph_claim_source(size_t *next, size_t *own)
{
    if (!next)
        return (*own)++;
    return __atomic_fetch_add(next, 1, __ATOMIC_RELAXED);
}

/* Whether the batch sharing the cursor next was stopped (fh_graph_stop):
 * a long search checks it now and then, so that it ends soon after. */
static inline int fh_graph_stopped(size_t *next)
{
    return next && __atomic_load_n(next, __ATOMIC_RELAXED) >= FH_GRAPH_STOPPED;
}

#endif
