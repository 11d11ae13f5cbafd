/* graph.c: building, Dijkstra (sources, target, cutoff, bad weights, the
 * batch, shared out between threads), the two-sided search and Prim on
 * small known graphs, then on random graphs against versions written here:
 * O(n^2) textbook ones, and networkx's own loops (its lazy heapq entries,
 * its counter) for the order of ties and the two-sided search. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../graph.h"
#include "../fiboheap.h"
#include "support.h"
#include "testing.h"

enum { RANDOM_GRAPHS = 200, MAX_NODES = 40, MAX_ARCS = 160 };

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

/* A tie that the two rules settle differently: 1 is reached first (at 3),
 * 2 next (at 2), then 3 lowers 1 to 2. networkx settles 2 first, since 1's
 * distance was lowered after 2 was reached; so 4, one arc from each of 1
 * and 2, gets 2 as its pred. */
static void test_ties_settle_in_order_of_last_lowering(void)
{
    uint32_t t[] = {0, 0, 0, 3, 2, 1}, h[] = {1, 2, 3, 1, 4, 4};
    double w[] = {3, 2, 1, 1, 1, 1};
    fh_graph *g = make(5, 6, t, h, w, 0);
    uint32_t order[5], source = 0, expected[] = {0, 3, 2, 1, 4};
    int64_t pred[5], expected_pred[] = {-1, 0, 0, 3, 2};
    double dist[5];
    size_t settled, i;

    CHECK(g != NULL);
    CHECK_EQ(fh_graph_dijkstra(g, &source, 1, -1, INFINITY, order, dist, pred,
                               &settled, NULL),
             FH_OK);
    CHECK_EQ(settled, 5);
    for (i = 0; i < 5; i++) {
        CHECK_EQ(order[i], expected[i]);
        CHECK_EQ(pred[i], expected_pred[i]);
    }
    fh_graph_free(g);
}

/* 0 -> 1 -> 2 -> 3 weighing 0.1, 0.2, 0.3: networkx's two-sided search
 * meets at 1, adding 0.1 and 0.2 + 0.3, which is 0.6; the weights added
 * in order give 0.6000000000000001. */
