"""Single points of failure, found as dominators of the request-flow graph.

The question "which components does every path from the users to the data pass
through?" is exactly the dominator relation of a flow graph: with a virtual
root joined to every entry, vertex d dominates t when every path from the root
to t passes through d. The dominator tree is computed once with the
Lengauer-Tarjan algorithm (O(E log V), iterative: no Python recursion), and the
candidates are the dominators of every data store or sink: the union of their
paths to the root of the tree, marked in linear time. A candidate that is not
redundant is a single point of failure.

How the architecture becomes a flow graph:
- Every node is a vertex. `->`, `<-` and `<->` edges carry traffic (`<->` both
  ways); `--` edges are associations (a volume attached, a key used) and are left
  out. An edge between two network containers (vpc, region, account, subnet, az),
  such as a VPC peering, is plumbing, not traffic, and is left out too.
- An edge into or out of a group stands for traffic to or from its members. The
  group becomes two virtual vertices, "in" and "out": "in" leads to the members
  that nothing else inside the group calls (the group's front door, e.g. its load
  balancer), and the members that call nothing else inside the group lead to
  "out". This keeps the graph linear in size (no member-by-member expansion of
  every edge) and makes members, never groups, the components judged: two
  instances in an `asg` are two parallel paths, one instance is a dominator.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator
from weakref import WeakKeyDictionary

from archlint.checks._attrs import word
from archlint.model.findings import Finding
from archlint.model.kinds import KINDS
from archlint.model.graph import Element, Graph, Group, Node
from archlint.registry import Option, RuleContext, rule

CONTAINERS = frozenset({"vpc", "region", "account", "subnet", "az"})
REPLICATING = frozenset({"asg", "group", "subnet"})  # groups whose `azs` covers their members
MULTI_AZ_KINDS = frozenset({
    "rds", "elasticache", "memorydb", "redshift", "fsx", "mq", "opensearch",
    "aurora", "documentdb", "neptune",
})
CLUSTER_KINDS = frozenset({"aurora", "documentdb", "neptune"})
NODE_COUNT_KINDS = frozenset({"dax", "elasticache", "memorydb", "opensearch", "redshift", "msk"})
# Links to on-premises: a second connection is the redundancy; they have no AZ.
CONNECTION_KINDS = frozenset({"vpn", "directconnect"})
# One resource with a network interface in each chosen subnet: `azs = 2` is enough.
MULTI_SUBNET_KINDS = frozenset({"vpcendpoint", "privatelink"})

MULTI_AZ_SOURCE = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html"
AURORA_SOURCE = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Aurora.Overview.html"
DAX_SOURCE = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DAX.consistency.html"
EC2_SLA = "https://aws.amazon.com/compute/sla/"


# -- placement: how many copies, over how many AZs --------------------------------

def copies(element: Element) -> int:
    """Copies this line stands for: its count (or cluster nodes) times enclosing counts."""
    own = element.count
    nodes = element.get("nodes")
    if element.kind in NODE_COUNT_KINDS and isinstance(nodes, int) and not isinstance(nodes, bool):
        own = max(own, nodes)
    for group in element.ancestors():
        own *= group.count
    return own


@dataclass(frozen=True)
class Placement:
    """Over how many AZs the copies are spread (None: not declared) and who says so."""

    azs: int | None
    source: str


def placement(element: Element) -> Placement:
    """`azs` or `az` on the element, else the innermost enclosing az group or replicating group."""
    own = element.get("azs")
    if isinstance(own, int) and not isinstance(own, bool):
        return Placement(own, f"azs = {own}")
    if element.get("zone") is not None:
        return Placement(1, f"zone = {element.get('zone')}")
    for group in element.ancestors():
        if group.kind == "az":
            return Placement(group.count, f"inside az '{group.id}'")
        if group.get("zone") is not None:
            return Placement(1, f"{group.kind} '{group.id}' has zone = {group.get('zone')}")
        azs = group.get("azs")
        if group.kind in REPLICATING and isinstance(azs, int) and not isinstance(azs, bool):
            return Placement(azs, f"{group.kind} '{group.id}' has azs = {azs}")
    return Placement(None, "")


@dataclass(frozen=True)
class Verdict:
    """Why a component is not redundant, and what would make it so."""

    reason: str
    fix: str


# Kinds whose redundancy is not "more copies behind a load balancer".
_KIND_FIXES: dict[str, str] = {
    "natgateway": "give each AZ its own NAT gateway (private subnets route to the one in "
                  "their AZ), or use a regional NAT gateway (type = regional)",
    "vpn": "add a second VPN connection (two tunnels on different devices), or back it with "
           "Direct Connect",
    "directconnect": "add a second Direct Connect connection at another location, or a "
                     "Site-to-Site VPN as backup",
}


def _spread_fix(element: Element) -> str:
    if element.kind in _KIND_FIXES:
        return _KIND_FIXES[element.kind]
    return (f"run at least 2 copies of '{element.id}' across at least 2 AZs (count = 2, "
            "azs = 2, e.g. an Auto Scaling group over 2 AZs) behind a load balancer")


def assess(element: Element) -> Verdict | None:
    """None if the component survives the loss of one instance or one AZ."""
    kind = KINDS.get(element.kind)
    if kind is None or kind.managed_ha or kind.category == "external":
        return None
    multi_az = element.get("multi_az")
    if element.kind in MULTI_AZ_KINDS and multi_az is True:
        return None
    if element.kind == "rds":
        said = "multi_az = false" if multi_az is False else "multi_az is not set"
        replicas = element.get("read_replicas")
        if isinstance(replicas, int) and replicas > 0:
            said += f" (its {replicas} read replicas are not an automatic failover target)"
        return Verdict(f"a single-AZ DB instance, {said}",
                       f"set multi_az = true on '{element.id}': a standby in another AZ "
                       "with automatic failover")
    if element.kind in CLUSTER_KINDS:
        replicas = element.get("replicas")
        where = placement(element)
        if isinstance(replicas, int) and replicas >= 1 and where.azs != 1:
            return None
        if isinstance(replicas, int) and replicas >= 1:
            reason = f"its {replicas} replicas are in the writer's AZ: {where.source}"
        else:
            reason = "no replicas: the writer is the only instance"
        return Verdict(reason, f"add a replica of '{element.id}' in another AZ (replicas = 1): "
                               "it is promoted automatically if the writer fails")
    if element.kind == "elasticache" and word(element.get("type")) == "serverless":
        return None  # ElastiCache Serverless replicates across AZs by itself
    if element.kind == "elasticache" and word(element.get("engine")) == "memcached":
        return _spread(element)  # Memcached has no Multi-AZ: nodes over AZs are the redundancy
    if element.kind in ("elasticache", "memorydb"):
        said = "multi_az = false" if multi_az is False else "multi_az is not set"
        return Verdict(said, f"enable Multi-AZ on '{element.id}' with at least one replica in "
                             "another AZ (multi_az = true) for automatic failover")
    if element.kind == "ebs":
        return Verdict("an EBS volume lives in one AZ",
                       "keep shared state in EFS or S3 (both Regional), or replicate it")
    if element.kind == "natgateway" and word(element.get("type")) == "regional":
        return None  # a regional NAT gateway spans the VPC's AZs
    return _spread(element)


def _spread(element: Element) -> Verdict | None:
    """None if the copies are 2 or more over 2 or more AZs (or the kind needs no AZs)."""
    n = copies(element)
    where = placement(element)
    if element.kind in CONNECTION_KINDS and n >= 2:
        return None  # redundant connections are not placed in AZs
    if element.kind in MULTI_SUBNET_KINDS and where.azs is not None and where.azs >= 2:
        return None  # one endpoint, with a network interface in each AZ
    if n >= 2 and where.azs is not None and where.azs >= 2:
        return None
    if n < 2:
        reason = "1 instance" + (f", {where.source}" if where.azs == 1 else "")
        return Verdict(reason, _spread_fix(element))
    if where.azs is None:
        return Verdict(f"count {n} but its AZs are not declared",
                       f"spread the {n} copies of '{element.id}' over at least 2 AZs and say so "
                       "(azs = 2)")
    return Verdict(f"count {n} but all in {where.azs} AZ: {where.source}",
                   f"spread the {n} copies of '{element.id}' over at least 2 AZs (azs = 2)")


# -- the flow graph ---------------------------------------------------------------

class FlowGraph:
    """Vertices 0..n-1: 0 is the virtual root; then nodes; then group in/out vertices."""

    ROOT = 0

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.element: list[Node | None] = [None]
        self.index: dict[str, int] = {}
        for node in graph.nodes.values():
            self.index[node.id] = len(self.element)
            self.element.append(node)
        self.succ: list[list[int]] = [[] for _ in self.element]
        self.forward_in: list[int] = [0] * len(self.element)   # `<->` counted as written
        self.forward_out: list[int] = [0] * len(self.element)
        self._in: dict[str, int] = {}
        self._out: dict[str, int] = {}
        self._traffic_edges()
        self._group_members()
        self.pred: list[list[int]] = [[] for _ in self.succ]
        for v, targets in enumerate(self.succ):
            for w in targets:
                self.pred[w].append(v)
        self.entries = self._entries()
        self.succ[self.ROOT] = self.entries
        for w in self.entries:
            self.pred[w].append(self.ROOT)

    def _virtual(self, table: dict[str, int], group_id: str) -> int:
        if group_id not in table:
            table[group_id] = len(self.element)
            self.element.append(None)
            self.succ.append([])
            self.forward_in.append(0)
            self.forward_out.append(0)
        return table[group_id]

    def _end(self, element_id: str, incoming: bool) -> int | None:
        element = self.graph.element(element_id)
        if isinstance(element, Group):
            return self._virtual(self._in if incoming else self._out, element_id)
        return self.index.get(element_id)

    def _traffic_edges(self) -> None:
        graph = self.graph
        for edge in graph.edges:
            if not edge.directed:
                continue
            a, b = graph.element(edge.source), graph.element(edge.target)
            if a is None or b is None or (a.kind in CONTAINERS and b.kind in CONTAINERS
                                          and isinstance(a, Group) and isinstance(b, Group)):
                continue
            pairs = [(edge.source, edge.target)]
            if edge.bidirectional:
                pairs.append((edge.target, edge.source))
            for reply, (s, t) in enumerate(pairs):
                u, v = self._end(s, incoming=False), self._end(t, incoming=True)
                if u is not None and v is not None:
                    self._link(u, v, reply=bool(reply))

    def _link(self, u: int, v: int, reply: bool = False) -> None:
        """Add u -> v; the reverse direction of a `<->` edge is a reply, not a new flow."""
        self.succ[u].append(v)
        if not reply:
            self.forward_out[u] += 1
            self.forward_in[v] += 1

    def _group_members(self) -> None:
        """Join group in/out vertices to the members that are the group's doors."""
        graph = self.graph
        for group_id in sorted(set(self._in) | set(self._out)):
            group = graph.groups[group_id]
            members = list(graph.members(group))
            inside = {id(m) for m in members}
            stack: list[Element] = list(group.children)
            while stack:  # nested groups count as inside too
                element = stack.pop()
                inside.add(id(element))
                if isinstance(element, Group):
                    stack.extend(element.children)
            g_in, g_out = self._in.get(group_id), self._out.get(group_id)
            if not members:
                if g_in is not None and g_out is not None:
                    self._link(g_in, g_out)
                continue
            if g_in is not None:
                doors = [m for m in members if not any(
                    e.directed and id(graph.element(e.source)) in inside
                    for e in graph.in_edges(m.id))] or members
                for m in doors:
                    self._link(g_in, self.index[m.id])
            if g_out is not None:
                exits = [m for m in members if not any(
                    e.directed and id(graph.element(e.target)) in inside
                    for e in graph.out_edges(m.id))] or members
                for m in exits:
                    self._link(self.index[m.id], g_out)

    def _entries(self) -> list[int]:
        """Entry-kind nodes; if there are none, nodes that only send (in-degree 0,
        not counting replies on `<->` edges)."""
        marked = [v for v, e in enumerate(self.element)
                  if e is not None and KINDS[e.kind].entry]
        if marked:
            return marked
        return [v for v, e in enumerate(self.element)
                if e is not None and not self.forward_in[v] and self.forward_out[v]]

    def is_sink(self, v: int) -> bool:
        element = self.element[v]
        return element is not None and (KINDS[element.kind].stateful
                                        or not self.forward_out[v])


