/* fiboheap's invariant checker (fh_check): fib_forest.h's forest_check,
 * with what the general heap adds to each node. */
#include "fiboheap_internal.h"

/* Checked on each node before its links are followed. */
static const char *check_fields(const fh_heap *h, const fh_node *x)
{
    if (seq_of(x) == 0)
        return "a node in the heap is marked free";
    if (is_nan(x->key))
        return "a key is NaN";
    if (!tag_leads_to(h, tag_of(x)))
        return "a node belongs to another heap";
    return NULL;
}

int fh_check(fh_heap *h, const char **what)
{
    const char *broken;

    pthread_mutex_lock(&h->lock);
    broken = forest_check(h, h->count, check_fields);
    pthread_mutex_unlock(&h->lock);
    if (what)
        *what = broken;
    return broken ? FH_ECORRUPT : FH_OK;
}
