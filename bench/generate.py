"""Generated architectures for the benchmarks: valid, deterministic, realistic.

A "tenant" is a block of about 30 lines shaped like the samples: a region with
two VPCs, subnets, nodes with attributes and counts, comments, then edges
(chains, fan-out lists, labels, edge attributes). Repeating tenants with fresh
ids scales a document to any number of lines while keeping the mix constant,
so time per line is comparable between sizes. Every tenant has the same length
in bytes too (its number is written with a fixed width): with `_7` at 10k lines
and `_3447` at 100k, the 100k document was 10.34x the bytes of the 10k one for
9.99x the lines, and t(100k)/t(10k) measured the longer ids as well.

    python bench/generate.py 10000 > big.arch      # about 10,000 lines
"""

from __future__ import annotations

import sys
from pathlib import Path

HEADER = 'title = "Generated benchmark architecture"\navailability = 99.9%\n' \
         'users: users "Everyone"\ndns: route53\ncdn: cloudfront "Edge"\n'


WIDTH = 5   # digits of a tenant number: up to 99,999 tenants (about 2.9 million lines)


def tenant(i: int) -> str:
    """One ~30-line block; every id carries the suffix `_{i}` (fixed width) so blocks
    never clash, and every block has the same number of bytes."""
    n = f"{i:0{WIDTH}d}"
    t = f"_{n}"
    return f"""\
# tenant {n}: web tier, workers, data
region r{t} "eu-west-{i % 3 + 1}" {{
  vpc prod{t} "Production {n}" {{
    cidr = "10.{i % 90 + 10}.0.0/16"
    subnet pub{t} {{
      lb{t}: alb "Public ALB" {{ protocol = https }}
    }}
    subnet app{t} {{
      web{t}: ec2 "Web" {{ count = 4, azs = 2, type = m7g }}
      api{t}: ecs "API" {{ count = 3, azs = 3, memory = 2GiB }}
    }}
    cache{t}: elasticache {{ engine = "redis", count = 2, azs = 2, multi_az = true }}
    db{t}: rds "Orders" {{ engine = "postgres", multi_az = true, read_replicas = 2 }}
  }}
  vpc ana{t} {{ wh{t}: redshift "Warehouse" }}
}}
media{t}: s3 "Media"
jobs{t}: sqs {{ visibility_timeout = 6m }}
thumbs{t}: lambda "Thumbnails" {{ timeout = 1m, memory = 1769MB }}
ddb{t}: dynamodb
// edges
cdn -> lb{t} : "https" {{ protocol = https }}
lb{t} -> [web{t}, api{t}]
web{t} -> [cache{t}, db{t}] : "reads"
api{t} -> ddb{t}
web{t} -> media{t} : "photo upload" {{ size = 2GB, multipart = true }}
web{t} -> jobs{t} -> thumbs{t} -> media{t}
prod{t} <-> ana{t}
db{t} -- wh{t} : "nightly export"
"""


TENANT_LINES = tenant(0).count("\n")


def architecture(lines: int) -> str:
    """A document of about `lines` lines (never fewer than one tenant)."""
    tenants = max(1, round((lines - HEADER.count("\n") - 1) / TENANT_LINES))
    if tenants >= 10**WIDTH:
        raise ValueError(f"at most {10**WIDTH - 1:,} tenants ({lines:,} lines asked)")
    return HEADER + "users -> dns -> cdn\n" + "".join(tenant(i) for i in range(tenants))


def node_graph(nodes: int) -> str:
    """`nodes` nodes in flat VPCs of 100 (no deeper nesting), each wired to the next
    and to a shared queue, to stress indexes and rules. The nodes form one chain
    from the CDN, so every one of them is on every path to the chain's end: REL001
    reports each that is not redundant (37,500 of 50,000, a finding per component)."""
    parts = [HEADER, "users -> dns -> cdn\nq: sqs\n"]
    per_vpc = 100
    for v in range(0, nodes, per_vpc):
        parts.append(f"vpc v{v} {{\n")
        for n in range(v, min(v + per_vpc, nodes)):
            kind = ("ec2", "lambda", "rds", "ecs")[n % 4]
            parts.append(f"  n{n}: {kind} {{ count = {n % 3 + 1} }}\n")
        parts.append("}\n")
    parts.append("cdn -> n0\n")
    parts.extend(f"n{n} -> n{n + 1}\nn{n} -> q\n" for n in range(nodes - 1))
    return "".join(parts)


def many_files(directory: Path, files: int, lines: int = 60) -> list[Path]:
    """`files` independent `.arch` files of about `lines` lines each."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for f in range(files):
        path = directory / f"design_{f:04d}.arch"
        path.write_text(f"# design {f}\n" + architecture(lines))
        written.append(path)
    return written


if __name__ == "__main__":
    sys.stdout.write(architecture(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
