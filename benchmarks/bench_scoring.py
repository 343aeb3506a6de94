"""Median time of one full evaluation (with its Monte Carlo) and of the levers, over random profiles.

Run: .venv/bin/python benchmarks/bench_scoring.py
Goals (issue "A small model that a student can read and a practitioner can trust"): one
evaluation including the Monte Carlo (coding and posterior draws) at most 5 ms median in
CPython; the levers (eleven more Monte Carlos, ranked) are printed beside it, since a live
update, which runs both, must stay within 50 ms in the page (benchmarks/bench_live.py).
"""

from __future__ import annotations

import random
import statistics
import time

from widgets import scoring

PROFILES = 400
SEED = 2007


def random_profiles(count: int, seed: int = SEED) -> list[dict[str, float]]:
    """Random profiles with levels in steps of a half."""
    generator = random.Random(seed)
    return [
        {name: generator.randint(2, 10) / 2 for name in scoring.FACTORS}
        for _ in range(count)
    ]


def median_ms(function, profiles) -> float:
    """Median wall time of ``function(profile)`` in milliseconds."""
    times = []
    for profile in profiles:
        begin = time.perf_counter()
        function(profile)
        times.append((time.perf_counter() - begin) * 1000)
    return statistics.median(times)


def full_evaluation(profile: dict[str, float]) -> str:
    """Score, trajectory, the Monte Carlo band and chances, and outcome, with every factor inferred."""
    return scoring.evaluate(profile, confidence={f: "inferred" for f in scoring.FACTORS}).outcome


def main() -> None:
    profiles = random_profiles(PROFILES)
    evaluation = median_ms(full_evaluation, profiles)
    levers = median_ms(scoring.levers, profiles)
    print(f"profiles: {PROFILES}")
    print(f"evaluation (survival, momentum band and class chances per year from a "
          f"{scoring.DEFAULT_PARAMETERS.draws}-draw Monte Carlo): median {evaluation:.3f} ms (goal <= 5 ms)")
    print(f"levers (11 one-level changes, each its own Monte Carlo, ranked): median {levers:.3f} ms")


if __name__ == "__main__":
    main()
