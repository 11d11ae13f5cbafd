/* A reference for what fiboheap's heaps should contain: plain arrays and a
 * linear scan for the minimum, too simple to share fiboheap's bugs. Elements
 * are numbered in insertion order, so the number breaks ties between equal
 * keys (first in, first out), as fiboheap's sequence numbers do. */
#ifndef REF_MODEL_H
#define REF_MODEL_H

#include <stddef.h>

#define MODEL_MAX_HEAPS 4
#define MODEL_NOWHERE (-1) /* the heap of a popped, removed or cleared element */

typedef struct model_elem {
    double key;
    void *payload;
    int heap;    /* MODEL_NOWHERE once it left */
    size_t slot; /* index in its heap's members */
} model_elem;

typedef struct model_heap {
    size_t *members; /* element ids, in no order */
    size_t count, capacity;
} model_heap;

typedef struct model {
    model_elem *elems; /* every element ever inserted; index = id */
    size_t elem_count, elem_capacity;
    model_heap heaps[MODEL_MAX_HEAPS];
} model;

void model_init(model *m);
void model_destroy(model *m);

/* Returns the new element's id. Aborts if out of memory. */
size_t model_insert(model *m, int heap, double key, void *payload);
size_t model_size(const model *m, int heap);
/* The index-th member of heap, index < model_size. */
size_t model_member(const model *m, int heap, size_t index);
int model_contains(const model *m, int heap, size_t id);
/* The id of the element heap pops next; heap must not be empty. */
size_t model_min(const model *m, int heap);
/* Takes the element out of its heap. */
void model_take(model *m, size_t id);
void model_take_all(model *m, int heap);
void model_set_key(model *m, size_t id, double key);
/* Moves every element of src into dst. */
void model_merge(model *m, int dst, int src);

#endif
