/* fh_graph_astar: small known graphs, the heuristic's failures (a status,
 * a NaN: the search stops, nothing leaks under ASan), and random graphs
 * against networkx's astar_path loop written here (its lazy heapq
 * entries, its counter, its enqueued and explored maps), with heuristics
 * that are admissible, zero or inconsistent (nodes reopened). */
#include <math.h>
#include <stdlib.h>

#include "../graph.h"
#include "../fiboheap.h"
#include "testing.h"

enum { RANDOM_GRAPHS = 300, MAX_NODES = 30, MAX_ARCS = 120 };

/* A heuristic reading its estimates from an array, counting its calls per
 * node, failing at node fail_at (UINT32_MAX: never). */
typedef struct table {
    const double *estimates;
    unsigned calls[MAX_NODES];
    uint32_t fail_at;
} table;

static int from_table(void *context, uint32_t node, double *estimate)
{
    table *t = context;

    t->calls[node]++;
    if (node == t->fail_at)
        return 1;
    *estimate = t->estimates[node];
    return 0;
}

static table table_of(const double *estimates)
{
    table t = {estimates, {0}, UINT32_MAX};

    return t;
}

static fh_graph *make(size_t n, size_t m, const uint32_t *t, const uint32_t *h,
                      const double *w)
{
    fh_graph *g = NULL;

    if (fh_graph_new(&g, n, m, t, h, w, 0, NULL) != FH_OK)
        return NULL;
    return g;
}

/* 0 -> 1 -> 3 costs 2, 0 -> 2 -> 3 costs 2 too; 3 -> 4. */
static const uint32_t small_t[] = {0, 0, 1, 2, 3};
static const uint32_t small_h[] = {1, 2, 3, 3, 4};
static const double small_w[] = {1, 1, 1, 1, 5};

static void test_astar_small(void)
{
    fh_graph *g = make(6, 5, small_t, small_h, small_w);
    double zero[6] = {0}, steer[6] = {0, 1, 0, 0, 0, 0}, length = -1;
    uint32_t path[6];
    size_t count;
    table t = table_of(zero);

    CHECK(g != NULL);
    CHECK_EQ(fh_graph_astar(g, 0, 4, from_table, &t, INFINITY, &length, path,
                            &count, NULL),
             FH_OK);
    CHECK_EQ(count, 4);
    CHECK_EQ(path[0], 0);
    CHECK_EQ(path[1], 1); /* the tie: 1 was reached first */
    CHECK_EQ(path[2], 3);
    CHECK_EQ(path[3], 4);
    CHECK(length == 7);
    CHECK_EQ(t.calls[0], 0); /* networkx asks none for the source */
    CHECK_EQ(t.calls[5], 0); /* nor for a node never reached */
    /* an estimate steers the tie the other way */
    t = table_of(steer);
    CHECK_EQ(fh_graph_astar(g, 0, 4, from_table, &t, INFINITY, &length, path,
                            &count, NULL),
             FH_OK);
    CHECK_EQ(count, 4);
    CHECK_EQ(path[1], 2);
    /* source is target: the path of one node */
    CHECK_EQ(fh_graph_astar(g, 3, 3, from_table, &t, INFINITY, &length, path,
                            &count, NULL),
             FH_OK);
    CHECK_EQ(count, 1);
    CHECK_EQ(path[0], 3);
    CHECK(length == 0);
    /* no path */
    CHECK_EQ(fh_graph_astar(g, 4, 0, from_table, &t, INFINITY, &length, path,
                            &count, NULL),
             FH_OK);
    CHECK_EQ(count, 0);
    /* cutoff: 4 is at 7, beyond 6 */
    CHECK_EQ(fh_graph_astar(g, 0, 4, from_table, &t, 6, &length, path,
                            &count, NULL),
             FH_OK);
    CHECK_EQ(count, 0);
    CHECK_EQ(fh_graph_astar(g, 0, 6, from_table, &t, INFINITY, &length, path,
                            &count, NULL),
             FH_ENODE);
    CHECK_EQ(fh_graph_astar(g, 6, 0, from_table, &t, INFINITY, &length, path,
                            &count, NULL),
             FH_ENODE);
    fh_graph_free(g);
}

