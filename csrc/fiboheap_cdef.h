/* The declarations of fiboheap.h that build_ffi.py gives cffi: the same text,
 * without preprocessor lines, with the status values left to the compiler.
 * tests/test_binding.py checks that every declaration here is in fiboheap.h. */
#define FH_OK ...
#define FH_ENOMEM ...
#define FH_EEMPTY ...
#define FH_EKEY ...
#define FH_ENAN ...
#define FH_ESTALE ...
#define FH_ESAME ...
#define FH_EARENA ...
#define FH_ERANGE ...
#define FH_ECORRUPT ...

typedef struct fh_arena fh_arena;
typedef struct fh_heap fh_heap;

typedef int64_t fh_ref;

typedef struct fh_allocator {
    void *(*alloc)(void *ctx, size_t size);
    void (*release)(void *ctx, void *ptr);
    void *ctx;
} fh_allocator;

const char *fh_strerror(int status);

fh_arena *fh_arena_new(const fh_allocator *allocator);
void fh_arena_free(fh_arena *arena);

fh_heap *fh_new(fh_arena *arena);
void fh_free(fh_heap *heap);

size_t fh_size(fh_heap *heap);

fh_ref fh_insert(fh_heap *heap, double key, void *payload);
int fh_insert_many(fh_heap *heap, const double *keys, void *const *payloads,
                   size_t count, fh_ref *refs);

int fh_peek(fh_heap *heap, double *key, void **payload);
int fh_pop(fh_heap *heap, double *key, void **payload);
void *fh_extract(fh_heap *heap, double *key);

int fh_decrease_key(fh_heap *heap, fh_ref ref, double key);
int fh_update_key(fh_heap *heap, fh_ref ref, double key);
int fh_remove(fh_heap *heap, fh_ref ref, void **payload);
int fh_contains(fh_heap *heap, fh_ref ref);

int fh_merge(fh_heap *dst, fh_heap *src);

int fh_clear(fh_heap *heap, void **payloads, size_t capacity, size_t *count);

int fh_check(fh_heap *heap, const char **what);

fh_ref fh_peek_ref(fh_heap *heap, double *key, void **payload);
int fh_snapshot(fh_heap *heap, double *keys, void **payloads, fh_ref *refs,
                uint64_t *orders, size_t capacity, size_t *count);
