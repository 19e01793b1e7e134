"""REL: reliability: single points of failure, Availability Zones, database standbys and
replicas, Region-level redundancy, DNS failover.

Where a component runs comes from `archlint.analysis.placement` (one model for
all rules); whether it is redundant from `archlint.analysis.redundancy`.
Components whose placement is not written are never assumed to be in the wrong
place: these rules only report what the document says.
"""
