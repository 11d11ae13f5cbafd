/* The Fibonacci forest (Fredman and Tarjan 1987; CLRS chapter 19): the
 * general heap's algorithms, apart from the node representation that
 * fiboheap_internal.h defines before including this file (nodes of an
 * arena, named by pointer, with payloads, tags and a packed word). The
 * graph engine's searches use a d-ary heap instead (vertex_heap.h says
 * why), so this forest has one user; it stays apart from that user so
 * that the algorithms read without the representation's atomics.
 *
 * The roots form a circular doubly linked list through left and right,
 * reached from min. A node's children form a list from its child field,
 * newest first, whose first left and last right are FOREST_NIL: linking a
 * child then touches the previous newest child only, not also the oldest,
 * which at large n is a cache miss per link. A mark says that a non-root
 * has lost a child since it became one; a second loss cuts it too, and
 * that keeps degrees logarithmic (see forest_check).
 *
 * The includer defines (and this file #undefs at its end):
 *   FOREST_HEAP          the heap's type; its field min is a root, or
 *                        FOREST_NIL when the forest is empty
 *   FOREST_NODE          the node's type, with fields parent, child, left
 *                        and right
 *   FOREST_REF           how one node names another
 *   FOREST_NIL           the ref of no node
 *   FOREST_ROOT          what a root's parent field holds
 *   FOREST_AT(h, r)      the node r names, a FOREST_NODE *
 *   FOREST_BEFORE(x, y)  whether node x pops before node y (a strict total
 *                        order: the heap breaks ties between equal keys)
 *   FOREST_DEGREE(x), FOREST_ADD_DEGREE(x, delta): x's number of children
 *   FOREST_MARKED(x), FOREST_MARK(x), FOREST_UNMARK(x)
 *
 * Macros, not a struct of function pointers, so that the code compiles as
 * if written for the representation (which packs degree and mark into an
 * atomic word): an indirect call per comparison or link would cost on
 * every operation. The functions have fixed names, so a translation unit
 * includes one representation only. Nothing here recurses, allocates or
 * fails. */
#ifdef FIB_FOREST_H
#error "fib_forest.h: one node representation per translation unit"
#endif
#define FIB_FOREST_H

#include <stddef.h>
#include <stdint.h>

/* The includer's types, under names that read as declarations (a macro
 * such as fh_node * would not distribute over a list of declarators). */
typedef FOREST_HEAP forest_heap;
typedef FOREST_NODE forest_node;
typedef FOREST_REF forest_ref;

/* Room for any degree: a node of degree d roots at least F(d + 2) nodes,
 * the heap holds fewer than 2^31 nodes and F(47) > 2^31, so degrees stay
 * below 45. */
#define FOREST_MAX_DEGREE 48

/* The largest degree in a forest of n nodes: d with F(d + 2) <= n. */
static inline unsigned forest_max_degree(size_t n)
{
    size_t a = 1, b = 2; /* F(2), F(3) */
    unsigned d = 0;

    while (b <= n) {
        size_t c = a + b;

        if (c < b) /* overflow: n is beyond any real heap */
            break;
        a = b;
        b = c;
        d++;
    }
    return d;
}

/* Makes node r, detached, a root: into the root list just after min. */
static inline void forest_add_root(forest_heap *h, forest_ref r)
{
    forest_node *x = FOREST_AT(h, r), *min;

    x->parent = FOREST_ROOT;
    FOREST_UNMARK(x);
    if (h->min == FOREST_NIL) {
        x->left = x->right = r;
        h->min = r;
        return;
    }
    min = FOREST_AT(h, h->min);
    x->left = h->min;
    x->right = min->right;
    FOREST_AT(h, min->right)->left = r;
    min->right = r;
    if (FOREST_BEFORE(x, min))
        h->min = r;
}

/* Cuts non-root r from its parent and makes it a root, then does the same
 * to each ancestor that had lost a child already (marked), up to the first
 * that had not, which is marked now (the cascading cut). */
static inline void forest_cut(forest_heap *h, forest_ref r)
{
    forest_node *x = FOREST_AT(h, r);

    for (;;) {
        forest_ref p = x->parent;
        forest_node *parent = FOREST_AT(h, p);

        if (x->left == FOREST_NIL)
            parent->child = x->right;
        else
            FOREST_AT(h, x->left)->right = x->right;
        if (x->right != FOREST_NIL)
            FOREST_AT(h, x->right)->left = x->left;
        FOREST_ADD_DEGREE(parent, -1);
        forest_add_root(h, r);
        if (parent->parent == FOREST_ROOT)
            return;
        if (!FOREST_MARKED(parent)) {
            FOREST_MARK(parent);
            return;
        }
        r = p;
        x = parent;
    }
}

