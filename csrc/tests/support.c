#include "support.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "testing.h"

int same_key(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

void *payload_for(size_t n)
{
    return (void *)(uintptr_t)(n + 1);
}

size_t payload_number(const void *payload)
{
    return (size_t)((uintptr_t)payload - 1);
}

int heap_agrees(fh_heap *heap, const model *m, int model_heap)
{
    const char *what = NULL;
    int status = fh_check(heap, &what);

    if (status != FH_OK)
        test_check(0, __FILE__, __LINE__, what ? what : "(no reason given)");
    ENSURE_EQ(status, FH_OK);
    ENSURE_EQ(fh_size(heap), model_size(m, model_heap));
    return 1;
}

int drain_agrees(fh_heap *heap, model *m, int model_heap)
{
    while (model_size(m, model_heap) > 0) {
        size_t expected = model_min(m, model_heap);
        double key;
        void *payload;

        ENSURE_EQ(fh_pop(heap, &key, &payload), FH_OK);
        ENSURE(same_key(key, m->elems[expected].key));
        ENSURE(payload == m->elems[expected].payload);
        model_take(m, expected);
    }
    ENSURE_EQ(fh_size(heap), 0);
    ENSURE_EQ(fh_pop(heap, NULL, NULL), FH_EEMPTY);
    return 1;
}

unsigned long long rng_next(rng *r)
{
    r->state ^= r->state >> 12;
    r->state ^= r->state << 25;
    r->state ^= r->state >> 27;
    return r->state * 0x2545F4914F6CDD1DULL;
}

size_t rng_below(rng *r, size_t bound)
{
    return (size_t)(rng_next(r) % bound);
}

int pops(fh_heap *h, double key, void *payload)
{
    double popped_key;
    void *popped_payload;

    ENSURE_EQ(fh_pop(h, &popped_key, &popped_payload), FH_OK);
    ENSURE(same_key(popped_key, key));
    ENSURE(popped_payload == payload);
    return 1;
}

int run_beside(void *(*run)(void *), void *here, void *there)
{
    pthread_t thread;

    if (pthread_create(&thread, NULL, run, there) != 0)
        return 0;
    run(here);
    return pthread_join(thread, NULL) == 0;
}
