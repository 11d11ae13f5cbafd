/* The C API from C: an arena, two heaps, references, merge and teardown.
 * Build, with every .c file of csrc/:
 *   cc -std=c11 -pthread -I csrc csrc/[a-z]*.c c_example.c */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fiboheap.h"

/* Unlike assert, evaluates its argument also under NDEBUG. */
#define CHECK(x)                                       \
    do {                                               \
        if (!(x)) {                                    \
            fprintf(stderr, "%d: %s\n", __LINE__, #x); \
            return 1;                                  \
        }                                              \
    } while (0)

int main(void)
{
    static const char *names[] = {"five", "three", "eight"};
    fh_arena *arena = fh_arena_new(NULL); /* NULL: malloc and free */
    fh_heap *h, *g;
    fh_ref eight, stale;
    double key;
    void *payload;
    void *left[4];
    size_t count;
    const char *what;

    if (!arena || !(h = fh_new(arena)) || !(g = fh_new(arena)))
        return 1;
    CHECK(fh_insert(h, 5, (void *)names[0]) >= 0);
    CHECK(fh_insert(h, 3, (void *)names[1]) >= 0);
    eight = fh_insert(h, 8, (void *)names[2]); /* >= 0: a reference */
    CHECK(eight >= 0);

    CHECK(fh_decrease_key(h, eight, 1) == FH_OK);
    CHECK(fh_decrease_key(h, eight, 2) == FH_EKEY); /* larger: refused */
    CHECK(fh_update_key(h, eight, 2) == FH_OK);     /* either way */
    CHECK(fh_pop(h, &key, &payload) == FH_OK);
    CHECK(key == 2 && strcmp(payload, "eight") == 0);

    stale = eight; /* its element left the heap: every call refuses it */
    CHECK(fh_contains(h, stale) == 0);
    CHECK(fh_remove(h, stale, &payload) == FH_ESTALE);
    CHECK(fh_insert(h, NAN, NULL) == FH_ENAN);

    CHECK(fh_insert(g, 4, "four") >= 0);
    CHECK(fh_merge(h, g) == FH_OK && fh_size(g) == 0);
    CHECK(fh_merge(h, h) == FH_ESAME);
    CHECK(fh_check(h, &what) == FH_OK);

    /* Teardown: take the payloads back, then free. */
    CHECK(fh_clear(h, left, 1, &count) == FH_ERANGE); /* 3 do not fit */
    CHECK(fh_clear(h, left, 4, &count) == FH_OK && count == 3);
    CHECK(fh_peek(h, &key, NULL) == FH_EEMPTY);
    printf("%s\n", fh_strerror(FH_ESTALE)); /* the node is not in this heap */
    fh_free(g);
    fh_free(h);
    fh_arena_free(arena); /* last: after every heap of it */
    return 0;
}
