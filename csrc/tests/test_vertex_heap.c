/* vertex_heap.h: random inserts, decrease-keys and pops against a model
 * (an array scanned for its first element), with every invariant checked
 * after each step. */
#include <stdio.h>
#include <stdlib.h>

#include "../vertex_heap.h"
#include "testing.h"

enum { NODES = 300, STEPS = 30000 };

/* What the model knows of node i: in the heap or not, key and rank. */
typedef struct model_node {
    int in_heap;
    double key;
    uint64_t rank;
} model_node;

static unsigned next_random(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return (*state >> 16) & 0x7fff;
}

/* Every invariant of the heap over nodes [0, count) (fh_vheap_check) and
 * its agreement with the model: the heap holds size nodes, each of
 * them in the model with the model's key and rank, so it holds the
 * model's nodes and no others. */
static int check_nodes(const fh_vheap *h, const model_node *model,
                       size_t count)
{
    const fh_vnode *nodes = h->nodes;
    const char *broken = fh_vheap_check(h);
    size_t in_model = 0, i;

    if (broken)
        fprintf(stderr, "vertex heap: %s\n", broken);
    ENSURE(broken == NULL);
    for (i = 0; i < count; i++) {
        int in_heap = nodes[i].parent != FH_VH_UNSEEN &&
                        nodes[i].parent != FH_VH_DONE;

        ENSURE_EQ(in_heap, model[i].in_heap);
        if (model[i].in_heap) {
            in_model++;
            ENSURE(nodes[i].key == model[i].key);
            ENSURE_EQ(nodes[i].rank, model[i].rank);
        }
    }
    ENSURE_EQ(h->size, in_model);
    return 1;
}

static int check_heap(const fh_vheap *h, const model_node *model)
{
    return check_nodes(h, model, NODES);
}

/* The model's first node: smallest key, then smallest rank. */
static uint32_t model_first(const model_node *model)
{
    uint32_t best = FH_VH_NONE, i;

    for (i = 0; i < NODES; i++)
        if (model[i].in_heap &&
            (best == FH_VH_NONE || model[i].key < model[best].key ||
             (model[i].key == model[best].key &&
              model[i].rank < model[best].rank)))
            best = i;
    return best;
}

/* Runs STEPS random operations with keys among `spread` values (a small
 * spread: many ties, so ranks decide). */
static int random_run(unsigned seed, unsigned spread)
{
    fh_vnode *nodes = malloc(fh_vheap_bytes(NODES));
    model_node model[NODES] = {{0, 0, 0}};
    uint64_t ranks = 0; /* the heap's next rank */
    fh_vheap h;
    unsigned step, state = seed;
    int ok = 1;

    ENSURE(nodes != NULL);
    fh_vheap_init(&h, nodes, NODES);
    for (step = 0; step < STEPS && ok; step++) {
        uint32_t v = next_random(&state) % NODES;
        unsigned op = next_random(&state) % 10;
        double key = (double)(next_random(&state) % spread);

        if (op < 4 && !model[v].in_heap) {
            fh_vheap_insert(&h, v, key);
            model[v].in_heap = 1;
            model[v].key = key;
            model[v].rank = ranks++;
        } else if (op < 7 && model[v].in_heap) {
            /* strictly lower; with a small spread often equal to others',
             * so the fresh rank decides */
            key = model[v].key - 1 - key;
            fh_vheap_decrease(&h, v, key);
            model[v].key = key;
            model[v].rank = ranks++;
        } else {
            uint32_t got = fh_vheap_pop(&h);

            ok = got == model_first(model);
            if (ok && got != FH_VH_NONE) {
                model[got].in_heap = 0;
                ok = nodes[got].parent == FH_VH_DONE &&
                     nodes[got].key == model[got].key;
            }
        }
        ok = ok && check_heap(&h, model);
    }
    /* Drain: pops come in the model's order to the end. */
    while (ok && h.size) {
        uint32_t expected = model_first(model);

        ok = fh_vheap_pop(&h) == expected;
        model[expected].in_heap = 0;
    }
    ok = ok && fh_vheap_pop(&h) == FH_VH_NONE && h.min == FH_VH_NONE;
    free(nodes);
    ENSURE(ok);
    return 1;
}

static void test_random_against_model(void)
{
    CHECK(random_run(1, 1000));
    CHECK(random_run(2, 5));
    CHECK(random_run(3, 1)); /* every insert at one key: ranks decide */
}

/* Long sift-ups: after one pop, each node in turn is decreased below all
 * the others, from the leaves up. */
static void test_decrease_to_top(void)
{
    fh_vnode *nodes = malloc(fh_vheap_bytes(NODES));
    model_node model[NODES] = {{0, 0, 0}};
    fh_vheap h;
    uint32_t i, rank = 0;

    CHECK(nodes != NULL);
    fh_vheap_init(&h, nodes, NODES);
    for (i = 0; i < NODES; i++) {
        fh_vheap_insert(&h, i, (double)i);
        model[i].in_heap = 1;
        model[i].key = (double)i;
        model[i].rank = rank++;
    }
    CHECK_EQ(fh_vheap_pop(&h), 0);
    model[0].in_heap = 0;
    CHECK(check_heap(&h, model));
    for (i = NODES - 1; i > 1; i--) {
        fh_vheap_decrease(&h, i, -(double)i);
        model[i].key = -(double)i;
        model[i].rank = rank++;
        if (!check_heap(&h, model))
            break;
    }
    CHECK_EQ(i, 1);
    CHECK_EQ(fh_vheap_pop(&h), NODES - 1);
    model[NODES - 1].in_heap = 0;
    CHECK(check_heap(&h, model));
    free(nodes);
}

/* Ties and reopening, as the searches use them: equal keys pop by rank
 * whatever their slots (sift-down compares ranks among siblings), and a
 * popped node goes back in with a fresh rank (A* reopens nodes). */
static void test_ties_and_reinsert(void)
{
    enum { N = 23 };
    fh_vnode *nodes = malloc(fh_vheap_bytes(N));
    fh_vheap h;
    uint32_t i;

    CHECK(nodes != NULL);
    fh_vheap_init(&h, nodes, N);
    for (i = 0; i < N; i++) /* keys 5, 4, 3, 2, 1, 5, 4, ... */
        fh_vheap_insert(&h, i, (double)(5 - i % 5));
    fh_vheap_decrease(&h, N - 1, 1.0); /* ties the 1s, after them */
    CHECK(fh_vheap_check(&h) == NULL);
    /* the 1s in insert order (4, 9, 14, 19), then 22, lowered last */
    CHECK_EQ(fh_vheap_pop(&h), 4);
    CHECK_EQ(fh_vheap_pop(&h), 9);
    fh_vheap_insert(&h, 4, 1.0); /* reopened: after every 1 in the heap */
    CHECK_EQ(nodes[4].parent != FH_VH_DONE, 1);
    CHECK_EQ(fh_vheap_pop(&h), 14);
    CHECK_EQ(fh_vheap_pop(&h), 19);
    CHECK_EQ(fh_vheap_pop(&h), N - 1);
    CHECK_EQ(fh_vheap_pop(&h), 4);
    for (i = 3; i < N; i += 5) /* then the 2s in insert order */
        CHECK_EQ(fh_vheap_pop(&h), i);
    CHECK(fh_vheap_check(&h) == NULL);
    free(nodes);
}

void run_vertex_heap_tests(void)
{
    RUN_TEST(test_random_against_model);
    RUN_TEST(test_decrease_to_top);
    RUN_TEST(test_ties_and_reinsert);
}
