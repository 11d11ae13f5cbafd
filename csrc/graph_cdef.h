/* The declarations of graph.h that build_ffi.py gives cffi (the same text,
 * without preprocessor lines, with the status values left to the compiler),
 * until build_ffi.py derives its cdef from the headers themselves. */
#define FH_EWEIGHT ...
#define FH_ENODE ...
#define FH_GRAPH_UNDIRECTED ...
#define FH_GRAPH_MAX_NODES ...

typedef struct fh_graph fh_graph;

typedef struct fh_graph_arc {
    uint32_t tail;
    uint32_t head;
    double weight;
} fh_graph_arc;

const char *fh_graph_strerror(int status);

int fh_graph_new(fh_graph **out, size_t node_count, size_t arc_count,
                 const uint32_t *tails, const uint32_t *heads,
                 const double *weights, unsigned flags, size_t *bad_index);
void fh_graph_free(fh_graph *graph);

size_t fh_graph_node_count(const fh_graph *graph);
size_t fh_graph_arc_count(const fh_graph *graph);
size_t fh_graph_memory(const fh_graph *graph);

int fh_graph_dijkstra(const fh_graph *graph, const uint32_t *sources,
                      size_t source_count, int64_t target, double cutoff,
                      uint32_t *order, double *dist, int64_t *pred,
                      size_t *settled, fh_graph_arc *bad);

int fh_graph_distances(const fh_graph *graph, const uint32_t *sources,
                       size_t source_count, double cutoff, double *rows,
                       fh_graph_arc *bad);

int fh_graph_prim(const fh_graph *graph, int64_t root, uint32_t *tails,
                  uint32_t *heads, double *weights, size_t *edge_count,
                  fh_graph_arc *bad);
