# Generated from the rule files beside it by `python scripts/update_docs.py`
# (ami_lint.rule_index.index_module): do not edit. Each function holds one rule
# file's code, run in that file's own module by ami_lint.registry: the rules
# whose `check` a run never calls. `CHECKS` as in `_index.py`.
# mypy: ignore-errors
from __future__ import annotations

CHECKS = {
    'abbreviated_option.py': (2393, 1467816962),
    'architecture_defaulted.py': (2621, 2156311240),
    'arm64_requires_uefi.py': (2212, 203301504),
    'availability_zone_conflict.py': (2218, 2749822539),
    'billing_products_authorization.py': (2201, 3974560182),
    'boolean_flag_with_value.py': (4867, 2130629709),
    'brace_expansion.py': (6876, 2425469287),
    'cli_input_overridden.py': (2463, 1877109775),
    'conflicting_cli_input.py': (1843, 3980607082),
    'dry_run_in_script.py': (2124, 2100735147),
    'duplicate_device_name.py': (2200, 831928732),
    'duplicate_json_key.py': (1029, 1575742907),
    'ebs_size_or_snapshot_required.py': (1827, 1207215146),
    'ena_requires_hvm.py': (2838, 501082029),
    'ena_support_missing.py': (3102, 3857762679),
    'encrypted_with_snapshot.py': (3601, 972517346),
    'hcl_syntax_error.py': (1529, 1352591978),
    'image_id_not_extracted.py': (5055, 4056990626),
    'image_location_format.py': (3083, 191695541),
    'imdsv2_not_required.py': (4278, 1590768657),
    'invalid_enum_value.py': (2487, 1327680742),
    'invalid_image_name.py': (1110, 4125790105),
    'invalid_type.py': (2137, 721664510),
    'invalid_uefi_data.py': (3411, 2478466031),
    'invalid_virtual_name.py': (2350, 4157903890),
    'iops_not_supported.py': (2028, 1959238093),
    'iops_out_of_range.py': (2644, 3186132535),
    'iops_required.py': (2324, 1690018536),
    'iops_to_size_ratio.py': (3202, 1985268147),
    'json_syntax_error.py': (1220, 3090166079),
    'kernel_ramdisk_with_hvm.py': (2532, 3204067945),
    'kms_key_not_supported.py': (2389, 2930683000),
    'length_out_of_range.py': (1294, 1907887882),
    'malformed_resource_id.py': (1282, 2981929433),
    'mapping_target_conflict.py': (4292, 3272766172),
    'missing_device_name.py': (1623, 153337395),
    'missing_required_parameter.py': (912, 3497580940),
    'no_boot_source.py': (2921, 1681570712),
    'no_device_not_empty.py': (1883, 1358907445),
    'option_missing_value.py': (2268, 3636718522),
    'outpost_arn_not_supported.py': (2343, 1453351377),
    'paravirtual_image.py': (2695, 1976624515),
    'repeated_option.py': (3626, 4173854878),
    'reserved_tag_key.py': (974, 2332081094),
    'root_device_name_missing.py': (2203, 2144554704),
    'root_device_not_mapped.py': (2913, 3710756095),
    'root_volume_not_bootable.py': (2568, 3348842369),
    'root_volume_without_snapshot.py': (2632, 85707178),
    'shorthand_syntax_error.py': (1691, 3143524767),
    'sriov_requires_hvm.py': (2348, 2107761621),
    'stray_argument.py': (3705, 150972920),
    'tag_resource_type.py': (1105, 2548255661),
    'throughput_not_supported.py': (2052, 311579136),
    'throughput_out_of_range.py': (2450, 4286159181),
    'throughput_to_iops_ratio.py': (3595, 2791489878),
    'tpm_requires_uefi.py': (2222, 3031146309),
    'uefi_data_without_uefi.py': (2177, 1798237179),
    'unknown_parameter.py': (2382, 3465401395),
    'unquoted_expansion.py': (5062, 2198333996),
    'unreadable_parameter_file.py': (3267, 977999805),
    'unresolved_value.py': (2220, 2610726890),
    'unusual_device_name.py': (3886, 3513396354),
    'virtualization_type_defaulted.py': (4180, 3276637701),
    'volume_initialization_rate.py': (2988, 2535909005),
    'volume_size_out_of_range.py': (3270, 3940369687),
    'yaml_syntax_error.py': (1350, 3354078575),
}


