"""Outside AWS, and generic: where traffic comes from, and dependencies judged by their SLA.

Rows of the kinds table: one `k(...)` per kind (the fields and traits are in
`archlint.model.kinds.base`).
"""

from __future__ import annotations

from archlint.model.kinds.base import Kind, k

ROWS: tuple[Kind, ...] = (
    # external: where traffic comes from
    k(
        "users",
        "End users",
        "external",
        "diagrams.onprem.client.Users",
        entry=True,
        aliases=("user",),
    ),
    k("internet", "The internet", "external", "diagrams.onprem.network.Internet", entry=True,
      traits=("internet",)),
    k("client", "Client application", "external", "diagrams.onprem.client.Client", entry=True),
    k("mobile", "Mobile app", "external", "diagrams.generic.device.Mobile", entry=True),
    k(
        "onprem",
        "On-premises data center",
        "external",
        "diagrams.generic.place.Datacenter",
        entry=True,
        aliases=("datacenter",),
    ),
    # generic
    # dependencies outside AWS (payment providers, SaaS APIs, on-premises systems):
    # their redundancy is the provider's, judged by the `sla` the design declares
    k("external", "Third-party service or API", "external", "diagrams.saas.Saas", sla=True,
      aliases=("third_party",)),
    k("saas", "SaaS dependency", "external", "diagrams.saas.Saas", sla=True),
    k("onprem_system", "On-premises system (a dependency)", "external",
      "diagrams.onprem.compute.Server", sla=True, aliases=("on_prem",)),
    k("generic", "Generic component", "generic", "diagrams.generic.Generic"),
)
