"""The Terraform (AWS provider) mapping table, with the same keys as `cfn_types`.

Attribute paths use Terraform's argument names; a nested block is entered by its
name (`environment.variables`). `calls` names arguments whose references are
traffic; `connector` resources are connections (from, to), not components.
"""

from __future__ import annotations

from typing import Any

Row = dict[str, Any]
_FN = {"timeout": ("timeout", "seconds"), "memory_size": ("memory", "mb"),
       "ephemeral_storage.size": ("ephemeral_storage", "mb"),
       "reserved_concurrent_executions": ("concurrency", "int")}
_LB_ENTRY = ("internal", {False, "false"}, False)

TYPES: dict[str, Row] = {
    "aws_vpc": {"group": "vpc", "attrs": {"cidr_block": ("cidr", "str")}},
    "aws_subnet": {"group": "subnet", "vpc": "vpc_id", "zone": "availability_zone",
                   "attrs": {"cidr_block": ("cidr", "str")}},
    "aws_instance": {"kind": "ec2", "subnets": "subnet_id", "zone": "availability_zone",
                     "attrs": {"instance_type": ("type", "str")}, "calls": ["user_data"]},
    "aws_autoscaling_group": {"kind": "ec2", "subnets": "vpc_zone_identifier",
                              "azs_list": "availability_zones",
                              "attrs": {"min_size": ("count", "count"), "max_size": ("max_size", "int")}},
    "aws_ecs_service": {"kind": "ecs", "kind_by": ("launch_type", {"FARGATE": "fargate"}),
                        "subnets": "network_configuration.subnets",
                        "attrs": {"desired_count": ("count", "count")}},
    "aws_lambda_function": {"kind": "lambda", "attrs": _FN, "calls": ["environment.variables"],
                            "subnets": "vpc_config.subnet_ids"},
    "aws_sfn_state_machine": {"kind": "stepfunctions", "attrs": {"type": ("type", "lower")},
                              "calls": ["definition"]},
    "aws_sqs_queue": {"kind": "sqs", "attrs": {
        "visibility_timeout_seconds": ("visibility_timeout", "seconds"),
        "message_retention_seconds": ("retention", "seconds"),
        "max_message_size": ("message_size", "bytes")}},
    "aws_sns_topic": {"kind": "sns"},
    "aws_cloudwatch_event_bus": {"kind": "eventbridge"},
    "aws_cloudwatch_event_rule": {"kind": "eventbridge"},
    "aws_kinesis_stream": {"kind": "kinesis", "attrs": {
        "shard_count": ("shards", "int"), "retention_period": ("retention", "hours")}},
    "aws_msk_cluster": {"kind": "msk", "attrs": {"number_of_broker_nodes": ("nodes", "int")}},
    "aws_mq_broker": {"kind": "mq", "subnets": "subnet_ids",
                      "attrs": {"deployment_mode": ("multi_az", "mq_multi_az")}},
    "aws_s3_bucket": {"kind": "s3"},
    "aws_efs_file_system": {"kind": "efs"},
    "aws_ebs_volume": {"kind": "ebs", "zone": "availability_zone", "attrs": {
        "size": ("size", "gib"), "type": ("type", "lower"), "iops": ("iops", "int")}},
    "aws_db_instance": {"kind": "rds", "db_subnets": "db_subnet_group_name", "attrs": {
        "multi_az": ("multi_az", "bool"), "engine": ("engine", "lower"), "iops": ("iops", "int")}},
    "aws_rds_cluster": {"kind": "aurora", "cluster": True, "attrs": {
        "engine": ("engine", "lower"),
        "serverlessv2_scaling_configuration.min_capacity": ("min_capacity", "number"),
        "serverlessv2_scaling_configuration.max_capacity": ("max_capacity", "number"),
        "enable_http_endpoint": ("data_api", "bool")}},
    "aws_rds_cluster_instance": {"kind": "aurora", "member_of": "cluster_identifier"},
    "aws_docdb_cluster": {"kind": "documentdb", "cluster": True},
    "aws_docdb_cluster_instance": {"kind": "documentdb", "member_of": "cluster_identifier"},
    "aws_neptune_cluster": {"kind": "neptune", "cluster": True},
    "aws_neptune_cluster_instance": {"kind": "neptune", "member_of": "cluster_identifier"},
    "aws_db_proxy": {"kind": "rdsproxy", "subnets": "vpc_subnet_ids"},
    "aws_dynamodb_table": {"kind": "dynamodb", "attrs": {"replica": ("regions", "replicas")}},
    "aws_elasticache_replication_group": {"kind": "elasticache", "attrs": {
        "multi_az_enabled": ("multi_az", "bool"), "num_cache_clusters": ("nodes", "int"),
        "engine": ("engine", "lower")}},
    "aws_elasticache_cluster": {"kind": "elasticache", "attrs": {
        "num_cache_nodes": ("nodes", "int"), "engine": ("engine", "lower"), "az_mode": ("azs", "az_mode")}},
    "aws_memorydb_cluster": {"kind": "memorydb", "attrs": {"num_replicas_per_shard": ("replicas", "int")}},
    "aws_dax_cluster": {"kind": "dax", "attrs": {"replication_factor": ("nodes", "int")}},
    "aws_redshift_cluster": {"kind": "redshift", "attrs": {"number_of_nodes": ("nodes", "int"),
                                                           "multi_az": ("multi_az", "bool")}},
    "aws_opensearch_domain": {"kind": "opensearch", "attrs": {
        "cluster_config.instance_count": ("nodes", "int"),
        "cluster_config.zone_awareness_enabled": ("multi_az", "bool")}},
    "aws_lb": {"kind": "alb", "kind_by": ("load_balancer_type", {"network": "nlb", "gateway": "generic"}),
               "subnets": "subnets", "entry": _LB_ENTRY},
    "aws_alb": {"kind": "alb", "subnets": "subnets", "entry": _LB_ENTRY},
    "aws_elb": {"kind": "elb", "subnets": "subnets", "calls": ["instances"], "entry": _LB_ENTRY},
    "aws_api_gateway_rest_api": {"kind": "apigateway", "fixed": {"type": "rest"}, "calls": ["body"],
                                 "entry": True},
    "aws_apigatewayv2_api": {"kind": "apigateway", "attrs": {"protocol_type": ("type", "lower")},
                             "calls": ["target", "body"], "entry": True},
    "aws_cloudfront_distribution": {"kind": "cloudfront", "calls": ["origin"]},
    "aws_route53_record": {"kind": "route53", "calls": ["alias.name", "records"], "attrs": {
        "failover_routing_policy.type": ("failover", "lower"),
        "health_check_id": ("health_check", "present"),
        "alias.evaluate_target_health": ("health_check", "bool")}},
    "aws_nat_gateway": {"kind": "natgateway", "subnets": "subnet_id"},
    "aws_ec2_transit_gateway": {"kind": "transitgateway"},
    "aws_vpc_endpoint": {"kind": "vpcendpoint", "subnets": "subnet_ids", "vpc": "vpc_id"},
    "aws_vpn_connection": {"kind": "vpn"},
    "aws_dx_connection": {"kind": "directconnect"},
    "aws_wafv2_web_acl": {"kind": "waf"},
    "aws_cognito_user_pool": {"kind": "cognito"},
    "aws_secretsmanager_secret": {"kind": "secretsmanager"},
    "aws_glue_job": {"kind": "glue"},
    "aws_emr_cluster": {"kind": "emr"},
    "aws_sagemaker_endpoint": {"kind": "sagemaker"},
}