def duplicate_json_key():  # rules/duplicate_json_key.py
    global DuplicateJsonKey, KIND_INPUT, RULE, Rule, Severity, __doc__
    __doc__ = """## What it does
Reports the second and every later occurrence of a key in one JSON object.

## Why is this bad?
JSON allows it and the CLI's decoder keeps only the last value without a
word, so the first value you see when reading the file is not the one that
is sent.

## Example
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "Architecture": "arm64"}
```

## Use instead
```json
{"Name": "web-2024-06-01", "Architecture": "arm64"}
```
"""


    from ami_lint.diagnostics import Severity
    from ami_lint.rule import KIND_INPUT, Rule


    class DuplicateJsonKey(Rule):
        id = "AMI006"
        name = "duplicate-json-key"
        summary = "A key given twice in one JSON object; the CLI silently keeps the last"
        severity = Severity.WARNING
        kind = KIND_INPUT
        references = (
            (
                "Python `json`: repeated names within an object",
                "https://docs.python.org/3/library/json.html#repeated-names-within-an-object",
            ),
        )


    RULE = DuplicateJsonKey()


def hcl_syntax_error():  # rules/hcl_syntax_error.py
    global HclSyntaxError, KIND_INPUT, RULE, Rule, Severity, __doc__
    __doc__ = """## What it does
Reports HCL that Terraform (or Packer) cannot parse, in a file that
registers an image: a block whose `{` is never closed (at that brace), a
string not closed on its line, an argument with no value, text the grammar
does not expect, an argument set twice in one block. The blocks that parse
are still checked.

## Why is this bad?
`terraform validate`, `plan` and `apply` stop at the first syntax error,
before anything is registered; a missing `}` is often reported by Terraform
at the end of the file, far from the block that lacks it.

## Example
```hcl
resource "aws_ami" "web" {
  name                = "web-2024-06-01"
  virtualization_type = "hvm"
  root_device_name    = "/dev/xvda"
```

## Use instead
```hcl
resource "aws_ami" "web" {
  name                = "web-2024-06-01"
  virtualization_type = "hvm"
  root_device_name    = "/dev/xvda"
}
```
"""


    from ami_lint.diagnostics import Severity
    from ami_lint.rule import KIND_INPUT, Rule


    class HclSyntaxError(Rule):
        id = "AMI007"
        name = "hcl-syntax-error"
        summary = "Invalid HCL in a Terraform or Packer file that registers an image"
        severity = Severity.ERROR
        kind = KIND_INPUT
        references = (
            ("HCL native syntax specification", "https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md"),
            (
                "Terraform configuration syntax",
                "https://developer.hashicorp.com/terraform/language/syntax/configuration",
            ),
        )


    RULE = HclSyntaxError()


