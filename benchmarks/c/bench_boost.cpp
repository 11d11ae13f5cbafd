// Peers of the fiboheap C core: boost::heap::fibonacci_heap, pairing_heap,
// d_ary_heap (arity 4, mutable) and std::priority_queue, on the workload of
// bench_common.h.  Elements are {key, seq, payload}: the same 8-byte payload
// fiboheap carries, and the FIFO sequence number as tie-break in the compare.
// Build: g++ -O2 -std=c++17 -I benchmarks/c benchmarks/c/bench_boost.cpp
// Run:   bench_boost fibonacci|pairing|dary4|stdpq N pushpop|decrease [MIN_MS]
#include "bench_common.h"

#include <boost/heap/d_ary_heap.hpp>
#include <boost/heap/fibonacci_heap.hpp>
#include <boost/heap/pairing_heap.hpp>
#include <queue>
#include <vector>

namespace {

struct Elem {
    double key;
    uint64_t seq;
    void *payload;
};

// boost heaps and std::priority_queue are max-heaps of the compare: a goes
// below b when a has the larger key, or the same key and the later sequence.
struct MinFirst {
    bool operator()(const Elem &a, const Elem &b) const
    {
        return a.key > b.key || (a.key == b.key && a.seq > b.seq);
    }
};

using Fibonacci = boost::heap::fibonacci_heap<Elem, boost::heap::compare<MinFirst>>;
using Pairing = boost::heap::pairing_heap<Elem, boost::heap::compare<MinFirst>>;
using Dary4 = boost::heap::d_ary_heap<Elem, boost::heap::arity<4>, boost::heap::mutable_<true>,
                                      boost::heap::compare<MinFirst>>;
using StdPQ = std::priority_queue<Elem, std::vector<Elem>, MinFirst>;

struct Totals {
    double push = 0, dec = 0, pop = 0;
    long reps = 0;
};

// Pops all n elements, checking each against the one before.
template <class Heap>
void pop_all(Heap &h, size_t n, bench_check &check)
{
    for (size_t i = 0; i < n; i++) {
        const Elem &e = h.top();
        bench_check_pop(&check, e.key, e.seq);
        h.pop();
    }
    if (!h.empty())
        check.bad = 1;
}

template <class Heap>
void run_mutable(const bench_args &a, const double *keys, const double *frac, Totals &t,
                 bench_check &check)
{
    size_t n = a.n;
    std::vector<typename Heap::handle_type> handles(n);
    do {
        bench_check_start(&check);
        double t0 = bench_now_ns();
        {
            Heap h;
            for (size_t i = 0; i < n; i++)
                handles[i] = h.push(Elem{keys[i], i, (void *)(uintptr_t)(i + 1)});
            double t1 = bench_now_ns();
            if (a.decrease) {
                for (size_t i = 0; i < n; i++) {
                    Elem e = *handles[i];
                    e.key = keys[i] * frac[i];
                    // the key went down, so the element moves towards the top of
                    // this max-heap of MinFirst: boost calls that increase().
                    h.increase(handles[i], e);
                }
            }
            double t2 = bench_now_ns();
            pop_all(h, n, check);
            t.push += t1 - t0;
            t.dec += t2 - t1;
            t.pop -= t2; // the heap's destructor is timed too, as fh_free is
        }
        t.pop += bench_now_ns();
        t.reps++;
    } while (t.push + t.dec + t.pop < a.min_ns);
}

void run_stdpq(const bench_args &a, const double *keys, Totals &t, bench_check &check)
{
    size_t n = a.n;
    do {
        bench_check_start(&check);
        double t0 = bench_now_ns();
        {
            StdPQ h;
            for (size_t i = 0; i < n; i++)
                h.push(Elem{keys[i], i, (void *)(uintptr_t)(i + 1)});
            double t1 = bench_now_ns();
            pop_all(h, n, check);
            t.push += t1 - t0;
            t.pop -= t1;
        }
        t.pop += bench_now_ns();
        t.reps++;
    } while (t.push + t.pop < a.min_ns);
}

} // namespace

int main(int argc, char **argv)
{
    bench_args a;
    bench_parse(argc, argv, 1, "fibonacci|pairing|dary4|stdpq ", &a);
    std::string impl = a.impl;
    if (impl == "stdpq" && a.decrease) {
        bench_unsupported(&a, "std::priority_queue has no decrease-key");
        return 0;
    }
    std::vector<double> keys(a.n), frac(a.n);
    bench_make_keys(a.n, keys.data(), frac.data());
    Totals t;
    bench_check check;
    if (impl == "fibonacci") {
        run_mutable<Fibonacci>(a, keys.data(), frac.data(), t, check);
    } else if (impl == "pairing") {
        run_mutable<Pairing>(a, keys.data(), frac.data(), t, check);
    } else if (impl == "dary4") {
        run_mutable<Dary4>(a, keys.data(), frac.data(), t, check);
    } else if (impl == "stdpq") {
        run_stdpq(a, keys.data(), t, check);
    } else {
        bench_usage(argv[0], "fibonacci|pairing|dary4|stdpq ");
    }
    if (check.count != a.n)
        check.bad = 1;
    bench_report(&a, t.reps, t.push, t.dec, t.pop, &check);
    return check.bad ? 1 : 0;
}
