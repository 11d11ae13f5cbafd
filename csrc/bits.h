/* Bit helpers shared by the consolidate of fiboheap_internal.h and that of
 * vertex_heap.h, which find the filled slots of their degree table through a
 * bitmask. */
#ifndef FIBOHEAP_BITS_H
#define FIBOHEAP_BITS_H

#include <stdint.h>

/* The index of the lowest set bit of a nonzero word. */
static inline unsigned fh_lowest_bit(uint64_t word)
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

#endif
