"""How long `archlint render` takes on generated 10, 100 and 1,000-node graphs.

Prints a table, asserts nothing (timings belong in reports, not in tests):

    python bench/bench_render.py            # 10, 100, 1000 nodes
    python bench/bench_render.py 10 100     # chosen sizes

Each graph is built from "tenants" of 10 nodes shaped like the samples: a VPC
holding an ALB, web servers, a cache and a database, plus a queue, a function,
a topic, a bucket, a table and a log sink outside it, with ~11 edges (labels,
an async edge, a fan-out). Times: parsing and checking are excluded; "DOT" is
building the picture with diagrams, "PNG"/"SVG" the whole render (DOT + one
`dot` run + post-processing such as embedding SVG icons); each the best of
three runs.
"""

from __future__ import annotations

import sys
import time

from archlint.run.engine import check_text
from archlint.output.render import RenderOptions, build_dot, render


def tenant(i: int) -> str:
    t = f"_{i}"
    return f"""\
vpc v{t} "Tenant {i}" {{
  lb{t}: alb "ALB {i}"
  web{t}: ec2 "Web {i}" {{ count = 2, azs = 2 }}
  cache{t}: elasticache "Cache {i}" {{ count = 2, multi_az = true }}
  db{t}: rds "DB {i}" {{ multi_az = true }}
}}
q{t}: sqs "Jobs {i}"
fn{t}: lambda "Worker {i}"
topic{t}: sns "Events {i}"
bucket{t}: s3 "Media {i}"
table{t}: dynamodb "State {i}"
logs{t}: cloudwatch "Logs {i}"
users -> lb{t} : "https"
lb{t} -> web{t}
web{t} -> [cache{t}, db{t}] : "reads"
web{t} -> q{t} -> fn{t}
fn{t} -> [bucket{t}, table{t}]
fn{t} -> topic{t}
web{t} -> logs{t}
"""


def document(nodes: int) -> str:
    tenants = max(1, nodes // 10)
    return 'title = "Render benchmark"\nusers: users "Everyone"\n' + "".join(
        tenant(i) for i in range(tenants))


REPEAT = 3


def timed(action) -> tuple[float, object]:
    """Best of REPEAT runs: the least disturbed by whatever else the machine does."""
    best, result = float("inf"), None
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(sizes: list[int]) -> None:
    print(f"{'nodes':>6} {'edges':>6} {'DOT s':>7} {'PNG s':>7} {'SVG s':>7} "
          f"{'PNG KB':>8} {'SVG KB':>8}  notes")
    for size in sizes:
        result = check_text(document(size), rules=())
        graph = result.graph
        assert graph is not None, result.findings
        dot_time, dot = timed(lambda: build_dot(graph, (), RenderOptions("dot")))
        png_time, png = timed(lambda: render(build_dot(graph, (), RenderOptions("png")),
                                             RenderOptions("png"), f"{size} nodes"))
        svg_time, svg = timed(lambda: render(build_dot(graph, (), RenderOptions("svg")),
                                             RenderOptions("svg")))
        notes = "; ".join(w.split(": ", 1)[1].split(",")[0] for w in png.warnings)  # type: ignore[union-attr]
        print(f"{len(graph.nodes):>6} {len(graph.edges):>6} {dot_time:>7.2f} {png_time:>7.2f} "
              f"{svg_time:>7.2f} {len(png.data) / 1024:>8.0f} {len(svg.data) / 1024:>8.0f}  "  # type: ignore[union-attr]
              f"{notes}")
        del dot


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 100, 1000])
