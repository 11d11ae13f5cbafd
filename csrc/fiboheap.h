/* fiboheap: a Fibonacci heap of (double key, opaque payload) elements.
 *
 * Bounds: insert, find-min, decrease-key and merge O(1); pop, remove and
 * update-key O(log n) amortized; teardown O(n). Nothing recurses, nothing
 * aborts, nothing prints. Equal keys pop first-in first-out (by sequence).
 *
 * Memory: nodes come from an fh_arena shared by the heaps created from it.
 * The arena only grows (freed nodes are reused) and lives until
 * fh_arena_free, so an fh_ref kept after its node left the heap still points
 * at readable memory: that is what lets every call taking an fh_ref refuse a
 * stale or foreign reference with FH_ESTALE instead of corrupting memory.
 *
 * Threads: every call locks the heaps it touches; one heap may be used from
 * several threads at once. The arena has its own lock, taken only when a heap
 * refills or returns its node cache.
 */
#ifndef FIBOHEAP_H
#define FIBOHEAP_H

#include <stddef.h>
#include <stdint.h>

/* Status codes: 0 or negative, like libuv's. fh_strerror names them. */
#define FH_OK        0
#define FH_ENOMEM   -1 /* allocation failed; the heap is unchanged */
#define FH_EEMPTY   -2 /* the heap is empty */
#define FH_EKEY     -3 /* decrease-key to a larger key */
#define FH_ENAN     -4 /* a NaN key */
#define FH_ESTALE   -5 /* the reference is not to a node in this heap */
#define FH_ESAME    -6 /* merge of a heap with itself */
#define FH_EARENA   -7 /* merge of heaps from different arenas */
#define FH_ERANGE   -8 /* an output buffer is too small */
#define FH_ECORRUPT -9 /* fh_check found a broken invariant */

typedef struct fh_arena fh_arena;
typedef struct fh_heap fh_heap;

/* A reference to one node, as a non-negative integer (the node's index in
 * the arena and the low 32 bits of its sequence number): it stays valid while
 * that element is in the heap (or in a heap it was merged into); afterwards
 * every call refuses it. Functions that return an fh_ref return a negative
 * FH_E* status instead on failure. An integer, so that bindings pass it
 * around without allocating. */
typedef int64_t fh_ref;

/* Where the arena gets and returns memory; NULL means malloc and free.
 * The tests inject allocation failures through it. */
typedef struct fh_allocator {
    void *(*alloc)(void *ctx, size_t size);
    void (*release)(void *ctx, void *ptr);
    void *ctx;
} fh_allocator;

const char *fh_strerror(int status);

fh_arena *fh_arena_new(const fh_allocator *allocator); /* NULL: no memory */
/* Frees the arena and all its memory; every heap of it must be freed first. */
void fh_arena_free(fh_arena *arena);

fh_heap *fh_new(fh_arena *arena); /* NULL: no memory */
/* Frees the heap and its nodes; payloads are the caller's (see fh_clear). */
void fh_free(fh_heap *heap);

size_t fh_size(fh_heap *heap);

fh_ref fh_insert(fh_heap *heap, double key, void *payload);
/* All or nothing: on failure no element was inserted. refs may be NULL. */
int fh_insert_many(fh_heap *heap, const double *keys, void *const *payloads,
                   size_t count, fh_ref *refs);

/* Either output pointer may be NULL. */
int fh_peek(fh_heap *heap, double *key, void **payload);
int fh_pop(fh_heap *heap, double *key, void **payload);
/* fh_pop for callers that never store NULL payloads: returns the payload, or
 * NULL if the heap is empty, and writes the key unless key is NULL. One call
 * and no payload buffer, for bindings. */
void *fh_extract(fh_heap *heap, double *key);

/* FH_EKEY if key is larger than the node's key; an equal key is allowed. */
int fh_decrease_key(fh_heap *heap, fh_ref ref, double key);
/* Any direction; the element keeps its sequence number, so its place among
 * equal keys. */
int fh_update_key(fh_heap *heap, fh_ref ref, double key);
int fh_remove(fh_heap *heap, fh_ref ref, void **payload);
/* 1 if ref is a node currently in heap, else 0. */
int fh_contains(fh_heap *heap, fh_ref ref);

/* Moves every element of src into dst in O(1); src is left empty and usable.
 * References to src's elements are then references into dst. */
int fh_merge(fh_heap *dst, fh_heap *src);

/* Removes every element and writes its payload to payloads[0..*count); if
 * capacity is below fh_size, returns FH_ERANGE and changes nothing. */
int fh_clear(fh_heap *heap, void **payloads, size_t capacity, size_t *count);

/* Validates every invariant; on FH_ECORRUPT, *what (if not NULL) names the
 * broken one. */
int fh_check(fh_heap *heap, const char **what);

/* fh_peek that also returns the minimum's fh_ref (FH_EEMPTY if the heap is
 * empty). A binding that maps the payload to an object after the call, with
 * the lock released, checks with fh_contains(heap, ref) afterwards that the
 * element it mapped was still in the heap: payload addresses are reused. */
fh_ref fh_peek_ref(fh_heap *heap, double *key, void **payload);

/* Writes each element's key, payload, fh_ref and insertion order (a number
 * that grows with each insertion; equal keys pop in its order) to the arrays,
 * any of which may be NULL, in no particular order, in O(n), leaving the
 * heap unchanged; FH_ERANGE (nothing written) if capacity is below fh_size.
 * For copying a heap: inserting the elements in insertion order keeps the
 * order of equal keys. */
int fh_snapshot(fh_heap *heap, double *keys, void **payloads, fh_ref *refs,
                uint64_t *orders, size_t capacity, size_t *count);

#endif
