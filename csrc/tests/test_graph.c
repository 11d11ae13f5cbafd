/* graph.c: building, Dijkstra (sources, target, cutoff, bad weights, the
 * batch, shared out between threads) and Prim on small known graphs, then
 * Dijkstra and Prim on random graphs against O(n^2) textbook versions
 * written here. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../graph.h"
#include "../fiboheap.h"
#include "testing.h"

enum { RANDOM_GRAPHS = 60, MAX_NODES = 40, MAX_ARCS = 160 };

static fh_graph *make(size_t n, size_t m, const uint32_t *t, const uint32_t *h,
                      const double *w, unsigned flags)
{
    fh_graph *g = NULL;

    if (fh_graph_new(&g, n, m, t, h, w, flags, NULL) != FH_OK)
        return NULL;
    return g;
}

static void test_build_errors(void)
{
    uint32_t t[] = {0, 1}, h[] = {1, 5};
    double w[] = {1, 1};
    fh_graph *g = (fh_graph *)1;
    size_t bad = 99;

    CHECK_EQ(fh_graph_new(&g, 3, 2, t, h, w, 0, &bad), FH_ENODE);
    CHECK(g == NULL);
    CHECK_EQ(bad, 1);
    CHECK_EQ(fh_graph_new(&g, (size_t)FH_GRAPH_MAX_NODES + 1, 0, t, h, w, 0,
                          NULL),
             FH_ERANGE);
    CHECK_EQ(fh_graph_new(&g, 0, 0, t, h, w, 0, NULL), FH_OK);
    CHECK_EQ(fh_graph_node_count(g), 0);
    CHECK_EQ(fh_graph_memory(g) > 0, 1);
    fh_graph_free(g);
    fh_graph_free(NULL);
}

static void test_build_undirected(void)
{
    uint32_t t[] = {0, 1, 2}, h[] = {1, 2, 2};
    double w[] = {1, 2, 3};
    fh_graph *g = make(3, 3, t, h, w, FH_GRAPH_UNDIRECTED);

    CHECK(g != NULL);
    CHECK_EQ(fh_graph_arc_count(g), 5); /* the self-loop once */
    /* 12 bytes per arc and 8 per node, plus the header */
    CHECK(fh_graph_memory(g) <= 5 * 12 + 4 * 8 + 64);
    fh_graph_free(g);
}

/* 0 -> 1 (4), 0 -> 2 (1), 2 -> 1 (2), 1 -> 3 (5), 2 -> 3 (8); 4 isolated */
static const uint32_t small_t[] = {0, 0, 2, 1, 2};
static const uint32_t small_h[] = {1, 2, 1, 3, 3};
static const double small_w[] = {4, 1, 2, 5, 8};

static void test_dijkstra_small(void)
{
    fh_graph *g = make(5, 5, small_t, small_h, small_w, 0);
    double dist[5];
    int64_t pred[5];
    uint32_t order[5], source = 0;
    size_t settled;

    CHECK(g != NULL);
    CHECK_EQ(fh_graph_dijkstra(g, &source, 1, -1, INFINITY, order, dist, pred,
                               &settled, NULL),
             FH_OK);
    CHECK_EQ(settled, 4); /* 4 is never reached */
    CHECK_EQ(order[0], 0);
    CHECK_EQ(order[1], 2);
    CHECK_EQ(order[2], 1);
    CHECK_EQ(order[3], 3);
    CHECK(dist[0] == 0 && dist[1] == 1 && dist[2] == 3 && dist[3] == 8);
    CHECK_EQ(pred[0], -1);
    CHECK_EQ(pred[1], 0);
    CHECK_EQ(pred[2], 2);
    CHECK_EQ(pred[3], 1);

    /* A target stops the search once it is settled. */
    CHECK_EQ(fh_graph_dijkstra(g, &source, 1, 1, INFINITY, order, dist, pred,
                               &settled, NULL),
             FH_OK);
    CHECK_EQ(settled, 3);
    CHECK_EQ(order[2], 1);
    CHECK(dist[2] == 3);

    /* A cutoff: nodes farther than 3 are never reached. */
    CHECK_EQ(fh_graph_dijkstra(g, &source, 1, -1, 3.0, order, dist, NULL,
                               &settled, NULL),
             FH_OK);
    CHECK_EQ(settled, 3);
    CHECK(order[2] == 1 && dist[2] == 3);
    fh_graph_free(g);
}

