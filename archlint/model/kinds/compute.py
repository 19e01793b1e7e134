"""Compute, containers and serverless: where the application's code runs.

Rows of the kinds table: one `k(...)` per kind (the fields and traits are in
`archlint.model.kinds.base`).
"""

from __future__ import annotations

from archlint.model import cluster_facts
from archlint.model.kinds.base import AWS, Kind, k

ROWS: tuple[Kind, ...] = (
    # compute
    k("ec2", "Amazon EC2 instance", "compute", AWS + "compute.EC2",
      traits=("instance_host", "compute", "server_fleet")),
    k("batch", "AWS Batch", "compute", AWS + "compute.Batch",
      traits=("instance_host", "compute")),
    k("lightsail", "Amazon Lightsail instance", "compute", AWS + "compute.Lightsail",
      traits=("compute", "server_fleet")),
    k(
        "elasticbeanstalk",
        "AWS Elastic Beanstalk environment",
        "compute",
        AWS + "compute.ElasticBeanstalk",
        aliases=("beanstalk",),
        traits=("instance_host", "compute", "server_fleet"),
    ),
    # containers
    k("ecs", "Amazon ECS service", "containers", AWS + "compute.ElasticContainerService",
      redundancy=cluster_facts.ECS,
      traits=("instance_host", "compute", "server_fleet")),
    k("fargate", "AWS Fargate task", "containers", AWS + "compute.Fargate",
      traits=("compute", "server_fleet")),
    k("eks", "Amazon EKS cluster", "containers", AWS + "compute.ElasticKubernetesService",
      redundancy=cluster_facts.EKS,
      traits=("instance_host", "compute", "server_fleet")),
    k(
        "ecr",
        "Amazon ECR registry",
        "containers",
        AWS + "compute.EC2ContainerRegistry",
        ha=True,
    ),
    # serverless
    k("lambda", "AWS Lambda function", "serverless", AWS + "compute.Lambda", ha=True,
      aliases=("aws_lambda",),
      traits=("compute",)),
    k("apprunner", "AWS App Runner service", "serverless", AWS + "compute.AppRunner", ha=True,
      traits=("compute",)),
)
