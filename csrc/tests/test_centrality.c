/* centrality.c and fh_graph_closeness: Brandes' betweenness against
 * networkx's loops written here as networkx writes them (lazy heapq
 * entries popped by (distance, counter), predecessor lists, the push
 * accumulation), on random graphs with small integer weights and zeros
 * (many equal paths, nodes at one distance joined by zero-weight arcs),
 * self-loops; parallel arcs through fh_graph_simple; the batch on two
 * threads; stops and bad weights. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../fiboheap.h"
#include "../graph.h"
#include "support.h"
#include "testing.h"

enum { GRAPHS = 300, MAXN = 24, MAXM = 120 };

/* A graph as networkx sees it: each node's arcs in order, no parallels. */
typedef struct ref_graph {
    size_t n, m;
    uint32_t t[MAXM], h[MAXM];
    double w[MAXM];
} ref_graph;

typedef struct entry {
    double dist;
    size_t count;
    uint32_t pred, v;
    int live;
} entry;

/* networkx's _single_source_dijkstra_path_basic and _accumulate_*: adds
 * to node_bc (n) and edge_bc (an n x n matrix of (v, w) pairs). */
static void reference(const ref_graph *g, uint32_t s, int endpoints,
                      double *node_bc, double *edge_bc)
{
    static entry q[MAXM + 1];
    double sigma[MAXN], seen[MAXN], dist[MAXN], delta[MAXN];
    int in_d[MAXN], in_seen[MAXN];
    uint32_t preds[MAXN][MAXN], pred_count[MAXN], order[MAXN];
    size_t qn = 0, counter = 0, settled = 0, i, k, e;

    for (i = 0; i < g->n; i++) {
        sigma[i] = 0;
        in_d[i] = in_seen[i] = 0;
        pred_count[i] = 0;
    }
    sigma[s] = 1.0;
    seen[s] = 0;
    in_seen[s] = 1;
    q[qn++] = (entry){0, counter++, s, s, 1};
    for (;;) {
        size_t best = SIZE_MAX;
        entry x;

        for (k = 0; k < qn; k++)
            if (q[k].live && (best == SIZE_MAX || q[k].dist < q[best].dist ||
                              (q[k].dist == q[best].dist && q[k].count < q[best].count)))
                best = k;
        if (best == SIZE_MAX)
            break;
        q[best].live = 0;
        x = q[best];
        if (in_d[x.v])
            continue;
        sigma[x.v] += sigma[x.pred];
        order[settled++] = x.v;
        in_d[x.v] = 1;
        dist[x.v] = x.dist;
        for (e = 0; e < g->m; e++) {
            uint32_t w = g->h[e];
            double vw;

            if (g->t[e] != x.v)
                continue;
            vw = x.dist + g->w[e];
            if (!in_d[w] && (!in_seen[w] || vw < seen[w])) {
                seen[w] = vw;
                in_seen[w] = 1;
                q[qn++] = (entry){vw, counter++, x.v, w, 1};
                sigma[w] = 0.0;
                preds[w][0] = x.v;
                pred_count[w] = 1;
            } else if (vw == seen[w]) {
                sigma[w] += sigma[x.v];
                preds[w][pred_count[w]++] = x.v;
            }
        }
    }
    (void)dist;
    for (i = 0; i < g->n; i++)
        delta[i] = 0;
    if (endpoints && node_bc)
        node_bc[s] += (double)(settled - 1);
    while (settled) {
        uint32_t w = order[--settled];
        double coeff = (1 + delta[w]) / sigma[w];

        for (k = 0; k < pred_count[w]; k++) {
            uint32_t v = preds[w][k];
            double c = sigma[v] * coeff;

            if (edge_bc)
                edge_bc[v * g->n + w] += c;
            delta[v] += c;
        }
        if (w != s && node_bc)
            node_bc[w] += delta[w] + (endpoints ? 1 : 0);
    }
}

static int close_to(double a, double b)
{
    return fabs(a - b) <= 1e-12 * fmax(1, fmax(fabs(a), fabs(b)));
}

static void random_graph(ref_graph *g, rng *state, int undirected)
{
    size_t i, tries;
    int used[MAXN][MAXN];

    memset(used, 0, sizeof used);
    g->n = 1 + rng_below(state, MAXN);
    g->m = 0;
    tries = rng_below(state, MAXM / 2);
    for (i = 0; i < tries; i++) {
        uint32_t t = (uint32_t)rng_below(state, g->n);
        uint32_t h = (uint32_t)rng_below(state, g->n);
        /* mostly 1..3, some zeros (equal distances), some self-loops */
        double w = (double)rng_below(state, 4);

        if (t == h && rng_below(state, 4))
            continue;
        if (used[t][h] || (undirected && used[h][t]))
            continue;
        used[t][h] = 1;
        g->t[g->m] = t, g->h[g->m] = h, g->w[g->m++] = w;
        if (undirected && t != h) {
            used[h][t] = 1;
            g->t[g->m] = h, g->h[g->m] = t, g->w[g->m++] = w;
        }
    }
}

