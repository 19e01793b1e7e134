"""DB: database limits and patterns: DynamoDB item size, Lambda connections to RDS,
read replica counts, read scaling for read-heavy stores, Aurora Serverless v2.
"""