@dataclass
class DominatorTree:
    """idom[v] for every vertex reachable from the root (-1 otherwise); parent in DFS."""

    order: list[int]      # vertices in DFS preorder, root first
    idom: list[int]
    dfs_parent: list[int]


def dominators(succ: list[list[int]], pred: list[list[int]], root: int = 0) -> DominatorTree:
    """Lengauer-Tarjan with path compression ("simple" version), O(E log V), iterative."""
    n = len(succ)
    semi = [-1] * n        # DFS number until replaced by the semidominator's number
    parent = [-1] * n
    order: list[int] = []
    stack, pushed_by = [root], [-1]   # two int lists: no tuple per edge
    while stack:           # iterative DFS: the last pusher of w is its tree parent
        v, p = stack.pop(), pushed_by.pop()
        if semi[v] != -1:
            continue
        semi[v] = len(order)
        order.append(v)
        parent[v] = p
        for w in reversed(succ[v]):
            if semi[w] == -1:
                stack.append(w)
                pushed_by.append(v)

    ancestor = [-1] * n
    label = list(range(n))
    idom = [-1] * n
    bucket: dict[int, list[int]] = {}

    def evaluate(v: int) -> int:
        if ancestor[v] == -1:
            return v
        path = []
        x = v
        while ancestor[ancestor[x]] != -1:
            path.append(x)
            x = ancestor[x]
        for x in reversed(path):
            a = ancestor[x]
            if semi[label[a]] < semi[label[x]]:
                label[x] = label[a]
            ancestor[x] = ancestor[a]
        return label[v]

    for i in range(len(order) - 1, 0, -1):
        w = order[i]
        for v in pred[w]:
            if semi[v] == -1:
                continue   # not reachable from the root
            u = evaluate(v)
            if semi[u] < semi[w]:
                semi[w] = semi[u]
        bucket.setdefault(order[semi[w]], []).append(w)
        p = parent[w]
        ancestor[w] = p
        for v in bucket.pop(p, ()):
            u = evaluate(v)
            idom[v] = u if semi[u] < semi[v] else p
    for w in order[1:]:
        if idom[w] != order[semi[w]]:
            idom[w] = idom[idom[w]]
    if order:
        idom[root] = root
    return DominatorTree(order, idom, parent)