def invalid_enum_value():  # rules/invalid_enum_value.py
    global InvalidEnumValue, KIND_SCHEMA, RULE, Rule, Severity, __doc__
    __doc__ = """## What it does
Reports a value of `Architecture`, `BootMode`, `TpmSupport`,
`ImdsSupport`, `VolumeType`, `VirtualizationType` (`hvm` or
`paravirtual`), `SriovNetSupport` (`simple`) or a tag specification's
`ResourceType` that is not one of the allowed values. Values are case
sensitive. The hint gives the fix only when it is sure: a name other
tools use for a value (`amd64` and `x64` for `x86_64`, `aarch64` for
`arm64`, `i686` for `i386`, `bios` for `legacy-bios`, `v2` for `v2.0`,
`pv` for `paravirtual`: the table is `ami_lint/data/enum_aliases.yaml`),
the value in another case (`HVM`, `GP3`) or punctuation (`uefi_preferred`),
or one value a single typo away (two in a value over six characters).
A value further from every choice gets no guess (`amd64` is not `arm64`).

## Why is this bad?
The API rejects the request with `InvalidParameterValue`; the CLI does
not check enumerations locally, so the mistake surfaces only when the
pipeline calls AWS.

## Example
```json
{"Name": "web-2024-06-01", "Architecture": "amd64", "VirtualizationType": "HVM"}
```

## Use instead
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm"}
```

## Fix safety
Safe when the hint is sure: a known alias (`amd64`: `x86_64`), the value in
another case (`HVM`: `hvm`) or other punctuation (`uefi_preferred`). Unsafe
when the suggestion is a value one or two typos away, which is a guess. No
fix is offered when the hint offers no value, or where the value is not
written as it reads (an escape in it). In Terraform, Packer and SDK code
(boto3, Go, JavaScript/TypeScript) the characters are replaced only inside
a quoted literal (`"amd64"`, `types.ArchitectureValues("amd64")`): not in a
Go enum constant, an f-string's or template's part, a heredoc, a number
the tool converts to a string, nor a value from a variable defined
elsewhere (its other uses may need it as it is).
"""


    from ami_lint.diagnostics import Severity
    from ami_lint.rule import KIND_SCHEMA, Rule


    class InvalidEnumValue(Rule):
        id = "AMI104"
        name = "invalid-enum-value"
        summary = "A value outside the allowed set (Architecture, BootMode, VolumeType, VirtualizationType, ...)"
        severity = Severity.ERROR
        kind = KIND_SCHEMA
        references = (
            (
                "RegisterImage API reference",
                "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html",
            ),
        )


    RULE = InvalidEnumValue()


def invalid_image_name():  # rules/invalid_image_name.py
    global InvalidImageName, KIND_SCHEMA, RULE, Rule, Severity, __doc__
    __doc__ = """## What it does
Reports the first character of `Name` that an image name may not hold.
Allowed are ASCII letters and digits, parentheses, square brackets,
spaces, periods, slashes, dashes, single quotes, at-signs and underscores.

## Why is this bad?
The API rejects the request. Colons from timestamps (`12:30:00`) and
plus signs from version strings are the usual culprits.

## Example
```json
{"Name": "web 2024-06-01T12:30:00", "Architecture": "x86_64"}
```

## Use instead
```json
{"Name": "web 2024-06-01T12-30-00", "Architecture": "x86_64"}
```
"""


    from ami_lint.diagnostics import Severity
    from ami_lint.rule import KIND_SCHEMA, Rule


    class InvalidImageName(Rule):
        id = "AMI106"
        name = "invalid-image-name"
        summary = "Characters in `Name` outside letters, digits and `( ) [ ] space . / - ' @ _`"
        severity = Severity.ERROR
        kind = KIND_SCHEMA
        references = (
            (
                "aws ec2 register-image",
                "https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html",
            ),
        )


    RULE = InvalidImageName()


