"""How long the single-point-of-failure check takes on a generated 50,000-node graph.

Prints parse, graph-build and REL001 (and REL002) times; asserts nothing
(timings belong in reports, not in tests):

    python bench/bench_spof.py            # 50,000 nodes
    python bench/bench_spof.py 5000       # another size

The graph is made of "tenants" of 9 nodes shaped like the samples (an ALB, an
Auto Scaling group reached through a group edge, an ECS service, a cache, a
database, a queue, a worker, a bucket, a table), one in five with a deliberate
single point of failure, all behind one Route 53 / CloudFront front door, plus a
long chain of 5% of the nodes (a deep dominator tree: no recursion may be used).
"""

from __future__ import annotations

import sys
import time

from archlint.language.builder import build_graph
from archlint.language.parser import parse
from archlint.registry import find_rule

HEADER = 'title = "SPOF benchmark"\nusers: users\ndns: route53\ncdn: cloudfront\n' \
         "users -> dns -> cdn\n"


def tenant(i: int) -> str:
    t = f"_{i}"
    weak = i % 5 == 0
    db = 'rds { engine = "postgres" }' if weak else "rds { multi_az = true }"
    return f"""\
vpc v{t} {{
  lb{t}: alb
  asg web{t} {{ count = {1 if weak else 4}, azs = 2
    w{t}: ec2
  }}
  api{t}: ecs {{ count = 2, azs = 2 }}
  cache{t}: elasticache {{ count = 2, azs = 2, multi_az = true }}
  db{t}: {db}
}}
q{t}: sqs
work{t}: ec2 {{ count = 2, azs = 2 }}
bucket{t}: s3
table{t}: dynamodb
cdn -> lb{t} -> [web{t}, api{t}]
web{t} -> [cache{t}, db{t}]
api{t} -> q{t} -> work{t} -> [bucket{t}, table{t}]
"""


def architecture(nodes: int) -> str:
    tenants = max(1, nodes * 95 // 100 // 9)
    chain = max(2, nodes - tenants * 9 - 3)
    parts = [HEADER] + [tenant(i) for i in range(tenants)]
    parts += [f"c{n}: ec2 {{ count = 2, azs = 2 }}\n" for n in range(chain)]
    parts.append("cdn -> c0\n" + "".join(f"c{n} -> c{n + 1}\n" for n in range(chain - 1)))
    return "".join(parts)


def main(nodes: int) -> None:
    text = architecture(nodes)
    start = time.perf_counter()
    tree = parse(text, "bench.arch")
    parsed = time.perf_counter()
    graph, errors = build_graph(tree.statements, tree.comments, "bench.arch")
    built = time.perf_counter()
    assert not errors, errors[:3]
    rel001, rel002 = find_rule("REL001"), find_rule("REL002")
    assert rel001 is not None and rel002 is not None
    spofs = rel001.run(graph)
    checked = time.perf_counter()
    single_az = rel002.run(graph)
    done = time.perf_counter()
    print(f"nodes {len(graph.nodes):,}  groups {len(graph.groups):,}  "
          f"edges {len(graph.edges):,}  lines {text.count(chr(10)):,}")
    print(f"parse        {parsed - start:7.2f} s")
    print(f"graph build  {built - parsed:7.2f} s")
    print(f"REL001       {checked - built:7.2f} s  ({len(spofs):,} findings)")
    print(f"REL002       {done - checked:7.2f} s  ({len(single_az):,} findings)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
