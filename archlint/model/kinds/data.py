"""Data: storage, databases and caches, where data lives.

Rows of the kinds table: one `k(...)` per kind (the fields and traits are in
`archlint.model.kinds.base`).
"""

from __future__ import annotations

from archlint.model.kinds.base import AWS, Kind, k

ROWS: tuple[Kind, ...] = (
    # storage
    k(
        "s3",
        "Amazon S3 bucket",
        "storage",
        AWS + "storage.SimpleStorageServiceS3",
        ha=True,
        stateful=True,
        traits=("async_invoker",),
    ),
    k(
        "efs",
        "Amazon EFS file system",
        "storage",
        AWS + "storage.ElasticFileSystemEFS",
        ha=True,
        stateful=True,
    ),
    k(
        "ebs",
        "Amazon EBS volume",
        "storage",
        AWS + "storage.ElasticBlockStoreEBS",
        stateful=True,
    ),
    k("fsx", "Amazon FSx file system", "storage", AWS + "storage.Fsx", stateful=True,
      traits=("multi_az_option",)),
    k(
        "glacier",
        "Amazon S3 Glacier",
        "storage",
        AWS + "storage.S3Glacier",
        ha=True,
        stateful=True,
    ),
    k("backup", "AWS Backup vault", "storage", AWS + "storage.Backup", ha=True, stateful=True),
    k(
        "storagegateway",
        "AWS Storage Gateway appliance",
        "storage",
        AWS + "storage.StorageGateway",
    ),
    # database
    k("rds", "Amazon RDS database", "database", AWS + "database.RDS", stateful=True,
      traits=("multi_az_option", "read_store", "db_connections")),
    k("aurora", "Amazon Aurora cluster", "database", AWS + "database.Aurora", stateful=True,
      traits=("multi_az_option", "replica_cluster", "read_store", "db_connections")),
    k(
        "dynamodb",
        "Amazon DynamoDB table",
        "database",
        AWS + "database.Dynamodb",
        ha=True,
        stateful=True,
        aliases=("dynamo",),
        traits=("read_store",),
    ),
    k(
        "documentdb",
        "Amazon DocumentDB cluster",
        "database",
        AWS + "database.DocumentdbMongodbCompatibility",
        stateful=True,
        aliases=("docdb",),
        traits=("multi_az_option", "replica_cluster", "read_store"),
    ),
    k("neptune", "Amazon Neptune cluster", "database", AWS + "database.Neptune", stateful=True,
      traits=("multi_az_option", "replica_cluster", "read_store")),
    # diagrams 0.25.1 has no MemoryDB icon; MemoryDB is Redis-compatible.
    k(
        "memorydb",
        "Amazon MemoryDB cluster",
        "database",
        AWS + "database.ElasticacheForRedis",
        stateful=True,
        traits=("multi_az_option", "node_cluster", "read_cache"),
    ),
    k(
        "keyspaces",
        "Amazon Keyspaces (Cassandra) table",
        "database",
        AWS + "database.KeyspacesManagedApacheCassandraService",
        ha=True,
        stateful=True,
    ),
    k(
        "timestream",
        "Amazon Timestream database",
        "database",
        AWS + "database.Timestream",
        ha=True,
        stateful=True,
    ),
    # diagrams 0.25.1 has no RDS Proxy icon; the RDS one is the closest.
    # RDS Proxy itself is deployed across AZs by AWS and holds no data.
    k("rdsproxy", "Amazon RDS Proxy", "database", AWS + "database.RDS", ha=True),
    # cache
    k(
        "elasticache",
        "Amazon ElastiCache cluster",
        "cache",
        AWS + "database.Elasticache",
        stateful=True,
        traits=("multi_az_option", "node_cluster", "read_cache"),
    ),
    k(
        "dax",
        "Amazon DynamoDB Accelerator (DAX) cluster",
        "cache",
        AWS + "database.DynamodbDax",
        stateful=True,
        traits=("node_cluster", "read_cache"),
    ),
)
