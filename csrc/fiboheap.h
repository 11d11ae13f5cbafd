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
 * stale or foreign reference with FH_ESTALE instead of corrupting memory
 * (see fh_ref for the one bound on that).
 *
 * Threads: every call except fh_free and fh_arena_free locks the heaps it
 * touches, so one heap may be used from several threads at once, and a
 * reference to a node of one heap may be given to another heap while the
 * first is in use (the lookup reads that node without the first heap's lock,
 * through atomics). fh_free and fh_arena_free need the caller to guarantee
 * that no other call uses the heap (or arena) then or later. The arena has
 * two locks of its own: one taken when a heap refills or returns its node
 * cache, gets or returns tags (fh_new, fh_merge, fh_free and a merge's
 * occasional retag), the other when a heap is created or freed. No lock is
 * held between calls; none is taken in a signal-safe way, so a signal handler
 * must not call into the library.
 *
 * Fork: call fh_arena_fork_prepare before fork() and fh_arena_fork_parent /
 * fh_arena_fork_child after it (pthread_atfork, os.register_at_fork), and
 * the child can use every heap of the arena, even ones other threads were
 * using at the time.
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
#define FH_EORDER  -10 /* merge of a min-heap with a max-heap */
#define FH_EMOVED  -11 /* an insertion named a stale owner word (see below) */

typedef struct fh_arena fh_arena;
typedef struct fh_heap fh_heap;

/* A reference to one node, as a non-negative integer (the node's index in
 * the arena and the low 32 bits of its insertion number, a count of the
 * arena's insertions): it stays valid while that element is in the heap (or
 * in a heap it was merged into). Afterwards calls refuse it with FH_ESTALE
 * (fh_contains: 0) until the node is reused by an element whose insertion
 * number has the same low 32 bits, that is exactly 2^32 (or a multiple of
 * 2^32) insertions into the arena's heaps after the reference's element: the
 * reference then names that element. So refusal is exact as long as fewer
 * than 2^32 = 4294967296 elements (fh_insert calls plus fh_insert_many
 * elements) were inserted into the arena's heaps after the reference's own.
 * Functions that return an fh_ref return a negative FH_E* status instead on
 * failure. An integer, so that bindings pass it around without
 * allocating. */
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

/* Take every lock of the arena and its heaps, in an order that cannot
 * deadlock with calls in other threads; between prepare and parent/child,
 * the calling thread may call fh_free (a garbage collector's finalizer may
 * run there: the heap is freed by parent/child) and no other function of the
 * arena. fh_arena_fork_child makes the child's arena and heaps usable
 * again. */
void fh_arena_fork_prepare(fh_arena *arena);
void fh_arena_fork_parent(fh_arena *arena);
void fh_arena_fork_child(fh_arena *arena);

fh_heap *fh_new(fh_arena *arena); /* NULL: no memory */
/* Frees the heap and its nodes; payloads are the caller's (see fh_clear). */
void fh_free(fh_heap *heap);

size_t fh_size(fh_heap *heap);

/* O(1). FH_ENAN, or FH_ENOMEM (also when the arena holds 2^31 nodes). */
fh_ref fh_insert(fh_heap *heap, double key, void *payload);
/* All or nothing: on failure no element was inserted. refs may be NULL. */
int fh_insert_many(fh_heap *heap, const double *keys, void *const *payloads,
                   size_t count, fh_ref *refs);

/* Either output pointer may be NULL; FH_EEMPTY on an empty heap. Of equal
 * keys, fh_pop takes the first inserted. */
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
/* Writes the element's payload unless payload is NULL. FH_ESTALE for a
 * reference that is not to an element of this heap; so do the two calls
 * above. */
int fh_remove(fh_heap *heap, fh_ref ref, void **payload);
/* 1 if ref is a node currently in heap, else 0. */
int fh_contains(fh_heap *heap, fh_ref ref);

/* Moves every element of src into dst in O(1); src is left empty and usable.
 * References to src's elements are then references into dst. Locks both
 * heaps in creation order, so opposite merges cannot deadlock. FH_ESAME,
 * FH_EARENA, FH_EORDER (a min-heap and a max-heap), FH_ENOMEM. */
int fh_merge(fh_heap *dst, fh_heap *src);

/* Removes every element and writes its payload to payloads[0..*count); if
 * capacity is below fh_size, returns FH_ERANGE and changes nothing. */
int fh_clear(fh_heap *heap, void **payloads, size_t capacity, size_t *count);

/* Validates every invariant; on FH_ECORRUPT, *what (if not NULL) names the
 * broken one. */
int fh_check(fh_heap *heap, const char **what);

/* Max-heaps, ordered reads and bulk operations ----------------------------- */

/* A heap that pops the largest key first if reverse is nonzero, else what
 * fh_new makes. Ties still pop first-in first-out, and every call takes and
 * gives keys as the caller sees them. fh_decrease_key still lowers a key
 * (FH_EKEY for a larger one): on a max-heap that moves the element away from
 * the top, O(log n) amortized, while fh_update_key raises it in O(1). */
fh_heap *fh_new_ordered(fh_arena *arena, int reverse); /* NULL: no memory */
/* 1 for a max-heap, else 0. */
int fh_is_reversed(fh_heap *heap);

