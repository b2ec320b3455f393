"""ami-lint: an offline linter for EC2 AMI registration requests."""

__version__ = "0.1.0"