static void test_bidirectional_small(void)
{
    uint32_t t[] = {0, 1, 2}, h[] = {1, 2, 3};
    double w[] = {0.1, 0.2, 0.3}, neg[] = {0.1, 0.2, -0.3};
    fh_graph *g = make(5, 3, t, h, w, 0), *r = make(5, 3, h, t, w, 0);
    fh_graph *small = make(4, 3, t, h, w, 0), *bad_g = NULL, *bad_r = NULL;
    fh_graph_arc bad = {0, 0, 0};
    uint32_t path[5];
    size_t count = 99;
    double length = -1;

    CHECK(g && r && small);
    CHECK_EQ(fh_graph_bidirectional(g, r, 0, 3, &length, path, &count, NULL),
             FH_OK);
    CHECK(length == 0.6 && length != (0.1 + 0.2) + 0.3);
    CHECK_EQ(count, 4);
    CHECK(path[0] == 0 && path[1] == 1 && path[2] == 2 && path[3] == 3);
    /* No path either way round; a path to itself. */
    CHECK_EQ(fh_graph_bidirectional(g, r, 3, 0, &length, path, &count, NULL),
             FH_OK);
    CHECK_EQ(count, 0);
    CHECK_EQ(fh_graph_bidirectional(g, r, 0, 4, &length, path, &count, NULL),
             FH_OK);
    CHECK_EQ(count, 0);
    CHECK_EQ(fh_graph_bidirectional(g, r, 4, 4, &length, path, &count, NULL),
             FH_OK);
    CHECK(count == 1 && path[0] == 4 && length == 0);
    CHECK_EQ(fh_graph_bidirectional(g, r, 0, 5, &length, path, &count, NULL),
             FH_ENODE);
    CHECK_EQ(fh_graph_bidirectional(g, small, 0, 3, &length, path, &count,
                                    NULL),
             FH_ENODE);
    /* The backward side examines 2 -> 3 first: named as forward has it. */
    bad_g = make(4, 3, t, h, neg, 0);
    bad_r = make(4, 3, h, t, neg, 0);
    CHECK(bad_g && bad_r);
    CHECK_EQ(fh_graph_bidirectional(bad_g, bad_r, 0, 3, &length, path, &count,
                                    &bad),
             FH_EWEIGHT);
    CHECK(bad.tail == 2 && bad.head == 3 && bad.weight == -0.3);
    CHECK_EQ(count, 0);
    fh_graph_free(g);
    fh_graph_free(r);
    fh_graph_free(small);
    fh_graph_free(bad_g);
    fh_graph_free(bad_r);
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
    CHECK_EQ(fh_graph_prim(g, NULL, 0, tails, heads, weights, &count, NULL), FH_OK);
    CHECK_EQ(count, 2);
    fh_graph_free(g);
    g = make(3, 3, t, h, nan, FH_GRAPH_UNDIRECTED);
    CHECK(g != NULL);
    CHECK_EQ(fh_graph_prim(g, NULL, 0, tails, heads, weights, &count, &bad), FH_EWEIGHT);
    CHECK(isnan(bad.weight));
    fh_graph_free(g);
    /* A NaN self-loop raises too: on a node reached from the root (1), on
     * a node that starts a later tree (2). */
    {
        uint32_t lt[] = {0, 1, 2}, lh[] = {1, 1, 2};
        double lw[] = {1, NAN, NAN};

        g = make(3, 2, lt, lh, lw, FH_GRAPH_UNDIRECTED);
        CHECK(g != NULL);
        CHECK_EQ(fh_graph_prim(g, NULL, 0, tails, heads, weights, &count, &bad), FH_EWEIGHT);
        CHECK(bad.tail == 1 && bad.head == 1 && isnan(bad.weight));
        fh_graph_free(g);
        g = make(3, 1, &lt[2], &lh[2], &lw[2], FH_GRAPH_UNDIRECTED);
        CHECK(g != NULL);
        CHECK_EQ(fh_graph_prim(g, &lt[0], 1, tails, heads, weights, &count, &bad),
                 FH_EWEIGHT);
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
    uint32_t tails[6], heads[6], roots[] = {3, 5, 0, 7};
    double weights[6];
    size_t count;

    CHECK(g != NULL);
    CHECK_EQ(fh_graph_prim(g, roots, 1, tails, heads, weights, &count, NULL),
             FH_OK);
    CHECK_EQ(count, 4);
    CHECK(tails[0] == 3 && heads[0] == 1 && weights[0] == 2);
    CHECK(tails[1] == 1 && heads[1] == 2 && weights[1] == 1);
    CHECK(tails[2] == 2 && heads[2] == 0 && weights[2] == 1);
    CHECK(tails[3] == 4 && heads[3] == 5 && weights[3] == -7);
    /* Roots in order, skipping those already in a tree (0): 5's tree
     * second, then the lowest node left (6, alone). */
    CHECK_EQ(fh_graph_prim(g, roots, 3, tails, heads, weights, &count, NULL),
             FH_OK);
    CHECK_EQ(count, 4);
    CHECK(tails[2] == 2 && heads[2] == 0);
    CHECK(tails[3] == 5 && heads[3] == 4 && weights[3] == -7);
    CHECK_EQ(fh_graph_prim(g, roots, 4, tails, heads, weights, &count, NULL),
             FH_ENODE);
    CHECK_EQ(count, 0);
    fh_graph_free(g);
}

/* Random graphs against textbook O(n^2) versions and networkx's loops;
 * small weights, so many distances tie and the order of ties is checked
 * too. */

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

/* networkx's settling order and preds (graph.h's promise): by distance,
 * equal distances by the counter of their last lowering, the source's 0
 * first (arcs taken in input order). */
static size_t reference_order(size_t n, size_t m, const uint32_t *t,
                              const uint32_t *h, const double *w,
                              uint32_t source, uint32_t *order,
                              int64_t *pred)
{
    int done[MAX_NODES] = {0};
    size_t rank[MAX_NODES], i, count = 0, counter = 1;
    int64_t by[MAX_NODES];
    double dist[MAX_NODES];

    for (i = 0; i < n; i++)
        dist[i] = INFINITY;
    dist[source] = 0;
    rank[source] = 0;
    by[source] = -1;
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
        pred[count] = by[best];
        order[count++] = (uint32_t)best;
        for (i = 0; i < m; i++) {
            if (t[i] != best || done[h[i]] ||
                !(dist[best] + w[i] < dist[h[i]]))
                continue;
            rank[h[i]] = counter++;
            by[h[i]] = (int64_t)best;
            dist[h[i]] = dist[best] + w[i];
        }
    }
}

