"""The ids of the built-in rules that code outside `rules/` names.

Front ends, readers and the engine report some findings themselves (a JSON
syntax error, an unreadable `file://`) or treat a rule's findings specially
(AMI101 as the cause of knock-on findings). They name those rules through
these constants, never as string literals: one place to read which rules the
code knows by id (tests/test_rule_ids.py checks each against the registry,
and that no other module spells an id). Each constant is the rule's name in
upper case with `_` for `-`.
"""

from __future__ import annotations


def rule_page(rule_id: str) -> str:
    """The url of a built-in rule's page: `ami_lint.ruledocs.RULE_PAGES` and
    the id (tests/test_rule_pages.py checks they agree). Here, where a run
    has it without importing ruledocs (start-up, issue 20)."""
    return f"https://github.com/ami-lint/ami-lint/blob/main/docs/rules/{rule_id}.md"


JSON_SYNTAX_ERROR = "AMI001"
YAML_SYNTAX_ERROR = "AMI002"
SHORTHAND_SYNTAX_ERROR = "AMI003"
UNREADABLE_PARAMETER_FILE = "AMI004"
UNRESOLVED_VALUE = "AMI005"
DUPLICATE_JSON_KEY = "AMI006"
HCL_SYNTAX_ERROR = "AMI007"
UNKNOWN_PARAMETER = "AMI101"
MISSING_REQUIRED_PARAMETER = "AMI102"
INVALID_TYPE = "AMI103"
INVALID_ENUM_VALUE = "AMI104"
INVALID_IMAGE_NAME = "AMI106"
IOPS_OUT_OF_RANGE = "AMI210"
THROUGHPUT_NOT_SUPPORTED = "AMI211"
THROUGHPUT_OUT_OF_RANGE = "AMI212"
IOPS_TO_SIZE_RATIO = "AMI214"
TAG_RESOURCE_TYPE = "AMI109"
