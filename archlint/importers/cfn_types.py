"""The CloudFormation mapping table: resource type -> archlint kind, properties ->
attributes, which references are traffic, where a resource is placed.

Data, not code: docs/import.md is written from this table, and a test checks that
every row is exercised. Keys of a row:

- `kind`: the archlint kind (`kind_by`: (property, {value: kind}) picks another by a property).
- `attrs`: property path (dots into maps) -> (attribute, converter); converters are
  in `archlint.importers.convert`.
- `calls`: property paths whose resource references are traffic from this resource
  (a function's environment names what it talks to; a topic's subscriptions).
- `called_by`: property paths whose references are traffic into this resource.
- `subnets` / `zone` / `vpc`: where the resource runs (groups and AZs).
- `entry`: reachable from the internet: True, or (property, values that make it so,
  the value CloudFormation assumes when the property is absent).
- `group`: the resource is a container (vpc, subnet), not a node.

Types in IGNORED are known and left out on purpose: they are permissions, logging,
alarms, configuration or plumbing, and a reference to them is never traffic.
"""

from __future__ import annotations

from typing import Any

Row = dict[str, Any]

_FN = {"Timeout": ("timeout", "seconds"), "MemorySize": ("memory", "mb"),
       "EphemeralStorage.Size": ("ephemeral_storage", "mb"),
       "ReservedConcurrentExecutions": ("concurrency", "int")}
_LB_ENTRY = ("Scheme", {"internet-facing"}, "internet-facing")