static void test_dijkstra_sources_and_errors(void)
{
    fh_graph *g = make(5, 5, small_t, small_h, small_w, 0);
    uint32_t sources[] = {1, 2, 1}, far = 9;
    double dist[5];
    int64_t pred[5];
    uint32_t order[5];
    size_t settled;

    CHECK(g != NULL);
    CHECK_EQ(fh_graph_dijkstra(g, sources, 3, -1, INFINITY, order, dist, pred,
                               &settled, NULL),
             FH_OK);
    CHECK_EQ(settled, 3);
    CHECK(order[0] == 1 && order[1] == 2 && order[2] == 3);
    CHECK(dist[0] == 0 && dist[1] == 0 && dist[2] == 5);
    CHECK(pred[0] == -1 && pred[1] == -1 && pred[2] == 1);
    CHECK_EQ(fh_graph_dijkstra(g, &far, 1, -1, INFINITY, order, dist, pred,
                               &settled, NULL),
             FH_ENODE);
    CHECK_EQ(fh_graph_dijkstra(g, sources, 1, 5, INFINITY, order, dist, pred,
                               &settled, NULL),
             FH_ENODE);
    fh_graph_free(g);
}

static void test_bad_weights(void)
{
    uint32_t t[] = {0, 1, 1}, h[] = {1, 2, 0};
    double neg[] = {1, -0.5, 1}, nan[] = {1, NAN, 1};
    fh_graph *g = make(3, 3, t, h, neg, 0);
    fh_graph_arc bad = {0, 0, 0};
    uint32_t tails[2], heads[2];
    double dist[3], rows[6], weights[2];
    uint32_t source = 0, both[] = {0, 2}, order[3];
    size_t count;

    CHECK(g != NULL);
    CHECK_EQ(fh_graph_dijkstra(g, &source, 1, -1, INFINITY, order, dist, NULL,
                               &count, &bad),
             FH_EWEIGHT);
    CHECK(bad.tail == 1 && bad.head == 2 && bad.weight == -0.5);
    CHECK_EQ(fh_graph_distances(g, both, 2, INFINITY, INFINITY, rows, NULL, NULL), FH_EWEIGHT);
    /* Prim allows negative weights. */
    CHECK_EQ(fh_graph_prim(g, -1, tails, heads, weights, &count, NULL), FH_OK);
    CHECK_EQ(count, 2);
    fh_graph_free(g);
    g = make(3, 3, t, h, nan, FH_GRAPH_UNDIRECTED);
    CHECK(g != NULL);
    CHECK_EQ(fh_graph_prim(g, -1, tails, heads, weights, &count, &bad), FH_EWEIGHT);
    CHECK(isnan(bad.weight));
    fh_graph_free(g);
    /* A NaN self-loop raises too: on a node reached from the root (1), on
     * a node that starts a later tree (2). */
    {
        uint32_t lt[] = {0, 1, 2}, lh[] = {1, 1, 2};
        double lw[] = {1, NAN, NAN};

        g = make(3, 2, lt, lh, lw, FH_GRAPH_UNDIRECTED);
        CHECK(g != NULL);
        CHECK_EQ(fh_graph_prim(g, -1, tails, heads, weights, &count, &bad), FH_EWEIGHT);
        CHECK(bad.tail == 1 && bad.head == 1 && isnan(bad.weight));
        fh_graph_free(g);
        g = make(3, 1, &lt[2], &lh[2], &lw[2], FH_GRAPH_UNDIRECTED);
        CHECK(g != NULL);
        CHECK_EQ(fh_graph_prim(g, 0, tails, heads, weights, &count, &bad), FH_EWEIGHT);
        CHECK(bad.tail == 2 && bad.head == 2);
        fh_graph_free(g);
    }
}

