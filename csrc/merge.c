/* fiboheap's merge: O(1) through tag forwarding, and the retagging that
 * keeps a heap's tag list bounded. */
#include "fiboheap_internal.h"

/* Points every node of h at its current tag and returns h's other tags to
 * the arena: they are unreachable then, since only h's nodes (and free
 * nodes, whose seq 0 is checked first) point into h's tag family. */
static void retag(fh_heap *h)
{
    fh_arena *a = h->arena;
    fh_tag *t, *next;
    fh_node *x;

    for (x = h->min; x; x = forest_walk_next(h, x))
        set_tag(x, h->tag);
    pthread_mutex_lock(&a->lock);
    for (t = h->tags; t; t = next) {
        next = t->next;
        if (t != h->tag) {
            t->next = a->free_tags;
            a->free_tags = t;
        }
    }
    pthread_mutex_unlock(&a->lock);
    set_into(h->tag, NULL);
    h->tag->next = NULL;
    h->tags = h->tags_last = h->tag;
    h->tag_count = 1;
}

/* Joins two circular root lists into one. */
static void splice(fh_node *a, fh_node *b)
{
    fh_node *a_last = a->left, *b_last = b->left;

    a_last->right = b;
    b->left = a_last;
    b_last->right = a;
    a->left = b_last;
}

/* Locks two heaps in id order, so two opposite merges cannot deadlock, nor
 * a merge and fh_arena_fork_prepare. */
static void lock_pair(fh_heap *a, fh_heap *b)
{
    if (a->id > b->id) {
        fh_heap *t = a;
        a = b;
        b = t;
    }
    pthread_mutex_lock(&a->lock);
    pthread_mutex_lock(&b->lock);
}

/* src_owner FH__ANY_OWNER (fh_merge): src keeps its word. */
int fh_merge_owned(fh_heap *dst, fh_heap *src, uint64_t src_owner)
{
    fh_tag *fresh;

    if (dst == src)
        return FH_ESAME;
    if (dst->arena != src->arena)
        return FH_EARENA;
    if (dst->sign != src->sign)
        return FH_EORDER;
    fresh = fh__tag_new(src->arena); /* before any change: failure leaves both */
    if (!fresh)
        return FH_ENOMEM;
    lock_pair(dst, src);
    if (src->min) {
        if (dst->min)
            splice(dst->min, src->min);
        if (!dst->min || less(src->min, dst->min))
            dst->min = src->min;
        dst->count += src->count;
        dst->changes++;
        src->changes++;
    }
    set_into(src->tag, dst->tag);
    src->tags_last->next = dst->tags;
    dst->tags = src->tags;
    dst->tag_count += src->tag_count;
    src->tag = src->tags = src->tags_last = fresh;
    src->tag_count = 1;
    src->min = NULL;
    src->count = 0;
    if (src_owner != FH__ANY_OWNER)
        src->owner = src_owner;
    /* Each merge leaves dst one more tag. Retagging costs O(count), paid for
     * by the more than count merges since the last one: O(1) amortized. */
    if (dst->tag_count > dst->count + FH_REFILL)
        retag(dst);
    pthread_mutex_unlock(&dst->lock);
    pthread_mutex_unlock(&src->lock);
    return FH_OK;
}

int fh_merge(fh_heap *dst, fh_heap *src)
{
    return fh_merge_owned(dst, src, FH__ANY_OWNER);
}