TYPES: dict[str, Row] = {
    # groups
    "AWS::EC2::VPC": {"group": "vpc", "attrs": {"CidrBlock": ("cidr", "str")}},
    "AWS::EC2::Subnet": {"group": "subnet", "vpc": "VpcId", "zone": "AvailabilityZone",
                         "attrs": {"CidrBlock": ("cidr", "str")}},
    # compute
    "AWS::EC2::Instance": {"kind": "ec2", "subnets": "SubnetId", "zone": "AvailabilityZone",
                           "attrs": {"InstanceType": ("type", "str")}, "calls": ["UserData"]},
    "AWS::AutoScaling::AutoScalingGroup": {
        "kind": "ec2", "subnets": "VPCZoneIdentifier", "azs_list": "AvailabilityZones",
        "attrs": {"MinSize": ("count", "count"), "MaxSize": ("max_size", "int")},
        "calls_through": ("LaunchTemplate.LaunchTemplateId", "LaunchTemplateData.UserData"),
        "calls_through_2": ("LaunchConfigurationName", "UserData")},
    "AWS::ECS::Service": {
        "kind": "ecs", "kind_by": ("LaunchType", {"FARGATE": "fargate"}),
        "subnets": "NetworkConfiguration.AwsvpcConfiguration.Subnets",
        "attrs": {"DesiredCount": ("count", "count")},
        "calls_through": ("TaskDefinition", "ContainerDefinitions")},
    "AWS::EKS::Cluster": {"kind": "eks", "subnets": "ResourcesVpcConfig.SubnetIds"},
    "AWS::EKS::Nodegroup": {"kind": "ec2", "subnets": "Subnets",
                            "attrs": {"ScalingConfig.MinSize": ("count", "count")}},
    "AWS::Batch::ComputeEnvironment": {"kind": "batch"},
    "AWS::ElasticBeanstalk::Environment": {"kind": "elasticbeanstalk"},
    "AWS::Lightsail::Instance": {"kind": "lightsail"},
    "AWS::AppRunner::Service": {"kind": "apprunner", "entry": True},
    # serverless
    "AWS::Lambda::Function": {"kind": "lambda", "attrs": _FN, "calls": ["Environment.Variables"],
                              "subnets": "VpcConfig.SubnetIds"},
    "AWS::Serverless::Function": {"kind": "lambda", "attrs": _FN, "calls": ["Environment.Variables"],
                                  "subnets": "VpcConfig.SubnetIds", "sam_events": True},
    "AWS::StepFunctions::StateMachine": {
        "kind": "stepfunctions", "attrs": {"StateMachineType": ("type", "lower")},
        "calls": ["Definition", "DefinitionString", "DefinitionSubstitutions"]},
    "AWS::Serverless::StateMachine": {
        "kind": "stepfunctions", "attrs": {"Type": ("type", "lower")},
        "calls": ["Definition", "DefinitionSubstitutions"], "sam_events": True},
    # integration
    "AWS::SQS::Queue": {"kind": "sqs", "attrs": {
        "VisibilityTimeout": ("visibility_timeout", "seconds"),
        "MessageRetentionPeriod": ("retention", "seconds"),
        "MaximumMessageSize": ("message_size", "bytes")}},
    "AWS::SNS::Topic": {"kind": "sns", "calls": ["Subscription"]},
    "AWS::Events::EventBus": {"kind": "eventbridge"},
    "AWS::Events::Rule": {"kind": "eventbridge", "calls": ["Targets"]},
    "AWS::Kinesis::Stream": {"kind": "kinesis", "attrs": {
        "ShardCount": ("shards", "int"), "RetentionPeriodHours": ("retention", "hours")}},
    "AWS::KinesisFirehose::DeliveryStream": {
        "kind": "firehose",
        "calls": ["S3DestinationConfiguration.BucketARN", "ExtendedS3DestinationConfiguration.BucketARN",
                  "RedshiftDestinationConfiguration", "AmazonopensearchserviceDestinationConfiguration"],
        "called_by": ["KinesisStreamSourceConfiguration.KinesisStreamARN"]},
    "AWS::MSK::Cluster": {"kind": "msk", "subnets": "BrokerNodeGroupInfo.ClientSubnets",
                          "attrs": {"NumberOfBrokerNodes": ("nodes", "int")}},
    "AWS::AmazonMQ::Broker": {"kind": "mq", "subnets": "SubnetIds", "attrs": {
        "DeploymentMode": ("multi_az", "mq_multi_az"), "EngineType": ("engine", "lower")}},
    "AWS::AppSync::GraphQLApi": {"kind": "appsync", "entry": True},
    "AWS::SES::ConfigurationSet": {"kind": "ses"},
    # storage
    "AWS::S3::Bucket": {"kind": "s3", "calls": ["NotificationConfiguration"]},
    "AWS::EFS::FileSystem": {"kind": "efs"},
    "AWS::EC2::Volume": {"kind": "ebs", "zone": "AvailabilityZone", "attrs": {
        "Size": ("size", "gib"), "VolumeType": ("type", "lower"), "Iops": ("iops", "int")}},
    "AWS::FSx::FileSystem": {"kind": "fsx", "subnets": "SubnetIds"},
    "AWS::Backup::BackupVault": {"kind": "backup"},
    # databases and caches
    "AWS::RDS::DBInstance": {"kind": "rds", "db_subnets": "DBSubnetGroupName", "zone": "AvailabilityZone",
                             "attrs": {"MultiAZ": ("multi_az", "bool"), "Engine": ("engine", "lower"),
                                       "Iops": ("iops", "int")}},
    "AWS::RDS::DBCluster": {"kind": "aurora", "db_subnets": "DBSubnetGroupName", "cluster": True,
                            "attrs": {"Engine": ("engine", "lower"),
                                      "ServerlessV2ScalingConfiguration.MinCapacity": ("min_capacity", "number"),
                                      "ServerlessV2ScalingConfiguration.MaxCapacity": ("max_capacity", "number"),
                                      "EnableHttpEndpoint": ("data_api", "bool")}},
    "AWS::RDS::DBProxy": {"kind": "rdsproxy", "subnets": "VpcSubnetIds"},
    "AWS::DocDB::DBCluster": {"kind": "documentdb", "db_subnets": "DBSubnetGroupName", "cluster": True},
    "AWS::DocDB::DBInstance": {"kind": "documentdb", "member_of": "DBClusterIdentifier"},
    "AWS::Neptune::DBCluster": {"kind": "neptune", "db_subnets": "DBSubnetGroupName", "cluster": True},
    "AWS::Neptune::DBInstance": {"kind": "neptune", "member_of": "DBClusterIdentifier"},
    "AWS::DynamoDB::Table": {"kind": "dynamodb"},
    "AWS::DynamoDB::GlobalTable": {"kind": "dynamodb", "attrs": {"Replicas": ("regions", "length")}},
    "AWS::Serverless::SimpleTable": {"kind": "dynamodb"},
    "AWS::ElastiCache::ReplicationGroup": {
        "kind": "elasticache", "db_subnets": "CacheSubnetGroupName",
        "attrs": {"MultiAZEnabled": ("multi_az", "bool"), "NumCacheClusters": ("nodes", "int"),
                  "Engine": ("engine", "lower")}},
    "AWS::ElastiCache::CacheCluster": {
        "kind": "elasticache", "db_subnets": "CacheSubnetGroupName", "zone": "PreferredAvailabilityZone",
        "attrs": {"NumCacheNodes": ("nodes", "int"), "Engine": ("engine", "lower"),
                  "AZMode": ("azs", "az_mode")}},
    "AWS::ElastiCache::ServerlessCache": {"kind": "elasticache", "fixed": {"multi_az": True}},
    "AWS::MemoryDB::Cluster": {"kind": "memorydb", "attrs": {"NumReplicasPerShard": ("replicas", "int")}},
    "AWS::DAX::Cluster": {"kind": "dax", "attrs": {"ReplicationFactor": ("nodes", "int")}},
    "AWS::Redshift::Cluster": {"kind": "redshift", "attrs": {
        "NumberOfNodes": ("nodes", "int"), "MultiAZ": ("multi_az", "bool")}},
    "AWS::OpenSearchService::Domain": {"kind": "opensearch", "subnets": "VPCOptions.SubnetIds", "attrs": {
        "ClusterConfig.InstanceCount": ("nodes", "int"),
        "ClusterConfig.ZoneAwarenessEnabled": ("multi_az", "bool")}},
    "AWS::Cassandra::Table": {"kind": "keyspaces"},
    "AWS::Timestream::Table": {"kind": "timestream"},
    # network and edge
    "AWS::ElasticLoadBalancingV2::LoadBalancer": {
        "kind": "alb", "kind_by": ("Type", {"network": "nlb", "gateway": "generic"}),
        "subnets": "Subnets", "entry": _LB_ENTRY},
    "AWS::ElasticLoadBalancing::LoadBalancer": {"kind": "elb", "subnets": "Subnets",
                                                "calls": ["Instances"], "entry": _LB_ENTRY},
    "AWS::ApiGateway::RestApi": {"kind": "apigateway", "calls": ["Body"], "fixed": {"type": "rest"},
                                 "entry": ("EndpointConfiguration.Types", {"EDGE", "REGIONAL"}, "EDGE")},
    "AWS::ApiGatewayV2::Api": {"kind": "apigateway", "attrs": {"ProtocolType": ("type", "lower")},
                               "calls": ["Target", "Body"], "entry": True},
    "AWS::Serverless::Api": {"kind": "apigateway", "calls": ["DefinitionBody"], "fixed": {"type": "rest"},
                             "entry": ("EndpointConfiguration.Type", {"EDGE", "REGIONAL"}, "EDGE")},
    "AWS::Serverless::HttpApi": {"kind": "apigateway", "calls": ["DefinitionBody"],
                                 "fixed": {"type": "http"}, "entry": True},
    "AWS::EC2::NatGateway": {"kind": "natgateway", "subnets": "SubnetId"},
    "AWS::EC2::TransitGateway": {"kind": "transitgateway"},
    "AWS::EC2::VPCEndpoint": {"kind": "vpcendpoint", "subnets": "SubnetIds", "vpc": "VpcId"},
    "AWS::EC2::VPNConnection": {"kind": "vpn"},
    "AWS::DirectConnect::Connection": {"kind": "directconnect"},
    "AWS::Route53::RecordSet": {"kind": "route53", "calls": ["AliasTarget.DNSName", "ResourceRecords"],
                                "attrs": {"Failover": ("failover", "lower"),
                                          "HealthCheckId": ("health_check", "present"),
                                          "AliasTarget.EvaluateTargetHealth": ("health_check", "bool")}},
    "AWS::CloudFront::Distribution": {"kind": "cloudfront", "calls": ["DistributionConfig.Origins"]},
    "AWS::GlobalAccelerator::Accelerator": {"kind": "globalaccelerator"},
    "AWS::NetworkFirewall::Firewall": {"kind": "networkfirewall", "vpc": "VpcId"},
    "AWS::WAFv2::WebACL": {"kind": "waf"},
    "AWS::Cognito::UserPool": {"kind": "cognito"},
    "AWS::SecretsManager::Secret": {"kind": "secretsmanager"},
    # analytics and ml
    "AWS::Glue::Job": {"kind": "glue"},
    "AWS::EMR::Cluster": {"kind": "emr"},
    "AWS::Athena::WorkGroup": {"kind": "athena"},
    "AWS::SageMaker::Endpoint": {"kind": "sagemaker"},
    # a nested stack or SAM application stays one node, with a note
    "AWS::CloudFormation::Stack": {"kind": "generic", "nested": True},
    "AWS::Serverless::Application": {"kind": "generic", "nested": True},
}