CONNECTORS: dict[str, Row] = {
    "aws_lambda_event_source_mapping": {"from": "event_source_arn", "to": "function_name"},
    "aws_sns_topic_subscription": {"from": "topic_arn", "to": "endpoint"},
    "aws_s3_bucket_notification": {"from": "bucket", "to": ["lambda_function", "queue", "topic"]},
    "aws_cloudwatch_event_target": {"from": "rule", "to": "arn"},
    "aws_api_gateway_integration": {"from": "rest_api_id", "to": "uri"},
    "aws_apigatewayv2_integration": {"from": "api_id", "to": "integration_uri"},
    "aws_lb_target_group_attachment": {"from": "target_group_arn", "to": "target_id", "via_lb": True},
    "aws_vpc_peering_connection": {"from": "vpc_id", "to": "peer_vpc_id", "both": True,
                                   "label": "VPC peering"},
    "aws_ec2_transit_gateway_vpc_attachment": {"from": "vpc_id", "to": "transit_gateway_id",
                                               "both": True, "label": "attachment"},
    "aws_wafv2_web_acl_association": {"from": "web_acl_arn", "to": "resource_arn", "association": True},
}
LISTENERS = {"aws_lb_listener": "load_balancer_arn", "aws_alb_listener": "load_balancer_arn",
             "aws_lb_listener_rule": "listener_arn"}
TARGET_GROUPS = ("aws_lb_target_group", "aws_alb_target_group")
IN_TARGET_GROUPS = {"aws_autoscaling_group": "target_group_arns", "aws_ecs_service": "load_balancer"}
SUBNET_GROUPS = {"aws_db_subnet_group": "subnet_ids", "aws_elasticache_subnet_group": "subnet_ids"}
REPLICA_OF = {"aws_db_instance": "replicate_source_db"}

IGNORED_PREFIXES = (
    "aws_iam_", "aws_cloudwatch_log_", "aws_cloudwatch_metric_alarm", "aws_cloudwatch_dashboard",
    "aws_security_group", "aws_vpc_security_group", "aws_route", "aws_main_route_table",
    "aws_internet_gateway", "aws_egress_only", "aws_eip", "aws_launch_template", "aws_launch_configuration",
    "aws_kms_", "aws_ssm_", "aws_acm_", "aws_lambda_permission", "aws_lambda_alias", "aws_lambda_layer",
    "aws_api_gateway_", "aws_apigatewayv2_", "aws_s3_bucket_", "aws_sqs_queue_policy",
    "aws_sns_topic_policy", "aws_db_subnet_group", "aws_db_parameter_group", "aws_elasticache_",
    "aws_ecs_task_definition", "aws_ecs_cluster", "aws_lb_", "aws_alb_", "aws_appautoscaling_",
    "aws_autoscaling_", "aws_network_acl", "aws_flow_log", "aws_cloudfront_", "aws_route53_",
    "aws_rds_", "aws_secretsmanager_", "aws_wafv2_", "aws_ec2_", "aws_vpc_", "aws_dynamodb_",
    "aws_cloudwatch_event_", "aws_key_pair", "aws_placement_group", "null_", "random_", "time_",
    "local_", "tls_", "terraform_",
)


def is_ignored(resource_type: str) -> bool:
    known = resource_type in TYPES or resource_type in CONNECTORS
    return not known and resource_type.startswith(IGNORED_PREFIXES)