/* 0 -> 1 weighs INFINITY, 1 -> 2 weighs 1, 3 has no arc: 1 and 2 are
 * reached at distance INFINITY, 3 is not reached; with a finite cutoff
 * neither 1 nor 2 is. */
static void test_distances_reached_at_infinity(void)
{
    uint32_t t[] = {0, 1}, h[] = {1, 2}, source = 0;
    double w[] = {INFINITY, 1}, rows[4];
    fh_graph *g = make(4, 2, t, h, w, 0);

    CHECK(g != NULL);
    CHECK_EQ(fh_graph_distances(g, &source, 1, INFINITY, NAN, rows, NULL, NULL), FH_OK);
    CHECK(rows[0] == 0 && isinf(rows[1]) && isinf(rows[2]) && isnan(rows[3]));
    CHECK_EQ(fh_graph_distances(g, &source, 1, 1e300, NAN, rows, NULL, NULL), FH_OK);
    CHECK(rows[0] == 0 && isnan(rows[1]) && isnan(rows[2]) && isnan(rows[3]));
    CHECK_EQ(fh_graph_distances(g, &source, 1, INFINITY, INFINITY, rows, NULL, NULL), FH_OK);
    CHECK(rows[0] == 0 && isinf(rows[1]) && isinf(rows[2]) && isinf(rows[3]));
    fh_graph_free(g);
}

static void test_prim_small(void)
{
    /* two components: {0, 1, 2, 3} and {4, 5}; 6 isolated */
    uint32_t t[] = {0, 0, 1, 2, 1, 4}, h[] = {1, 2, 2, 3, 3, 5};
    double w[] = {3, 1, 1, 4, 2, -7};
    fh_graph *g = make(7, 6, t, h, w, FH_GRAPH_UNDIRECTED);
    uint32_t tails[6], heads[6];
    double weights[6];
    size_t count;

    CHECK(g != NULL);
    CHECK_EQ(fh_graph_prim(g, 3, tails, heads, weights, &count, NULL), FH_OK);
    CHECK_EQ(count, 4);
    CHECK(tails[0] == 3 && heads[0] == 1 && weights[0] == 2);
    CHECK(tails[1] == 1 && heads[1] == 2 && weights[1] == 1);
    CHECK(tails[2] == 2 && heads[2] == 0 && weights[2] == 1);
    CHECK(tails[3] == 4 && heads[3] == 5 && weights[3] == -7);
    CHECK_EQ(fh_graph_prim(g, 7, tails, heads, weights, &count, NULL),
             FH_ENODE);
    fh_graph_free(g);
}

/* Random graphs against textbook O(n^2) versions; small integer weights,
 * so many distances tie and the settling order is checked too. */

static unsigned next_random(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return (*state >> 16) & 0x7fff;
}

static void reference_dijkstra(size_t n, size_t m, const uint32_t *t,
                               const uint32_t *h, const double *w,
                               uint32_t source, double *dist)
{
    int done[MAX_NODES] = {0};
    size_t i, round;

    for (i = 0; i < n; i++)
        dist[i] = INFINITY;
    dist[source] = 0;
    for (round = 0; round < n; round++) {
        size_t best = n;

        for (i = 0; i < n; i++)
            if (!done[i] && !isinf(dist[i]) && (best == n || dist[i] < dist[best]))
                best = i;
        if (best == n)
            break;
        done[best] = 1;
        for (i = 0; i < m; i++)
            if (t[i] == best && dist[best] + w[i] < dist[h[i]])
                dist[h[i]] = dist[best] + w[i];
    }
}

/* The settling order graph.h promises: by distance, equal distances in
 * the order the nodes were first reached (arcs taken in input order). */