def invalid_type():  # rules/invalid_type.py
    global InvalidType, KIND_SCHEMA, RULE, Rule, Severity, __doc__
    __doc__ = """## What it does
Reports a value whose type is not the one the API model gives: a string or
a float where an integer goes, a string where a boolean goes, a scalar
where a list or an object goes. In YAML, `yes`, `no`, `on` and `off`
are strings (the CLI v2 reads YAML 1.2), so they get a hint to write
`true` or `false`.

## Why is this bad?
The CLI validates types before sending and fails with `Invalid type for
parameter`.

## Example
```yaml
Name: web-2024-06-01
EnaSupport: yes
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs:
      VolumeSize: "8"
```

## Use instead
```yaml
Name: web-2024-06-01
EnaSupport: true
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs:
      VolumeSize: 8
```

## Fix safety
Safe, for three mistakes whose meaning is plain: a YAML 1.1 boolean written
bare (`yes`, `no`, `on`, `off`: `true` or `false`), a boolean in quotes
(`"true"`: `true`) and a whole number in quotes (`"8"`: `8`). The value the
user meant is written as the type the API takes; nothing else changes. No
fix is offered where the quotes are escapes of a host (JSON in a
double-quoted shell word), nor for any other type mistake. In boto3 and
JavaScript/TypeScript code the value is written in their syntax (`True`,
`true`, `8`), in Terraform and Packer as HCL or JSON writes it (both
tools convert `"true"` and `"8"` themselves, so the rule seldom fires
there); never in Go, whose fields take typed values (`aws.Bool(true)`),
nor for a value from a variable defined elsewhere.
"""


    from ami_lint.diagnostics import Severity
    from ami_lint.rule import KIND_SCHEMA, Rule


    class InvalidType(Rule):
        id = "AMI103"
        name = "invalid-type"
        summary = 'A value of the wrong type (string for integer, `"true"` for boolean, scalar for list)'
        severity = Severity.ERROR
        kind = KIND_SCHEMA
        references = (
            (
                "RegisterImage API reference",
                "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html",
            ),
            ("YAML 1.2 core schema", "https://yaml.org/spec/1.2.2/#1032-tag-resolution"),
        )


    RULE = InvalidType()


def json_syntax_error():  # rules/json_syntax_error.py
    global JsonSyntaxError, KIND_INPUT, RULE, Rule, Severity, __doc__
    __doc__ = """## What it does
Reports JSON that the AWS CLI cannot decode, at the exact character where
Python's `json` decoder, which the CLI uses, gives up. A UTF-8 byte order
mark at the start of a JSON file is reported too: the CLI reads the file
without stripping it and fails with `Unexpected UTF-8 BOM`.

## Why is this bad?
The CLI stops with `Error parsing parameter 'cli-input-json': Invalid JSON`
before it sends anything, usually late in a pipeline, and its message gives
only a character offset.

## Example
```json
{
  "Name": "web-2024-06-01",
  "Architecture": "x86_64",
}
```

## Use instead
```json
{
  "Name": "web-2024-06-01",
  "Architecture": "x86_64"
}
```
"""


    from ami_lint.diagnostics import Severity
    from ami_lint.rule import KIND_INPUT, Rule


    class JsonSyntaxError(Rule):
        id = "AMI001"
        name = "json-syntax-error"
        summary = "Invalid JSON in a request, an inline value or a referenced file"
        severity = Severity.ERROR
        kind = KIND_INPUT
        references = (
            (
                "Generating skeletons and input files",
                "https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-skeleton.html",
            ),
        )


    RULE = JsonSyntaxError()


def length_out_of_range():  # rules/length_out_of_range.py
    global KIND_SCHEMA, LengthOutOfRange, RULE, Rule, Severity, __doc__
    __doc__ = """## What it does
Reports a `Name` shorter than 3 or longer than 128 characters, a
`Description` longer than 255, `UefiData` longer than 64000, a tag
key longer than 127 or a tag value longer than 256 characters.

## Why is this bad?
The API rejects the request. Names are often built from branch names and
timestamps and grow past the limit only on some branches.

## Example
```yaml
Name: ab
Architecture: x86_64
```

## Use instead
```yaml
Name: abc-2024-06-01
Architecture: x86_64
```
"""


    from ami_lint.diagnostics import Severity
    from ami_lint.rule import KIND_SCHEMA, Rule


    class LengthOutOfRange(Rule):
        id = "AMI105"
        name = "length-out-of-range"
        summary = (
            "A string too short or too long "
        "(Name 3–128, Description ≤255, UefiData ≤64000, tag Key ≤127, tag Value ≤256)"  # noqa: RUF001
        )
        severity = Severity.ERROR
        kind = KIND_SCHEMA
        references = (
            (
                "RegisterImage API reference",
                "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html",
            ),
            (
                "Tag restrictions",
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions",
            ),
        )


    RULE = LengthOutOfRange()


