/* fiboheap graphs: a compact, read-only directed graph (CSR: one offset per
 * node, one head and one double weight per arc) and, on it, Dijkstra's
 * shortest paths, closeness and Brandes' betweenness (centrality.c) and
 * Prim's minimum spanning forest, all driven by a 4-ary heap indexed by
 * node (vertex_heap.h).
 *
 * Nodes are the integers [0, node_count). An undirected edge is two arcs.
 * Memory: 12 bytes per arc plus 8 per node (plus 8), see fh_graph_memory.
 * A graph is never changed after fh_graph_new, so any number of threads may
 * run the algorithms on one graph at once; each call allocates its own
 * heap (40 bytes per node; fh_graph_bidirectional one per side, and 16
 * bytes per distance lowered; fh_graph_astar 20 bytes more per node).
 * Nothing recurses, aborts or prints.
 */
#ifndef FIBOHEAP_GRAPH_H
#define FIBOHEAP_GRAPH_H

#include <stddef.h>
#include <stdint.h>

/* Status codes beyond fiboheap.h's FH_E* (which these calls also return:
 * FH_ENOMEM, FH_ERANGE); fh_graph_strerror names all of them. */
#define FH_EWEIGHT -20 /* an arc examined has a weight the algorithm refuses */
#define FH_ENODE   -21 /* a node index is not below node_count */
#define FH_EHEURISTIC -22 /* fh_graph_astar's heuristic failed or gave NaN */
#define FH_ESTOPPED -23 /* the batch was stopped (fh_graph_stop) */

/* fh_graph_new: each arc but a loop also goes the other way, that copy
 * taking the arc's place in its head's list, so that a node's arcs follow
 * the order of the edges that name it (networkx's Graph order): an
 * undirected graph. fiboheap's one place that makes edges two-way. */
#define FH_GRAPH_UNDIRECTED 1

/* The most nodes a graph may have: one heap element per node. */
#define FH_GRAPH_MAX_NODES 0x7fffffff

typedef struct fh_graph fh_graph;

/* One arc: how a call names the arc it refused. */
typedef struct fh_graph_arc {
    uint32_t tail;
    uint32_t head;
    double weight;
} fh_graph_arc;

const char *fh_graph_strerror(int status);

/* Builds a graph of node_count nodes from arc_count arcs tails[i] ->
 * heads[i] weighing weights[i]; each node keeps its arcs in input order.
 * Parallel arcs are kept (the lightest one wins in every algorithm).
 * FH_ENODE if an index is out of range (*bad_index, if not NULL, is the
 * arc's position), FH_ERANGE if node_count exceeds FH_GRAPH_MAX_NODES. */
int fh_graph_new(fh_graph **out, size_t node_count, size_t arc_count,
                 const uint32_t *tails, const uint32_t *heads,
                 const double *weights, unsigned flags, size_t *bad_index);
void fh_graph_free(fh_graph *graph);

size_t fh_graph_node_count(const fh_graph *graph);
size_t fh_graph_arc_count(const fh_graph *graph);
/* Bytes of C memory the graph holds. */
size_t fh_graph_memory(const fh_graph *graph);

/* Dijkstra from every node of sources at once (distance 0 each; duplicates
 * allowed). Stops once target is settled (target < 0: never) and never
 * reaches a node farther than cutoff (INFINITY: no limit).
 *
 * Writes the settled nodes in the order they were settled (by
 * non-decreasing distance, the sources first) to order[0..*settled), and
 * for each order[i] its distance dist[i] and pred[i], the node before it on
 * one shortest path (-1 for a source). Each array holds node_count items;
 * pred may be NULL. Equal distances settle in the order of the nodes' last
 * lowering (the sources in the order given, then each node from the moment
 * it got its final distance), and a node's pred is the node that lowered
 * it last: networkx's Dijkstra, whose heapq entries carry a counter taken
 * at each push, so settles ties and so chooses among equal paths.
 * FH_EWEIGHT if an arc examined weighs less than 0 or NaN (*bad, if not
 * NULL, is that arc); FH_ENODE if a source or target is out of range. */
int fh_graph_dijkstra(const fh_graph *graph, const uint32_t *sources,
                      size_t source_count, int64_t target, double cutoff,
                      uint32_t *order, double *dist, int64_t *pred,
                      size_t *settled, fh_graph_arc *bad);

