#include "ref_model.h"

#include <stdlib.h>

static void *grow(void *array, size_t *capacity, size_t elem_size)
{
    size_t wanted = *capacity ? *capacity * 2 : 64;
    void *grown = realloc(array, wanted * elem_size);

    if (!grown)
        abort(); /* the reference is test scaffolding: no recovery */
    *capacity = wanted;
    return grown;
}

void model_init(model *m)
{
    *m = (model){0};
}

void model_destroy(model *m)
{
    int h;

    for (h = 0; h < MODEL_MAX_HEAPS; h++)
        free(m->heaps[h].members);
    free(m->elems);
    model_init(m);
}

static void join(model *m, int heap, size_t id)
{
    model_heap *mh = &m->heaps[heap];

    if (mh->count == mh->capacity)
        mh->members = grow(mh->members, &mh->capacity, sizeof *mh->members);
    m->elems[id].heap = heap;
    m->elems[id].slot = mh->count;
    mh->members[mh->count++] = id;
}

size_t model_insert(model *m, int heap, double key, void *payload)
{
    size_t id = m->elem_count;

    if (m->elem_count == m->elem_capacity)
        m->elems = grow(m->elems, &m->elem_capacity, sizeof *m->elems);
    m->elems[id].key = key;
    m->elems[id].payload = payload;
    m->elem_count++;
    join(m, heap, id);
    return id;
}

size_t model_size(const model *m, int heap)
{
    return m->heaps[heap].count;
}

size_t model_member(const model *m, int heap, size_t index)
{
    return m->heaps[heap].members[index];
}

int model_contains(const model *m, int heap, size_t id)
{
    return id < m->elem_count && m->elems[id].heap == heap;
}

/* Smaller key first; among equal keys (-0.0 == 0.0) the older element. */
static int pops_before(const model *m, size_t a, size_t b)
{
    double ka = m->elems[a].key, kb = m->elems[b].key;

    return ka < kb || (ka == kb && a < b);
}

size_t model_min(const model *m, int heap)
{
    const model_heap *mh = &m->heaps[heap];
    size_t best = mh->members[0], i;

    for (i = 1; i < mh->count; i++)
        if (pops_before(m, mh->members[i], best))
            best = mh->members[i];
    return best;
}

void model_take(model *m, size_t id)
{
    model_heap *mh = &m->heaps[m->elems[id].heap];
    size_t slot = m->elems[id].slot;
    size_t last = mh->members[--mh->count];

    mh->members[slot] = last;
    m->elems[last].slot = slot;
    m->elems[id].heap = MODEL_NOWHERE;
}

void model_take_all(model *m, int heap)
{
    while (m->heaps[heap].count > 0)
        model_take(m, m->heaps[heap].members[0]);
}

void model_set_key(model *m, size_t id, double key)
{
    m->elems[id].key = key;
}

void model_merge(model *m, int dst, int src)
{
    while (m->heaps[src].count > 0) {
        size_t id = m->heaps[src].members[0];

        model_take(m, id);
        join(m, dst, id);
    }
}