/* networkx's prim_mst_edges, its loop as written: a list of edge entries
 * (weight, push number, tail, head), the lightest popped first, equal
 * weights in push order; a tree from each of roots not yet in one, then
 * from each node not yet in one. Returns the edge count. */
static size_t push_edges(size_t m, const uint32_t *t, const uint32_t *h,
                         const double *w, const int *in, uint32_t u,
                         double *key, uint32_t *to, int *live, size_t entries)
{
    size_t i;

    for (i = 0; i < m; i++) {
        uint32_t v = t[i] == u ? h[i] : t[i];

        if ((t[i] != u && h[i] != u) || in[v])
            continue;
        key[entries] = w[i];
        to[entries] = v;
        live[entries++] = 1;
    }
    return entries;
}

static size_t reference_prim(size_t n, size_t m, const uint32_t *t,
                             const uint32_t *h, const double *w,
                             const uint32_t *roots, size_t root_count,
                             uint32_t *tails, uint32_t *heads)
{
    double key[MAX_ARCS];
    uint32_t from[MAX_ARCS], to[MAX_ARCS];
    int in[MAX_NODES] = {0}, live[MAX_ARCS];
    size_t count = 0, r;

    for (r = 0; r < root_count + n; r++) {
        uint32_t u = r < root_count ? roots[r] : (uint32_t)(r - root_count);
        size_t entries = 0, i, best, k;

        if (in[u])
            continue;
        in[u] = 1;
        k = push_edges(m, t, h, w, in, u, key, to, live, entries);
        for (; entries < k; entries++)
            from[entries] = u;
        for (;;) {
            for (best = entries, i = 0; i < entries; i++)
                if (live[i] && (best == entries || key[i] < key[best]))
                    best = i;
            if (best == entries)
                break;
            live[best] = 0;
            if (in[to[best]])
                continue;
            u = to[best];
            in[u] = 1;
            tails[count] = from[best];
            heads[count++] = u;
            k = push_edges(m, t, h, w, in, u, key, to, live, entries);
            for (; entries < k; entries++)
                from[entries] = u;
        }
    }
    return count;
}

/* networkx's bidirectional_dijkstra (3.6), its loop as written: two lists
 * of heapq entries (distance, counter, node), popped smallest first; the
 * backward side walks the arcs into a node (t[i] -> v, in input order), or
 * with undirected every arc of the node. Returns the path's node count, 0
 * if there is none. */
typedef struct entry {
    double dist;
    size_t counter;
    uint32_t node;
    int live;
} entry;

