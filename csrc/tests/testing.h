/* A tiny test harness: checks record a failure and leave the current
 * function, so a failing test is reported and the others still run. */
#ifndef TESTING_H
#define TESTING_H

/* Records a failure (with its location) unless ok; returns ok. */
int test_check(int ok, const char *file, int line, const char *expr);
/* Like test_check for actual == expected, printing both values. */
int test_check_eq(long long actual, long long expected, const char *file,
                  int line, const char *expr);

/* CHECK* leave a void function, ENSURE* return 0 from an int one (a helper
 * whose caller CHECKs it, which then reports the call site too). */
#define CHECK(cond)                                                         \
    do {                                                                    \
        if (!test_check(!!(cond), __FILE__, __LINE__, #cond))               \
            return;                                                         \
    } while (0)
#define CHECK_EQ(actual, expected)                                          \
    do {                                                                    \
        if (!test_check_eq((long long)(actual), (long long)(expected),      \
                           __FILE__, __LINE__, #actual " == " #expected))   \
            return;                                                         \
    } while (0)
#define ENSURE(cond)                                                        \
    do {                                                                    \
        if (!test_check(!!(cond), __FILE__, __LINE__, #cond))               \
            return 0;                                                       \
    } while (0)
#define ENSURE_EQ(actual, expected)                                         \
    do {                                                                    \
        if (!test_check_eq((long long)(actual), (long long)(expected),      \
                           __FILE__, __LINE__, #actual " == " #expected))   \
            return 0;                                                       \
    } while (0)

void run_test(const char *name, void (*test)(void));
#define RUN_TEST(test) run_test(#test, test)

/* The suites, one per file. */
void run_api_tests(void);
void run_check_tests(void);
void run_random_tests(void);
void run_alloc_failure_tests(void);
void run_deep_tests(void);
void run_thread_tests(void);
void run_graph_tests(void);
void run_astar_tests(void);
void run_fork_tests(void);
void run_bulk_tests(void);
void run_vertex_heap_tests(void);
void run_centrality_tests(void);

#endif