@dataclass(frozen=True)
class Dominated:
    """A component every path from `entry` to `sink` passes through."""

    node: Node
    entry: Node
    sink: Node


_FLOWS: "WeakKeyDictionary[Graph, FlowGraph]" = WeakKeyDictionary()
_CRITICAL: "WeakKeyDictionary[Graph, list[Dominated]]" = WeakKeyDictionary()


def flow_graph(graph: Graph) -> FlowGraph:
    """The graph's flow graph, built once per graph: REL001, REL003+ and AVL001 all
    read it (the graph is not changed after it is built). Callers must not mutate it."""
    flow = _FLOWS.get(graph)
    if flow is None:
        flow = _FLOWS[graph] = FlowGraph(graph)
    return flow


def critical_components(graph: Graph) -> list[Dominated]:
    """Nodes that dominate some reachable data store or sink, in source order
    (computed once per graph; callers must not mutate the list)."""
    found = _CRITICAL.get(graph)
    if found is None:
        found = _CRITICAL[graph] = _critical_components(graph)
    return found


def _critical_components(graph: Graph) -> list[Dominated]:
    flow = flow_graph(graph)
    if not flow.entries:
        return []
    tree = dominators(flow.succ, flow.pred, FlowGraph.ROOT)
    entry_of = [-1] * len(flow.succ)
    for v in tree.order[1:]:
        p = tree.dfs_parent[v]
        entry_of[v] = v if p == FlowGraph.ROOT else entry_of[p]
    sink_of = [-1] * len(flow.succ)
    for t in tree.order[1:]:
        if not flow.is_sink(t):
            continue
        v = t
        while v != FlowGraph.ROOT and sink_of[v] == -1:
            sink_of[v] = t
            v = tree.idom[v]
    found = []
    for v in range(1, len(flow.element)):
        node = flow.element[v]
        if node is not None and sink_of[v] != -1:
            entry, sink = flow.element[entry_of[v]], flow.element[sink_of[v]]
            assert entry is not None and sink is not None
            found.append(Dominated(node, entry, sink))
    return found


