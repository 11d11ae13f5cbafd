/* fork() while other threads use the arena's heaps. With the prepare,
 * parent and child calls around it (as os.register_at_fork makes them), the
 * child must find every heap whole and every lock free: without them it can
 * inherit a lock held by a thread that does not exist in it, and hang. */
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <unistd.h>

#include <pthread.h>

#include "../fiboheap.h"
#include "support.h"
#include "testing.h"

/* A child that hangs is killed by its alarm, which the parent reports. */
enum { CHURNERS = 2, FORKS = 40, CHILD_ALARM_SECONDS = 60 };

typedef struct churner {
    pthread_t thread;
    fh_arena *arena;
    fh_heap *shared;
    atomic_int *stop;
    unsigned seed;
    int failures;
} churner;

/* Every kind of lock the arena has: the shared heap's, the arena's (refill,
 * return, tags) and the heap list's (fh_new, fh_free), and two heaps at
 * once (fh_merge). Each round adds two elements to the shared heap before it
 * pops two, so the heap keeps its size and never runs empty. */
static void *churn(void *arg)
{
    churner *c = arg;
    rng r = {c->seed};

    while (!atomic_load(c->stop)) {
        fh_heap *t = fh_new(c->arena);

        if (!t) {
            c->failures++;
            break;
        }
        c->failures += fh_insert(t, (double)rng_below(&r, 1000), NULL) < 0;
        c->failures += fh_insert(c->shared, (double)rng_below(&r, 1000),
                                 NULL) < 0;
        c->failures += fh_merge(c->shared, t) != FH_OK;
        c->failures += fh_pop(c->shared, NULL, NULL) != FH_OK;
        c->failures += fh_pop(c->shared, NULL, NULL) != FH_OK;
        fh_free(t);
    }
    return NULL;
}

/* The child's work: the heap the threads were using, then a new one. */
static int child_uses_heaps(fh_arena *a, fh_heap *shared)
{
    fh_heap *fresh;
    double previous = -1.0, key;
    size_t size = fh_size(shared), popped = 0;

    if (fh_check(shared, NULL) != FH_OK)
        return 1;
    if (fh_insert(shared, -1.0, NULL) < 0)
        return 2;
    while (fh_pop(shared, &key, NULL) == FH_OK) {
        if (key < previous)
            return 3;
        previous = key;
        popped++;
    }
    if (popped != size + 1)
        return 4;
    fresh = fh_new(a);
    if (!fresh || fh_insert(fresh, 1.0, NULL) < 0 || fh_merge(shared, fresh))
        return 5;
    fh_free(fresh);
    return fh_size(shared) == 1 ? 0 : 6;
}

/* Forks once; 1 if the child's work passed. The child sends its verdict
 * through a pipe rather than its exit status: under valgrind the status is
 * valgrind's, which counts as leaks the heaps that the parent's other
 * threads held and that no thread of the child can reach. */
static int fork_and_check_child(fh_arena *a, fh_heap *shared)
{
    int verdict_pipe[2], status;
    unsigned char verdict = 255;
    pid_t pid;

    ENSURE_EQ(pipe(verdict_pipe), 0);
    fh_arena_fork_prepare(a);
    pid = fork();
    if (pid == 0) {
        fh_arena_fork_child(a);
        alarm(CHILD_ALARM_SECONDS);
        verdict = (unsigned char)child_uses_heaps(a, shared);
        _exit(write(verdict_pipe[1], &verdict, 1) == 1 ? 0 : 1);
    }
    fh_arena_fork_parent(a);
    close(verdict_pipe[1]);
    ENSURE(pid > 0);
    ENSURE_EQ(waitpid(pid, &status, 0), pid);
    ENSURE(!WIFSIGNALED(status)); /* SIGALRM: the child hung */
    ENSURE_EQ(read(verdict_pipe[0], &verdict, 1), 1);
    close(verdict_pipe[0]);
    ENSURE_EQ(verdict, 0);
    return 1;
}

static void test_fork_while_threads_churn(void)
{
    fh_arena *a = fh_arena_new(NULL);
    fh_heap *shared = fh_new(a);
    atomic_int stop;
    churner churners[CHURNERS];
    int i, forked = 0;

    CHECK(a && shared);
    atomic_init(&stop, 0);
    for (i = 0; i < CHURNERS; i++) {
        churners[i] = (churner){.arena = a, .shared = shared, .stop = &stop,
                                .seed = 1u + (unsigned)i};
        CHECK(fh_insert(shared, 0.0, NULL) >= 0);
        CHECK_EQ(pthread_create(&churners[i].thread, NULL, churn,
                                &churners[i]), 0);
    }
    for (i = 0; i < FORKS; i++)
        forked += fork_and_check_child(a, shared);
    atomic_store(&stop, 1);
    for (i = 0; i < CHURNERS; i++) {
        CHECK_EQ(pthread_join(churners[i].thread, NULL), 0);
        CHECK_EQ(churners[i].failures, 0);
    }
    CHECK_EQ(forked, FORKS);
    CHECK_EQ(fh_check(shared, NULL), FH_OK);
    fh_free(shared);
    fh_arena_free(a);
}

void run_fork_tests(void)
{
    RUN_TEST(test_fork_while_threads_churn);
}