/* Restores the heap's order after node r (in the forest) moved earlier:
 * O(1) amortized. */
static inline void forest_moved_up(forest_heap *h, forest_ref r)
{
    forest_node *x = FOREST_AT(h, r);

    if (x->parent == FOREST_ROOT) {
        if (FOREST_BEFORE(x, FOREST_AT(h, h->min)))
            h->min = r;
    } else if (FOREST_BEFORE(x, FOREST_AT(h, x->parent))) {
        forest_cut(h, r);
    }
}

/* consolidate's degree table: slot d holds the one root of degree d met so
 * far, and bit d of filled says whether it does, so that one store clears
 * the table and the survivors are found without reading empty slots. */
typedef struct forest_table {
    uint64_t filled;
    forest_ref slot[FOREST_MAX_DEGREE];
} forest_table;

_Static_assert(FOREST_MAX_DEGREE <= 64, "filled has a bit per slot");

/* The index of the lowest set bit of a nonzero word. */
static inline unsigned forest_lowest_bit(uint64_t word)
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctzll(word);
#else
    unsigned d = 0;

    while (!(word & 1)) {
        word >>= 1;
        d++;
    }
    return d;
#endif
}

/* Enters root r, linking it with the root of equal degree already in the
 * table (the one that pops later becomes the other's newest child), the
 * result with the next, and so on. r's sibling links are stale. */
static inline void forest_enter(forest_heap *h, forest_table *t, forest_ref r)
{
    unsigned d = FOREST_DEGREE(FOREST_AT(h, r));
    uint64_t bit = (uint64_t)1 << d;

    while (t->filled & bit) {
        forest_ref y = t->slot[d];
        forest_node *px, *py;

        if (FOREST_BEFORE(FOREST_AT(h, y), FOREST_AT(h, r))) {
            y = r;
            r = t->slot[d];
        }
        px = FOREST_AT(h, r);
        py = FOREST_AT(h, y);
        py->parent = r;
        py->left = FOREST_NIL;
        py->right = px->child;
        if (px->child != FOREST_NIL)
            FOREST_AT(h, px->child)->left = y;
        px->child = y;
        FOREST_ADD_DEGREE(px, 1);
        t->filled ^= bit;
        bit <<= 1;
        d++;
    }
    t->filled |= bit;
    t->slot[d] = r;
}

/* Links roots of equal degree until all degrees differ, then makes the
 * survivors the root list and min the first of them: the one O(log n)
 * amortized step. The roots are roots, a circular list (or FOREST_NIL),
 * then children, a child list (or FOREST_NIL) whose nodes still carry
 * their parent and their mark. */
static inline void forest_consolidate(forest_heap *h, forest_ref roots,
                                      forest_ref children)
{
    forest_table t;
    forest_ref r, next, first = FOREST_NIL, last = FOREST_NIL;
    forest_node *x, *min = NULL;

    t.filled = 0;
    if (roots != FOREST_NIL) /* walk both as one list */
        FOREST_AT(h, FOREST_AT(h, roots)->left)->right = children;
    else
        roots = children;
    for (r = roots; r != FOREST_NIL; r = next) {
        x = FOREST_AT(h, r);
        next = x->right;
        x->parent = FOREST_ROOT;
        FOREST_UNMARK(x);
        forest_enter(h, &t, r);
    }
    for (; t.filled; t.filled &= t.filled - 1) {
        r = t.slot[forest_lowest_bit(t.filled)];
        x = FOREST_AT(h, r);
        if (first == FOREST_NIL) {
            first = h->min = r;
            min = x;
        } else {
            FOREST_AT(h, last)->right = r;
            x->left = last;
            if (FOREST_BEFORE(x, min)) {
                h->min = r;
                min = x;
            }
        }
        last = r;
    }
    if (first == FOREST_NIL) {
        h->min = FOREST_NIL;
        return;
    }
    FOREST_AT(h, last)->right = first;
    FOREST_AT(h, first)->left = last;
}

/* Takes root r out of the forest; its children become roots. */
static inline void forest_remove_root(forest_heap *h, forest_ref r)
{
    forest_node *x = FOREST_AT(h, r);
    forest_ref rest = x->right == r ? FOREST_NIL : x->right;

    FOREST_AT(h, x->left)->right = x->right;
    FOREST_AT(h, x->right)->left = x->left;
    forest_consolidate(h, rest, x->child);
}