/* Single-source distances from each of sources[0..source_count), row i of
 * rows (node_count doubles) for sources[i]: unreached where a node is not
 * reached. INFINITY there reads like a node reached at distance INFINITY
 * (an infinite weight on the way, or sums past DBL_MAX); a NaN, which no
 * distance is, tells them apart. One heap for the whole batch. With next NULL the sources run in order;
 * several threads calling with one shared *next (0 at first) share the
 * batch out, each claiming its next source from *next, so that a thread
 * slowed down by the machine takes fewer sources, not the batch's time.
 * On a failure a thread stops the batch (sets *next to source_count): the
 * rows are then unspecified, and which source failed depends on the
 * threads' timing (a call with next NULL names the first). */
int fh_graph_distances(const fh_graph *graph, const uint32_t *sources,
                       size_t source_count, double cutoff, double unreached,
                       double *rows, size_t *next, fh_graph_arc *bad);

/* Stops the batch whose threads share the cursor next (NULL: nothing):
 * each thread's fh_graph_closeness ends after its current source, each
 * fh_graph_brandes within a few thousand settled nodes (FH_ESTOPPED).
 * Safe from any thread, while the batch runs. */
void fh_graph_stop(size_t *next);

/* Closeness: for each of sources[0..source_count), reached[i] the nodes
 * its Dijkstra settles (itself included) and sums[i] the sum of their
 * distances, added in settle order (networkx's sum(sp.values())). The
 * batch is shared out through next as fh_graph_distances', and a failure
 * (FH_EWEIGHT, FH_ENOMEM) stops it (fh_graph_stop). For incoming
 * distances (networkx's closeness on a directed graph) pass the graph
 * fh_graph_reverse gives. */
int fh_graph_closeness(const fh_graph *graph, const uint32_t *sources,
                       size_t source_count, double *sums, size_t *reached,
                       size_t *next, fh_graph_arc *bad);

/* Betweenness (centrality.c) --------------------------------------------- */

/* fh_graph_brandes: networkx's betweenness with endpoints. */
#define FH_BRANDES_ENDPOINTS 1

/* *out: the graph with the arcs reversed, each node's in the order of
 * their tails (FH_ENOMEM). */
int fh_graph_reverse(const fh_graph *graph, fh_graph **out);

/* *out: the graph with each node's parallel arcs made one, at the first
 * one's place, weighing the least of them (NaN if one is NaN, so that a
 * search still refuses it): networkx's multigraph rule, the lightest of
 * parallel edges. *out is NULL if the graph has no parallel arcs. */
int fh_graph_simple(const fh_graph *graph, fh_graph **out);

/* The arcs as stored: arc e goes from tails[e] to heads[e] and weighs
 * weights[e] (each array holds fh_graph_arc_count items; NULL: not
 * wanted): how a caller reads fh_graph_brandes's arc_sums, and the order
 * FH_GRAPH_UNDIRECTED gives the arcs. */
void fh_graph_arcs(const fh_graph *graph, uint32_t *tails, uint32_t *heads,
                   double *weights);

/* Brandes' betweenness from each of sources[0..source_count), as
 * networkx's weighted betweenness_centrality and
 * edge_betweenness_centrality compute it, before their rescaling: one
 * search per source (networkx's _single_source_dijkstra_path_basic: path
 * counts reset when a shorter distance is found, a node's count taken
 * from the node that lowered it last when it settles, equal distances
 * compared as networkx's float sums compare them, settled nodes
 * included), then the dependencies added back in reverse settle order
 * (_accumulate_basic, with flags FH_BRANDES_ENDPOINTS _accumulate_endpoints,
 * and _accumulate_edges for arc_sums). Adds each node's dependencies to
 * node_sums[v] (node_count doubles; NULL: none) and each arc's to
 * arc_sums[e] (arc e of fh_graph_arcs; NULL: none); the caller zeroes
 * them. The graph must have no parallel arcs (see fh_graph_simple);
 * self-loops count as networkx counts them. Only the order in which one
 * node's dependencies are added may differ from networkx's (so may the
 * last bits of a sum).
 *
 * The batch is shared out through next as fh_graph_distances' (each
 * thread adding into arrays of its own, which the caller adds up); a
 * failure stops it. FH_EWEIGHT as fh_graph_dijkstra's; FH_ESTOPPED if the
 * batch was stopped during a search. Working memory: 60 bytes per node
 * (the vertex heap's 40, path counts, dependencies, settle order). */