def malformed_resource_id():  # rules/malformed_resource_id.py
    global KIND_SCHEMA, MalformedResourceId, RULE, Rule, Severity, __doc__
    __doc__ = """## What it does
Reports a `SnapshotId` that is not `snap-` followed by 8 or 17
lowercase hexadecimal digits, a `KernelId` (`aki-`) or `RamdiskId`
(`ari-`) of the wrong shape, and an `OutpostArn` that is not an
Outpost ARN.

## Why is this bad?
The API answers `InvalidSnapshotID.Malformed` or a similar error. A
truncated copy-paste or an AMI id where a snapshot id goes is a common
slip.

## Example
```json
{
  "Name": "web-2024-06-01",
  "RootDeviceName": "/dev/xvda",
  "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "ami-0db2cf683925d191f"}}]
}
```

## Use instead
```json
{
  "Name": "web-2024-06-01",
  "RootDeviceName": "/dev/xvda",
  "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]
}
```
"""


    from ami_lint.diagnostics import Severity
    from ami_lint.rule import KIND_SCHEMA, Rule


    class MalformedResourceId(Rule):
        id = "AMI107"
        name = "malformed-resource-id"
        summary = "A SnapshotId, KernelId, RamdiskId or OutpostArn that is not shaped like one"
        severity = Severity.ERROR
        kind = KIND_SCHEMA
        references = (("Resource IDs", "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html"),)


    RULE = MalformedResourceId()


def missing_required_parameter():  # rules/missing_required_parameter.py
    global KIND_SCHEMA, MissingRequiredParameter, RULE, Rule, Severity, __doc__
    __doc__ = """## What it does
Reports a request without `Name`, the only parameter RegisterImage
requires, on the object that lacks it.

## Why is this bad?
The CLI refuses the request with `Missing required parameter`.

## Example
```yaml
Architecture: arm64
RootDeviceName: /dev/xvda
```

## Use instead
```yaml
Name: web-2024-06-01
Architecture: arm64
RootDeviceName: /dev/xvda
```
"""


    from ami_lint.diagnostics import Severity
    from ami_lint.rule import KIND_SCHEMA, Rule


    class MissingRequiredParameter(Rule):
        id = "AMI102"
        name = "missing-required-parameter"
        summary = "The request has no `Name`"
        severity = Severity.ERROR
        kind = KIND_SCHEMA
        references = (
            (
                "RegisterImage API reference",
                "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html",
            ),
        )


    RULE = MissingRequiredParameter()


def reserved_tag_key():  # rules/reserved_tag_key.py
    global KIND_SCHEMA, RULE, ReservedTagKey, Rule, Severity, __doc__
    __doc__ = """## What it does
Reports a tag key in `TagSpecifications` that begins with `aws:`.

## Why is this bad?
The `aws:` prefix is reserved for AWS; the API rejects user tags that
use it.

## Example
```yaml
Name: web-2024-06-01
TagSpecifications:
  - ResourceType: image
    Tags:
      - Key: "aws:team"
        Value: web
```

## Use instead
```yaml
Name: web-2024-06-01
TagSpecifications:
  - ResourceType: image
    Tags:
      - Key: team
        Value: web
```
"""


    from ami_lint.diagnostics import Severity
    from ami_lint.rule import KIND_SCHEMA, Rule


    class ReservedTagKey(Rule):
        id = "AMI108"
        name = "reserved-tag-key"
        summary = "A tag key beginning with `aws:`"
        severity = Severity.ERROR
        kind = KIND_SCHEMA
        references = (
            (
                "Tag restrictions",
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions",
            ),
        )


    RULE = ReservedTagKey()