# Resources that are connections, not components: (from, to) property paths.
CONNECTORS: dict[str, Row] = {
    "AWS::Lambda::EventSourceMapping": {"from": "EventSourceArn", "to": "FunctionName",
                                        "attrs": {"BatchSize": ("batch", "int")}},
    "AWS::Lambda::Permission": {"from": "SourceArn", "to": "FunctionName"},
    "AWS::SNS::Subscription": {"from": "TopicArn", "to": "Endpoint"},
    "AWS::ApiGateway::Method": {"from": "RestApiId", "to": "Integration.Uri"},
    "AWS::ApiGatewayV2::Integration": {"from": "ApiId", "to": "IntegrationUri"},
    "AWS::RDS::DBProxyTargetGroup": {"from": "DBProxyName",
                                     "to": ["DBClusterIdentifiers", "DBInstanceIdentifiers"]},
    "AWS::EC2::VPCPeeringConnection": {"from": "VpcId", "to": "PeerVpcId", "both": True,
                                       "label": "VPC peering"},
    "AWS::EC2::TransitGatewayAttachment": {"from": "VpcId", "to": "TransitGatewayId", "both": True,
                                           "label": "attachment"},
    "AWS::EC2::TransitGatewayVpcAttachment": {"from": "VpcId", "to": "TransitGatewayId", "both": True,
                                              "label": "attachment"},
    "AWS::WAFv2::WebACLAssociation": {"from": "WebACLArn", "to": "ResourceArn", "association": True},
}

