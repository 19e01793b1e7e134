"""Cost family: inputs that once took minutes or gigabytes, generated at size n
and k*n, with the ratio of their costs. Near k means linear; k*k quadratic.

    python bench/cost.py            # every case, printed as a Markdown table
    python bench/cost.py --quick    # smaller sizes

Each case builds a project on disk and checks it in this process, as `archlint
check` does (time: CPU seconds of this process, the minimum of a few runs, so
that neighbours on a shared machine do not inflate it; memory: tracemalloc's
peak). tests/test_cost.py runs the same cases with a generous bound on the ratio,
to catch an exponential or quadratic blow-up in CI, not a 10% drift.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


def undefined_references(n: int) -> dict[str, str]:
    """E103 "did you mean": n ids and n references to undefined ones (was quadratic)."""
    nodes = "".join(f"node{i}: ec2\n" for i in range(n))
    return {"main.arch": nodes + "".join(f"node{i} -> missing{i}\n" for i in range(n))}


def digit_run(n: int) -> dict[str, str]:
    """A syntax error after an n-digit number (the message regex backtracked)."""
    return {"main.arch": "a: ec2 { x = " + "1" * n + " = 2 }\n"}


def nested_parallel_regions(n: int) -> dict[str, str]:
    """AVL001 over n levels of parallel Regional stacks (was exponential)."""
    lines = ["availability = 99.999999%", "users: users"]
    for i in range(n):
        lines += [f"region ra{i} {{ a{i}: ec2 }}", f"region rb{i} {{ b{i}: ec2 }}"]
    lines.append("users -> [a0, b0]")
    lines += [f"[a{i}, b{i}] -> [a{i + 1}, b{i + 1}]" for i in range(n - 1)]
    lines += ["db: dynamodb", f"[a{n - 1}, b{n - 1}] -> db"]
    return {"main.arch": "\n".join(lines) + "\n"}


def pools(n: int) -> dict[str, str]:
    """REL002 over n single-AZ pools behind one load balancer (was quadratic or worse)."""
    lines = ["users: users", "lb: alb", "db: dynamodb", "users -> lb"]
    lines += [f"web{i}: ec2 {{ count = 2, azs = 1 }}" for i in range(n)]
    lines.append("lb -> [" + ", ".join(f"web{i}" for i in range(n)) + "] -> db")
    return {"main.arch": "\n".join(lines) + "\n"}


def include_diamonds(n: int) -> dict[str, str]:
    """n levels of two files that both include both files of the next level
    (was 2^n reads; each file is now included once per document)."""
    files = {"main.arch": 'include "l0a.arch"\ninclude "l0b.arch"\n'}
    for i in range(n):
        for side in "ab":
            body = f"n{i}{side}: ec2\n"
            if i + 1 < n:
                body += f'include "l{i + 1}a.arch"\ninclude "l{i + 1}b.arch"\n'
            files[f"l{i}{side}.arch"] = body
    return files


def markdown_blocks(n: int) -> dict[str, str]:
    """n archlint blocks of about 13 KB in one Markdown file (memory grew per block)."""
    block = ("users: users\nlb: alb\nusers -> lb\n"   # no finding: only the graphs could grow
             + "".join(f"web{i}: ec2 {{ count = 2, azs = 2 }}\nlb -> web{i}\n" for i in range(300)))
    return {"design.md": "".join(f"## part {i}\n\n```archlint\n{block}```\n\n" for i in range(n))}


@dataclass(frozen=True)
class Case:
    name: str
    generate: Callable[[int], dict[str, str]]
    n: int            # the small size; the large one is n * factor
    factor: int
    measure: str = "time"   # or "memory"


CASES = [
    Case("E103 did-you-mean, undefined references", undefined_references, 250, 8),
    Case("syntax error after a long digit run", digit_run, 5_000, 8),
    Case("AVL001 nested parallel Regions (levels)", nested_parallel_regions, 6, 2),
    Case("REL002 single-AZ pools", pools, 100, 8),
    Case("includes through includes (levels)", include_diamonds, 7, 2),
    Case("Markdown blocks (peak memory)", markdown_blocks, 4, 4, "memory"),
]


def cost(case: Case, n: int, repeats: int = 3) -> float:
    """CPU seconds (the minimum of `repeats`) or peak bytes to check the case at size n."""
    from archlint.run.runner import check_paths

    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / ".archlint.yaml").write_text("{}\n")
        for name, text in case.generate(n).items():
            (root / name).write_text(text)
        target = root / next(iter(case.generate(1)))
        if case.measure == "memory":
            tracemalloc.start()
            try:
                check_paths([target], keep_graphs=False)   # as `archlint check` runs
                return float(tracemalloc.get_traced_memory()[1])
            finally:
                tracemalloc.stop()
        best = float("inf")
        for _ in range(repeats):
            start = time.process_time()
            check_paths([target], keep_graphs=False)
            best = min(best, time.process_time() - start)
        return best


def ratio(case: Case, scale: float = 1.0) -> tuple[int, int, float, float]:
    """(small n, large n, small cost, large cost)."""
    small = max(2, int(case.n * scale))
    large = small * case.factor
    cost(case, small, repeats=1)   # warm imports and caches
    return small, large, cost(case, small), cost(case, large)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="half the sizes")
    args = parser.parse_args()
    print("| case | n | k*n | cost(n) | cost(k*n) | ratio | k |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for case in CASES:
        small, large, a, b = ratio(case, 0.5 if args.quick else 1.0)
        unit = (lambda v: f"{v / 2**20:.1f} MiB") if case.measure == "memory" else (lambda v: f"{v:.3f} s")
        print(f"| {case.name} | {small} | {large} | {unit(a)} | {unit(b)} | "
              f"{b / max(a, 1e-9):.1f} | {case.factor} |")


if __name__ == "__main__":
    main()
