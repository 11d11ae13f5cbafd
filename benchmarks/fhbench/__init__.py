"""Helpers of the fiboheap benchmark suite (benchmarks/run.py drives them).

Every figure is a ratio fiboheap_time / peer_time measured side by side in one
process and one run: each round times every contender once (in a rotating
order), the ratio is taken per round, and the median over the rounds is what
gets reported, with the number of rounds.
"""