# Load balancer plumbing, resolved into edges load balancer -> targets.
LISTENERS = {"AWS::ElasticLoadBalancingV2::Listener": "LoadBalancerArn",
             "AWS::ElasticLoadBalancingV2::ListenerRule": "ListenerArn"}
TARGET_GROUP = "AWS::ElasticLoadBalancingV2::TargetGroup"
# Where compute says which target groups it sits in.
IN_TARGET_GROUPS = {"AWS::AutoScaling::AutoScalingGroup": "TargetGroupARNs",
                    "AWS::ECS::Service": "LoadBalancers"}
SUBNET_GROUPS = {"AWS::RDS::DBSubnetGroup": "SubnetIds", "AWS::ElastiCache::SubnetGroup": "SubnetIds",
                 "AWS::DocDB::DBSubnetGroup": "SubnetIds", "AWS::Neptune::DBSubnetGroup": "SubnetIds"}
LAMBDA_URL = "AWS::Lambda::Url"

IGNORED_PREFIXES: tuple[str, ...] = (
    "AWS::IAM::", "AWS::Logs::", "AWS::CloudWatch::", "AWS::SSM::", "AWS::KMS::",
    "AWS::ApiGateway::", "AWS::ApiGatewayV2::", "AWS::ElasticLoadBalancingV2::", "AWS::EC2::",
    "AWS::Route53::", "AWS::CertificateManager::", "AWS::CloudFront::", "AWS::Lambda::",
    "AWS::ApplicationAutoScaling::", "AWS::AutoScaling::", "AWS::ECS::", "AWS::CodeDeploy::",
    "AWS::Serverless::LayerVersion", "AWS::SNS::TopicPolicy", "AWS::SQS::QueuePolicy",
    "AWS::S3::BucketPolicy", "AWS::CloudFormation::", "AWS::RDS::", "AWS::ElastiCache::",
    "AWS::Events::", "AWS::WAFv2::", "AWS::SecretsManager::", "AWS::Cognito::",
)
"""Known families whose other members (policies, roles, log groups, alarms, route
tables, security groups, stages, deployments, launch templates, parameter groups,
wait conditions...) are configuration, not components. A type listed in TYPES or
CONNECTORS wins over its family prefix."""

CUSTOM_PREFIXES = ("Custom::", "AWS::CloudFormation::CustomResource")


def row(resource_type: str) -> Row | None:
    return TYPES.get(resource_type)


def is_ignored(resource_type: str) -> bool:
    """Known and deliberately left out (not a component, not a connection)."""
    known = resource_type in TYPES or resource_type in CONNECTORS
    return not known and resource_type.startswith(IGNORED_PREFIXES)
