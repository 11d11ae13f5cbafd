/* Helpers shared by the test suites. */
#ifndef SUPPORT_H
#define SUPPORT_H

#include <stddef.h>

#include "../fiboheap.h"
#include "ref_model.h"

/* Bit-for-bit equality: tells -0.0 from 0.0, which == does not. */
int same_key(double a, double b);
/* A distinct non-NULL payload for each number. */
void *payload_for(size_t n);
/* The n of payload_for(n); SIZE_MAX for NULL. */
size_t payload_number(const void *payload);

/* fh_check passes and the sizes agree. */
int heap_agrees(fh_heap *heap, const model *m, int model_heap);
/* Pops one element and compares it with the expected key bits and payload. */
int pops(fh_heap *h, double key, void *payload);
/* Pops every element, each the one the model pops next (key bits and
 * payload), then takes them out of the model too. */
int drain_agrees(fh_heap *heap, model *m, int model_heap);

/* A small fixed-seed generator (xorshift64*), so failures reproduce. */
typedef struct rng {
    unsigned long long state;
} rng;
unsigned long long rng_next(rng *r);
/* Uniform in [0, bound), bound > 0. */
size_t rng_below(rng *r, size_t bound);

/* Runs run(there) on a new thread while this one runs run(here), then
 * joins it: one batch shared by two threads. 1 if the thread ran. */
int run_beside(void *(*run)(void *), void *here, void *there);

#endif
