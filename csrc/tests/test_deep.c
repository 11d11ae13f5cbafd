/* Deep trees: a heap whose tree is a 100,000-node chain, every chain node
 * marked, so validation, clearing, freeing and one cascading cut all run
 * 100,000 levels deep. They run on a 2 MiB stack, where recursing once per
 * level would overflow. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>

#include "../fiboheap.h"
#include "support.h"
#include "testing.h"

enum { DEPTH = 100000, SMALL_STACK = 2 * 1024 * 1024 };

/* The chain's state between growth steps: one tree whose root has two
 * children, a leaf and the rest of the chain. */
typedef struct chain {
    fh_heap *h;
    fh_ref root, leaf;
    fh_ref bottom, below_bottom; /* the two deepest nodes */
    double root_key;
    char *live; /* live[n]: payload_for(n) is in the heap */
    size_t inserted;
} chain;

static int insert_into_chain(chain *c, double key, fh_ref *ref)
{
    *ref = fh_insert(c->h, key, payload_for(c->inserted));
    ENSURE(*ref >= 0);
    c->live[c->inserted++] = 1;
    return 1;
}

static int pop_from_chain(chain *c, double expected_key)
{
    double key;
    void *payload;

    ENSURE_EQ(fh_pop(c->h, &key, &payload), FH_OK);
    ENSURE(key == expected_key);
    c->live[payload_number(payload)] = 0;
    return 1;
}

static int remove_from_chain(chain *c, fh_ref ref)
{
    void *payload;

    ENSURE_EQ(fh_remove(c->h, ref, &payload), FH_OK);
    c->live[payload_number(payload)] = 0;
    return 1;
}

/* Starts the chain: p gets child q, then r gets children s and p.
 * Consolidation links roots of equal degree, so this shape does not depend
 * on the order in which the roots are visited. */
static int start_chain(chain *c)
{
    fh_ref ignored;

    ENSURE(insert_into_chain(c, 0.0, &c->bottom));
    ENSURE(insert_into_chain(c, 1.0, &c->below_bottom));
    ENSURE(insert_into_chain(c, -10.0, &ignored));
    ENSURE(pop_from_chain(c, -10.0)); /* p(q) */
    ENSURE(insert_into_chain(c, -20.0, &ignored));
    ENSURE(insert_into_chain(c, -15.0, &c->root));
    ENSURE(insert_into_chain(c, -14.0, &c->leaf));
    ENSURE(pop_from_chain(c, -20.0)); /* r(s, p(q)) */
    c->root_key = -15.0;
    return 1;
}

/* Puts a new root of degree 2 on top of the chain and marks the old root.
 * With x < a < b < c < d below every key, popping x links a, b, c, d into
 * one tree of degree 2 rooted at a, which then takes the old root R (also
 * of degree 2) as a third child. Removing c and d leaves a with children b
 * and R, whatever the pairing was; removing R's leaf marks R. */
static int grow_chain(chain *c)
{
    double k = c->root_key;
    fh_ref x, a, b, cc, d;

    ENSURE(insert_into_chain(c, k - 5.0, &x));
    ENSURE(insert_into_chain(c, k - 4.0, &a));
    ENSURE(insert_into_chain(c, k - 3.0, &b));
    ENSURE(insert_into_chain(c, k - 2.0, &cc));
    ENSURE(insert_into_chain(c, k - 1.0, &d));
    ENSURE(pop_from_chain(c, k - 5.0));
    ENSURE(remove_from_chain(c, cc));
    ENSURE(remove_from_chain(c, d));
    ENSURE(remove_from_chain(c, c->leaf));
    c->root = a;
    c->leaf = b;
    c->root_key = k - 4.0;
    return 1;
}

/* Builds a chain of DEPTH marked nodes above r, p and q. */
static int build_chain(chain *c, fh_heap *h)
{
    size_t i;

    c->h = h;
    c->inserted = 0;
    c->live = calloc(5 * DEPTH + 6, 1);
    ENSURE(c->live != NULL);
    ENSURE(start_chain(c));
    for (i = 0; i < DEPTH; i++)
        ENSURE(grow_chain(c));
    ENSURE_EQ(fh_size(h), DEPTH + 4); /* the chain, r, p, q and a leaf */
    ENSURE_EQ(fh_check(h, NULL), FH_OK);
    return 1;
}

static int clear_returns_each_live_payload_once(chain *c)
{
    size_t size = fh_size(c->h), count, i;
    void **payloads = malloc(size * sizeof *payloads);

    ENSURE(payloads != NULL);
    ENSURE_EQ(fh_clear(c->h, payloads, size, &count), FH_OK);
    ENSURE_EQ(count, size);
    for (i = 0; i < count; i++) {
        size_t n = payload_number(payloads[i]);

        ENSURE(n < c->inserted && c->live[n]);
        c->live[n] = 0;
    }
    free(payloads);
    ENSURE_EQ(fh_size(c->h), 0);
    ENSURE_EQ(fh_check(c->h, NULL), FH_OK);
    return 1;
}

/* Cutting q marks p; cutting p then cuts every marked ancestor in turn. */
static int cut_whole_chain(chain *c)
{
    double previous = -INFINITY, key;
    size_t popped = 0;

    ENSURE_EQ(fh_decrease_key(c->h, c->below_bottom, -1e9), FH_OK);
    ENSURE_EQ(fh_decrease_key(c->h, c->bottom, -1e9 - 1.0), FH_OK);
    ENSURE_EQ(fh_check(c->h, NULL), FH_OK);
    while (fh_pop(c->h, &key, NULL) == FH_OK) {
        ENSURE(key >= previous);
        previous = key;
        popped++;
    }
    ENSURE_EQ(popped, DEPTH + 4);
    return 1;
}

static void deep_chains(void)
{
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *h = fh_new(a);
    chain c;

    CHECK(a != NULL && h != NULL);
    CHECK(build_chain(&c, h));
    CHECK(clear_returns_each_live_payload_once(&c));
    free(c.live);

    CHECK(build_chain(&c, h));
    free(c.live);
    fh_free(h); /* with the whole chain in it */

    CHECK((h = fh_new(a)) != NULL);
    CHECK(build_chain(&c, h));
    CHECK(cut_whole_chain(&c));
    free(c.live);
    fh_free(h);
    fh_arena_free(a);
}

static void *deep_chains_thread(void *unused)
{
    (void)unused;
    deep_chains();
    return NULL;
}

static void test_deep_chain_on_small_stack(void)
{
    pthread_attr_t attr;
    pthread_t thread;

    CHECK_EQ(pthread_attr_init(&attr), 0);
    CHECK_EQ(pthread_attr_setstacksize(&attr, SMALL_STACK), 0);
    CHECK_EQ(pthread_create(&thread, &attr, deep_chains_thread, NULL), 0);
    CHECK_EQ(pthread_join(thread, NULL), 0);
    CHECK_EQ(pthread_attr_destroy(&attr), 0);
}

void run_deep_tests(void)
{
    RUN_TEST(test_deep_chain_on_small_stack);
}