/* The node after r in a depth-first walk of the forest from min, or
 * FOREST_NIL at the end; parent links stand in for a stack. */
static inline forest_ref forest_walk_next(const forest_heap *h, forest_ref r)
{
    const forest_node *x = FOREST_AT(h, r);

    if (x->child != FOREST_NIL)
        return x->child;
    while (x->parent != FOREST_ROOT) {
        if (x->right != FOREST_NIL)
            return x->right;
        x = FOREST_AT(h, x->parent);
    }
    return x->right != h->min ? x->right : FOREST_NIL;
}

/* Checks node r's links and children; returns the broken invariant. The
 * degree bound is checked where it comes from (CLRS lemma 19.1): the i-th
 * oldest child of a node was linked to it when the node had i - 1 children
 * or more, so had as many itself, and has lost one at most since, then
 * marked. That keeps a subtree of degree d at F(d + 2) nodes or more, and
 * it breaks as soon as a cut does not cascade. */
static inline const char *forest_check_node(const forest_heap *h,
                                            forest_ref r)
{
    const forest_node *x = FOREST_AT(h, r), *c;
    forest_ref cr;
    unsigned children = 0, degree = FOREST_DEGREE(x);

    if (x->parent == FOREST_ROOT) {
        if (FOREST_AT(h, x->left)->right != r ||
            FOREST_AT(h, x->right)->left != r)
            return "sibling links are not mutual";
        if (FOREST_MARKED(x))
            return "a root is marked";
        if (FOREST_BEFORE(x, FOREST_AT(h, h->min)))
            return "a root is less than min";
    } else {
        const forest_node *parent = FOREST_AT(h, x->parent);

        if ((x->left != FOREST_NIL ? FOREST_AT(h, x->left)->right
                                   : parent->child) != r ||
            (x->right != FOREST_NIL && FOREST_AT(h, x->right)->left != r))
            return "sibling links are not mutual";
        if (FOREST_BEFORE(x, parent))
            return "a child is less than its parent (heap order)";
    }
    for (cr = x->child; cr != FOREST_NIL; cr = FOREST_AT(h, cr)->right) {
        if (FOREST_AT(h, cr)->parent != r)
            return "a child's parent link is wrong";
        if (++children > degree)
            return "a degree does not match its child count";
    }
    if (children != degree)
        return "a degree does not match its child count";
    /* Newest first: the child after `children` newer ones is the
     * (degree - children)-th oldest. */
    children = 0;
    for (cr = x->child; cr != FOREST_NIL; cr = c->right, children++) {
        c = FOREST_AT(h, cr);
        if (FOREST_DEGREE(c) + (FOREST_MARKED(c) != 0) + children + 1 <
            degree)
            return "a degree exceeds the Fibonacci bound";
    }
    return NULL;
}

/* Every invariant of a forest that should hold count nodes, each visited
 * once without recursion; more (if not NULL) checks what the heap adds to
 * each node. Returns the broken invariant, or NULL. */
static inline const char *forest_check(
    const forest_heap *h, size_t count,
    const char *(*more)(const forest_heap *, const forest_node *))
{
    forest_ref r;
    size_t seen = 0;
    const char *broken;

    if (h->min == FOREST_NIL)
        return count == 0 ? NULL : "count is not 0 in an empty heap";
    if (FOREST_AT(h, h->min)->parent != FOREST_ROOT)
        return "min is not a root";
    /* forest_check_node vouches for r's links before the walk follows
     * them; more comes first, so that it can refuse a node before any of
     * its fields is trusted. */
    for (r = h->min; r != FOREST_NIL; r = forest_walk_next(h, r)) {
        if (++seen > count)
            return "more nodes than count (or a cycle)";
        if (more && (broken = more(h, FOREST_AT(h, r))) != NULL)
            return broken;
        if ((broken = forest_check_node(h, r)) != NULL)
            return broken;
    }
    return seen == count ? NULL : "fewer nodes than count";
}

#undef FOREST_HEAP
#undef FOREST_NODE
#undef FOREST_REF
#undef FOREST_NIL
#undef FOREST_ROOT
#undef FOREST_AT
#undef FOREST_BEFORE
#undef FOREST_DEGREE
#undef FOREST_ADD_DEGREE
#undef FOREST_MARKED
#undef FOREST_MARK
#undef FOREST_UNMARK