static void test_astar_failures(void)
{
    uint32_t t[] = {0, 1, 2}, h[] = {1, 2, 3};
    double w[] = {1, -1, 1}, estimates[4] = {0, 0, 0, 0}, length;
    double nan_at_2[4] = {0, 0, NAN, 0}, minus_infinity[4] = {0, 0, 0, 0};
    fh_graph *g = make(4, 3, t, h, w);
    fh_graph_arc bad;
    uint32_t path[4];
    size_t count = 9, i;
    table tab = table_of(estimates);

    CHECK(g != NULL);
    /* the heuristic fails at node 1: the search stops there */
    tab.fail_at = 1;
    CHECK_EQ(fh_graph_astar(g, 0, 3, from_table, &tab, INFINITY, &length,
                            path, &count, &bad),
             FH_EHEURISTIC);
    CHECK_EQ(count, 0);
    CHECK_EQ(tab.calls[1], 1);
    CHECK_EQ(tab.calls[2], 0);
    /* the negative weight of 1 -> 2 */
    tab = table_of(estimates);
    CHECK_EQ(fh_graph_astar(g, 0, 3, from_table, &tab, INFINITY, &length,
                            path, &count, &bad),
             FH_EWEIGHT);
    CHECK_EQ(bad.tail, 1);
    CHECK_EQ(bad.head, 2);
    CHECK(bad.weight == -1);
    fh_graph_free(g);
    /* a NaN estimate at 1 -> 2 weighing 1; an estimate of -inf at 1 -> 2
     * weighing inf */
    minus_infinity[2] = -INFINITY;
    for (i = 0; i < 2; i++) {
        w[1] = i ? INFINITY : 1;
        g = make(4, 3, t, h, w);
        CHECK(g != NULL);
        tab = table_of(i ? minus_infinity : nan_at_2);
        CHECK_EQ(fh_graph_astar(g, 0, 3, from_table, &tab, INFINITY, &length,
                                path, &count, NULL),
                 FH_EHEURISTIC);
        fh_graph_free(g);
    }
    CHECK(fh_graph_strerror(FH_EHEURISTIC) != NULL);
}

/* networkx's astar_path, entry by entry. */
typedef struct entry {
    double priority;
    size_t counter;
    uint32_t node;
    double dist;
    uint32_t parent; /* UINT32_MAX: none (the source) */
    int live;
} entry;

static unsigned next_random(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return (*state >> 16) & 0x7fff;
}