def shorthand_syntax_error():  # rules/shorthand_syntax_error.py
    global KIND_INPUT, RULE, Rule, Severity, ShorthandSyntaxError, __doc__
    __doc__ = """## What it does
Reads every shorthand value (`DeviceName=/dev/xvda,Ebs={VolumeSize=8}`)
with the grammar of the AWS CLI's own shorthand parser, quirks included,
and reports what it would reject at the exact character its error points
at, with its wording: an unbalanced bracket, a missing `=`, a trailing
comma, an unclosed quote, a key given twice at the top level. The hint
says in words what the parser saw, with positions in the file: which
`{` or `[` is never closed and what to add (`}]`), which key has no `=`,
that nothing follows the last `,`, which quote is never closed, a `}`
that closes nothing or the wrong bracket.

## Why is this bad?
The CLI stops with `Error parsing parameter '--block-device-mappings':
Expected: ',', received: 'EOF'` and a caret under a one-line copy of the
value, which in a continued shell command is hard to map back to the
script.

## Example
```shorthand block-device-mappings
DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f,VolumeSize=8
```

## Use instead
```shorthand block-device-mappings
DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f,VolumeSize=8}
```
"""


    from ami_lint.diagnostics import Severity
    from ami_lint.rule import KIND_INPUT, Rule


    class ShorthandSyntaxError(Rule):
        id = "AMI003"
        name = "shorthand-syntax-error"
        summary = "A shorthand value the AWS CLI's shorthand parser rejects"
        severity = Severity.ERROR
        kind = KIND_INPUT
        references = (
            (
                "Using shorthand syntax with the AWS CLI",
                "https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-shorthand.html",
            ),
        )


    RULE = ShorthandSyntaxError()


def tag_resource_type():  # rules/tag_resource_type.py
    global KIND_SCHEMA, RULE, Rule, Severity, TagResourceType, __doc__
    __doc__ = """## What it does
Reports a `ResourceType` in `TagSpecifications` that is a valid EC2
resource type but not `image`.

## Why is this bad?
RegisterImage can tag only the image it creates; the API rejects any other
resource type. (To tag the snapshots, tag them when you create them.)

## Example
```yaml
Name: web-2024-06-01
TagSpecifications:
  - ResourceType: snapshot
    Tags:
      - Key: team
        Value: web
```

## Use instead
```yaml
Name: web-2024-06-01
TagSpecifications:
  - ResourceType: image
    Tags:
      - Key: team
        Value: web
```
"""


    from ami_lint.diagnostics import Severity
    from ami_lint.rule import KIND_SCHEMA, Rule


    class TagResourceType(Rule):
        id = "AMI109"
        name = "tag-resource-type"
        summary = "A tag specification for a resource type other than `image`"
        severity = Severity.ERROR
        kind = KIND_SCHEMA
        references = (
            (
                "RegisterImage API reference",
                "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html",
            ),
        )


    RULE = TagResourceType()


