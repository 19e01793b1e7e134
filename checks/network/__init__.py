"""NET: network limits: VPC peering, CIDRs, Transit Gateway and endpoint quotas, load
balancer layers.

Peering connections come from `archlint.analysis.peering`. A Transit Gateway
attachment is an edge between a `transitgateway` node and a VPC (or a node inside
one), a VPN, a Direct Connect connection or another transit gateway. `count` on a
VPC, or on any group around it, multiplies: `account team { count = 50  vpc app
{ count = 4 } }` attached once is 200 attachments.
"""