static size_t reference_bidirectional(size_t m, const uint32_t *t,
                                      const uint32_t *h, const double *w,
                                      int undirected, uint32_t source,
                                      uint32_t target, double *length,
                                      uint32_t *path)
{
    enum { ENTRIES = 2 * MAX_ARCS + 2 };
    static entry fringe[2][ENTRIES];
    size_t size[2] = {0, 0}, left[2] = {1, 1}, counter = 0, count = 0, i;
    int done[2][MAX_NODES] = {{0}}, seen[2][MAX_NODES] = {{0}}, direction = 1;
    double dists[2][MAX_NODES], best = 0;
    uint32_t preds[2][MAX_NODES], meet = UINT32_MAX, v;

    fringe[0][size[0]++] = (entry){0, counter++, source, 1};
    fringe[1][size[1]++] = (entry){0, counter++, target, 1};
    seen[0][source] = seen[1][target] = 1;
    dists[0][source] = dists[1][target] = 0;
    preds[0][source] = preds[1][target] = UINT32_MAX;
    while (left[0] && left[1]) {
        size_t first = SIZE_MAX;
        double dv;

        direction = 1 - direction;
        for (i = 0; i < size[direction]; i++) {
            entry *e = &fringe[direction][i];

            if (e->live && (first == SIZE_MAX ||
                            e->dist < fringe[direction][first].dist ||
                            (e->dist == fringe[direction][first].dist &&
                             e->counter < fringe[direction][first].counter)))
                first = i;
        }
        fringe[direction][first].live = 0;
        left[direction]--;
        v = fringe[direction][first].node;
        dv = fringe[direction][first].dist;
        if (done[direction][v])
            continue;
        done[direction][v] = 1;
        if (done[1 - direction][v]) {
            *length = best;
            for (v = meet; v != UINT32_MAX; v = preds[0][v])
                count++;
            for (i = count, v = meet; v != UINT32_MAX; v = preds[0][v])
                path[--i] = v;
            for (v = preds[1][meet]; v != UINT32_MAX; v = preds[1][v])
                path[count++] = v;
            return count;
        }
        for (i = 0; i < m; i++) {
            uint32_t x;
            double d;

            if (undirected && (t[i] == v || h[i] == v))
                x = t[i] == v ? h[i] : t[i];
            else if (!undirected && direction == 0 && t[i] == v)
                x = h[i];
            else if (!undirected && direction == 1 && h[i] == v)
                x = t[i];
            else
                continue;
            d = dv + w[i];
            if (done[direction][x] ||
                (seen[direction][x] && !(d < dists[direction][x])))
                continue;
            seen[direction][x] = 1;
            dists[direction][x] = d; /* seen's distance, final once done */
            fringe[direction][size[direction]++] =
                (entry){d, counter++, x, 1};
            left[direction]++;
            preds[direction][x] = v;
            if (seen[1 - direction][x] &&
                (meet == UINT32_MAX || best > d + dists[1 - direction][x])) {
                best = d + dists[1 - direction][x];
                meet = x;
            }
        }
    }
    return 0;
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

/* Both ways round from random pairs of g (whose reverse is r; und for
 * both when undirected) against networkx's loop. */
static int check_bidirectional(size_t n, size_t m, const uint32_t *t,
                               const uint32_t *h, const double *w,
                               const fh_graph *g, const fh_graph *r,
                               int undirected, unsigned *state)
{
    uint32_t path[MAX_NODES], expected[MAX_NODES];
    int pair;

    for (pair = 0; pair < 30; pair++) {
        uint32_t s = (uint32_t)(next_random(state) % n);
        uint32_t x = (uint32_t)(next_random(state) % n);
        double length = -1, expected_length = -2;
        size_t count, i, want;

        if (s == x)
            continue;
        want = reference_bidirectional(m, t, h, w, undirected, s, x,
                                       &expected_length, expected);
        ENSURE_EQ(fh_graph_bidirectional(g, r, s, x, &length, path, &count,
                                         NULL),
                  FH_OK);
        ENSURE_EQ(count, want);
        ENSURE(!want || length == expected_length); /* to the last bit */
        for (i = 0; i < want; i++)
            ENSURE_EQ(path[i], expected[i]);
    }
    return 1;
}

/* Weights for round: small integers (0 to 2: many ties and zero-weight
 * cycles; 0 to 9), tenths, or sevenths, whose sums round: in the two-sided
 * search, which side moves next (the turns its superseded entries take)
 * then decides the length's last bits. */
static double random_weight(int round, unsigned *state)
{
    unsigned x = next_random(state);

    switch (round % 4) {
    case 0:
        return (double)(x % 3);
    case 1:
        return (double)(x % 10);
    case 2:
        return (double)(x % 10) / 10;
    default:
        return (double)(x % 1000) / 7;
    }
}

static void test_random_graphs(void)
{
    uint32_t t[MAX_ARCS], h[MAX_ARCS], sources[MAX_NODES], order[MAX_NODES];
    uint32_t expected_order[MAX_NODES], roots[3];
    int64_t pred[MAX_NODES], expected_pred[MAX_NODES];
    double w[MAX_ARCS], dist[MAX_NODES], expected[MAX_NODES];
    double rows[MAX_NODES * MAX_NODES], weights[MAX_NODES];
    uint32_t tails[MAX_NODES], heads[MAX_NODES];
    uint32_t ref_tails[MAX_NODES], ref_heads[MAX_NODES];
    unsigned state = 7;
    int round;

    for (round = 0; round < RANDOM_GRAPHS; round++) {
        size_t n = 1 + next_random(&state) % MAX_NODES;
        /* sparse ones too: long paths, many lowered keys */
        size_t m = next_random(&state) % (round % 2 ? MAX_ARCS : 2 * n), i, count;
        double total = 0, spanning;
        fh_graph *g, *r, *und;

        for (i = 0; i < m; i++) {
            t[i] = (uint32_t)(next_random(&state) % n);
            h[i] = (uint32_t)(next_random(&state) % n);
            w[i] = random_weight(round, &state);
        }
        g = make(n, m, t, h, w, 0);
        r = make(n, m, h, t, w, 0); /* g reversed */
        und = make(n, m, t, h, w, FH_GRAPH_UNDIRECTED);
        CHECK(g != NULL && r != NULL && und != NULL);
        for (i = 0; i < n; i++)
            sources[i] = (uint32_t)i;
        CHECK_EQ(fh_graph_distances(g, sources, n, INFINITY, INFINITY, rows, NULL, NULL), FH_OK);
        for (i = 0; i < n; i++) {
            size_t v, settled, reached = 0;

            reference_dijkstra(n, m, t, h, w, (uint32_t)i, expected);
            CHECK_EQ(fh_graph_dijkstra(g, &sources[i], 1, -1, INFINITY, order,
                                       dist, pred, &settled, NULL),
                     FH_OK);
            CHECK_EQ(reference_order(n, m, t, h, w, (uint32_t)i,
                                     expected_order, expected_pred),
                     settled);
            for (v = 0; v < settled; v++) {
                CHECK(dist[v] == expected[order[v]]);
                CHECK_EQ(order[v], expected_order[v]); /* ties too */
                CHECK_EQ(pred[v], expected_pred[v]);
            }
            for (v = 0; v < n; v++) {
                reached += !isinf(expected[v]);
                CHECK(rows[i * n + v] == expected[v]);
            }
            CHECK_EQ(settled, reached);
        }
        CHECK(check_bidirectional(n, m, t, h, w, g, r, 0, &state));
        CHECK(check_bidirectional(n, m, t, h, w, und, und, 1, &state));
        for (i = 0; i < 3; i++)
            roots[i] = (uint32_t)(next_random(&state) % n);
        CHECK_EQ(fh_graph_prim(und, roots, 3, tails, heads, weights, &count,
                               NULL),
                 FH_OK);
        CHECK_EQ(reference_prim(n, m, t, h, w, roots, 3, ref_tails, ref_heads),
                 count);
        for (i = 0; i < count; i++) {
            CHECK_EQ(tails[i], ref_tails[i]); /* the same edges, ties too */
            CHECK_EQ(heads[i], ref_heads[i]);
        }
        spanning = reference_prim_total(n, m, t, h, w);
        for (i = 0; i < count; i++)
            total += weights[i];
        CHECK(round % 4 >= 2 || total == spanning); /* fractions' sums round */
        fh_graph_free(g);
        fh_graph_free(r);
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

    CHECK(run_beside(run_batch, &a, &b));
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
    RUN_TEST(test_ties_settle_in_order_of_last_lowering);
    RUN_TEST(test_bidirectional_small);
    RUN_TEST(test_bad_weights);
    RUN_TEST(test_distances_reached_at_infinity);
    RUN_TEST(test_prim_small);
    RUN_TEST(test_random_graphs);
    RUN_TEST(test_shared_batch);
}