def unknown_parameter():  # rules/unknown_parameter.py
    global KIND_SCHEMA, RULE, Rule, Severity, UnknownParameter, __doc__
    __doc__ = """## What it does
Reports every key that is not a member of the RegisterImage request at its
level (top level, a block device mapping, its `Ebs`, a tag
specification, a tag), and suggests the closest valid name. Keys are case
sensitive.

## Why is this bad?
The CLI rejects the whole request with `Unknown parameter` before sending
it, so a typo fails the pipeline late; and a misspelt optional key is never
what you meant.

## Example
```json
{
  "Name": "web-2024-06-01",
  "Architecture": "x86_64",
  "BlockDeviceMappings": [
    {"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f", "VolumeSzie": 8}}
  ]
}
```

## Use instead
```json
{
  "Name": "web-2024-06-01",
  "Architecture": "x86_64",
  "BlockDeviceMappings": [
    {"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f", "VolumeSize": 8}}
  ]
}
```

## Fix safety
Unsafe: the fix renames the key or option to the name suggested in the
hint (`VolumeTyp` to `VolumeType`, `--architechture` to `--architecture`),
which is a guess from the spelling: the value then takes effect, which may
not be what was meant. Only offered when there is a suggestion, the key is
written as it reads (no escape), and no key of that name is there already.
In Terraform and Packer (HCL and JSON) the argument, block type or option
is renamed to the tool's name the hint gives (`virtualisation_type` to
`virtualization_type`); in boto3, Go and JavaScript/TypeScript the keyword,
key, field or property to the API's name, which those SDKs use (a Go field
`SnapshotID` to `SnapshotId`), where it is written as a key (a keyword, a
dict key, `params["kernel_id"] = …`, a field, a property), never in a
string a variable holds.
Terraform's arguments the provider computes (`arn`, `tags_all`) are
removed with their lines, when nothing but blanks is beside them.
"""


    from ami_lint.diagnostics import Severity
    from ami_lint.rule import KIND_SCHEMA, Rule


    class UnknownParameter(Rule):
        id = "AMI101"
        name = "unknown-parameter"
        summary = "A key that RegisterImage does not have, at any level"
        severity = Severity.ERROR
        kind = KIND_SCHEMA
        references = (
            (
                "RegisterImage API reference",
                "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html",
            ),
        )


    RULE = UnknownParameter()


def unreadable_parameter_file():  # rules/unreadable_parameter_file.py
    global KIND_INPUT, RULE, Rule, Severity, UnreadableParameterFile, __doc__
    __doc__ = r"""## What it does
Reports a `file://` value of a register-image option (`--block-device-mappings`,
`--cli-input-json`, `--description`, …) in a shell script whose file cannot
be read, at the `file://…` word (also after `key@=` inside a shorthand
value): the file does not exist, cannot be opened, is a directory, a device
or a named pipe, is larger than `--max-file-size` (1 MiB by default), or is
not UTF-8 text. The message names the path and the problem, never the
file's contents. A relative path is looked up relative to the script's
directory, then the working directory. For safety, a reference whose real
path lies outside the script's project (its git work tree, else its
folder) is never read: a relative one (`file://../../.aws/credentials`),
or one that runs through a place for credentials (`.aws`, `.ssh`, `.env`,
…), is reported here, since a report shows the lines it points at. (A
readable file whose text is several lines that are not a request, or a JSON
object that is not one, is not checked either, so that no line of it can
be shown; that is `unresolved-value`, AMI005, not an error.) A file the
script writes itself before the call (`cat > req.json <<EOF`,
`cat <<'EOF' | tee req.json`, `printf '%s' '…' > req.json`,
`echo '…' > req.json`, in the same block as the call, or one around it) is
not looked for on disk: the text the script writes is checked instead,
each finding at its place in the script (inside the here-document), with
`$VAR` and `$(…)` in an unquoted here-document as unknown values. Not
reported here but as `unresolved-value` (AMI005, off by default): a path
that something in the script writes in a way that is not followed (inside
an `if` or a loop the call is not in, after the call, appended with `>>`,
by another program such as `jq … > f`, `envsubst`, `mv`, `cp`, `sed -i`,
or named as an argument of one); an absolute path outside the project that
nothing in the script writes (`file:///tmp/req.json`, a file of the machine
that runs the script, most often made as it runs; it is not read either);
and a path built from shell variables. `fileb://` files are binary and are
never read.

## Why is this bad?
The CLI fails with `Error parsing parameter … Unable to load paramfile`
before sending anything, and the value the file should hold cannot be
checked.

## Example
```sh
aws ec2 register-image --name web-2024-06-01 --architecture x86_64 \
    --block-device-mappings file://missing/block-device-mappings.json
```

## Use instead
```sh
aws ec2 register-image --name web-2024-06-01 --architecture x86_64 \
    --block-device-mappings '[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0"}}]'
```
"""


    from ami_lint.diagnostics import Severity
    from ami_lint.rule import KIND_INPUT, Rule


    class UnreadableParameterFile(Rule):
        id = "AMI004"
        name = "unreadable-parameter-file"
        summary = "A `file://` reference that cannot be read as UTF-8 text"
        severity = Severity.ERROR
        kind = KIND_INPUT
        references = (
            (
                "Loading AWS CLI parameters from a file",
                "https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-parameters-file.html",
            ),
        )


    RULE = UnreadableParameterFile()


