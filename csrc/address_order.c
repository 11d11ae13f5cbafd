/* fh_address_order: payload addresses sorted, for a binding's lookups. */
#include <stdint.h>
#include <stdlib.h>

#include "fiboheap.h"

typedef struct {
    uintptr_t address;
    size_t index;
} keyed;

/* Bits per radix pass: 2048 counters, a few kilobytes of stack. */
#define DIGIT_BITS 11
#define DIGITS (1u << DIGIT_BITS)

/* An LSD radix sort over the bits in which the addresses differ: heap
 * objects share their high bits and their alignment, so a million of them
 * take two or three passes. */
static keyed *radix_sort(keyed *items, keyed *spare, size_t m)
{
    uintptr_t varying = 0;
    unsigned low = 0, high = 0, shift;
    size_t i;

    for (i = 1; i < m; i++)
        varying |= items[i].address ^ items[0].address;
    if (!varying)
        return items;
    while (!(varying >> low & 1))
        low++;
    high = (unsigned)(sizeof varying * 8);
    while (!(varying >> (high - 1) & 1))
        high--;
    for (shift = low; shift < high; shift += DIGIT_BITS) {
        size_t counts[DIGITS] = {0}, sum = 0;
        keyed *swap;
        unsigned d;

        for (i = 0; i < m; i++)
            counts[items[i].address >> shift & (DIGITS - 1)]++;
        for (d = 0; d < DIGITS; d++) {
            size_t c = counts[d];

            counts[d] = sum;
            sum += c;
        }
        for (i = 0; i < m; i++)
            spare[counts[items[i].address >> shift & (DIGITS - 1)]++] = items[i];
        swap = items;
        items = spare;
        spare = swap;
    }
    return items;
}

int fh_address_order(void *const *payloads, size_t count, void **sorted,
                     size_t *rank)
{
    keyed *work, *items;
    size_t m = 0, j;

    while (m < count && payloads[m])
        m++;
    work = m ? malloc(2 * m * sizeof *work) : NULL;
    if (!work) {
        for (j = 0; j < m; j++) {
            sorted[j] = payloads[j];
            rank[j] = j;
        }
        return m ? FH_ENOMEM : FH_OK;
    }
    for (j = 0; j < m; j++) {
        work[j].address = (uintptr_t)payloads[j];
        work[j].index = j;
    }
    items = radix_sort(work, work + m, m);
    for (j = 0; j < m; j++) {
        sorted[j] = (void *)items[j].address;
        rank[items[j].index] = j;
    }
    free(work);
    return FH_OK;
}
