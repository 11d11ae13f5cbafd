/* fh_check must catch broken heaps, which the public API cannot make. This
 * file includes the private header to break heaps on purpose, through the
 * structures it defines. */
#include "../fiboheap_internal.h"

#include <math.h>

#include "support.h"
#include "testing.h"

enum { ELEMENTS = 20 };

/* Elements in trees: inserting, then popping one, consolidates them. */
static fh_heap *heap_with_trees(fh_arena *a, fh_ref *refs)
{
    fh_heap *h = fh_new(a);
    size_t i;

    ENSURE(h != NULL);
    for (i = 0; i < ELEMENTS; i++) {
        refs[i] = fh_insert(h, (double)i, payload_for(i));
        ENSURE(refs[i] >= 0);
    }
    ENSURE(fh_insert(h, -1.0, NULL) >= 0);
    ENSURE_EQ(fh_pop(h, NULL, NULL), FH_OK);
    ENSURE_EQ(fh_check(h, NULL), FH_OK);
    return h;
}

static int reports_corruption(fh_heap *h)
{
    const char *what = NULL;

    ENSURE_EQ(fh_check(h, &what), FH_ECORRUPT);
    ENSURE(what != NULL && *what != '\0');
    return 1;
}

/* Some element that is a child, not a root, and has siblings. */
static fh_node *some_child(fh_heap *h, const fh_ref *refs)
{
    size_t i;

    for (i = 0; i < ELEMENTS; i++) {
        fh_node *x = owned(h, refs[i]);

        if (x && x->parent && x->right) /* a child with a next sibling */
            return x;
    }
    return NULL;
}

static void test_check_reports_broken_invariants(void)
{
    fh_arena *a = fh_arena_new(NULL);
    fh_ref refs[ELEMENTS];
    fh_heap *h = heap_with_trees(a, refs);
    fh_node *child, *parent_of_child;
    double key;
    uint64_t seq;

    CHECK(h != NULL);
    child = some_child(h, refs);
    CHECK(child != NULL);
    parent_of_child = child->parent;
    key = child->key;
    seq = seq_of(child);

    child->key = NAN;
    CHECK(reports_corruption(h));
    child->key = parent_of_child->key - 1.0; /* breaks heap order */
    CHECK(reports_corruption(h));
    child->key = key;

    h->count++;
    CHECK(reports_corruption(h));
    h->count -= 2;
    CHECK(reports_corruption(h));
    h->count++;

    set_marked(h->min, 1);
    CHECK(reports_corruption(h));
    set_marked(h->min, 0);

    set_degree(parent_of_child, degree_of(parent_of_child) + 1u);
    CHECK(reports_corruption(h));
    set_degree(parent_of_child, degree_of(parent_of_child) - 1);

    child->right->left = child->right; /* sibling links no longer mutual */
    CHECK(reports_corruption(h));
    child->right->left = child;

    set_seq(child, 0); /* looks like a free node */
    CHECK(reports_corruption(h));
    set_seq(child, seq);

    CHECK_EQ(fh_check(h, NULL), FH_OK);
    fh_free(h);
    fh_arena_free(a);
}

void run_check_tests(void)
{
    RUN_TEST(test_check_reports_broken_invariants);
}