static void test_brandes_matches_networkx(void)
{
    static double node_ref[MAXN], node_got[MAXN], edge_ref[MAXN * MAXN];
    static double arc_got[MAXM];
    uint32_t sources[MAXN], tails[MAXM], heads[MAXM];
    rng state = {2026};
    size_t round, i;

    for (round = 0; round < GRAPHS; round++) {
        ref_graph r;
        fh_graph *g = NULL, *simple = (fh_graph *)1;
        int endpoints = (int)(round % 2);

        random_graph(&r, &state, (int)(round / 2 % 2));
        CHECK_EQ(fh_graph_new(&g, r.n, r.m, r.t, r.h, r.w, 0, NULL), FH_OK);
        CHECK_EQ(fh_graph_simple(g, &simple), FH_OK);
        CHECK(simple == NULL); /* no parallel arcs */
        memset(node_ref, 0, sizeof node_ref);
        memset(node_got, 0, sizeof node_got);
        memset(edge_ref, 0, sizeof edge_ref);
        memset(arc_got, 0, sizeof arc_got);
        for (i = 0; i < r.n; i++) {
            sources[i] = (uint32_t)i;
            reference(&r, (uint32_t)i, endpoints, node_ref, edge_ref);
        }
        CHECK_EQ(fh_graph_brandes(g, sources, r.n, endpoints ? FH_BRANDES_ENDPOINTS : 0,
                                  node_got, arc_got, NULL, NULL),
                 FH_OK);
        for (i = 0; i < r.n; i++)
            CHECK(close_to(node_got[i], node_ref[i]));
        fh_graph_arcs(g, tails, heads, NULL);
        for (i = 0; i < r.m; i++)
            CHECK(close_to(arc_got[i], edge_ref[tails[i] * r.n + heads[i]]));
        fh_graph_free(g);
    }
}

static void test_simple_keeps_the_lightest(void)
{
    /* 0 -> 1 three times (3, 1, 2), 0 -> 2, 1 -> 2 twice (NaN, 0) */
    uint32_t t[] = {0, 0, 0, 0, 1, 1}, h[] = {1, 2, 1, 1, 2, 2};
    double w[] = {3, 5, 1, 2, NAN, 0};
    uint32_t tails[3], heads[3];
    fh_graph *g = NULL, *s = NULL;
    uint32_t source = 0;
    double sums[3] = {0, 0, 0};
    fh_graph_arc bad;

    CHECK_EQ(fh_graph_new(&g, 3, 6, t, h, w, 0, NULL), FH_OK);
    CHECK_EQ(fh_graph_simple(g, &s), FH_OK);
    CHECK(s != NULL);
    CHECK_EQ(fh_graph_arc_count(s), 3);
    fh_graph_arcs(s, tails, heads, NULL);
    CHECK(tails[0] == 0 && heads[0] == 1); /* at the first one's place */
    CHECK(tails[1] == 0 && heads[1] == 2);
    CHECK(tails[2] == 1 && heads[2] == 2);
    /* the NaN is kept: the search refuses the arc */
    CHECK_EQ(fh_graph_brandes(s, &source, 1, 0, sums, NULL, NULL, &bad), FH_EWEIGHT);
    CHECK(bad.tail == 1 && bad.head == 2 && isnan(bad.weight));
    fh_graph_free(g);
    fh_graph_free(s);
}

static void test_brandes_errors_and_stop(void)
{
    uint32_t t[] = {0, 1, 2}, h[] = {1, 2, 0};
    double w[] = {1, -2, 1};
    uint32_t sources[] = {0, 1, 2}, out_of_range = 3;
    double sums[3] = {0, 0, 0};
    size_t next = 0;
    fh_graph *g = NULL;
    fh_graph_arc bad;

    CHECK_EQ(fh_graph_new(&g, 3, 3, t, h, w, 0, NULL), FH_OK);
    CHECK_EQ(fh_graph_brandes(g, &out_of_range, 1, 0, sums, NULL, NULL, NULL), FH_ENODE);
    CHECK_EQ(fh_graph_brandes(g, sources, 3, 0, sums, NULL, &next, &bad), FH_EWEIGHT);
    CHECK(bad.tail == 1 && bad.head == 2 && bad.weight == -2);
    CHECK(next >= 3); /* the failure stopped the batch */
    /* A stopped batch runs nothing more. */
    fh_graph_stop(&next);
    CHECK_EQ(fh_graph_brandes(g, sources, 3, 0, sums, NULL, &next, &bad), FH_OK);
    fh_graph_stop(NULL);
    CHECK(sums[0] == 0 && sums[1] == 0 && sums[2] == 0);
    fh_graph_free(g);
}