static size_t reference_order(size_t n, size_t m, const uint32_t *t,
                              const uint32_t *h, const double *w,
                              uint32_t source, uint32_t *order)
{
    int done[MAX_NODES] = {0};
    size_t rank[MAX_NODES], i, count = 0, reached = 1;
    double dist[MAX_NODES];

    for (i = 0; i < n; i++)
        dist[i] = INFINITY;
    dist[source] = 0;
    rank[source] = 0;
    for (;;) {
        size_t best = n;

        for (i = 0; i < n; i++)
            if (!done[i] && !isinf(dist[i]) &&
                (best == n || dist[i] < dist[best] ||
                 (dist[i] == dist[best] && rank[i] < rank[best])))
                best = i;
        if (best == n)
            return count;
        done[best] = 1;
        order[count++] = (uint32_t)best;
        for (i = 0; i < m; i++) {
            if (t[i] != best || done[h[i]] ||
                !(dist[best] + w[i] < dist[h[i]]))
                continue;
            if (isinf(dist[h[i]]))
                rank[h[i]] = reached++;
            dist[h[i]] = dist[best] + w[i];
        }
    }
}

static double reference_prim_total(size_t n, size_t m, const uint32_t *t,
                                   const uint32_t *h, const double *w)
{
    int in[MAX_NODES] = {0};
    double total = 0;
    size_t i, start;

    for (start = 0; start < n; start++) {
        if (in[start])
            continue;
        in[start] = 1;
        for (;;) {
            size_t best = m;

            for (i = 0; i < m; i++)
                if (in[t[i]] != in[h[i]] && (best == m || w[i] < w[best]))
                    best = i;
            if (best == m)
                break;
            in[t[best]] = in[h[best]] = 1;
            total += w[best];
        }
    }
    return total;
}

static void test_random_graphs(void)
{
    uint32_t t[MAX_ARCS], h[MAX_ARCS], sources[MAX_NODES], order[MAX_NODES];
    uint32_t expected_order[MAX_NODES];
    double w[MAX_ARCS], dist[MAX_NODES], expected[MAX_NODES];
    double rows[MAX_NODES * MAX_NODES], weights[MAX_NODES];
    uint32_t tails[MAX_NODES], heads[MAX_NODES];
    unsigned state = 7;
    int round;

    for (round = 0; round < RANDOM_GRAPHS; round++) {
        size_t n = 1 + next_random(&state) % MAX_NODES;
        size_t m = next_random(&state) % MAX_ARCS, i, count;
        double total = 0, spanning;
        fh_graph *g, *und;

        for (i = 0; i < m; i++) {
            t[i] = (uint32_t)(next_random(&state) % n);
            h[i] = (uint32_t)(next_random(&state) % n);
            /* small integers: ties, exact sums */
            w[i] = (double)(next_random(&state) % 10);
        }
        g = make(n, m, t, h, w, 0);
        und = make(n, m, t, h, w, FH_GRAPH_UNDIRECTED);
        CHECK(g != NULL && und != NULL);
        for (i = 0; i < n; i++)
            sources[i] = (uint32_t)i;
        CHECK_EQ(fh_graph_distances(g, sources, n, INFINITY, INFINITY, rows, NULL, NULL), FH_OK);
        for (i = 0; i < n; i++) {
            size_t v, settled, reached = 0;

            reference_dijkstra(n, m, t, h, w, (uint32_t)i, expected);
            CHECK_EQ(fh_graph_dijkstra(g, &sources[i], 1, -1, INFINITY, order,
                                       dist, NULL, &settled, NULL),
                     FH_OK);
            CHECK_EQ(reference_order(n, m, t, h, w, (uint32_t)i,
                                     expected_order),
                     settled);
            for (v = 0; v < settled; v++) {
                CHECK(dist[v] == expected[order[v]]);
                CHECK_EQ(order[v], expected_order[v]); /* ties too */
            }
            for (v = 0; v < n; v++) {
                reached += !isinf(expected[v]);
                CHECK(rows[i * n + v] == expected[v]);
            }
            CHECK_EQ(settled, reached);
        }
        CHECK_EQ(fh_graph_prim(und, -1, tails, heads, weights, &count, NULL),
                 FH_OK);
        spanning = reference_prim_total(n, m, t, h, w);
        for (i = 0; i < count; i++)
            total += weights[i];
        CHECK(total == spanning);
        fh_graph_free(g);
        fh_graph_free(und);
    }
}

