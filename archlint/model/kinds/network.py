"""Network: load balancers, gateways, connectivity, edge front doors, security.

Rows of the kinds table: one `k(...)` per kind (the fields and traits are in
`archlint.model.kinds.base`).
"""

from __future__ import annotations

from archlint.model.kinds.base import AWS, Kind, k

ROWS: tuple[Kind, ...] = (
    # network: load balancers, gateways, connectivity
    k(
        "alb",
        "Application Load Balancer",
        "network",
        AWS + "network.ElbApplicationLoadBalancer",
        ha=True,
        aliases=("elb_application", "application_load_balancer"),
        traits=("request_router", "load_balancer"),
    ),
    k(
        "nlb",
        "Network Load Balancer",
        "network",
        AWS + "network.ElbNetworkLoadBalancer",
        ha=True,
        aliases=("elb_network", "network_load_balancer"),
        traits=("request_router", "load_balancer"),
    ),
    k(
        "elb",
        "Elastic Load Balancing load balancer (type not stated)",
        "network",
        AWS + "network.ElasticLoadBalancing",
        ha=True,
        aliases=("load_balancer",),
        traits=("request_router", "load_balancer"),
    ),
    k(
        "clb",
        "Classic Load Balancer",
        "network",
        AWS + "network.ElbClassicLoadBalancer",
        ha=True,
        aliases=("elb_classic", "classic_load_balancer"),
        traits=("request_router", "load_balancer"),
    ),
    k(
        "apigateway",
        "Amazon API Gateway",
        "network",
        AWS + "network.APIGateway",
        ha=True,
        aliases=("apigw", "api_gateway"),
        traits=("request_router",),
    ),
    k(
        "natgateway",
        "NAT gateway",
        "network",
        AWS + "network.NATGateway",
        aliases=("nat", "nat_gateway"),
        traits=("vpc_gateway",),
    ),
    k(
        "internetgateway",
        "Internet gateway",
        "network",
        AWS + "network.InternetGateway",
        ha=True,
        aliases=("igw",),
        traits=("vpc_gateway", "internet"),
    ),
    k(
        "transitgateway",
        "AWS Transit Gateway",
        "network",
        AWS + "network.TransitGateway",
        ha=True,
        aliases=("tgw",),
        traits=("tgw_attachment",),
    ),
    k(
        "vpcendpoint",
        "VPC interface endpoint (PrivateLink)",
        "network",
        AWS + "network.Endpoint",
        aliases=("vpce",),
        traits=("multi_subnet",),
    ),
    k("privatelink", "AWS PrivateLink service", "network", AWS + "network.Privatelink",
      traits=("multi_subnet",)),
    k(
        "directconnect",
        "AWS Direct Connect connection",
        "network",
        AWS + "network.DirectConnect",
        aliases=("dx",),
        traits=("connection", "vpc_gateway", "tgw_attachment"),
    ),
    k("vpn", "AWS Site-to-Site VPN connection", "network", AWS + "network.VpnConnection",
      traits=("connection", "vpc_gateway", "tgw_attachment")),
    # edge: global front doors
    k(
        "route53",
        "Amazon Route 53",
        "edge",
        AWS + "network.Route53",
        ha=True,
        entry=True,
    ),
    k(
        "cloudfront",
        "Amazon CloudFront distribution",
        "edge",
        AWS + "network.CloudFront",
        ha=True,
        entry=True,
    ),
    k(
        "globalaccelerator",
        "AWS Global Accelerator",
        "edge",
        AWS + "network.GlobalAccelerator",
        ha=True,
        entry=True,
    ),
    # security
    k("waf", "AWS WAF web ACL", "security", AWS + "security.WAF", ha=True),
    k("shield", "AWS Shield", "security", AWS + "security.Shield", ha=True),
    k("cognito", "Amazon Cognito user pool", "security", AWS + "security.Cognito", ha=True),
    k(
        "iam",
        "AWS IAM",
        "security",
        AWS + "security.IdentityAndAccessManagementIam",
        ha=True,
    ),
    k("kms", "AWS KMS key", "security", AWS + "security.KeyManagementService", ha=True),
    k(
        "secretsmanager",
        "AWS Secrets Manager",
        "security",
        AWS + "security.SecretsManager",
        ha=True,
    ),
    k(
        "acm",
        "AWS Certificate Manager",
        "security",
        AWS + "security.CertificateManager",
        ha=True,
    ),
    k(
        "networkfirewall",
        "AWS Network Firewall",
        "security",
        AWS + "network.NetworkFirewall",
    ),
)