int fh_graph_brandes(const fh_graph *graph, const uint32_t *sources,
                     size_t source_count, unsigned flags, double *node_sums,
                     double *arc_sums, size_t *next, fh_graph_arc *bad);

/* networkx's bidirectional_dijkstra from source to target: backward is
 * forward with every arc reversed (forward itself for an undirected graph
 * whose weights go both ways), its arcs of each node in the order networkx
 * lists the node's predecessors. The two searches take turns as
 * networkx's do, turns that pop a superseded heapq entry included, so the
 * answer is networkx's to the last bit: *length is the forward and backward
 * distances of the meeting node added, which may round otherwise than the
 * path's weights added in order; path[0..*path_length) the nodes from
 * source to target (path holds node_count items). *path_length is 0 if
 * target cannot be reached. FH_EWEIGHT as
 * fh_graph_dijkstra's (*bad is the arc as forward has it); FH_ENODE if
 * source or target is out of range or the graphs' node counts differ. */
int fh_graph_bidirectional(const fh_graph *forward, const fh_graph *backward,
                           uint32_t source, uint32_t target, double *length,
                           uint32_t *path, size_t *path_length,
                           fh_graph_arc *bad);

/* fh_graph_astar's heuristic: writes to *estimate the estimated distance
 * from node to the search's target and returns 0, or returns nonzero to
 * stop the search (which then returns FH_EHEURISTIC). context is the
 * caller's, passed through. */
typedef int (*fh_graph_heuristic)(void *context, uint32_t node,
                                  double *estimate);

/* networkx's astar_path from source to target: fh_graph_dijkstra's search
 * with each node keyed by its distance plus heuristic's estimate for it
 * (asked once per node, the first time the search reaches the node; never
 * for source), stopping when target is popped. As networkx's, a node
 * once reached is lowered only by a strictly shorter distance, even once
 * popped (it is then popped again: an inconsistent heuristic reopens
 * nodes); equal keys pop in the order of their last lowering; the search
 * never keys a node above cutoff (INFINITY: no limit). path[0..*path_length)
 * are the nodes from source to target (path holds node_count items), each
 * node's pred the one it had when it was last popped, and *length is the
 * target's distance: the path's weights (each step's lightest arc) added
 * from the source on, as networkx's astar_path_length adds them. *path_length is 0 if target
 * cannot be reached. One difference: where a shorter distance plus the
 * estimate rounds to the node's key as it stands, networkx's older entry,
 * popped first, expands the node once more; here the node keeps its place
 * with the shorter distance.
 * FH_EWEIGHT as fh_graph_dijkstra's; FH_EHEURISTIC if heuristic returned
 * nonzero or an estimate that is NaN, or added to a distance gives NaN
 * (-INFINITY and INFINITY); FH_ENODE if source or target is out of range. */
int fh_graph_astar(const fh_graph *graph, uint32_t source, uint32_t target,
                   fh_graph_heuristic heuristic, void *context, double cutoff,
                   double *length, uint32_t *path, size_t *path_length,
                   fh_graph_arc *bad);

/* Prim's minimum spanning forest, reading the arcs as undirected edges
 * (the caller gives both directions). Trees grow from each of
 * roots[0..root_count) not yet in a tree, in order, then from each node
 * not yet in one, lowest first (roots may be NULL when root_count is 0).
 * Writes edge i of the forest, in the order the edges joined, as tails[i]
 * (in the tree before) - heads[i], weighing weights[i], for i <
 * *edge_count; each array holds node_count - 1 items at most. Of equal
 * weights the edge found first joins first: networkx's prim, grown from
 * the same roots. Any weight but NaN (FH_EWEIGHT, *bad is the arc; a
 * self-loop's too) is allowed; FH_ENODE if a root is out of range. */
int fh_graph_prim(const fh_graph *graph, const uint32_t *roots,
                  size_t root_count, uint32_t *tails, uint32_t *heads,
                  double *weights, size_t *edge_count, fh_graph_arc *bad);

#endif