typedef struct shared {
    const fh_graph *g;
    const uint32_t *sources;
    size_t count;
    double *node_sums;
    double *arc_sums;
    size_t *next;
    int status;
} shared;

static void *run_shared(void *arg)
{
    shared *b = arg;

    b->status = fh_graph_brandes(b->g, b->sources, b->count, 0, b->node_sums,
                                 b->arc_sums, b->next, NULL);
    return NULL;
}

static void test_brandes_on_two_threads(void)
{
    enum { N = 400, M = 3000 };
    uint32_t *t = malloc(M * sizeof *t), *h = malloc(M * sizeof *h);
    uint32_t *sources = malloc(N * sizeof *sources);
    double *w = malloc(M * sizeof *w);
    double *serial = calloc(N, sizeof *serial), *arcs = calloc(2 * M, sizeof *arcs);
    double *a = calloc(N, sizeof *a), *b = calloc(N, sizeof *b);
    double *arcs_a = calloc(2 * M, sizeof *arcs_a), *arcs_b = calloc(2 * M, sizeof *arcs_b);
    rng state = {7};
    size_t i, next = 0;
    fh_graph *g = NULL;
    shared one, two;

    CHECK(t && h && sources && w && serial && arcs && a && b && arcs_a && arcs_b);
    for (i = 0; i < M; i++) {
        t[i] = (uint32_t)rng_below(&state, N);
        h[i] = (uint32_t)rng_below(&state, N);
        w[i] = 1 + (double)rng_below(&state, 3);
    }
    for (i = 0; i < N; i++)
        sources[i] = (uint32_t)i;
    CHECK_EQ(fh_graph_new(&g, N, M, t, h, w, FH_GRAPH_UNDIRECTED, NULL), FH_OK);
    CHECK_EQ(fh_graph_brandes(g, sources, N, 0, serial, arcs, NULL, NULL), FH_OK);
    one = (shared){g, sources, N, a, arcs_a, &next, -1};
    two = (shared){g, sources, N, b, arcs_b, &next, -1};
    CHECK(run_beside(run_shared, &one, &two));
    CHECK_EQ(one.status, FH_OK);
    CHECK_EQ(two.status, FH_OK);
    for (i = 0; i < N; i++)
        CHECK(close_to(a[i] + b[i], serial[i]));
    for (i = 0; i < fh_graph_arc_count(g); i++)
        CHECK(close_to(arcs_a[i] + arcs_b[i], arcs[i]));
    fh_graph_free(g);
    free(t);
    free(h);
    free(sources);
    free(w);
    free(serial);
    free(arcs);
    free(a);
    free(b);
    free(arcs_a);
    free(arcs_b);
}

static void test_closeness_and_reverse(void)
{
    /* 0 -> 1 (2), 1 -> 2 (0.5), 0 -> 2 (4), 3 isolated */
    uint32_t t[] = {0, 1, 0}, h[] = {1, 2, 2};
    double w[] = {2, 0.5, 4};
    uint32_t sources[] = {0, 2, 3};
    double sums[3];
    size_t reached[3], next = 0;
    fh_graph *g = NULL, *r = NULL;

    CHECK_EQ(fh_graph_new(&g, 4, 3, t, h, w, 0, NULL), FH_OK);
    CHECK_EQ(fh_graph_closeness(g, sources, 3, sums, reached, NULL, NULL), FH_OK);
    CHECK(sums[0] == 4.5 && reached[0] == 3);
    CHECK(sums[1] == 0 && reached[1] == 1);
    CHECK(sums[2] == 0 && reached[2] == 1);
    CHECK_EQ(fh_graph_reverse(g, &r), FH_OK);
    CHECK_EQ(fh_graph_arc_count(r), 3);
    CHECK_EQ(fh_graph_closeness(r, sources, 3, sums, reached, &next, NULL), FH_OK);
    CHECK(sums[0] == 0 && reached[0] == 1);
    CHECK(sums[1] == 3 && reached[1] == 3); /* 2 <- 1 (0.5), 2 <- 0 (2.5) */
    sources[0] = 4;
    CHECK_EQ(fh_graph_closeness(g, sources, 3, sums, reached, NULL, NULL), FH_ENODE);
    fh_graph_free(g);
    fh_graph_free(r);
}

void run_centrality_tests(void)
{
    RUN_TEST(test_brandes_matches_networkx);
    RUN_TEST(test_simple_keeps_the_lightest);
    RUN_TEST(test_brandes_errors_and_stop);
    RUN_TEST(test_brandes_on_two_threads);
    RUN_TEST(test_closeness_and_reverse);
}