@rule(
    id="REL001",
    name="single-point-of-failure",
    title="Component that every path to the data passes through, without redundancy",
    severity="error",
    why="""
        If every request path from where traffic enters to where data lives passes
        through one component, and that component is one instance, or several in a
        single Availability Zone, or a database without a standby, its failure (or its
        AZ's) stops the whole flow. archlint finds these components as dominators of the
        flow graph: from the entries (users, internet, client, mobile, onprem, Route 53,
        CloudFront, Global Accelerator; if there are none, every node that only sends)
        to each data store (`stateful` kinds such as rds, s3, dynamodb) and each sink
        (a node that sends nothing), using the Lengauer-Tarjan algorithm, so the check
        stays near-linear on graphs of tens of thousands of components.

        Redundant, and so not reported: services AWS runs across AZs for you (S3,
        DynamoDB, SQS, SNS, Lambda, ALB/NLB, API Gateway, Route 53, CloudFront...);
        `count` of 2 or more copies (counts of enclosing groups multiply) over 2 or
        more AZs (`azs` on the component or on an enclosing asg/group/subnet, or an
        enclosing `az` group, which is one AZ); `multi_az = true` on RDS, ElastiCache,
        MemoryDB and other databases that offer it; ElastiCache Serverless
        (`type = serverless`); Memcached nodes over 2 or more AZs; Aurora, DocumentDB and Neptune
        clusters with `replicas` of 1 or more not pinned to one AZ; a regional NAT
        gateway (`type = regional`); an interface endpoint or PrivateLink service with
        `azs` of 2 or more (one endpoint, a network interface per AZ); 2 or more VPN or
        Direct Connect connections (`count = 2`: links have no AZ). RDS read replicas
        are not a failover target, so they do not make an instance redundant.

        Edges: `--` is an association (a volume attached) and carries no traffic; an
        edge between two VPCs (peering) is network plumbing and carries none either.
        An edge to or from a group (`lb -> web_asg`) is traffic to or from its members:
        it enters the members that nothing else in the group calls and leaves from the
        members that call nothing else in the group, so the members are what is judged,
        never the group itself. This is a design principle of the Well-Architected
        reliability pillar and the AWS SLAs (which cover EC2 instances deployed across
        two or more AZs), not a quota; checked against AWS documentation in 2026-11.
    """,
    fix="""
        Run the component as at least two copies in at least two AZs (an Auto Scaling
        group over two AZs behind a load balancer), turn on Multi-AZ for databases and
        caches, add an Aurora replica in another AZ, or replace the component with a
        managed service that is redundant across AZs.
    """,
    sources=[MULTI_AZ_SOURCE, AURORA_SOURCE, EC2_SLA, DAX_SOURCE],
    failing=[
        """
        users: users
        lb:  alb
        web: ec2 { count = 2, azs = 2 }
        db:  rds { engine = "postgres" }
        users -> lb -> web -> db
        """,
        """
        users: users
        app: ec2
        db:  dynamodb
        users -> app -> db
        """,
    ],
    passing=[
        """
        users: users
        lb:  alb
        web: ec2 { count = 2, azs = 2 }
        db:  rds { engine = "postgres", multi_az = true }
        users -> lb -> web -> db
        """,
        """
        users: users
        lb: alb
        az a { web_a: ec2 }
        az b { web_b: ec2 }
        db: aurora { replicas = 1 }
        users -> lb -> [web_a, web_b] -> db
        """,
    ],
)
def single_point_of_failure(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for found in critical_components(graph):
        verdict = assess(found.node)
        if verdict is None:
            continue
        node = found.node
        if node is found.sink:
            target = "the data" if KINDS[node.kind].stateful else "this flow"
            where = f"every path from '{found.entry.id}' to {target} ends at it"
        elif node is found.entry:
            where = f"every path to '{found.sink.id}' starts here"
        else:
            where = f"every path from '{found.entry.id}' to '{found.sink.id}' passes through it"
        yield ctx.finding(
            node,
            f"'{node.id}' ({node.kind}) is a single point of failure: {where}, and it is "
            f"not redundant: {verdict.reason}",
            fix=verdict.fix,
        )


def _single_az(element: Element) -> Placement | None:
    """The 1-AZ placement of a component declared as several copies, if it is one."""
    kind = KINDS.get(element.kind)
    if kind is not None and (kind.managed_ha or kind.category == "external"):
        return None
    where = placement(element)
    return where if where.azs == 1 else None


@rule(
    id="REL002",
    name="single-az-placement",
    title="Copies declared for redundancy, all placed in one Availability Zone",
    severity="warning",
    why="""
        Several copies of a component (`count = 2` or more on a node, or on an `asg` or
        `group`) survive the loss of one instance, but not the loss of their AZ when they
        are all in it: `azs = 1`, `zone = ...` on the component, or every copy inside one
        `az` group. AZs are the unit of failure AWS designs for; Auto Scaling groups,
        load balancers and Multi-AZ databases should span at least two. Reported
        for components that have no twin in another AZ: two pools of the same kind fed by
        the same component (`web_a` in AZ a, `web_b` in AZ b behind one load balancer)
        are redundant together. When every path passes through the component, REL001
        reports it as a single point of failure instead (option `defer_to_rel001`).
        Checked against AWS documentation in 2026-11.
    """,
    fix="""
        Spread the copies over at least two AZs (`azs = 2`; subnets in two AZs for an
        Auto Scaling group), with a load balancer or a Multi-AZ endpoint in front.
    """,
    sources=[EC2_SLA, MULTI_AZ_SOURCE],
    failing=[
        """
        users: users
        lb: alb
        web: ec2 { count = 3, azs = 1 }
        fallback: lambda
        db: dynamodb
        users -> lb -> [web, fallback] -> db
        """,
        """
        az a {
          asg web { count = 2
            app: ec2
          }
        }
        """,
    ],
    passing=[
        """
        users: users
        lb: alb
        web: ec2 { count = 3, azs = 3 }
        asg workers { count = 2, azs = 2
          worker: ec2
        }
        users -> lb -> web
        """,
        """
        users: users
        lb: alb
        az a { web_a: ec2 { count = 2 } }
        az b { web_b: ec2 { count = 2 } }
        db: dynamodb
        users -> lb -> [web_a, web_b] -> db
        """,
    ],
    options=[Option("defer_to_rel001", True, "stay silent on components that REL001 reports "
                                             "as single points of failure")],
)
def single_az_placement(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    spofs: set[str] = set()
    if ctx.options["defer_to_rel001"]:
        spofs = {d.node.id for d in critical_components(graph) if assess(d.node) is not None}
    reported: set[int] = set()
    for group in graph.of_kind("asg", "group"):
        if group.count >= 2 and (where := _single_az(group)) is not None:
            if any(m.id in spofs for m in graph.members(group)):
                continue
            reported.add(id(group))
            yield _single_az_finding(ctx, group, where)
    for node in graph.nodes.values():
        if node.count < 2 or (where := _single_az(node)) is None or node.id in spofs:
            continue
        if node.get("azs") is None and any(id(g) in reported for g in node.ancestors()):
            continue  # the enclosing group's finding already says it
        if _has_twin_in_another_az(graph, node):
            continue
        yield _single_az_finding(ctx, node, where)


def _zone_of(element: Element) -> str | None:
    """The one AZ an element is pinned to (`zone = a` or an enclosing `az` group), if any."""
    own = element.get("zone")
    if own is not None:
        return str(own)
    for group in element.ancestors():
        if group.kind == "az" and group.count == 1:
            return group.label or group.id
        if group.get("zone") is not None:
            return str(group.get("zone"))
    return None


def _has_twin_in_another_az(graph: Graph, node: Node) -> bool:
    """A same-kind pool fed by the same component but pinned to another AZ (per-AZ
    Auto Scaling groups behind one load balancer). Linear in the node's neighbours."""
    zone = _zone_of(node)
    for edge in graph.in_edges(node.id):
        for sibling in graph.successors(edge.source):
            if (sibling is not node and sibling.kind == node.kind
                    and (other := _zone_of(sibling)) is not None and other != zone):
                return True
    return False


def _single_az_finding(ctx: RuleContext, element: Element, where: Placement) -> Finding:
    what = "group" if isinstance(element, Group) else "component"
    return ctx.finding(
        element,
        f"{what} '{element.id}' declares {element.count} copies (count = {element.count}) "
        f"but places them all in 1 AZ ({where.source}); an AZ failure takes all of them",
        span=element.attr_span("azs") if element.get("azs") is not None else element.span,
        fix=f"spread the copies of '{element.id}' over at least 2 AZs (azs = 2)",
    )


RULES = (single_point_of_failure, single_az_placement)