static size_t reference_astar(size_t m, const uint32_t *t, const uint32_t *h,
                              const double *w, uint32_t source,
                              uint32_t target, const double *estimates,
                              double cutoff, double *length, uint32_t *path)
{
    enum { ENTRIES = MAX_ARCS * MAX_NODES + 1 };
    static entry queue[ENTRIES];
    int enqueued[MAX_NODES] = {0}, explored[MAX_NODES] = {0};
    double qcost[MAX_NODES];
    uint32_t parent_of[MAX_NODES];
    size_t size = 0, left = 1, counter = 0, count = 0, i;

    queue[size++] = (entry){0, counter++, source, 0, UINT32_MAX, 1};
    while (left) {
        size_t first = SIZE_MAX;
        entry e;

        for (i = 0; i < size; i++)
            if (queue[i].live &&
                (first == SIZE_MAX || queue[i].priority < queue[first].priority ||
                 (queue[i].priority == queue[first].priority &&
                  queue[i].counter < queue[first].counter)))
                first = i;
        queue[first].live = 0;
        left--;
        e = queue[first];
        if (e.node == target) {
            uint32_t v;

            path[count++] = target;
            for (v = e.parent; v != UINT32_MAX; v = parent_of[v])
                path[count++] = v;
            for (i = 0; i < count / 2; i++) {
                uint32_t swap = path[i];

                path[i] = path[count - 1 - i];
                path[count - 1 - i] = swap;
            }
            /* networkx's astar_path_length: each step's lightest arc */
            *length = 0;
            for (i = 1; i < count; i++) {
                double lightest = INFINITY;
                size_t k;

                for (k = 0; k < m; k++)
                    if (t[k] == path[i - 1] && h[k] == path[i] && w[k] < lightest)
                        lightest = w[k];
                *length += lightest;
            }
            return count;
        }
        if (explored[e.node]) {
            if (parent_of[e.node] == UINT32_MAX)
                continue;
            if (qcost[e.node] < e.dist)
                continue;
        }
        explored[e.node] = 1;
        parent_of[e.node] = e.parent;
        for (i = 0; i < m; i++) {
            double ncost;

            if (t[i] != e.node)
                continue;
            ncost = e.dist + w[i];
            if (enqueued[h[i]] && qcost[h[i]] <= ncost)
                continue;
            if (ncost + estimates[h[i]] > cutoff)
                continue;
            if (size == ENTRIES)
                return SIZE_MAX; /* never the search's count: fails */
            enqueued[h[i]] = 1;
            qcost[h[i]] = ncost;
            queue[size++] = (entry){ncost + estimates[h[i]], counter++, h[i],
                                    ncost, e.node, 1};
            left++;
        }
    }
    return 0;
}

static void test_astar_random_graphs(void)
{
    uint32_t t[MAX_ARCS], h[MAX_ARCS], path[MAX_NODES], expected[MAX_NODES];
    double w[MAX_ARCS], estimates[MAX_NODES];
    unsigned state = 11;
    int round;

    for (round = 0; round < RANDOM_GRAPHS; round++) {
        size_t n = 1 + next_random(&state) % MAX_NODES;
        size_t m = next_random(&state) % (round % 2 ? MAX_ARCS : 2 * n), i;
        int kind = round % 3;
        fh_graph *g;

        for (i = 0; i < m; i++) {
            t[i] = (uint32_t)(next_random(&state) % n);
            h[i] = (uint32_t)(next_random(&state) % n);
            w[i] = round % 4 < 2 ? (double)(next_random(&state) % (round % 4 ? 10 : 3))
                                 : (double)(next_random(&state) % 1000) / 7;
        }
        g = make(n, m, t, h, w);
        CHECK(g != NULL);
        for (i = 0; i < 8; i++) {
            uint32_t source = (uint32_t)(next_random(&state) % n);
            uint32_t target = (uint32_t)(next_random(&state) % n), v;
            double cutoff = i % 3 ? INFINITY : (double)(next_random(&state) % 20);
            double length = -1, expected_length = -1;
            size_t count, expected_count;
            table tab;

            /* zero; an estimate up to 4 (inconsistent: reopens nodes); or
             * half the node's index (no ties between estimates) */
            for (v = 0; v < n; v++)
                estimates[v] = kind == 0 ? 0 : kind == 1 ? (double)(next_random(&state) % 5) : 0.5 * v;
            tab = table_of(estimates);
            CHECK_EQ(fh_graph_astar(g, source, target, from_table, &tab, cutoff,
                                    &length, path, &count, NULL),
                     FH_OK);
            expected_count = reference_astar(m, t, h, w, source, target, estimates,
                                             cutoff, &expected_length, expected);
            CHECK_EQ(count, expected_count);
            for (v = 0; v < count; v++)
                CHECK_EQ(path[v], expected[v]);
            if (count)
                CHECK(length == expected_length);
            for (v = 0; v < n; v++)
                CHECK(tab.calls[v] <= 1);
        }
        fh_graph_free(g);
    }
}

void run_astar_tests(void)
{
    RUN_TEST(test_astar_small);
    RUN_TEST(test_astar_failures);
    RUN_TEST(test_astar_random_graphs);
}
