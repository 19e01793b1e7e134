"""Integration: messaging, streaming, orchestration.

Rows of the kinds table: one `k(...)` per kind (the fields and traits are in
`archlint.model.kinds.base`).
"""

from __future__ import annotations

from archlint.model import cluster_facts
from archlint.model.kinds.base import AWS, Kind, k

ROWS: tuple[Kind, ...] = (
    # integration: messaging, streaming, orchestration
    k(
        "sqs",
        "Amazon SQS queue",
        "integration",
        AWS + "integration.SimpleQueueServiceSqs",
        ha=True,
        asynchronous=True,
    ),
    k(
        "sns",
        "Amazon SNS topic",
        "integration",
        AWS + "integration.SimpleNotificationServiceSns",
        ha=True,
        asynchronous=True,
        traits=("async_invoker",),
    ),
    k(
        "eventbridge",
        "Amazon EventBridge event bus",
        "integration",
        AWS + "integration.Eventbridge",
        ha=True,
        asynchronous=True,
        traits=("async_invoker",),
    ),
    k(
        "kinesis",
        "Amazon Kinesis Data Streams",
        "integration",
        AWS + "analytics.KinesisDataStreams",
        ha=True,
        asynchronous=True,
    ),
    k(
        "firehose",
        "Amazon Data Firehose",
        "integration",
        AWS + "analytics.KinesisDataFirehose",
        ha=True,
        asynchronous=True,
    ),
    k(
        "msk",
        "Amazon MSK (Kafka) cluster",
        "integration",
        AWS + "analytics.ManagedStreamingForKafka",
        asynchronous=True,
        redundancy=cluster_facts.MSK,
        traits=("node_cluster",),
    ),
    k("mq", "Amazon MQ broker", "integration", AWS + "integration.MQ", asynchronous=True,
      traits=("multi_az_option",)),
    k(
        "stepfunctions",
        "AWS Step Functions state machine",
        "integration",
        AWS + "integration.StepFunctions",
        ha=True,
        aliases=("sfn",),
    ),
    k("appsync", "AWS AppSync GraphQL API", "integration", AWS + "integration.Appsync", ha=True),
    k(
        "ses",
        "Amazon SES",
        "integration",
        AWS + "engagement.SimpleEmailServiceSes",
        ha=True,
        traits=("async_invoker",),
    ),
)
