"""STO: storage: large S3 uploads and EBS volume limits."""
