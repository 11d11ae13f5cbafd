#include "testing.h"

#include <stdio.h>

static int current_test_failed;
static int tests_passed, tests_failed;

int test_check(int ok, const char *file, int line, const char *expr)
{
    if (!ok) {
        fprintf(stderr, "%s:%d: check failed: %s\n", file, line, expr);
        current_test_failed = 1;
    }
    return ok;
}

int test_check_eq(long long actual, long long expected, const char *file,
                  int line, const char *expr)
{
    if (actual != expected) {
        fprintf(stderr, "%s:%d: check failed: %s (%lld != %lld)\n", file,
                line, expr, actual, expected);
        current_test_failed = 1;
    }
    return actual == expected;
}

void run_test(const char *name, void (*test)(void))
{
    current_test_failed = 0;
    test();
    if (current_test_failed)
        tests_failed++;
    else
        tests_passed++;
    printf("%s %s\n", current_test_failed ? "FAIL" : "ok  ", name);
    fflush(stdout);
}

int main(void)
{
    run_api_tests();
    run_check_tests();
    run_random_tests();
    run_alloc_failure_tests();
    run_deep_tests();
    run_thread_tests();
    run_graph_tests();
    run_astar_tests();
    run_vertex_heap_tests();
    run_centrality_tests();
    run_fork_tests();
    run_bulk_tests();
    printf("%d passed, %d failed\n", tests_passed, tests_failed);
    return tests_failed ? 1 : 0;
}
