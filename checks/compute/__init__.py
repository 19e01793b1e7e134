"""CMP: compute limits: Lambda duration, memory, /tmp, payloads and concurrency, and
Step Functions workflow types and durations.

Most are hard limits: a job designed to run longer than its service allows does
not slow down, it is killed. The fix is a different service, so the check is
worth making while the design is still a document.
"""
