"""INT: integration and decoupling: SQS with Lambda, API Gateway timeouts and throttles,
synchronous coupling of tiers, and Kinesis shard capacity.

Most of these are the numbers that decide whether an integration works under load:
a queue that redelivers messages still being processed, an API that gives up
before its backend answers, a stream with too few shards.
"""