/* One batch shared out by two threads through one cursor. */
typedef struct batch {
    const fh_graph *g;
    const uint32_t *sources;
    size_t count;
    double *rows;
    size_t *next;
    int status;
} batch;

static void *run_batch(void *arg)
{
    batch *b = arg;

    b->status = fh_graph_distances(b->g, b->sources, b->count, INFINITY,
                                   INFINITY, b->rows, b->next, NULL);
    return NULL;
}

/* Runs sources on two threads sharing a cursor: *status is a failure of
 * either or FH_OK, *end the cursor's value at the end. */
static void shared_batch(const fh_graph *g, const uint32_t *sources,
                         size_t count, double *rows, int *status, size_t *end)
{
    size_t next = 0;
    batch a = {g, sources, count, rows, &next, -1}, b = a;
    pthread_t thread;

    CHECK_EQ(pthread_create(&thread, NULL, run_batch, &b), 0);
    run_batch(&a);
    CHECK_EQ(pthread_join(thread, NULL), 0);
    *end = next;
    *status = a.status != FH_OK ? a.status : b.status;
}

static void test_shared_batch(void)
{
    enum { N = 300, M = 1500 };
    uint32_t *t = malloc(M * sizeof *t), *h = malloc(M * sizeof *h);
    uint32_t *sources = malloc(N * sizeof *sources);
    double *w = malloc(M * sizeof *w);
    double *serial = malloc(N * N * sizeof *serial);
    double *shared = malloc(N * N * sizeof *shared);
    unsigned state = 11;
    size_t i, end;
    int status;
    fh_graph *g;

    CHECK(t && h && sources && w && serial && shared);
    for (i = 0; i < M; i++) {
        t[i] = (uint32_t)(next_random(&state) % N);
        h[i] = (uint32_t)(next_random(&state) % N);
        w[i] = 1 + (double)(next_random(&state) % 1000) / 7;
    }
    for (i = 0; i < N; i++)
        sources[i] = (uint32_t)((i * 7) % N);
    g = make(N, M, t, h, w, 0);
    CHECK(g != NULL);
    CHECK_EQ(fh_graph_distances(g, sources, N, INFINITY, INFINITY, serial, NULL, NULL),
             FH_OK);
    shared_batch(g, sources, N, shared, &status, &end);
    CHECK_EQ(status, FH_OK);
    CHECK(end >= N);
    CHECK(memcmp(serial, shared, N * N * sizeof *serial) == 0);
    fh_graph_free(g);

    /* Every source is node 0, whose first arc weighs -1: each thread fails
     * on its first source or finds the batch stopped. */
    for (i = 0; i < M; i++)
        t[i] = 0;
    w[0] = -1;
    g = make(N, M, t, h, w, 0);
    CHECK(g != NULL);
    for (i = 0; i < N; i++)
        sources[i] = 0;
    shared_batch(g, sources, N, shared, &status, &end);
    CHECK_EQ(status, FH_EWEIGHT);
    CHECK(end == N || end == N + 1); /* N + 1: one thread saw the stop */
    fh_graph_free(g);
    free(t);
    free(h);
    free(sources);
    free(w);
    free(serial);
    free(shared);
}

void run_graph_tests(void)
{
    RUN_TEST(test_build_errors);
    RUN_TEST(test_build_undirected);
    RUN_TEST(test_dijkstra_small);
    RUN_TEST(test_dijkstra_sources_and_errors);
    RUN_TEST(test_bad_weights);
    RUN_TEST(test_distances_reached_at_infinity);
    RUN_TEST(test_prim_small);
    RUN_TEST(test_random_graphs);
    RUN_TEST(test_shared_batch);
}