def unresolved_value():  # rules/unresolved_value.py
    global KIND_INPUT, RULE, Rule, Severity, UnresolvedValue, __doc__
    __doc__ = r"""## What it does
Reports each part of a shell script's option value that the linter cannot
know without running the script, and so did not check: `$VAR`, `${…}`,
`$(…)`, backticks and globs that were not resolved from a literal assigned
earlier in the script, a word such as `$extra_flags` standing where options
go, and a `file://` reference whose path is built from a shell variable or
holds `~` or `$` that the CLI itself expands. Also a `file://` reference
to a file that the script writes in a way that is not followed (inside an
`if`, after the call, appended with `>>`, by another program: see
`unreadable-parameter-file`, AMI004, for the writes that are followed),
and an absolute path outside the script's project that nothing in the
script writes (`file:///tmp/req.json`: a file of the machine that runs
the script, never read by ami-lint). The finding is on the
unknown part, and says whether the rest of the value was checked. Off by
default: it is information about what was not checked, not a problem;
enable it with `--select AMI005` to audit coverage.

## Why is this bad?
Nothing is wrong with the script, but whatever the value (or the file)
holds at run time was not linted: a mistake there surfaces only when the
CLI runs.

## Example
```sh
aws ec2 register-image --name web-2024-06-01 --architecture x86_64 \
    --block-device-mappings "file://$BUILD_DIR/block-device-mappings.json"
```

## Use instead
```sh
aws ec2 register-image --name web-2024-06-01 --architecture x86_64 \
    --block-device-mappings '[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0"}}]'
```
"""


    from ami_lint.diagnostics import Severity
    from ami_lint.rule import KIND_INPUT, Rule


    class UnresolvedValue(Rule):
        id = "AMI005"
        name = "unresolved-value"
        summary = "A value comes from a shell variable, substitution or glob and was not checked"
        severity = Severity.INFO
        kind = KIND_INPUT
        default_enabled = False
        references = (
            (
                "Loading AWS CLI parameters from a file",
                "https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-parameters-file.html",
            ),
        )


    RULE = UnresolvedValue()


def yaml_syntax_error():  # rules/yaml_syntax_error.py
    global KIND_INPUT, RULE, Rule, Severity, YamlSyntaxError, __doc__
    __doc__ = """## What it does
Reports YAML that the AWS CLI v2 cannot load for `--cli-input-yaml`: syntax
errors at the parser's problem mark, a key given twice in one mapping, a
stream of several documents, and explicit tags such as `!!python/object`
(ami-lint never constructs anything from a tag).

## Why is this bad?
The CLI v2 loads YAML 1.2 with a safe loader that rejects all of these, so
the command fails before any request is sent. A duplicate key is easy to
miss in review because most YAML tools silently keep the last value.

## Example
```yaml
Name: web-2024-06-01
Architecture: x86_64
Name: web-2024-06-02
```

## Use instead
```yaml
Name: web-2024-06-02
Architecture: x86_64
```
"""


    from ami_lint.diagnostics import Severity
    from ami_lint.rule import KIND_INPUT, Rule


    class YamlSyntaxError(Rule):
        id = "AMI002"
        name = "yaml-syntax-error"
        summary = "Invalid YAML in a request, including duplicate keys and tags the CLI v2 loader rejects"
        severity = Severity.ERROR
        kind = KIND_INPUT
        references = (
            ("YAML 1.2 specification", "https://yaml.org/spec/1.2.2/"),
            (
                "Generating skeletons and input files",
                "https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-skeleton.html",
            ),
        )
        help_reference = 1


    RULE = YamlSyntaxError()
