/* fiboheap's invariant checker (fh_check): every node visited once, without
 * recursion, each invariant named when broken. */
#include "fiboheap_internal.h"

/* Checks x's sibling list and children; returns the broken invariant. */
static const char *check_node(fh_heap *h, fh_node *x, unsigned degree_bound)
{
    fh_node *c;
    unsigned children = 0;

    if (seq_of(x) == 0)
        return "a node in the heap is marked free";
    if (is_nan(x->key))
        return "a key is NaN";
    if (!x->parent && (x->left->right != x || x->right->left != x))
        return "sibling links are not mutual";
    if (x->parent && ((x->left ? x->left->right : x->parent->child) != x ||
                      (x->right && x->right->left != x)))
        return "sibling links are not mutual";
    if (!tag_leads_to(h, tag_of(x)))
        return "a node belongs to another heap";
    if (degree_of(x) > degree_bound)
        return "a degree exceeds the Fibonacci bound";
    if (!x->parent && is_marked(x))
        return "a root is marked";
    if (x->parent && less(x, x->parent))
        return "a child is less than its parent (heap order)";
    if (!x->parent && less(x, h->min))
        return "a root is less than min";
    for (c = x->child; c; c = c->right) {
        if (c->parent != x)
            return "a child's parent link is wrong";
        if (++children > degree_of(x))
            return "a degree does not match its child count";
    }
    if (children != degree_of(x))
        return "a degree does not match its child count";
    return NULL;
}

static const char *check_locked(fh_heap *h)
{
    fh_node *x;
    unsigned bound = max_degree(h->count);
    size_t seen = 0;
    const char *broken;

    if (!h->min)
        return h->count == 0 ? NULL : "count is not 0 in an empty heap";
    if (h->min->parent)
        return "min is not a root";
    /* check_node vouches for x's links before walk_next follows them. */
    for (x = h->min; x; x = walk_next(h, x)) {
        if (++seen > h->count)
            return "more nodes than count (or a cycle)";
        if ((broken = check_node(h, x, bound)) != NULL)
            return broken;
    }
    return seen == h->count ? NULL : "fewer nodes than count";
}

int fh_check(fh_heap *h, const char **what)
{
    const char *broken;

    pthread_mutex_lock(&h->lock);
    broken = check_locked(h);
    pthread_mutex_unlock(&h->lock);
    if (what)
        *what = broken;
    return broken ? FH_ECORRUPT : FH_OK;
}
