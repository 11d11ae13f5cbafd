/* fiboheap's snapshot: every element copied out under the lock, then, for
 * an ordered snapshot, sorted by insertion number outside it. */
#include "fiboheap_internal.h"

#include <string.h>

/* One element of a snapshot for the radix sort: its insertion number and
 * its position in the unsorted snapshot. */
typedef struct seq_at {
    uint64_t seq;
    size_t at;
} seq_at;

/* Sorts items[0..n) by seq with an LSD radix sort, FH_RADIX_BITS per pass:
 * O(n) per pass and ceil(span bits / FH_RADIX_BITS) passes, span being the
 * largest seq minus the smallest (under 2^51). Stable; spare holds n items.
 * Returns the array the result is in (items or spare). */
#define FH_RADIX_BITS 11
static seq_at *radix_sort(seq_at *items, seq_at *spare, size_t n)
{
    size_t counts[1u << FH_RADIX_BITS], i;
    uint64_t low = UINT64_MAX, span = 0;
    unsigned shift;

    for (i = 0; i < n; i++)
        if (items[i].seq < low)
            low = items[i].seq;
    for (i = 0; i < n; i++) {
        items[i].seq -= low;
        span |= items[i].seq;
    }
    for (shift = 0; shift < 64 && span >> shift; shift += FH_RADIX_BITS) {
        const uint64_t mask = (1u << FH_RADIX_BITS) - 1;
        size_t total = 0, c;
        seq_at *swap;

        for (c = 0; c <= mask; c++)
            counts[c] = 0;
        for (i = 0; i < n; i++)
            counts[(items[i].seq >> shift) & mask]++;
        for (c = 0; c <= mask; c++) {
            size_t here = counts[c];

            counts[c] = total;
            total += here;
        }
        for (i = 0; i < n; i++)
            spare[counts[(items[i].seq >> shift) & mask]++] = items[i];
        swap = items;
        items = spare;
        spare = swap;
    }
    return items;
}

/* Puts array[0..n) of size-byte items in the order of sorted[].at. */
static void permute(void *array, size_t size, const seq_at *sorted, size_t n,
                    unsigned char *spare)
{
    size_t i;

    if (!array)
        return;
    for (i = 0; i < n; i++)
        memcpy(spare + i * size, (unsigned char *)array + sorted[i].at * size,
               size);
    memcpy(array, spare, n * size);
}

int fh_snapshot(fh_heap *h, double *keys, void **payloads, fh_ref *refs,
                int in_order, size_t capacity, size_t *count,
                uint64_t *changes)
{
    fh_node *x;
    seq_at *seqs = NULL, *sorted;
    unsigned char *spare;
    size_t n = 0, bytes = 2 * capacity * sizeof *seqs;
    int status = FH_OK;

    if (count)
        *count = 0;
    /* Allocated before the lock, for the most elements the call may write. */
    if (in_order && capacity > 0) {
        if (capacity > SIZE_MAX / (2 * sizeof *seqs))
            return FH_ENOMEM;
        seqs = arena_alloc(h->arena, bytes);
        if (!seqs)
            return FH_ENOMEM;
    }
    pthread_mutex_lock(&h->lock);
    if (capacity < h->count) {
        status = FH_ERANGE;
    } else {
        for (x = h->min; x; x = forest_walk_next(h, x), n++) {
            if (keys)
                keys[n] = x->key * h->sign;
            if (payloads)
                payloads[n] = x->payload;
            if (refs)
                refs[n] = ref_of(h->arena, x);
            if (seqs) {
                seqs[n].seq = seq_of(x);
                seqs[n].at = n;
            }
        }
    }
    if (changes)
        *changes = h->changes;
    pthread_mutex_unlock(&h->lock);
    if (seqs) {
        if (status == FH_OK) {
            /* Outside the lock: the copies are the caller's. The sort's
             * spare half then serves as the permutations' scratch space. */
            sorted = radix_sort(seqs, seqs + capacity, n);
            spare = (unsigned char *)(sorted == seqs ? seqs + capacity : seqs);
            permute(keys, sizeof *keys, sorted, n, spare);
            permute(payloads, sizeof *payloads, sorted, n, spare);
            permute(refs, sizeof *refs, sorted, n, spare);
        }
        arena_release(h->arena, seqs);
    }
    if (count && status == FH_OK)
        *count = n;
    return status;
}