/* A number that changes whenever the heap's elements or keys change, and
 * not otherwise (a key set to the same bits is no change): a reader compares
 * two readings to tell nothing changed. */
uint64_t fh_changes(fh_heap *heap);

/* The outputs of the calls below: up to min(k, fh_size) elements, in
 * keys[0..*count) and payloads[0..*count) (either array may be NULL). If that
 * is more than capacity they return FH_ERANGE and change nothing. */

/* Pops the first k elements, in pop order, as one atomic call. When that is
 * every element, it sorts them in O(n log n) instead (work space from the
 * arena's allocator; without it, it pops them one by one: never FH_ENOMEM). */
int fh_pop_many(fh_heap *heap, size_t k, double *keys, void **payloads,
                size_t capacity, size_t *count);
/* The first k elements, in pop order, leaving the heap as it was (except
 * for its shape): O(k log k + k D) with D <= 1.44 log2(n) the largest
 * degree, after an O(log n) amortized consolidation, never O(n).
 * FH_ENOMEM if its work space cannot be had. */
int fh_nsmallest(fh_heap *heap, size_t k, double *keys, void **payloads,
                 size_t capacity, size_t *count);
/* For a binding that looks the payloads of fh_pop_many or fh_clear up in a
 * hash table keyed by address: in pop order each lookup lands somewhere new
 * in memory, in address order they walk it forwards. Takes the payloads
 * before the first NULL of payloads[0..count), m of them, writes them to
 * sorted[0..m) in ascending address order and, for each i < m, the position
 * of payloads[i] in sorted to rank[i]. If its work space cannot be had it
 * writes them in their own order (rank[i] = i) and returns FH_ENOMEM; the
 * outputs are valid either way. */
int fh_address_order(void *const *payloads, size_t count, void **sorted,
                     size_t *rank);
/* Pushes (key, payload) then pops, as one atomic call: writes the popped
 * element, which is (key, payload) itself, with the heap unchanged, if the
 * heap is empty or key comes strictly first (a tie goes to the older
 * element). Needs no memory: the popped node carries the new element. */
int fh_pushpop(fh_heap *heap, double key, void *payload, double *out_key,
               void **out_payload);
/* Pops then pushes (key, payload), as one atomic call; FH_EEMPTY, nothing
 * pushed, on an empty heap. Needs no memory either. */
int fh_replace(fh_heap *heap, double key, void *payload, double *out_key,
               void **out_payload);

/* Owner words, for a binding that records the payloads of a heap's elements
 * in a table of its own (fiboheap/_handles.py) and must never record one in
 * a table that no longer belongs to the heap. Each heap carries a word of
 * the caller's choosing (any but UINT64_MAX), 0 when new. fh_merge_owned
 * gives src the word src_owner in the same locked step as the merge
 * (fh_merge keeps src's). The _owned insertions take an fh_owner, the heap
 * and the word the caller's table has; otherwise their plain counterparts,
 * they refuse with FH_EMOVED and change nothing when that word is not the
 * heap's: an insertion that read the caller's table just before another
 * thread merged the heap away is refused, not left in the heap with its
 * record in the table that went with the merge. One fh_owner argument, not
 * two, because the binding reads both from its table in one step and each
 * argument a call converts costs the binding's hottest path. */
typedef struct fh_owner {
    fh_heap *heap;
    uint64_t word;
} fh_owner;
int fh_merge_owned(fh_heap *dst, fh_heap *src, uint64_t src_owner);
fh_ref fh_insert_owned(const fh_owner *owner, double key, void *payload);
int fh_insert_many_owned(const fh_owner *owner, const double *keys,
                         void *const *payloads, size_t count, fh_ref *refs);
int fh_pushpop_owned(const fh_owner *owner, double key, void *payload,
                     double *out_key, void **out_payload);
int fh_replace_owned(const fh_owner *owner, double key, void *payload,
                     double *out_key, void **out_payload);

/* fh_peek that also returns the minimum's fh_ref (FH_EEMPTY if the heap is
 * empty). A binding that maps the payload to an object after the call, with
 * the lock released, checks with fh_contains(heap, ref) afterwards that the
 * element it mapped was still in the heap: payload addresses are reused. */
fh_ref fh_peek_ref(fh_heap *heap, double *key, void **payload);

/* Writes each element's key, payload and fh_ref to the arrays, any of which
 * may be NULL, leaving the heap unchanged; FH_ERANGE (nothing written) if
 * capacity is below fh_size. in_order zero: in no particular order, in
 * O(n). in_order nonzero: in insertion order (so equal keys in the order
 * they pop), still in O(n) (a radix sort on the insertion numbers, after
 * the lock is released), with 32 bytes of temporary memory per element of capacity
 * (FH_ENOMEM, nothing written, without it): inserting the elements in that
 * order into a new heap copies the heap, ties included. *changes (if not
 * NULL) gets fh_changes as of the copy: for iterating, which must tell a
 * heap changed since. */
int fh_snapshot(fh_heap *heap, double *keys, void **payloads, fh_ref *refs,
                int in_order, size_t capacity, size_t *count,
                uint64_t *changes);

#endif
