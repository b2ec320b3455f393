# Generated from the rule files beside it by `python scripts/update_docs.py`
# (ami_lint.rule_index.index_module): do not edit. Each function holds one rule
# file's code, run in that file's own module by ami_lint.registry.
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

RULES = {
    'abbreviated_option': ('AMI411', 'abbreviated-option', 'An option written as a prefix of its name', 2, (('register-image', 'https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html'), ('argparse allow_abbrev', 'https://docs.python.org/3/library/argparse.html#allow-abbrev')), 0, True, 'request', ('<command line>',)),
    'architecture_defaulted': ('AMI305', 'architecture-defaulted', 'No `Architecture` on an EBS-backed image: it becomes `i386`', 2, (('RegisterImage', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html'),), 0, True, 'request', ()),
    'arm64_requires_uefi': ('AMI312', 'arm64-requires-uefi', 'An arm64 image with `BootMode` `legacy-bios`', 3, (('Boot modes', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ami-boot.html'),), 0, True, 'request', ('BootMode',)),
    'availability_zone_conflict': ('AMI219', 'availability-zone-conflict', 'Both `AvailabilityZone` and `AvailabilityZoneId` on one volume', 3, (('EbsBlockDevice', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html'),), 0, True, 'request', ('BlockDeviceMappings.Ebs.AvailabilityZone',)),
    'billing_products_authorization': ('AMI318', 'billing-products-authorization', '`BillingProducts` needs an account authorised for billing product codes', 1, (('RegisterImage', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html'), ('Understand AMI billing information', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ami-billing-info.html')), 1, True, 'request', ('BillingProducts',)),
    'boolean_flag_with_value': ('AMI402', 'boolean-flag-with-value', 'A value given to a boolean flag, which takes none', 3, (('register-image', 'https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html'),), 0, True, 'request', ('<command line>',)),
    'brace_expansion': ('AMI401', 'brace-expansion', 'An unquoted value with `{…,…}` is split by brace expansion', 3, (('Bash manual: Brace Expansion', 'https://www.gnu.org/software/bash/manual/html_node/Brace-Expansion.html'), ('Using shorthand syntax with the AWS CLI', 'https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-shorthand.html')), 0, True, 'request', ('<command line>',)),
    'cli_input_overridden': ('AMI406', 'cli-input-overridden', 'A key of the `--cli-input-*` document also given on the command line', 2, (('Generating and using a CLI skeleton', 'https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-skeleton.html'),), 0, True, 'request', ('<command line>',)),
    'conflicting_cli_input': ('AMI405', 'conflicting-cli-input', 'Both `--cli-input-json` and `--cli-input-yaml`', 3, (('Generating and using a CLI skeleton', 'https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-skeleton.html'),), 0, True, 'request', ('<command line>',)),
    'dry_run_in_script': ('AMI409', 'dry-run-in-script', '`--dry-run` left in: the call always fails with `DryRunOperation`', 2, (('register-image', 'https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html'), ('Common parameters: DryRun', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/CommonParameters.html')), 0, True, 'request', ('<command line>',)),
    'duplicate_device_name': ('AMI203', 'duplicate-device-name', 'Two block device mappings for one device', 3, (('Block device mappings', 'https://docs.aws.amazon.com/ebs/latest/userguide/block-device-mapping-concepts.html'),), 0, True, 'request', ('BlockDeviceMappings.DeviceName',)),
    'duplicate_json_key': ('AMI006', 'duplicate-json-key', 'A key given twice in one JSON object; the CLI silently keeps the last', 2, (('Python `json`: repeated names within an object', 'https://docs.python.org/3/library/json.html#repeated-names-within-an-object'),), 0, True, 'input', ()),
    'ebs_size_or_snapshot_required': ('AMI207', 'ebs-size-or-snapshot-required', 'An `Ebs` volume with neither `SnapshotId` nor `VolumeSize`', 3, (('EbsBlockDevice', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html'),), 0, True, 'request', ('BlockDeviceMappings',)),
    'ena_requires_hvm': ('AMI308', 'ena-requires-hvm', '`EnaSupport` on a paravirtual image', 3, (('Enable enhanced networking with ENA', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/enhanced-networking-ena.html'),), 0, True, 'request', ('EnaSupport',)),
    'ena_support_missing': ('AMI311', 'ena-support-missing', 'HVM image without `EnaSupport`: it cannot launch on current-generation instance types', 2, (('Enable enhanced networking with ENA', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/enhanced-networking-ena.html'),), 0, True, 'request', ()),
    'encrypted_with_snapshot': ('AMI216', 'encrypted-with-snapshot', '`Encrypted` on a mapping with a `SnapshotId`: the request fails whatever the value', 3, (('EbsBlockDevice', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html'), ('Use encryption with EBS-backed AMIs', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AMIEncryption.html')), 0, True, 'request', ('BlockDeviceMappings.Ebs.Encrypted',)),
    'hcl_syntax_error': ('AMI007', 'hcl-syntax-error', 'Invalid HCL in a Terraform or Packer file that registers an image', 3, (('HCL native syntax specification', 'https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md'), ('Terraform configuration syntax', 'https://developer.hashicorp.com/terraform/language/syntax/configuration')), 0, True, 'input', ()),
    'image_id_not_extracted': ('AMI408', 'image-id-not-extracted', '`X=$(aws ec2 register-image …)` without `--output text` captures JSON', 2, (('Setting the AWS CLI output format', 'https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-output-format.html'), ('register-image', 'https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html')), 0, True, 'request', ('<command line>',)),
    'image_location_format': ('AMI317', 'image-location-format', '`ImageLocation` is not `bucket/path/….manifest.xml`', 2, (('RegisterImage', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html'), ('Create an instance store-backed AMI', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/creating-an-ami-instance-store.html')), 0, True, 'request', ('ImageLocation',)),
    'imdsv2_not_required': ('AMI316', 'imdsv2-not-required', 'No `ImdsSupport` `v2.0`: instances from the image accept IMDSv1', 2, (('Configure the AMI to use IMDSv2', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html#configure-IMDS-new-instances-ami-configuration'),), 0, False, 'request', ()),
    'invalid_enum_value': ('AMI104', 'invalid-enum-value', 'A value outside the allowed set (Architecture, BootMode, VolumeType, VirtualizationType, ...)', 3, (('RegisterImage API reference', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html'),), 0, True, 'schema', ()),
    'invalid_image_name': ('AMI106', 'invalid-image-name', "Characters in `Name` outside letters, digits and `( ) [ ] space . / - ' @ _`", 3, (('aws ec2 register-image', 'https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html'),), 0, True, 'schema', ()),
    'invalid_type': ('AMI103', 'invalid-type', 'A value of the wrong type (string for integer, `"true"` for boolean, scalar for list)', 3, (('RegisterImage API reference', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html'), ('YAML 1.2 core schema', 'https://yaml.org/spec/1.2.2/#1032-tag-resolution')), 0, True, 'schema', ()),
    'invalid_uefi_data': ('AMI314', 'invalid-uefi-data', '`UefiData` that is not valid base64', 3, (('UEFI variables', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/uefi-variables.html'), ('GetInstanceUefiData', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetInstanceUefiData.html')), 0, True, 'request', ('UefiData',)),
    'invalid_virtual_name': ('AMI205', 'invalid-virtual-name', 'A `VirtualName` that is not `ephemeral<N>`', 3, (('BlockDeviceMapping', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_BlockDeviceMapping.html'),), 0, True, 'request', ('BlockDeviceMappings.VirtualName',)),
    'iops_not_supported': ('AMI209', 'iops-not-supported', '`Iops` on a `gp2`, `st1`, `sc1` or `standard` volume', 3, (('EbsBlockDevice', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html'),), 0, True, 'request', ('BlockDeviceMappings.Ebs.Iops',)),
    'iops_out_of_range': ('AMI210', 'iops-out-of-range', '`Iops` outside the range of its volume type', 3, (('EbsBlockDevice', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html'), ('Amazon EBS volume types', 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html')), 1, True, 'request', ('BlockDeviceMappings.Ebs.Iops',)),
    'iops_required': ('AMI208', 'iops-required', 'An `io1` or `io2` volume without `Iops`', 3, (('EbsBlockDevice', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html'), ('Provisioned IOPS SSD volumes', 'https://docs.aws.amazon.com/ebs/latest/userguide/provisioned-iops.html')), 0, True, 'request', ('BlockDeviceMappings',)),
    'iops_to_size_ratio': ('AMI214', 'iops-to-size-ratio', 'More IOPS per GiB than the volume type allows (io1 50, io2 1000, gp3 500)', 3, (('Provisioned IOPS SSD volumes', 'https://docs.aws.amazon.com/ebs/latest/userguide/provisioned-iops.html'), ('General Purpose SSD volumes', 'https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html')), 0, True, 'request', ('BlockDeviceMappings.Ebs.Iops',)),
    'json_syntax_error': ('AMI001', 'json-syntax-error', 'Invalid JSON in a request, an inline value or a referenced file', 3, (('Generating skeletons and input files', 'https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-skeleton.html'),), 0, True, 'input', ()),
    'kernel_ramdisk_with_hvm': ('AMI310', 'kernel-ramdisk-with-hvm', '`KernelId` or `RamdiskId` on an HVM image', 3, (('Virtualization types', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ComponentsAMIs.html#virtualization_types'), ('User provided kernels', 'https://docs.aws.amazon.com/linux/al2/ug/UserProvidedKernels.html')), 0, True, 'request', ('KernelId', 'RamdiskId')),
    'kms_key_not_supported': ('AMI217', 'kms-key-not-supported', '`KmsKeyId` is only for RunInstances and Spot requests, not RegisterImage', 3, (('EbsBlockDevice', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html'), ('Use encryption with EBS-backed AMIs', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AMIEncryption.html')), 0, True, 'request', ('BlockDeviceMappings.Ebs.KmsKeyId',)),
    'length_out_of_range': ('AMI105', 'length-out-of-range', 'A string too short or too long (Name 3–128, Description ≤255, UefiData ≤64000, tag Key ≤127, tag Value ≤256)', 3, (('RegisterImage API reference', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html'), ('Tag restrictions', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions')), 0, True, 'schema', ()),
    'malformed_resource_id': ('AMI107', 'malformed-resource-id', 'A SnapshotId, KernelId, RamdiskId or OutpostArn that is not shaped like one', 3, (('Resource IDs', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html'),), 0, True, 'schema', ()),
    'mapping_target_conflict': ('AMI201', 'mapping-target-conflict', 'A block device mapping needs exactly one of `Ebs`, `VirtualName` and `NoDevice`', 3, (('Block device mappings', 'https://docs.aws.amazon.com/ebs/latest/userguide/block-device-mapping-concepts.html'), ('BlockDeviceMapping', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_BlockDeviceMapping.html')), 1, True, 'request', ('BlockDeviceMappings',)),
    'missing_device_name': ('AMI202', 'missing-device-name', 'A block device mapping without `DeviceName`', 3, (('BlockDeviceMapping', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_BlockDeviceMapping.html'),), 0, True, 'request', ('BlockDeviceMappings',)),
    'missing_required_parameter': ('AMI102', 'missing-required-parameter', 'The request has no `Name`', 3, (('RegisterImage API reference', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html'),), 0, True, 'schema', ()),
    'no_boot_source': ('AMI301', 'no-boot-source', 'Neither `ImageLocation` nor a root-device mapping with a `SnapshotId`', 3, (('RegisterImage', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html'), ('Create an AMI from a snapshot', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/creating-an-ami-ebs.html#creating-launching-ami-from-snapshot')), 0, True, 'request', ()),
    'no_device_not_empty': ('AMI206', 'no-device-not-empty', '`NoDevice` must be the empty string', 3, (('BlockDeviceMapping', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_BlockDeviceMapping.html'),), 0, True, 'request', ('BlockDeviceMappings.NoDevice',)),
    'option_missing_value': ('AMI403', 'option-missing-value', 'An option that needs a value is last or followed by another option', 3, (('register-image', 'https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html'),), 0, True, 'request', ('<command line>',)),
    'outpost_arn_not_supported': ('AMI218', 'outpost-arn-not-supported', '`OutpostArn` is only for CreateImage', 3, (('EbsBlockDevice', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html'), ('Amazon EBS local snapshots on Outposts', 'https://docs.aws.amazon.com/ebs/latest/userguide/snapshots-outposts.html')), 0, True, 'request', ('BlockDeviceMappings.Ebs.OutpostArn',)),
    'paravirtual_image': ('AMI307', 'paravirtual-image', 'A `paravirtual` image runs only on previous-generation instance types', 2, (('Virtualization types', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ComponentsAMIs.html#virtualization_types'),), 0, True, 'request', ()),
    'repeated_option': ('AMI404', 'repeated-option', 'The same option given twice: the CLI keeps only the last', 2, (('register-image', 'https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html'),), 0, True, 'request', ('<command line>',)),
    'reserved_tag_key': ('AMI108', 'reserved-tag-key', 'A tag key beginning with `aws:`', 3, (('Tag restrictions', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions'),), 0, True, 'schema', ()),
    'root_device_name_missing': ('AMI304', 'root-device-name-missing', 'Snapshot-backed mappings but no `RootDeviceName`', 2, (('RegisterImage', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html'),), 0, True, 'request', ()),
    'root_device_not_mapped': ('AMI302', 'root-device-not-mapped', "`RootDeviceName` matches no mapping's `DeviceName`", 3, (('Block device mappings', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/block-device-mapping-concepts.html'),), 0, True, 'request', ('RootDeviceName',)),
    'root_volume_not_bootable': ('AMI221', 'root-volume-not-bootable', "The root device's volume is `st1` or `sc1`, which cannot be a boot volume", 3, (('Amazon EBS volume types', 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html'),), 0, True, 'request', ('RootDeviceName',)),
    'root_volume_without_snapshot': ('AMI303', 'root-volume-without-snapshot', "The root device's mapping has no `SnapshotId`", 3, (('Create an AMI from a snapshot', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/creating-an-ami-ebs.html#creating-launching-ami-from-snapshot'),), 0, True, 'request', ('RootDeviceName',)),
    'shorthand_syntax_error': ('AMI003', 'shorthand-syntax-error', "A shorthand value the AWS CLI's shorthand parser rejects", 3, (('Using shorthand syntax with the AWS CLI', 'https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-shorthand.html'),), 0, True, 'input', ()),
    'sriov_requires_hvm': ('AMI309', 'sriov-requires-hvm', '`SriovNetSupport` on a paravirtual image', 3, (('Enhanced networking with the Intel 82599 VF interface', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sriov-networking.html'),), 0, True, 'request', ('SriovNetSupport',)),
    'stray_argument': ('AMI410', 'stray-argument', 'A word of the command line that belongs to no option', 3, (('register-image', 'https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html'),), 0, True, 'request', ('<command line>',)),
    'tag_resource_type': ('AMI109', 'tag-resource-type', 'A tag specification for a resource type other than `image`', 3, (('RegisterImage API reference', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html'),), 0, True, 'schema', ()),
    'throughput_not_supported': ('AMI211', 'throughput-not-supported', '`Throughput` on a volume that is not `gp3`', 3, (('EbsBlockDevice', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html'),), 0, True, 'request', ('BlockDeviceMappings.Ebs.Throughput',)),
    'throughput_out_of_range': ('AMI212', 'throughput-out-of-range', "A `gp3` volume's `Throughput` outside its range", 3, (('EbsBlockDevice', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html'), ('General Purpose SSD volumes', 'https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html')), 1, True, 'request', ('BlockDeviceMappings.Ebs.Throughput',)),
    'throughput_to_iops_ratio': ('AMI215', 'throughput-to-iops-ratio', "A `gp3` volume's `Throughput` above 0.25 MiB/s per provisioned IOPS", 3, (('General Purpose SSD volumes', 'https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html'),), 0, True, 'request', ('BlockDeviceMappings.Ebs.Throughput',)),
    'tpm_requires_uefi': ('AMI313', 'tpm-requires-uefi', '`TpmSupport` `v2.0` without `BootMode` `uefi`', 3, (('NitroTPM requirements', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/enable-nitrotpm-prerequisites.html'),), 0, True, 'request', ('TpmSupport',)),
    'uefi_data_without_uefi': ('AMI315', 'uefi-data-without-uefi', '`UefiData` with `BootMode` `legacy-bios` or absent', 2, (('UEFI Secure Boot', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/uefi-secure-boot.html'),), 0, True, 'request', ('UefiData',)),
    'unknown_parameter': ('AMI101', 'unknown-parameter', 'A key that RegisterImage does not have, at any level', 3, (('RegisterImage API reference', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html'),), 0, True, 'schema', ()),
    'unquoted_expansion': ('AMI407', 'unquoted-expansion', 'An unquoted `$VAR` whose value has blanks is split into several words', 2, (('ShellCheck SC2086', 'https://www.shellcheck.net/wiki/SC2086'), ('Bash manual: Word Splitting', 'https://www.gnu.org/software/bash/manual/html_node/Word-Splitting.html')), 0, True, 'request', ('<command line>',)),
    'unreadable_parameter_file': ('AMI004', 'unreadable-parameter-file', 'A `file://` reference that cannot be read as UTF-8 text', 3, (('Loading AWS CLI parameters from a file', 'https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-parameters-file.html'),), 0, True, 'input', ()),
    'unresolved_value': ('AMI005', 'unresolved-value', 'A value comes from a shell variable, substitution or glob and was not checked', 1, (('Loading AWS CLI parameters from a file', 'https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-parameters-file.html'),), 0, False, 'input', ()),
    'unusual_device_name': ('AMI204', 'unusual-device-name', 'A `DeviceName` that is not a documented Linux or Windows device name', 2, (('Device names for volumes on Amazon EC2 instances', 'https://docs.aws.amazon.com/ebs/latest/userguide/device_naming.html'),), 0, True, 'request', ('BlockDeviceMappings.DeviceName',)),
    'virtualization_type_defaulted': ('AMI306', 'virtualization-type-defaulted', 'No `VirtualizationType`: it becomes `paravirtual`', 2, (('Virtualization types', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ComponentsAMIs.html#virtualization_types'),), 0, True, 'request', ()),
    'volume_initialization_rate': ('AMI220', 'volume-initialization-rate', '`VolumeInitializationRate` outside 100-300 MiB/s, or on a volume without a snapshot', 3, (('EbsBlockDevice', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html'), ('Initialize Amazon EBS volumes', 'https://docs.aws.amazon.com/ebs/latest/userguide/initalize-volume.html')), 1, True, 'request', ('BlockDeviceMappings.Ebs.VolumeInitializationRate',)),
    'volume_size_out_of_range': ('AMI213', 'volume-size-out-of-range', '`VolumeSize` outside the range of its volume type', 3, (('EbsBlockDevice', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html'), ('Amazon EBS volume types', 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html')), 1, True, 'request', ('BlockDeviceMappings.Ebs.VolumeSize',)),
    'yaml_syntax_error': ('AMI002', 'yaml-syntax-error', 'Invalid YAML in a request, including duplicate keys and tags the CLI v2 loader rejects', 3, (('YAML 1.2 specification', 'https://yaml.org/spec/1.2.2/'), ('Generating skeletons and input files', 'https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-skeleton.html')), 1, True, 'input', ()),
}


def abbreviated_option():  # rules/abbreviated_option.py
    global AbbreviatedOption, COMMAND, Context, Finding, Iterable, RULE, Request, Rule, Severity
    global __doc__, exact, fix
    __doc__ = r"""## What it does
Reports an option written as a prefix of its name (`--block-device-mapping`,
`--kernel`), at the prefix.

## Why is this bad?
The CLI's argument parser accepts any unambiguous prefix of an option today,
so the command works. When a later CLI version adds an option that shares the
prefix, the prefix becomes ambiguous and the command fails with
`ambiguous option`, in a script nobody has changed.

## Example
```sh
aws ec2 register-image --name web-2024-06-01 --kernel aki-12345678 \
    --block-device-mapping 'DeviceName=/dev/sda1,Ebs={SnapshotId=snap-0123456789abcdef0}'
```

## Use instead
```sh
aws ec2 register-image --name web-2024-06-01 --kernel-id aki-12345678 \
    --block-device-mappings 'DeviceName=/dev/sda1,Ebs={SnapshotId=snap-0123456789abcdef0}'
```

## Fix safety
Safe: the fix writes the option's full name in place of the prefix (the
value of `--kernel=aki-…` stays where it is). The CLI reads both the same
today, so nothing the command does changes. No fix is offered where the
name is not written as it is read (part of it quoted apart, or escaped).
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.edits import exact, fix
    from ami_lint.model import Request
    from ami_lint.rule import COMMAND, Context, Rule


    class AbbreviatedOption(Rule):
        id = "AMI411"
        name = "abbreviated-option"
        summary = "An option written as a prefix of its name"
        severity = Severity.WARNING
        references = (
            ("register-image", "https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html"),
            ("argparse allow_abbrev", "https://docs.python.org/3/library/argparse.html#allow-abbrev"),
        )

        needs = (COMMAND,)  # a command line's rule: a document has none

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            line = request.command
            if line is None:
                return
            for use in line.options:
                if use.abbreviated:
                    full = use.spec.name
                    yield self.report(
                        use,
                        f"`{use.written}` is an abbreviation of `{full}`",
                        f"Write `{full}` in full",
                        fix=fix(f"Write `{full}`", [exact(use.source, use.span, use.written, full)]),
                    )


    RULE = AbbreviatedOption()


def architecture_defaulted():  # rules/architecture_defaulted.py
    global ArchitectureDefaulted, Context, DEFAULT_ARCHITECTURE, Finding, Iterable, RULE, Request
    global Rule, Severity, __doc__, is_ebs_backed, is_snow_request, member, missing, sent_default
    __doc__ = """## What it does
Reports an EBS-backed request (one without `ImageLocation`) that has no
`Architecture`, once, at the request. A request for an AWS Snow device (a
`VolumeType` of `sbp1` or `sbg1`) or sent to an endpoint outside AWS (an
`--endpoint-url` such as a Snow device's `http://192.168.1.2:8008` or an
emulator's `http://localhost:4566`) is not checked: that EC2 has its own
defaults. Neither is a request sent by a tool that fills in an architecture
of its own (Terraform's AWS provider sends `x86_64`).

## Why is this bad?
The reference page says of `--architecture`: "Default: For Amazon EBS-backed
AMIs, i386." An image built from an `x86_64` or `arm64` snapshot registers as
a 32-bit image, and instances launched from it do not boot.

## Example
```json
{"Name": "web-2024-06-01", "VirtualizationType": "hvm", "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm",
 "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import is_snow_request
    from ami_lint.image import DEFAULT_ARCHITECTURE, is_ebs_backed, missing, sent_default
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class ArchitectureDefaulted(Rule):
        id = "AMI305"
        name = "architecture-defaulted"
        summary = "No `Architecture` on an EBS-backed image: it becomes `i386`"
        severity = Severity.WARNING
        references = (
            ("RegisterImage", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html"),
        )

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            if sent_default(request, "Architecture") is not None:
                return ()  # the tool that sends the request sends its own (Terraform's provider: `x86_64`)
            if not missing(request, "Architecture") or not is_ebs_backed(request) or is_snow_request(request):
                return ()
            return [
                self.report(
                    request.root,
                    f"No {member('Architecture')}: an EBS-backed image defaults to `{DEFAULT_ARCHITECTURE}`",
                    f"Set {member('Architecture')} to the snapshot's architecture (`x86_64` or `arm64`)",
                )
            ]


    RULE = ArchitectureDefaulted()


def arm64_requires_uefi():  # rules/arm64_requires_uefi.py
    global ARM, Arm64RequiresUefi, Context, Finding, Iterable, RULE, Request, Rule, Severity
    global __doc__, known_string, member
    __doc__ = """## What it does
Reports `BootMode` `legacy-bios` on an image whose `Architecture` is `arm64`
or `arm64_mac`, at `BootMode`.

## Why is this bad?
Graviton (arm64) instances boot only with UEFI: an arm64 image registered for
legacy BIOS cannot boot on any instance type.

## Example
```json
{"Name": "web-arm-2024-06-01", "Architecture": "arm64", "BootMode": "legacy-bios",
 "VirtualizationType": "hvm", "EnaSupport": true, "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

```sh
aws ec2 register-image --name web --architecture arm64 --boot-mode legacy-bios
```

## Use instead
```json
{"Name": "web-arm-2024-06-01", "Architecture": "arm64", "BootMode": "uefi",
 "VirtualizationType": "hvm", "EnaSupport": true, "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

```sh
aws ec2 register-image --name web --architecture arm64 --boot-mode uefi
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.image import known_string
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member

    ARM = ("arm64", "arm64_mac")


    class Arm64RequiresUefi(Rule):
        id = "AMI312"
        name = "arm64-requires-uefi"
        summary = "An arm64 image with `BootMode` `legacy-bios`"
        severity = Severity.ERROR
        references = (("Boot modes", "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ami-boot.html"),)

        needs = ("BootMode",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            arch = known_string(request, "Architecture")
            node = request.get("BootMode")
            if arch not in ARM or known_string(request, "BootMode") != "legacy-bios":
                return
            assert node is not None
            yield self.report(
                node,
                f"{member('BootMode')} is `legacy-bios` but "
            f"{member('Architecture')} `{arch}` boots only with `uefi`",
                f"Set {member('BootMode')} to `uefi`",
            )


    RULE = Arm64RequiresUefi()


def availability_zone_conflict():  # rules/availability_zone_conflict.py
    global AvailabilityZoneConflict, Context, Finding, Iterable, PAIR, RULE, Request, Rule, Severity
    global __doc__, ebs_volumes, member
    __doc__ = """## What it does
Reports an `Ebs` object that has both `AvailabilityZone` and
`AvailabilityZoneId`, at the one written second, naming the other.

## Why is this bad?
The two keys name the same thing in two ways (`us-east-1a` is an account's
name for a zone, `use1-az1` the zone's fixed id); the API accepts one or the
other and rejects the request when both are given.

## Example
```json
{"Name": "web-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf",
                          "Ebs": {"VolumeSize": 100, "AvailabilityZone": "us-east-1a",
                                  "AvailabilityZoneId": "use1-az1"}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf",
                          "Ebs": {"VolumeSize": 100, "AvailabilityZoneId": "use1-az1"}}]}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import ebs_volumes
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member

    PAIR = ("AvailabilityZone", "AvailabilityZoneId")


    class AvailabilityZoneConflict(Rule):
        id = "AMI219"
        name = "availability-zone-conflict"
        summary = "Both `AvailabilityZone` and `AvailabilityZoneId` on one volume"
        severity = Severity.ERROR
        references = (
            ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
        )

        needs = ("BlockDeviceMappings.Ebs.AvailabilityZone",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            for _device, ebs in ebs_volumes(request):
                zone, zone_id = ebs.entry(PAIR[0]), ebs.entry(PAIR[1])
                if zone is None or zone_id is None:
                    continue
                first, second = sorted((zone, zone_id), key=lambda e: e.key.span.start)
                yield self.report(
                    second.key,
                    f"{member(second.name)} conflicts with {member(first.name)} on the same volume",
                    f"Keep only one of {member('AvailabilityZone')} and {member('AvailabilityZoneId')}",
                )


    RULE = AvailabilityZoneConflict()


def billing_products_authorization():  # rules/billing_products_authorization.py
    global BillingProductsAuthorization, Context, Finding, Iterable, RULE, Request, Rule, Severity
    global __doc__, member
    __doc__ = """## What it does
Reports `BillingProducts`, at its value, as information.

## Why is this bad?
The reference page says: "Your account must be authorized to specify billing
product codes." Most accounts are not, and their request fails; to sell an
image, publish it through AWS Marketplace instead. To keep the billing code of
Windows, RHEL or SLES, create the image from an instance (`create-image`)
rather than registering a snapshot.

## Example
```json
{"Name": "web-2024-06-01", "BillingProducts": ["bp-6ba54002"],
 "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01", "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class BillingProductsAuthorization(Rule):
        id = "AMI318"
        name = "billing-products-authorization"
        summary = "`BillingProducts` needs an account authorised for billing product codes"
        severity = Severity.INFO
        references = (
            ("RegisterImage", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html"),
            (
                "Understand AMI billing information",
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ami-billing-info.html",
            ),
        )
        help_reference = 1

        needs = ("BillingProducts",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            node = request.get("BillingProducts")
            if node is not None:
                yield self.report(
                    node,
                    f"{member('BillingProducts')} is given: only accounts "
                "authorised for billing product codes may set it",
                    f"Remove {member('BillingProducts')} unless the "
                "account is authorised; sell through AWS Marketplace",
                )


    RULE = BillingProductsAuthorization()


def boolean_flag_with_value():  # rules/boolean_flag_with_value.py
    global BooleanFlagWithValue, COMMAND, Context, Edit, FLAG, Finding, Fix, Iterable, OptionUse
    global PLACEHOLDER, RULE, Request, Rule, Severity, ShellWord, Span, _OFF, __doc__, _fix, _text
    global fix
    __doc__ = r"""## What it does
Reports a value given to an option that takes none: `--ena-support true`,
`--dry-run false`, `--ena-support=true`, at the value.

## Why is this bad?
Boolean options of the CLI are flags: `--ena-support` turns the setting on,
`--no-ena-support` turns it off, and neither takes a value. The word after
the flag belongs to no option and the CLI fails with `Unknown options: true`
(with `=true`, `ignored explicit argument 'true'`). `--dry-run false` does not
turn the dry run off.

## Example
```sh
aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda --ena-support true
```

## Use instead
```sh
aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda --ena-support
```

## Fix safety
Safe, for `true` and `false` (in any case): `--ena-support true` becomes
`--ena-support` (the value and the blanks before it are removed, so no
double space is left) and `--ena-support false` becomes `--no-ena-support`,
which is what the words say. Any other value (`yes`, `0`, `$ENA`) gets no
fix, and neither does a value on the next line of a continued command or a
flag written in quotes.
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.edits import Edit, Fix, fix
    from ami_lint.model import Request
    from ami_lint.rule import COMMAND, Context, Rule
    from ami_lint.shell.cmdline import FLAG, OptionUse
    from ami_lint.shell.words import ShellWord
    from ami_lint.source import PLACEHOLDER, Span

    _OFF = frozenset({"false", "no", "off", "0", "disabled", "disable"})


    class BooleanFlagWithValue(Rule):
        id = "AMI402"
        name = "boolean-flag-with-value"
        summary = "A value given to a boolean flag, which takes none"
        severity = Severity.ERROR
        references = (
            ("register-image", "https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html"),
        )

        needs = (COMMAND,)  # a command line's rule: a document has none

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            line = request.command
            if line is None:
                return
            for stray in line.strays:
                if stray.after_flag is not None:
                    text = _text(stray.word)
                    yield self._finding(
                        stray.after_flag,
                        stray.word,
                        f"`{stray.after_flag.spec.name}` takes no value but is followed by `{text}`: "
                    f"the CLI fails with `Unknown options: {text}`",
                    )
            for use in line.options:
                if use.spec.kind == FLAG and use.explicit:
                    text = _text(use.values[0])
                    yield self._finding(
                        use,
                        use.values[0],
                        f"`{use.spec.name}` takes no value but is given `{text}`: "
                    f"the CLI fails with `ignored explicit argument '{text}'`",
                    )

        def _finding(self, flag: OptionUse, value: ShellWord, message: str) -> Finding:
            name = flag.spec.name
            text = _text(value)
            if text.lower() in _OFF and not name.startswith("--no-"):
                hint = f"Write `--no-{name[2:]}` instead of `{name} {text}`"
            else:
                hint = f"Remove `{text}`: `{name}` alone means it"
            span = value.span
            if flag.explicit:
                # `--flag="x"`: the value as written starts after the `=`, quote included.
                span = Span(flag.name_span.end + 1, value.span.end)
            return self.report((value, span), message, hint, fix=_fix(flag, value, text))


    def _fix(flag: OptionUse, value: ShellWord, text: str) -> Fix | None:
        """`--flag true` -> `--flag`; `--flag false` -> `--no-flag`: when the flag is
    one plain word and the value follows it on its line (or after its `=`)."""
        meaning = text.lower()
        name = flag.spec.name
        if meaning not in ("true", "false") or (meaning == "false" and name.startswith("--no-")):
            return None
        source = flag.word.source
        if flag.explicit:
            if source.slice(flag.word.span) != f"{flag.written}={text}":
                return None
            start, end = flag.name_span.end, flag.word.span.end
        else:
            gap = source.text[flag.word.span.end : value.span.start]
            if source.slice(flag.word.span) != flag.written or not gap or gap.strip(" \t"):
                return None
            start, end = flag.word.span.end, value.span.end
        if meaning == "true":
            return fix(f"Remove `{text}`", [Edit(Span(start, end), "")])
        negated = f"--no-{name[2:]}"
        return fix(f"Write `{negated}`", [Edit(Span(flag.name_span.start, end), negated)])


    def _text(word: ShellWord) -> str:
        return (
            word.text if word.text is not None and PLACEHOLDER not in word.text else word.source.shown(word.span)
        )


    RULE = BooleanFlagWithValue()


def brace_expansion():  # rules/brace_expansion.py
    global BraceExpansion, COMMAND, Context, Finding, Iterable, Iterator, LiteralPart, RULE, Request
    global Rule, Severity, ShellWord, Span, _POSIX_ONLY, __doc__, _brace_groups, _closing
    global _plainly_without_group, quoting_fix, quoting_hint
    __doc__ = r"""## What it does
Reports an unquoted option value with a brace group holding a comma
(`Ebs={VolumeSize=8,VolumeType=gp3}`), at the brace group, in scripts run
by bash, zsh or ksh. A `#!/bin/sh` script (and a script without a `#!` line)
is treated as affected too, because `sh` is bash on many systems; a
`#!/bin/dash` or `#!/bin/ash` script is not. Braces without a comma between
them, escaped braces (`\{`) and quoted words are not expanded. The hint
quotes the whole value so that the script keeps working: in single quotes,
or in double quotes when the value holds an expansion
(`"DeviceName=/dev/xvda,Ebs={SnapshotId=$SNAP,VolumeType=gp3}"`), which
single quotes would stop from expanding; a word that unquoted-expansion
(AMI407) reports too gets the same quoting from both.

## Why is this bad?
Brace expansion turns the word `Ebs={VolumeSize=8,VolumeType=gp3}` into the
two words `Ebs=VolumeSize=8` and `Ebs=VolumeType=gp3` before the CLI sees
them: the shorthand is wrong and the second word is an unknown option, or a
list option quietly receives two broken items. The same happens to the
`Tags=[{Key=a,Value=b}]` of a tag specification.

## Example
```sh
aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda \
    --block-device-mappings DeviceName=/dev/xvda,Ebs={VolumeSize=8,VolumeType=gp3}
```

## Use instead
```sh
aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda \
    --block-device-mappings 'DeviceName=/dev/xvda,Ebs={VolumeSize=8,VolumeType=gp3}'
```

## Fix safety
Safe: the fix puts the whole word in quotes, as the hint and Use instead
show: single quotes, or double quotes when the word expands a `$VAR` (which
still expands). The shell then passes the value whole, which is what the
AWS CLI expects of a shorthand value. No fix is offered where quoting the
word as written would change a character's meaning (it holds quotes, a
backslash or a leading `~`), or where the value comes from a variable.
"""


    from collections.abc import Iterable, Iterator

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.model import Request
    from ami_lint.rule import COMMAND, Context, Rule
    from ami_lint.shell.quoting import quoting_fix, quoting_hint
    from ami_lint.shell.words import LiteralPart, ShellWord
    from ami_lint.source import Span

    # Shells that do no brace expansion.
    _POSIX_ONLY = frozenset({"dash", "ash"})


    class BraceExpansion(Rule):
        id = "AMI401"
        name = "brace-expansion"
        summary = "An unquoted value with `{…,…}` is split by brace expansion"
        severity = Severity.ERROR
        references = (
            (
                "Bash manual: Brace Expansion",
                "https://www.gnu.org/software/bash/manual/html_node/Brace-Expansion.html",
            ),
            (
                "Using shorthand syntax with the AWS CLI",
                "https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-shorthand.html",
            ),
        )

        needs = (COMMAND,)  # a command line's rule: a document has none

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            line = request.command
            if line is None or line.invocation.shell in _POSIX_ONLY:
                return
            for use in line.options:
                for word in use.values:
                    if _plainly_without_group(word):
                        continue
                    groups = list(_brace_groups(word))
                    if not groups:
                        continue
                    written = word.resolved[0].written if word.resolved else word.span
                    # The same quoting as unquoted-expansion's for this word: one fixes both.
                    hint = quoting_hint(word.source.shown(written))
                    quoting = None if word.resolved else quoting_fix(word.source, word.span)
                    for group in groups:
                        raw = word.source.shown(group)
                        yield self.report(
                            (word, group),
                            f"`{raw}` is not quoted: brace expansion splits the value of "
                        f"`{use.spec.name}` into several words",
                            hint,
                            fix=quoting,
                        )


    def _plainly_without_group(word: ShellWord) -> bool:
        """Whether `word` is one part that cannot hold a group: unknown, quoted or
    without a `{` (most values). A pre-test, cheaper than `_brace_groups`'
    generator and its own test, which it answers as for such a word (issue 20)."""
        parts = word.parts
        if len(parts) != 1:
            return False
        part = parts[0]
        return part.__class__ is not LiteralPart or part.quoted or "{" not in part.text  # type: ignore[union-attr]


    def _brace_groups(word: ShellWord) -> Iterator[Span]:
        """File spans of the brace groups the shell expands (`{a,b}`), outermost first.

    A brace or comma counts only when it is written unquoted and unescaped;
    a group without a comma of its own is not expanded, but one inside it may be.
    """
        if not any(isinstance(p, LiteralPart) and not p.quoted and "{" in p.text for p in word.parts):
            return  # most values: quoted, or without a brace
        # (character, file offset) of every active character; None for other text.
        chars: list[tuple[str, int] | None] = []
        for part in word.parts:
            if not isinstance(part, LiteralPart):
                chars.append(None)
                continue
            at = 0
            for start, slen, dlen in part.pieces:
                if slen == dlen and not part.quoted:
                    chars.extend((part.text[at + k], start + k) for k in range(dlen))
                else:
                    chars.extend([None] * dlen)
                at += dlen
        closing = _closing(chars)
        i = 0
        while i < len(chars):
            close = closing.get(i)
            if close is not None:
                open_at, close_at = chars[i], chars[close]
                assert open_at is not None and close_at is not None
                yield Span(open_at[1], close_at[1] + 1)
                i = close + 1
            else:
                i += 1


    def _closing(chars: list[tuple[str, int] | None]) -> dict[int, int]:
        """The index of the `}` closing each expanding group, by the index of its
    `{`: found in one pass, so a value of many braces takes linear time."""
        closing: dict[int, int] = {}
        # Each `{` not yet closed, and whether a comma stands directly inside it.
        open_groups: list[tuple[int, bool]] = []
        for j, item in enumerate(chars):
            if item is None:
                continue
            char = item[0]
            if char == "{":
                open_groups.append((j, False))
            elif char == "}" and open_groups:
                i, comma = open_groups.pop()
                if comma:
                    closing[i] = j
            elif char == "," and open_groups:
                open_groups[-1] = (open_groups[-1][0], True)
        return closing


    RULE = BraceExpansion()


def cli_input_overridden():  # rules/cli_input_overridden.py
    global CLI_INPUT_OPTIONS, COMMAND, CliInputOverridden, Context, Finding, Iterable, RULE, Request
    global Rule, Severity, __doc__, marked
    __doc__ = r"""## What it does
Reports an option of the command line whose parameter is also a top-level
key of the `--cli-input-json` or `--cli-input-yaml` document, at the option.
The document is the one the request is built from: inline, from a variable,
from its `file://` file or from a file the script wrote before the call; a
key the script leaves unknown (`"$KEY"`) is not guessed.

## Why is this bad?
The command-line option replaces that key of the document whole: a
`--block-device-mappings` option drops every mapping of the document, not
just the one it names. Whoever edits the document sees no effect.

## Example
```sh
aws ec2 register-image --cli-input-json '{"Name": "web-2024-06-01", "RootDeviceName": "/dev/xvda"}' \
    --name web-2024-06-02
```

## Use instead
```sh
aws ec2 register-image --cli-input-json '{"RootDeviceName": "/dev/xvda"}' --name web-2024-06-02
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.model import Request
    from ami_lint.rule import COMMAND, Context, Rule
    from ami_lint.shell.cmdline import CLI_INPUT_OPTIONS
    from ami_lint.vocabulary import member as marked


    class CliInputOverridden(Rule):
        id = "AMI406"
        name = "cli-input-overridden"
        summary = "A key of the `--cli-input-*` document also given on the command line"
        severity = Severity.WARNING
        references = (
            (
                "Generating and using a CLI skeleton",
                "https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-skeleton.html",
            ),
        )

        needs = (COMMAND,)  # a command line's rule: a document has none

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            line, document = request.command, request.cli_input
            if line is None or document is None:
                return
            # The document the CLI reads is the last `--cli-input-*` option's.
            option = next(u.spec.name for u in reversed(line.options) if u.spec.name in CLI_INPUT_OPTIONS)
            keys = set(document.keys())
            for member, use in line.last_uses().items():
                if member in keys:
                    yield self.report(
                        use,
                        f"`{use.spec.name}` replaces {marked(member)} of the `{option}` document whole",
                        f"Remove {marked(member)} from the document or `{use.spec.name}` from the command",
                    )


    RULE = CliInputOverridden()


def conflicting_cli_input():  # rules/conflicting_cli_input.py
    global CLI_INPUT_OPTIONS, COMMAND, ConflictingCliInput, Context, Finding, Iterable, RULE
    global Request, Rule, Severity, __doc__
    __doc__ = r"""## What it does
Reports a command that gives both `--cli-input-json` and `--cli-input-yaml`,
at the later of the two.

## Why is this bad?
The CLI reads the request skeleton from one of them only and refuses a
command that has both, so nothing is sent.

## Example
```sh
aws ec2 register-image --cli-input-json file://image.json --cli-input-yaml file://image.yaml
```

## Use instead
```sh
aws ec2 register-image --cli-input-yaml file://image.yaml
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.model import Request
    from ami_lint.rule import COMMAND, Context, Rule
    from ami_lint.shell.cmdline import CLI_INPUT_OPTIONS


    class ConflictingCliInput(Rule):
        id = "AMI405"
        name = "conflicting-cli-input"
        summary = "Both `--cli-input-json` and `--cli-input-yaml`"
        severity = Severity.ERROR
        references = (
            (
                "Generating and using a CLI skeleton",
                "https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-skeleton.html",
            ),
        )

        needs = (COMMAND,)  # a command line's rule: a document has none

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            line = request.command
            if line is None:
                return
            first: str | None = None
            for use in line.options:
                name = use.spec.name
                if name not in CLI_INPUT_OPTIONS:
                    continue
                if first is None:
                    first = name
                elif name != first:
                    yield self.report(
                        use,
                        f"`{name}` is given with `{first}`: the CLI takes the request from only one of them",
                        f"Keep either `{first}` or `{name}`",
                    )


    RULE = ConflictingCliInput()


def dry_run_in_script():  # rules/dry_run_in_script.py
    global COMMAND, Context, DryRunInScript, Finding, Iterable, RULE, Request, Rule, Severity
    global __doc__, fix, remove_option
    __doc__ = r"""## What it does
Reports `--dry-run` on an `aws ec2 register-image` command, at the flag.

## Why is this bad?
With `--dry-run` EC2 only checks the permissions and answers with the
`DryRunOperation` error: no image is registered, the CLI exits with status
254, and a script running with `set -e` stops there. It is a debugging aid
that was left in.

## Example
```sh
aws ec2 register-image --dry-run --name web-2024-06-01 --root-device-name /dev/xvda
```

## Use instead
```sh
aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda
```

## Fix safety
Unsafe: the fix removes `--dry-run`, and the command then registers an
image when it runs. Not offered when the option is continued over lines.
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.edits import fix
    from ami_lint.model import Request
    from ami_lint.rule import COMMAND, Context, Rule
    from ami_lint.shell.fixes import remove_option


    class DryRunInScript(Rule):
        id = "AMI409"
        name = "dry-run-in-script"
        summary = "`--dry-run` left in: the call always fails with `DryRunOperation`"
        severity = Severity.WARNING
        references = (
            ("register-image", "https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html"),
            (
                "Common parameters: DryRun",
                "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/CommonParameters.html",
            ),
        )

        needs = (COMMAND,)  # a command line's rule: a document has none

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            line = request.command
            if line is None:
                return
            use = line.last_uses().get("DryRun")
            if use is not None and use.spec.flag_value:
                yield self.report(
                    use,
                    "`--dry-run` is left in: the call always fails with `DryRunOperation` and registers no image",
                    "Remove `--dry-run`",
                    fix=fix("Remove `--dry-run`", [remove_option(use)], safe=False),
                )


    RULE = DryRunInScript()


def duplicate_device_name():  # rules/duplicate_device_name.py
    global BlockDevice, Context, DuplicateDeviceName, Finding, Iterable, RULE, Request, Rule
    global Severity, __doc__, block_devices, string_value
    __doc__ = """## What it does
Reports a `DeviceName` that an earlier mapping of the same request already
maps, at the later one, and names the earlier mapping.

## Why is this bad?
A device can be attached once. EC2 rejects the request with
`InvalidBlockDeviceMapping`; when it comes from a shell script that builds
the mappings, the duplicate is usually a copy-paste slip that hides a missing
volume.

## Example
```shorthand block-device-mappings
DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f}
DeviceName=/dev/xvda,Ebs={VolumeSize=100}
```

## Use instead
```shorthand block-device-mappings
DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f}
DeviceName=/dev/xvdf,Ebs={VolumeSize=100}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import BlockDevice, block_devices, string_value
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule


    class DuplicateDeviceName(Rule):
        id = "AMI203"
        name = "duplicate-device-name"
        summary = "Two block device mappings for one device"
        severity = Severity.ERROR
        references = (
            (
                "Block device mappings",
                "https://docs.aws.amazon.com/ebs/latest/userguide/block-device-mapping-concepts.html",
            ),
        )

        needs = ("BlockDeviceMappings.DeviceName",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            reported: list[Finding] = []
            seen: dict[str, BlockDevice] = {}
            for device in block_devices(request):
                node = device.mapping.get("DeviceName")
                name = string_value(node)
                if node is None or name is None:
                    continue
                if name in seen:
                    reported.append(
                        self.report(
                            node,
                            f"`{name}` is also mapped in {seen[name].member()}",
                            "Map each device once: merge the two mappings or give this one another device name",
                        )
                    )
                else:
                    seen[name] = device
            return reported


    RULE = DuplicateDeviceName()


def ebs_size_or_snapshot_required():  # rules/ebs_size_or_snapshot_required.py
    global Context, EbsSizeOrSnapshotRequired, Finding, Iterable, RULE, Request, Rule, Severity
    global __doc__, ebs_volumes, member
    __doc__ = """## What it does
Reports an `Ebs` object that has neither `SnapshotId` nor `VolumeSize`, at
that object.

## Why is this bad?
The reference page says of `VolumeSize`: "You must specify either a snapshot
ID or a volume size." Without either, EC2 does not know how large to make
the volume and rejects the request.

## Example
```json
{"Name": "web-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeType": "gp3"}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeType": "gp3", "VolumeSize": 100}}]}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import ebs_volumes
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class EbsSizeOrSnapshotRequired(Rule):
        id = "AMI207"
        name = "ebs-size-or-snapshot-required"
        summary = "An `Ebs` volume with neither `SnapshotId` nor `VolumeSize`"
        severity = Severity.ERROR
        references = (
            ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
        )

        needs = ("BlockDeviceMappings",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            return [
                self.report(
                    ebs,
                    f"{device.member('Ebs')} has neither {member('SnapshotId')} nor {member('VolumeSize')}",
                    f"Add {member('SnapshotId')} to restore a snapshot "
                f"or {member('VolumeSize')} for an empty volume",
                )
                for device, ebs in ebs_volumes(request)
                if "SnapshotId" not in ebs and "VolumeSize" not in ebs
            ]


    RULE = EbsSizeOrSnapshotRequired()


def ena_requires_hvm():  # rules/ena_requires_hvm.py
    global Context, EnaRequiresHvm, Finding, Iterable, RULE, Request, Rule, Severity, __doc__
    global is_true, member, surely_paravirtual, value, virtualization
    __doc__ = """## What it does
Reports `EnaSupport` `true` on a paravirtual image, at `EnaSupport`: one whose
`VirtualizationType` is written as `paravirtual` (this error then replaces
AMI307's warning), or left to that default by a request with a `KernelId` or
`RamdiskId`. With no `VirtualizationType` and nothing else saying PV, AMI306
reports the default and names `EnaSupport`: real requests like that register
HVM images, so whether EC2 keeps the documented default there is not certain
enough for an error.

## Why is this bad?
The reference page says of `--ena-support`: "This option is supported only for
HVM AMIs. Specifying this option with a PV AMI can make instances launched from
the AMI unreachable."

## Example
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "paravirtual",
 "EnaSupport": true, "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

```sh
aws ec2 register-image --name web-2024-06-01 --virtualization-type paravirtual --ena-support \\
    --image-location my-s3-bucket/web/image.manifest.xml
```

## Use instead
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm",
 "EnaSupport": true, "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

```sh
aws ec2 register-image --name web-2024-06-01 --virtualization-type hvm --ena-support \\
    --image-location my-s3-bucket/web/image.manifest.xml
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.image import is_true, surely_paravirtual, virtualization
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member, value


    class EnaRequiresHvm(Rule):
        id = "AMI308"
        name = "ena-requires-hvm"
        summary = "`EnaSupport` on a paravirtual image"
        severity = Severity.ERROR
        references = (
            (
                "Enable enhanced networking with ENA",
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/enhanced-networking-ena.html",
            ),
        )

        needs = ("EnaSupport",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            node = request.get("EnaSupport")
            virt = virtualization(request)
            if node is None or not is_true(node) or not surely_paravirtual(request):
                return ()
            return [
                self.report(
                    node,
                    f"{member('EnaSupport')} is {value(True)} but "
                f"{virt.phrase()}: ENA is supported only for HVM images",
                    f"Set {member('VirtualizationType')} to `hvm`",
                )
            ]


    RULE = EnaRequiresHvm()


def ena_support_missing():  # rules/ena_support_missing.py
    global Context, EnaSupportMissing, Finding, HINT, Iterable, RULE, Request, Rule, Scalar
    global Severity, WHY, __doc__, _hint, is_ebs_backed, is_snow_request, member, missing, value
    global virtualization
    __doc__ = """## What it does
Reports an image whose `VirtualizationType` is `hvm` and whose `EnaSupport` is
not `true`: once, at the request when `EnaSupport` is absent, or at
`EnaSupport` when it is `false`. Images with an `ImageLocation` are not
checked: instance-store-backed images do not launch on the Nitro instance
types that need ENA, with or without it; nor are requests for an AWS Snow
device (a `VolumeType` of `sbp1` or `sbg1`) or sent to an `--endpoint-url`
outside AWS, whose instance types are their own.

## Why is this bad?
Current-generation (Nitro) instance types network only through ENA. An HVM
image registered without `EnaSupport` cannot launch on them, even when its
operating system has the ENA driver.

## Example
```yaml
Name: web-2024-06-01
Architecture: x86_64
VirtualizationType: hvm
RootDeviceName: /dev/xvda
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs: {SnapshotId: snap-0db2cf683925d191f}
```

## Use instead
```yaml
Name: web-2024-06-01
Architecture: x86_64
VirtualizationType: hvm
EnaSupport: true
RootDeviceName: /dev/xvda
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs: {SnapshotId: snap-0db2cf683925d191f}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import is_snow_request
    from ami_lint.image import is_ebs_backed, missing, virtualization
    from ami_lint.model import Request
    from ami_lint.nodes import Scalar
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member, value

    WHY = "it cannot launch on current-generation (Nitro) instance types"
    HINT = f"Set {member('EnaSupport')} to {value(True)}{{}} once the image has the ENA driver"


    class EnaSupportMissing(Rule):
        id = "AMI311"
        name = "ena-support-missing"
        summary = "HVM image without `EnaSupport`: it cannot launch on current-generation instance types"
        severity = Severity.WARNING
        references = (
            (
                "Enable enhanced networking with ENA",
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/enhanced-networking-ena.html",
            ),
        )

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            virt = virtualization(request)
            if virt.value != "hvm" or not virt.sure or not is_ebs_backed(request) or is_snow_request(request):
                return ()
            node = request.get("EnaSupport")
            if missing(request, "EnaSupport"):
                return [
                    self.report(
                        request.root, f"No {member('EnaSupport')} on an `hvm` image: {WHY}", _hint(request)
                    )
                ]
            if isinstance(node, Scalar) and node.value is False:
                message = f"{member('EnaSupport')} is {value(False)} on an `hvm` image: {WHY}"
                return [self.report(node, message, _hint(request))]
            return ()


    def _hint(request: Request) -> str:
        # The option's name is a help to a command line, not to Terraform or Python.
        return HINT.format(" (`--ena-support`)" if request.command is not None else "")


    RULE = EnaSupportMissing()


def encrypted_with_snapshot():  # rules/encrypted_with_snapshot.py
    global Context, EncryptedWithSnapshot, Finding, Iterable, RULE, Request, Rule, Severity, __doc__
    global ebs_volumes, fix, member, remove_entry
    __doc__ = """## What it does
Reports `Encrypted` on an `Ebs` object that also has a `SnapshotId`, at the
`Encrypted` key, whatever its value. A `SnapshotId` counts even when its
value is not known (a shell variable): the key alone decides.

## Why is this bad?
The reference page says: "If you are creating a block device mapping from an
existing encrypted or unencrypted snapshot, you must omit this parameter. If
you include this parameter, the request will fail, regardless of the value
that you specify." The volume takes the snapshot's encryption state (or
account-level encryption by default); to change it, copy the snapshot with
encryption first.

## Example
```shorthand block-device-mappings
DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f,Encrypted=true}
```

## Use instead
```shorthand block-device-mappings
DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f}
```

## Fix safety
Unsafe: the fix removes the `Encrypted` key (with one separator) from the
mapping, so the volume takes the snapshot's encryption state, which may not
be the state the user wanted (the hint says how to get another). Not
offered when the key is the mapping's only one, or a comment or line
continuation stands next to it. In Terraform and Packer HCL the
`encrypted` argument is removed with its whole line, when nothing but
blanks is beside it (a comment there withholds the fix): with a
`snapshot_id` the provider stops at apply ("can't set both 'snapshot_id'
and 'encrypted'"), and dropping it is what the rule suggests; in their JSON
syntax, in boto3 and in JavaScript/TypeScript, with one comma as in JSON;
in Go, an element `Encrypted: aws.Bool(true),` alone on its line, with
that line.
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import ebs_volumes
    from ami_lint.edits import fix, remove_entry
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class EncryptedWithSnapshot(Rule):
        id = "AMI216"
        name = "encrypted-with-snapshot"
        summary = "`Encrypted` on a mapping with a `SnapshotId`: the request fails whatever the value"
        severity = Severity.ERROR
        references = (
            ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
            (
                "Use encryption with EBS-backed AMIs",
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AMIEncryption.html",
            ),
        )

        needs = ("BlockDeviceMappings.Ebs.Encrypted",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            for _device, ebs in ebs_volumes(request):
                entry = ebs.entry("Encrypted")
                if entry is None or "SnapshotId" not in ebs:
                    continue
                yield self.report(
                    entry.key,
                    f"{member('Encrypted')} is given with {member('SnapshotId')}: "
                "the request fails whatever its value",
                    f"Remove {member('Encrypted')}; the volume takes the snapshot's encryption state "
                    # `--encrypted` is copy-snapshot's option: no help to a tool's configuration.
                    + (
                        "(copy the snapshot encrypted to change it)"
                        if request.sender is not None
                        else "(copy the snapshot with `--encrypted` to change it)"
                    ),
                    fix=fix(f"Remove {member('Encrypted')}", [remove_entry(ebs, entry)], safe=False),
                )


    RULE = EncryptedWithSnapshot()


def image_id_not_extracted():  # rules/image_id_not_extracted.py
    global COMMAND, CommandLine, Context, Finding, GLOBAL_VALUE_OPTIONS, ImageIdNotExtracted
    global Iterable, RULE, Request, Rule, Severity, __doc__, _global_values, append_words, fix
    __doc__ = r"""## What it does
Reports `IMAGE_ID=$(aws ec2 register-image …)` when the command's output
goes straight into the variable, the command has no `--output text`, and
the script does not parse the variable anywhere, at the variable: it
receives JSON where the script expects an id.

## Why is this bad?
The CLI prints JSON by default: the variable receives `{"ImageId": "ami-…"}`,
and with `--query ImageId` still the JSON string `"ami-…"` with its quotes.
The next command (`aws ec2 create-tags --resources "$IMAGE_ID"`) then fails
with a malformed image id.

Not reported:

- output piped on (`| jq -r .ImageId`) or redirected elsewhere;
- a variable the script parses where it uses it (one such use is enough):
  `jq -r .ImageId <<< "$RESP"`, a heredoc feeding `jq`,
  `echo "$RESP" | jq …` (a pipe on to anything but `tee` or `cat`), an
  argument of `jq`, `python`, `grep`, `sed` and the like, a parameter
  expansion that transforms it (`${RESP//\"/}`), or writing it to a `.json`
  file. Such a script meant to capture JSON, `--output json` or not;
- a script that sets `AWS_DEFAULT_OUTPUT` itself, or a command whose options
  may come from a variable (`aws $opts ec2 …`).

It is still reported when the variable is used as the id itself
(`--image-ids "$AMI_ID"`, `echo "$AMI_ID"`), and with `--query ImageId` but
no `--output text`.

## Example
```sh
IMAGE_ID=$(aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda \
    --query ImageId)
```

## Use instead
```sh
IMAGE_ID=$(aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda \
    --query ImageId --output text)
```

## Fix safety
Unsafe: the fix adds `--query ImageId --output text` (or `--output text`
when a query is there) after the command's last word, so the variable
receives the bare id; code that parses the JSON it received until now
would break.
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.edits import fix
    from ami_lint.model import Request
    from ami_lint.rule import COMMAND, Context, Rule
    from ami_lint.shell.cmdline import CommandLine
    from ami_lint.shell.commands import GLOBAL_VALUE_OPTIONS
    from ami_lint.shell.fixes import append_words


    class ImageIdNotExtracted(Rule):
        id = "AMI408"
        name = "image-id-not-extracted"
        summary = "`X=$(aws ec2 register-image …)` without `--output text` captures JSON"
        severity = Severity.WARNING
        references = (
            (
                "Setting the AWS CLI output format",
                "https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-output-format.html",
            ),
            ("register-image", "https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html"),
        )

        needs = (COMMAND,)  # a command line's rule: a document has none

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            line = request.command
            if line is None or line.invocation.capture is None or line.has_splice:
                return
            if line.invocation.capture.parsed:
                return  # the script reads the id out of the JSON itself
            if request.source.mentions("AWS_DEFAULT_OUTPUT"):
                return
            output, query = _global_values(line, "--output"), _global_values(line, "--query")
            if None in output or (output and output[-1] == "text"):
                return
            capture = line.invocation.capture
            fmt = output[-1] if output else "json"
            if query and fmt == "json":
                message = f"`{capture.name}` receives the image id as a quoted JSON string, not a bare id"
            else:
                shown = "JSON" if fmt == "json" else f"`{fmt}`"
                message = f"`{capture.name}` receives the {shown} output of `register-image`, not a bare image id"
            added = "--output text" if query else "--query ImageId --output text"
            yield self.report(
                (line.invocation.source, capture.span),
                message,
                f"Add `{added}`",
                fix=fix(f"Add `{added}`", [append_words(line, added)], safe=False),
            )


    def _global_values(line: CommandLine, name: str) -> list[str | None]:
        """Every value given to a global option, in order; None for one that is unknown."""
        values: list[str | None] = []
        pairs = [(g.word, g.value) for g in line.invocation.global_options]
        words = line.globals_after
        i = 0
        while i < len(words):
            takes_value = words[i].text in GLOBAL_VALUE_OPTIONS
            follower = words[i + 1] if takes_value and i + 1 < len(words) else None
            pairs.append((words[i], follower))
            i += 2 if follower is not None else 1
        for word, value in pairs:
            prefix = word.known_prefix
            if prefix == name and word.is_known:
                values.append(value.text if value is not None else None)
            elif prefix.startswith(name + "="):
                text = word.text
                values.append(text[len(name) + 1 :] if text is not None else None)
        return values


    RULE = ImageIdNotExtracted()


def image_location_format():  # rules/image_location_format.py
    global Context, Finding, ImageLocationFormat, Iterable, RULE, Request, Rule, SCHEME, SUFFIX
    global Scalar, Severity, __doc__, is_snow_request, member
    __doc__ = """## What it does
Reports an `ImageLocation` that is not of the form `bucket/path/….manifest.xml`,
at the value: an `s3://` or `https://` URL, or a path that does not end in
`.manifest.xml`.

## Why is this bad?
`ImageLocation` is "the full path to your AMI manifest in Amazon S3 storage",
written as the bucket name followed by the key of the bundle's manifest
(`my-s3-bucket/myimage/image.manifest.xml` in the reference page's example).
A URL or the path of an image file instead of its manifest is not found.
A request sent to an `--endpoint-url` outside AWS (a Snow device, an emulator
that registers container images) is not checked: its EC2 reads locations of
its own.

## Example
```json
{"Name": "my-image", "ImageLocation": "s3://my-s3-bucket/myimage/image.manifest.xml"}
```

## Use instead
```json
{"Name": "my-image", "ImageLocation": "my-s3-bucket/myimage/image.manifest.xml"}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import is_snow_request
    from ami_lint.model import Request
    from ami_lint.nodes import Scalar
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member

    SCHEME = r"[A-Za-z][A-Za-z0-9+.-]*://"  # compiled (and cached by `re`) when first used
    SUFFIX = ".manifest.xml"


    class ImageLocationFormat(Rule):
        id = "AMI317"
        name = "image-location-format"
        summary = "`ImageLocation` is not `bucket/path/….manifest.xml`"
        severity = Severity.WARNING
        references = (
            ("RegisterImage", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html"),
            (
                "Create an instance store-backed AMI",
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/creating-an-ami-instance-store.html",
            ),
        )

        needs = ("ImageLocation",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            if is_snow_request(request):
                return  # a device's or an emulator's EC2 takes its own kind of location
            node = request.get("ImageLocation")
            if not isinstance(node, Scalar) or not isinstance(node.value, str):
                return
            value = node.value
            import re  # here: few requests have `ImageLocation` (start-up, issue 20)

            scheme = re.match(SCHEME, value)
            if scheme:
                prefix = scheme.group(0)
                yield self.report(
                    node,
                    f"{member('ImageLocation')} is `{value}`, an `{prefix}` "
                "URL, but needs `bucket/path/….manifest.xml`",
                    f"Drop `{prefix}` and keep the bucket name and the manifest's key",
                )
            elif not value.endswith(SUFFIX) or "/" not in value:
                yield self.report(
                    node,
                    f"{member('ImageLocation')} is `{value}` but needs `bucket/path/….manifest.xml`",
                    f"Point {member('ImageLocation')} at the bundle's "
                "`.manifest.xml` file, after the bucket name",
                )


    RULE = ImageLocationFormat()


def imdsv2_not_required():  # rules/imdsv2_not_required.py
    global Context, Edit, Finding, Fix, Imdsv2NotRequired, Iterable, Mapping, RULE, Request, Rule
    global Severity, __doc__, _fix, add_first_entry, fix, member, missing
    __doc__ = """## What it does
Reports a request without `ImdsSupport`, once, at the request. Another value
than `v2.0` is AMI104's concern. Off by default: requiring IMDSv2 is a
hardening policy, not a defect of the request. On an image whose software
speaks only IMDSv1 (an old SDK or agent, cloud-init of a legacy distribution)
`v2.0` breaks every instance launched from it, so only the team that knows
its images can turn it on (see Options).

## Why is this bad?
With `ImdsSupport` `v2.0`, instances launched from the image have `HttpTokens`
set to `required`: they accept only IMDSv2, whose session tokens protect the
instance credentials against server-side request forgery. Without it, every
instance accepts IMDSv1 unless each launch turns it off.

## Example
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm",
 "EnaSupport": true, "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm",
 "EnaSupport": true, "ImdsSupport": "v2.0", "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

## Options
Off by default. Add it to the rules on by default on the command line
(`--select AMI316` alone runs only this rule):

```sh
ami-lint --select ALL,AMI316 images/
```

or for a whole tree in `.ami-lint.yaml` (`ALL` and prefixes such as `AMI3`
leave out the rules that are off by default; naming the id turns it on):

```yaml
select: [ALL, AMI316]
```

## Fix safety
Unsafe: the fix adds `--imds-support v2.0` at the end of the command, or
`ImdsSupport: v2.0` as the first key of a document, and instances from the
image then refuse IMDSv1, which software on the image may still use. The
rule is off by default; the fix applies only when it is selected.
Terraform and Packer get `imds_support = "v2.0"` on a line of its own
before the first argument, aligned with it (`"imds_support": "v2.0"` in
their JSON syntax); boto3 gets `ImdsSupport="v2.0"` (or a dict entry) and
JavaScript/TypeScript `ImdsSupport: "v2.0"`, on a line of their own when the
first argument begins its line. Go gets none: the field's type (`*string`
or an enum) depends on the SDK and its imports.
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.edits import Edit, Fix, add_first_entry, fix
    from ami_lint.image import missing
    from ami_lint.model import Request
    from ami_lint.nodes import Mapping
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class Imdsv2NotRequired(Rule):
        id = "AMI316"
        name = "imdsv2-not-required"
        summary = "No `ImdsSupport` `v2.0`: instances from the image accept IMDSv1"
        severity = Severity.WARNING
        # A hardening policy (SPEC section 6): harmful on images that need IMDSv1.
        default_enabled = False
        references = (
            (
                "Configure the AMI to use IMDSv2",
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html#configure-IMDS-new-instances-ami-configuration",
            ),
        )

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            if missing(request, "ImdsSupport"):
                yield self.report(
                    request.root,
                    f"No {member('ImdsSupport')}: instances from this image accept IMDSv1",
                    f"Set {member('ImdsSupport')} to `v2.0` once the image's software supports IMDSv2",
                    fix=_fix(request),
                )


    def _fix(request: Request) -> Fix | None:
        """`--imds-support v2.0` at the end of a command, or `ImdsSupport` first in a document."""
        edit: Edit | None
        if request.command is not None:
            from ami_lint.shell.fixes import append_words

            edit = append_words(request.command, "--imds-support v2.0")
        elif isinstance(request.root, Mapping):
            edit = add_first_entry(request.root, "ImdsSupport", "v2.0")
        else:
            edit = None
        return fix(f"Set {member('ImdsSupport')} to `v2.0`", [edit], safe=False)


    RULE = Imdsv2NotRequired()


def invalid_uefi_data():  # rules/invalid_uefi_data.py
    global ALPHABET, Context, Finding, InvalidUefiData, Iterable, RULE, Request, Rule, Scalar
    global Severity, __doc__, member
    __doc__ = """## What it does
Reports a `UefiData` value that is not valid base64, at its first character
outside the base64 alphabet (letters, digits, `+` and `/`, with `=` padding
only at the end), or at the whole value when the padding is wrong.
Whitespace and line breaks count as invalid: EC2 decodes the value strictly.

## Why is this bad?
`UefiData` is the "Base64 representation of the non-volatile UEFI variable
store", as `get-instance-uefi-data` returns it. A truncated, re-wrapped or
URL-safe (`-`, `_`) value is rejected.

## Example
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm",
 "EnaSupport": true, "BootMode": "uefi", "UefiData": "QU1a-VjE=",
 "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm",
 "EnaSupport": true, "BootMode": "uefi", "UefiData": "QU1a+VjE",
 "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.model import Request
    from ami_lint.nodes import Scalar
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member

    # What `base64.b64decode(..., validate=True)` accepts before it checks padding.
    ALPHABET = r"[A-Za-z0-9+/]*={0,2}"  # compiled (and cached by `re`) when first used


    class InvalidUefiData(Rule):
        id = "AMI314"
        name = "invalid-uefi-data"
        summary = "`UefiData` that is not valid base64"
        severity = Severity.ERROR
        references = (
            ("UEFI variables", "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/uefi-variables.html"),
            (
                "GetInstanceUefiData",
                "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetInstanceUefiData.html",
            ),
        )

        needs = ("UefiData",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            node = request.get("UefiData")
            if not isinstance(node, Scalar) or not isinstance(node.value, str):
                return
            value = node.value
            # Imported here: few requests have `UefiData` (start-up, issue 20).
            import base64
            import binascii
            import re

            try:
                base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError) as error:
                bad = re.match(ALPHABET, value)
                at = bad.end() if bad else 0
                if at < len(value):
                    shown = value[at].encode("unicode_escape").decode("ascii")
                    yield self.report(
                        (node, node.inner_span(at, at + 1)),
                        f"{member('UefiData')} is not valid base64: `{shown}` at character {at + 1}",
                        "Pass the base64 text that `get-instance-uefi-data` returns, unchanged",
                    )
                else:
                    reason = str(error).rstrip(".")
                    yield self.report(
                        node,
                        f"{member('UefiData')} is not valid base64: {reason[:1].lower()}{reason[1:]}",
                        "Pass the base64 text that `get-instance-uefi-data` returns, unchanged",
                    )


    RULE = InvalidUefiData()


def invalid_virtual_name():  # rules/invalid_virtual_name.py
    global Context, Finding, InvalidVirtualName, Iterable, RULE, Request, Rule, Severity, __doc__
    global block_devices, ignored_virtual_name, is_instance_store_name, member, string_value
    __doc__ = """## What it does
Reports a `VirtualName` that is not `ephemeral` followed by a number
(`ephemeral0`, `ephemeral1`, …), the only form the API accepts for an
instance store volume.

## Why is this bad?
The reference page says: "The virtual device name (`ephemeral`N). Instance
store volumes are numbered starting from 0." Any other value (`ephemeral`,
`eph0`, `instance-store-0`, `Ephemeral0`) is rejected by EC2.

Beside `Ebs`, a `VirtualName` that names no instance store volume is a label
EC2 ignores (widely followed guides, Talos's and Garden Linux's among them,
register working images with `VirtualName=talos` on the root volume): not
reported.

## Example
```yaml
Name: web-2024-06-01
BlockDeviceMappings:
  - DeviceName: /dev/sdb
    VirtualName: ephemeral-0
```

## Use instead
```yaml
Name: web-2024-06-01
BlockDeviceMappings:
  - DeviceName: /dev/sdb
    VirtualName: ephemeral0
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import block_devices, ignored_virtual_name, is_instance_store_name, string_value
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class InvalidVirtualName(Rule):
        id = "AMI205"
        name = "invalid-virtual-name"
        summary = "A `VirtualName` that is not `ephemeral<N>`"
        severity = Severity.ERROR
        references = (
            (
                "BlockDeviceMapping",
                "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_BlockDeviceMapping.html",
            ),
        )

        needs = ("BlockDeviceMappings.VirtualName",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            for device in block_devices(request):
                node = device.mapping.get("VirtualName")
                value = string_value(node)
                if node is None or value is None or is_instance_store_name(value):
                    continue
                if ignored_virtual_name(device.mapping):
                    continue  # a label beside `Ebs`, which EC2 ignores
                yield self.report(
                    node,
                    f"{member('VirtualName')} is `{value}` but must be `ephemeral<N>`",
                    "Name instance store volumes `ephemeral0`, `ephemeral1`, … in order",
                )


    RULE = InvalidVirtualName()


def iops_not_supported():  # rules/iops_not_supported.py
    global Context, Finding, IopsNotSupported, Iterable, RULE, Request, Rule, Severity, WITHOUT_IOPS
    global __doc__, ebs_volumes, member, volume_type
    __doc__ = """## What it does
Reports `Iops` on a volume whose `VolumeType` is `gp2`, `st1`, `sc1` or
`standard`, at the `Iops` key. A volume without `VolumeType` is not checked:
the reference pages do not say which type RegisterImage assumes then.

## Why is this bad?
The reference page says: "This parameter is not supported for `gp2`, `st1`,
`sc1`, or `standard` volumes." EC2 rejects the request; the performance of
these types follows from their size.

## Example
```yaml
Name: web-2024-06-01
BlockDeviceMappings:
  - DeviceName: /dev/sdf
    Ebs: {VolumeSize: 100, VolumeType: gp2, Iops: 3000}
```

## Use instead
```yaml
Name: web-2024-06-01
BlockDeviceMappings:
  - DeviceName: /dev/sdf
    Ebs: {VolumeSize: 100, VolumeType: gp3, Iops: 3000}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import ebs_volumes, volume_type
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member

    WITHOUT_IOPS = ("gp2", "st1", "sc1", "standard")


    class IopsNotSupported(Rule):
        id = "AMI209"
        name = "iops-not-supported"
        summary = "`Iops` on a `gp2`, `st1`, `sc1` or `standard` volume"
        severity = Severity.ERROR
        references = (
            ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
        )

        needs = ("BlockDeviceMappings.Ebs.Iops",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            for _device, ebs in ebs_volumes(request):
                vtype = volume_type(ebs, request)
                entry = ebs.entry("Iops")
                if entry is None or vtype not in WITHOUT_IOPS:
                    continue
                yield self.report(
                    entry.key,
                    f"{member('Iops')} is not supported for {member('VolumeType')} `{vtype}`",
                    f"Remove {member('Iops')}, or use `gp3`, `io1` or `io2` to provision IOPS",
                )


    RULE = IopsNotSupported()


def iops_out_of_range():  # rules/iops_out_of_range.py
    global Context, Finding, IopsOutOfRange, Iterable, RULE, Request, Rule, Severity, __doc__
    global ebs_volumes, int_entry, member, range_fix, type_limits, value_range, volume_type
    __doc__ = """## What it does
Reports an `Iops` value outside the range of its volume type, at the value.
The ranges come from the limits table chosen with `--limits` (see Options).
A volume whose type is absent or not known is not checked.

## Why is this bad?
EC2 rejects the request with `InvalidParameterValue`. The `legacy` profile
follows the reference page ("`gp3`: 3,000-16,000 IOPS, `io1`: 100-64,000
IOPS, `io2`: 100-64,000 IOPS") for partitions and regions that have not
received the larger limits.

## Example
```shorthand block-device-mappings
DeviceName=/dev/sdf,Ebs={VolumeSize=100,VolumeType=gp3,Iops=1000}
```

## Use instead
```shorthand block-device-mappings
DeviceName=/dev/sdf,Ebs={VolumeSize=100,VolumeType=gp3,Iops=3000}
```

## Options
`--limits current|legacy` chooses the table.

| type | `current` | `legacy` (the reference page's table) |
|---|---|---|
| `gp3` | 3000-80000 | 3000-16000 |
| `io1` | 100-64000 | 100-64000 |
| `io2` | 100-256000 | 100-64000 |
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import ebs_volumes, int_entry, range_fix, type_limits, value_range, volume_type
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class IopsOutOfRange(Rule):
        id = "AMI210"
        name = "iops-out-of-range"
        summary = "`Iops` outside the range of its volume type"
        severity = Severity.ERROR
        references = (
            ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
            ("Amazon EBS volume types", "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html"),
        )
        help_reference = 1

        needs = ("BlockDeviceMappings.Ebs.Iops",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            for _device, ebs in ebs_volumes(request):
                vtype = volume_type(ebs, request)
                found = int_entry(ebs, "Iops")
                if vtype is None or found is None:
                    continue
                limits = type_limits(ctx.limits, vtype)
                if limits is None or limits.iops_range is None:
                    continue  # AMI209's business
                entry, iops = found
                low, high = limits.iops_range
                hint = range_fix("Iops", iops, low, high)
                if hint is None:
                    continue
                yield self.report(
                    entry.value,
                    f"{member('Iops')} is `{iops}` but `{vtype}` needs {value_range(low, high)}",
                    hint,
                )


    RULE = IopsOutOfRange()


def iops_required():  # rules/iops_required.py
    global Context, Finding, IopsRequired, Iterable, RULE, Request, Rule, Severity, __doc__
    global ebs_volumes, member, type_limits, value_range, volume_type
    __doc__ = """## What it does
Reports an `Ebs` object whose `VolumeType` is `io1` or `io2` and that has no
`Iops`, at that object.

## Why is this bad?
The reference page says: "If the volume type is `io1` or `io2`, you must
specify the IOPS that the volume supports." Provisioned IOPS volumes have
no default rate, so EC2 rejects the request.

## Example
```json
{"Name": "db-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 500, "VolumeType": "io2"}}]}
```

## Use instead
```json
{"Name": "db-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf",
                          "Ebs": {"VolumeSize": 500, "VolumeType": "io2", "Iops": 16000}}]}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import ebs_volumes, type_limits, value_range, volume_type
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class IopsRequired(Rule):
        id = "AMI208"
        name = "iops-required"
        summary = "An `io1` or `io2` volume without `Iops`"
        severity = Severity.ERROR
        references = (
            ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
            (
                "Provisioned IOPS SSD volumes",
                "https://docs.aws.amazon.com/ebs/latest/userguide/provisioned-iops.html",
            ),
        )

        needs = ("BlockDeviceMappings",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            reported: list[Finding] = []
            for device, ebs in ebs_volumes(request):
                vtype = volume_type(ebs, request)
                if vtype not in ("io1", "io2") or "Iops" in ebs:
                    continue
                limits = type_limits(ctx.limits, vtype)
                iops = limits.iops_range if limits is not None else None
                needs = f" ({value_range(*iops)})" if iops is not None else ""
                reported.append(
                    self.report(
                        ebs,
                        f"{device.member('Ebs')} has {member('VolumeType')} `{vtype}` but no {member('Iops')}",
                        f"Add {member('Iops')}{needs} for the `{vtype}` volume",
                    )
                )
            return reported


    RULE = IopsRequired()


def iops_to_size_ratio():  # rules/iops_to_size_ratio.py
    global Context, Finding, IopsToSizeRatio, Iterable, RULE, Request, Rule, Severity, __doc__
    global ebs_volumes, int_entry, member, type_limits, volume_type
    __doc__ = """## What it does
Reports an `Iops` value above what the volume's size allows: at most 50 IOPS
per GiB for `io1`, 1000 for `io2` and 500 for `gp3` (a `gp3` volume always
gets its 3000 baseline IOPS, whatever its size). It is checked only when
`VolumeType`, `Iops` and `VolumeSize` are all known; a volume sized by its
snapshot (no `VolumeSize`) is not checked. An `Iops` outside the type's range
is AMI210's, not this rule's.

## Why is this bad?
EC2 rejects the request with `InvalidParameterValue`: a 100 GiB `io1` volume
cannot have more than 5000 IOPS.

## Example
```json
{"Name": "db-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf",
                          "Ebs": {"VolumeSize": 100, "VolumeType": "io1", "Iops": 10000}}]}
```

## Use instead
```json
{"Name": "db-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf",
                          "Ebs": {"VolumeSize": 200, "VolumeType": "io1", "Iops": 10000}}]}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import ebs_volumes, int_entry, type_limits, volume_type
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class IopsToSizeRatio(Rule):
        id = "AMI214"
        name = "iops-to-size-ratio"
        summary = "More IOPS per GiB than the volume type allows (io1 50, io2 1000, gp3 500)"
        severity = Severity.ERROR
        references = (
            (
                "Provisioned IOPS SSD volumes",
                "https://docs.aws.amazon.com/ebs/latest/userguide/provisioned-iops.html",
            ),
            (
                "General Purpose SSD volumes",
                "https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html",
            ),
        )

        needs = ("BlockDeviceMappings.Ebs.Iops",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            for _device, ebs in ebs_volumes(request):
                vtype = volume_type(ebs, request)
                iops_found = int_entry(ebs, "Iops")
                size_found = int_entry(ebs, "VolumeSize")
                if vtype is None or iops_found is None or size_found is None:
                    continue
                limits = type_limits(ctx.limits, vtype)
                if limits is None or limits.iops_per_gib is None or limits.iops_range is None:
                    continue
                ratio = limits.iops_per_gib
                low, high = limits.iops_range
                entry, iops = iops_found
                _, size = size_found
                if size <= 0 or not low <= iops <= high:
                    continue  # AMI213's or AMI210's
                allowed = max(low, ratio * size)
                if iops <= allowed:
                    continue
                needed = -(-iops // ratio)
                yield self.report(
                    entry.value,
                    f"{member('Iops')} is `{iops}` but `{vtype}` with "
                f"{member('VolumeSize')} `{size}` allows at most {allowed} "
                f"({ratio} IOPS per GiB)",
                    f"Lower {member('Iops')} to at most {allowed} or "
                f"raise {member('VolumeSize')} to at least {needed}",
                )


    RULE = IopsToSizeRatio()


def kernel_ramdisk_with_hvm():  # rules/kernel_ramdisk_with_hvm.py
    global Context, Finding, Iterable, KernelRamdiskWithHvm, RULE, Request, Rule, Scalar, Severity
    global __doc__, member, virtualization
    __doc__ = """## What it does
Reports `KernelId` and `RamdiskId` on an image whose `VirtualizationType` is
`hvm`, at each of them. Only their presence matters, so a value taken from a
shell variable is reported too.

## Why is this bad?
An HVM image boots like a physical machine, with the boot loader and kernel of
its own root volume. AKIs and ARIs (`aki-…`, `ari-…`) are the PV-GRUB kernels
and RAM disks of paravirtual images: EC2 rejects them on an HVM image.

## Example
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm",
 "EnaSupport": true, "KernelId": "aki-88aa75e1", "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm",
 "EnaSupport": true, "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.image import virtualization
    from ami_lint.model import Request
    from ami_lint.nodes import Scalar
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class KernelRamdiskWithHvm(Rule):
        id = "AMI310"
        name = "kernel-ramdisk-with-hvm"
        summary = "`KernelId` or `RamdiskId` on an HVM image"
        severity = Severity.ERROR
        references = (
            (
                "Virtualization types",
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ComponentsAMIs.html#virtualization_types",
            ),
            ("User provided kernels", "https://docs.aws.amazon.com/linux/al2/ug/UserProvidedKernels.html"),
        )

        needs = ("KernelId", "RamdiskId")

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            if virtualization(request).value != "hvm":
                return
            for key in ("KernelId", "RamdiskId"):
                node = request.get(key)
                if node is None:
                    continue
                shown = f"`{node.value}`" if isinstance(node, Scalar) else "given"
                yield self.report(
                    node,
                    f"{member(key)} is {shown} but {member('VirtualizationType')} "
                "is `hvm`, which boots its own kernel",
                    f"Remove {member(key)}: an HVM image boots the kernel on its root volume",
                )


    RULE = KernelRamdiskWithHvm()


def kms_key_not_supported():  # rules/kms_key_not_supported.py
    global Context, Finding, Iterable, KmsKeyNotSupported, RULE, Request, Rule, Severity, __doc__
    global ebs_volumes, member
    __doc__ = """## What it does
Reports `KmsKeyId` in a block device mapping of a register-image request, at
the key.

## Why is this bad?
The reference page says of `KmsKeyId`: "This parameter is only supported on
`BlockDeviceMapping` objects called by RunInstances, RequestSpotFleet, and
RequestSpotInstances." The CLI accepts the key because the request shape is
shared with those calls; RegisterImage rejects it. The volumes of an image
registered from a snapshot take that snapshot's key.

## Example
```json
{"Name": "web-2024-06-01", "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda",
                          "Ebs": {"SnapshotId": "snap-0db2cf683925d191f",
                                  "KmsKeyId": "alias/ami-key"}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01", "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda",
                          "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import ebs_volumes
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class KmsKeyNotSupported(Rule):
        id = "AMI217"
        name = "kms-key-not-supported"
        summary = "`KmsKeyId` is only for RunInstances and Spot requests, not RegisterImage"
        severity = Severity.ERROR
        references = (
            ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
            (
                "Use encryption with EBS-backed AMIs",
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AMIEncryption.html",
            ),
        )

        needs = ("BlockDeviceMappings.Ebs.KmsKeyId",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            for _device, ebs in ebs_volumes(request):
                entry = ebs.entry("KmsKeyId")
                if entry is not None:
                    yield self.report(
                        entry.key,
                        f"{member('KmsKeyId')} is not supported by RegisterImage",
                        f"Remove {member('KmsKeyId')}; to use your own key, copy the snapshot with "
                    "`aws ec2 copy-snapshot --encrypted --kms-key-id` and register that copy",
                    )


    RULE = KmsKeyNotSupported()


def mapping_target_conflict():  # rules/mapping_target_conflict.py
    global Context, Finding, Iterable, MappingTargetConflict, RULE, Request, Rule, Severity, TARGETS
    global __doc__, block_devices, ignored_virtual_name, member
    __doc__ = """## What it does
Checks that every block device mapping says what the device is with exactly
one of `Ebs` (an EBS volume), `VirtualName` (an instance store volume) or
`NoDevice` (suppress a device the image would otherwise map). A mapping with
two of them is reported at the second one, naming the first; a mapping with
none of them is reported as a whole.

## Why is this bad?
The three keys are alternatives: a device cannot be an EBS volume and an
instance store volume at once, and `NoDevice` removes the device whatever
else the mapping says. EC2 rejects such a mapping when the image is
registered or, worse, when an instance is launched from it.

A `VirtualName` beside `Ebs` that names no instance store volume
(`VirtualName=talos`, not `ephemeral0`) is a label EC2 ignores: widely
followed guides register working images that way, so it is not reported.

## Example
```json
{"Name": "web-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdb", "VirtualName": "ephemeral0", "Ebs": {"VolumeSize": 100}}]}
```

```shorthand block-device-mappings
DeviceName=/dev/sdc
```

## Use instead
```json
{"Name": "web-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdb", "Ebs": {"VolumeSize": 100}},
                         {"DeviceName": "/dev/sdc", "VirtualName": "ephemeral0"}]}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import block_devices, ignored_virtual_name
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member

    TARGETS = ("Ebs", "VirtualName", "NoDevice")


    class MappingTargetConflict(Rule):
        id = "AMI201"
        name = "mapping-target-conflict"
        summary = "A block device mapping needs exactly one of `Ebs`, `VirtualName` and `NoDevice`"
        severity = Severity.ERROR
        references = (
            (
                "Block device mappings",
                "https://docs.aws.amazon.com/ebs/latest/userguide/block-device-mapping-concepts.html",
            ),
            (
                "BlockDeviceMapping",
                "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_BlockDeviceMapping.html",
            ),
        )
        help_reference = 1

        needs = ("BlockDeviceMappings",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            reported: list[Finding] = []
            for device in block_devices(request):
                # A loop, not `sum` of a generator: every device of every request comes here.
                targets = 0
                for target in TARGETS:
                    if target in device.mapping:
                        targets += 1
                if targets == 1:
                    continue  # one target (a `VirtualName` alone is no label): nothing to say
                present = [e for e in device.mapping.entries if e.name in TARGETS]
                if ignored_virtual_name(device.mapping):  # a label EC2 ignores, not a target
                    present = [e for e in present if e.name != "VirtualName"]
                names = {e.name for e in present}
                if not present:
                    reported.append(
                        self.report(
                            device.mapping,
                            f"{device.member()} has none of {member('Ebs')}, "
                        f"{member('VirtualName')} or {member('NoDevice')}",
                            f"Add {member('Ebs')} for an EBS volume, "
                        f"{member('VirtualName')} for an instance store volume "
                        f"or {member('NoDevice')} to suppress the device",
                        )
                    )
                elif len(names) > 1:
                    first = present[0]
                    for entry in present[1:]:
                        if entry.name == first.name:
                            continue
                        reported.append(
                            self.report(
                                entry.key,
                                f"{member(entry.name)} conflicts with {member(first.name)} in the same mapping",
                                f"Keep only one of {member('Ebs')}, {member('VirtualName')} "
                            f"and {member('NoDevice')} in a mapping",
                            )
                        )
            return reported


    RULE = MappingTargetConflict()


def missing_device_name():  # rules/missing_device_name.py
    global Context, Finding, Iterable, MissingDeviceName, RULE, Request, Rule, Severity, __doc__
    global block_devices, member
    __doc__ = """## What it does
Reports a block device mapping without `DeviceName`, at the mapping.

## Why is this bad?
`DeviceName` says where the volume is attached (`/dev/sdb`, `xvdb`); EC2
cannot place a mapping without it and rejects the request. The CLI's local
validation does not check it.

## Example
```yaml
Name: web-2024-06-01
BlockDeviceMappings:
  - Ebs:
      VolumeSize: 100
```

## Use instead
```yaml
Name: web-2024-06-01
BlockDeviceMappings:
  - DeviceName: /dev/sdb
    Ebs:
      VolumeSize: 100
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import block_devices
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class MissingDeviceName(Rule):
        id = "AMI202"
        name = "missing-device-name"
        summary = "A block device mapping without `DeviceName`"
        severity = Severity.ERROR
        references = (
            (
                "BlockDeviceMapping",
                "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_BlockDeviceMapping.html",
            ),
        )

        needs = ("BlockDeviceMappings",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            return [
                self.report(
                    device.mapping,
                    f"{device.member()} has no {member('DeviceName')}",
                    f"Add {member('DeviceName')}, for example `/dev/sdb`",
                )
                for device in block_devices(request)
                if "DeviceName" not in device.mapping
            ]


    RULE = MissingDeviceName()


def no_boot_source():  # rules/no_boot_source.py
    global Context, Finding, Iterable, NoBootSource, RULE, Request, Rule, Severity, Unknown, __doc__
    global is_ebs_backed, known_string, mappings, member
    __doc__ = """## What it does
Reports a request that has neither `ImageLocation` nor a `SnapshotId` in any
block device mapping, at the request. When `RootDeviceName` names a mapping
that lacks the snapshot, AMI303 reports that mapping instead, so the mistake is
reported once, where it is.

## Why is this bad?
An image boots either from a bundle in S3 (`ImageLocation`) or from the
snapshot of its root device volume. Without either there is nothing to boot:
EC2 rejects the request.

## Example
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvdf", "Ebs": {"VolumeSize": 100}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm",
 "EnaSupport": true, "ImdsSupport": "v2.0", "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}},
                         {"DeviceName": "/dev/xvdf", "Ebs": {"VolumeSize": 100}}]}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.image import is_ebs_backed, known_string, mappings
    from ami_lint.model import Request
    from ami_lint.nodes import Unknown
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class NoBootSource(Rule):
        id = "AMI301"
        name = "no-boot-source"
        summary = "Neither `ImageLocation` nor a root-device mapping with a `SnapshotId`"
        severity = Severity.ERROR
        references = (
            ("RegisterImage", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html"),
            (
                "Create an AMI from a snapshot",
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/creating-an-ami-ebs.html#creating-launching-ami-from-snapshot",
            ),
        )

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            if request.open_ended or not is_ebs_backed(request):
                return ()
            found = mappings(request)
            if not found.complete or found.snapshot_backed():
                return ()
            if isinstance(request.get("RootDeviceName"), Unknown):
                return ()
            root = known_string(request, "RootDeviceName")
            if root is not None and found.root(root) is not None:
                return ()  # AMI303 reports the root device's mapping
            return [
                self.report(
                    request.root,
                    f"No boot source: neither {member('ImageLocation')} nor "
                f"a {member('SnapshotId')} on the root device's mapping",
                    f"Map {member('RootDeviceName')} to an {member('Ebs')} "
                f"volume with the root snapshot's {member('SnapshotId')}, "
                f"or give the bundle's {member('ImageLocation')}",
                )
            ]


    RULE = NoBootSource()


def no_device_not_empty():  # rules/no_device_not_empty.py
    global Context, Finding, Iterable, NoDeviceNotEmpty, RULE, Request, Rule, Severity, __doc__
    global block_devices, member, string_value
    __doc__ = """## What it does
Reports a `NoDevice` whose value is not the empty string.

## Why is this bad?
The reference page says: "To omit the device from the block device mapping,
specify an empty string. When this property is specified, the device is
removed from the block device mapping regardless of the assigned value."
So `NoDevice: "false"` or `NoDevice=no` does not keep the device, as it reads:
it removes it. Writing the documented empty string makes the intent plain.

## Example
```shorthand block-device-mappings
DeviceName=/dev/sdb,NoDevice=false
```

## Use instead
```shorthand block-device-mappings
DeviceName=/dev/sdb,NoDevice=""
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import block_devices, string_value
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class NoDeviceNotEmpty(Rule):
        id = "AMI206"
        name = "no-device-not-empty"
        summary = "`NoDevice` must be the empty string"
        severity = Severity.ERROR
        references = (
            (
                "BlockDeviceMapping",
                "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_BlockDeviceMapping.html",
            ),
        )

        needs = ("BlockDeviceMappings.NoDevice",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            for device in block_devices(request):
                node = device.mapping.get("NoDevice")
                value = string_value(node)
                if node is None or not value:
                    continue
                yield self.report(
                    node,
                    f"{member('NoDevice')} is `{value}` but must be the empty string",
                    f'Set {member("NoDevice")} to `""`; it removes the device whatever its value',
                )


    RULE = NoDeviceNotEmpty()


def option_missing_value():  # rules/option_missing_value.py
    global COMMAND, Context, Finding, Iterable, LIST, OptionMissingValue, RULE, Request, Rule
    global Severity, __doc__
    __doc__ = r"""## What it does
Reports an option that needs a value but ends the command or is followed by
another option (`--name --architecture x86_64`), at the option.

## Why is this bad?
The CLI fails with `expected one argument` and sends nothing. It usually
means the value was lost: an empty variable without quotes, or a line
continuation deleted while editing.

## Example
```sh
aws ec2 register-image --name --architecture x86_64 --root-device-name /dev/xvda
```

## Use instead
```sh
aws ec2 register-image --name "web-$(date +%F)" --architecture x86_64 --root-device-name /dev/xvda
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.model import Request
    from ami_lint.rule import COMMAND, Context, Rule
    from ami_lint.shell.cmdline import LIST


    class OptionMissingValue(Rule):
        id = "AMI403"
        name = "option-missing-value"
        summary = "An option that needs a value is last or followed by another option"
        severity = Severity.ERROR
        references = (
            ("register-image", "https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html"),
        )

        needs = (COMMAND,)  # a command line's rule: a document has none

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            line = request.command
            if line is None:
                return
            words = line.invocation.words
            for use in line.options:
                if not use.missing_value:
                    continue
                at = next(i for i, w in enumerate(words) if w is use.word)
                following = words[at + 1] if at + 1 < len(words) else None
                if following is None:
                    where = "ends the command"
                else:
                    text = following.text if following.text is not None else following.known_prefix
                    where = f"is followed by `{text}`"
                expected = "at least one argument" if use.spec.kind == LIST else "one argument"
                yield self.report(
                    use,
                    f"`{use.spec.name}` needs a value but {where}: the CLI fails with `expected {expected}`",
                    f"Give `{use.spec.name}` its value or remove it",
                )


    RULE = OptionMissingValue()


def outpost_arn_not_supported():  # rules/outpost_arn_not_supported.py
    global Context, Finding, Iterable, OutpostArnNotSupported, RULE, Request, Rule, Severity
    global __doc__, ebs_volumes, member
    __doc__ = """## What it does
Reports `OutpostArn` in a block device mapping of a register-image request,
at the key.

## Why is this bad?
The CLI reference page says of `OutpostArn`: "This parameter is only
supported on `BlockDeviceMapping` objects called by CreateImage." The
request shape is shared with CreateImage, so the CLI accepts the key, but
RegisterImage does not take it. (The botocore model's own text says the
opposite, "not supported when using CreateImage"; the two sources disagree,
and this rule follows the reference page.) An image registered on an Outpost
takes the Outpost from its snapshots.

## Example
```yaml
Name: web-2024-06-01
RootDeviceName: /dev/xvda
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs:
      SnapshotId: snap-0db2cf683925d191f
      OutpostArn: arn:aws:outposts:us-east-1:123456789012:outpost/op-0123456789abcdef0
```

## Use instead
```yaml
Name: web-2024-06-01
RootDeviceName: /dev/xvda
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs:
      SnapshotId: snap-0db2cf683925d191f
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import ebs_volumes
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class OutpostArnNotSupported(Rule):
        id = "AMI218"
        name = "outpost-arn-not-supported"
        summary = "`OutpostArn` is only for CreateImage"
        severity = Severity.ERROR
        references = (
            ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
            (
                "Amazon EBS local snapshots on Outposts",
                "https://docs.aws.amazon.com/ebs/latest/userguide/snapshots-outposts.html",
            ),
        )

        needs = ("BlockDeviceMappings.Ebs.OutpostArn",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            for _device, ebs in ebs_volumes(request):
                entry = ebs.entry("OutpostArn")
                if entry is not None:
                    yield self.report(
                        entry.key,
                        f"{member('OutpostArn')} is not supported by RegisterImage",
                        f"Remove {member('OutpostArn')}; the image takes the Outpost of its snapshots",
                    )


    RULE = OutpostArnNotSupported()


def paravirtual_image():  # rules/paravirtual_image.py
    global Context, Finding, Iterable, ParavirtualImage, RULE, Request, Rule, Scalar, Severity
    global __doc__, is_true, member, virtualization
    __doc__ = """## What it does
Reports `VirtualizationType` `paravirtual`, at the value. When `EnaSupport` or
`SriovNetSupport` is also given, AMI308 or AMI309 reports the conflict as an
error and this warning is left out: both say to use `hvm`. With a `KernelId`
or `RamdiskId` the image boots its own paravirtual kernel (PV-GRUB): that is
deliberate, and not reported either. A defaulted `paravirtual` is AMI306, not
this rule.

## Why is this bad?
Paravirtual (PV) images run only on previous-generation instance types
(C1, C3, M1, M3, M2, T1, …): no current instance type can launch them.

## Example
```json
{"Name": "legacy-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "paravirtual",
 "RootDeviceName": "/dev/sda1",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sda1", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm",
 "EnaSupport": true, "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.image import is_true, virtualization
    from ami_lint.model import Request
    from ami_lint.nodes import Scalar
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class ParavirtualImage(Rule):
        id = "AMI307"
        name = "paravirtual-image"
        summary = "A `paravirtual` image runs only on previous-generation instance types"
        severity = Severity.WARNING
        references = (
            (
                "Virtualization types",
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ComponentsAMIs.html#virtualization_types",
            ),
        )

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            virt = virtualization(request)
            if virt.value != "paravirtual" or virt.node is None:
                return ()
            # The HVM-only networking options make it an error (AMI308, AMI309).
            if is_true(request.get("EnaSupport")) or isinstance(request.get("SriovNetSupport"), Scalar):
                return ()
            if "KernelId" in request.root or "RamdiskId" in request.root:
                return ()  # a paravirtual kernel (PV-GRUB) is meant
            return [
                self.report(
                    virt.node,
                    f"{member('VirtualizationType')} is `paravirtual`, "
                "which runs only on previous-generation instance types",
                    "Use `hvm` unless the image really boots a paravirtual kernel",
                )
            ]


    RULE = ParavirtualImage()


def repeated_option():  # rules/repeated_option.py
    global COMMAND, Context, Finding, Iterable, OptionUse, RULE, RepeatedOption, Request, Rule
    global Severity, __doc__, _same_words, fix, remove_option
    __doc__ = r"""## What it does
Reports an option given a second time with another value (`--name` twice, or
`--ena-support` and `--no-ena-support`), at the later one. The same option
repeated with the very same words (`--root-device-name /dev/xvda` twice, as
some vendor runbooks print it) changes nothing and is not reported.

## Why is this bad?
The CLI keeps only the last value and silently drops the earlier one: two
`--block-device-mappings` options do not add up, the first list is lost.

## Example
```sh
aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda \
    --block-device-mappings 'DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0}' \
    --block-device-mappings 'DeviceName=/dev/sdb,VirtualName=ephemeral0'
```

## Use instead
```sh
aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda \
    --block-device-mappings 'DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0}' \
                            'DeviceName=/dev/sdb,VirtualName=ephemeral0'
```

## Fix safety
Unsafe: the fix removes the earlier use of the option (with its values),
which the CLI ignores today; if the earlier one was the one meant, the
command keeps the wrong value. Not offered when the option or a value is
continued over lines or comes from a variable.
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.edits import fix
    from ami_lint.model import Request
    from ami_lint.rule import COMMAND, Context, Rule
    from ami_lint.shell.cmdline import OptionUse
    from ami_lint.shell.fixes import remove_option


    class RepeatedOption(Rule):
        id = "AMI404"
        name = "repeated-option"
        summary = "The same option given twice: the CLI keeps only the last"
        severity = Severity.WARNING
        references = (
            ("register-image", "https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html"),
        )

        needs = (COMMAND,)  # a command line's rule: a document has none

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            line = request.command
            if line is None:
                return
            seen: dict[str, OptionUse] = {}
            for use in line.options:
                key = use.spec.member or use.spec.name
                first = seen.setdefault(key, use)
                if first is use:
                    continue
                if use.spec.name == first.spec.name and _same_words(use, first):
                    continue  # the CLI keeps the last, which is the first again
                name, earlier = use.spec.name, first.spec.name
                message = (
                    f"`{name}` is given again: the CLI keeps only the last one"
                    if name == earlier
                    else f"`{name}` repeats `{earlier}`: the CLI keeps only the last one"
                )
                drop = fix(f"Remove the earlier `{earlier}`", [remove_option(first)], safe=False)
                yield self.report(use, message, f"Keep one `{earlier}`", fix=drop)


    def _same_words(a: OptionUse, b: OptionUse) -> bool:
        """Both uses give the same value, word for word as the shell passes it
    (known words by their text, others as written)."""
        if len(a.values) != len(b.values):
            return False
        for x, y in zip(a.values, b.values, strict=True):
            known_x, known_y = x.text, y.text
            if known_x is None or known_y is None:
                if x.source.text[x.span.start : x.span.end] != y.source.text[y.span.start : y.span.end]:
                    return False
            elif known_x != known_y:
                return False
        return True


    RULE = RepeatedOption()


def root_device_name_missing():  # rules/root_device_name_missing.py
    global Context, Finding, Iterable, RULE, Request, RootDeviceNameMissing, Rule, Severity, __doc__
    global is_ebs_backed, mappings, member, missing
    __doc__ = """## What it does
Reports a request without `RootDeviceName` whose block device mappings include
one with a `SnapshotId`, once, at the request. Images with an `ImageLocation`
are not checked: their root device comes from the bundle's manifest.

## Why is this bad?
Which snapshot-backed mapping is the root volume is not guessed from the
mappings: without `RootDeviceName` the image either fails to register or gets
a root device name that does not match the snapshot it should boot from.

## Example
```yaml
Name: web-2024-06-01
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs: {SnapshotId: snap-0db2cf683925d191f}
```

## Use instead
```yaml
Name: web-2024-06-01
RootDeviceName: /dev/xvda
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs: {SnapshotId: snap-0db2cf683925d191f}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.image import is_ebs_backed, mappings, missing
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class RootDeviceNameMissing(Rule):
        id = "AMI304"
        name = "root-device-name-missing"
        summary = "Snapshot-backed mappings but no `RootDeviceName`"
        severity = Severity.WARNING
        references = (
            ("RegisterImage", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html"),
        )

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            if not missing(request, "RootDeviceName") or not is_ebs_backed(request):
                return ()
            backed = mappings(request).snapshot_backed()
            if not backed:
                return ()
            name = next((d for d, _ in backed if d is not None), None)
            example = f" (`{name}` if that is the root volume)" if name else ""
            return [
                self.report(
                    request.root,
                    f"No {member('RootDeviceName')} for an image with snapshot-backed mappings",
                    f"Set {member('RootDeviceName')} to the {member('DeviceName')} "
                f"of the root volume's mapping{example}",
                )
            ]


    RULE = RootDeviceNameMissing()


def root_device_not_mapped():  # rules/root_device_not_mapped.py
    global Context, Finding, Iterable, RULE, Request, RootDeviceNotMapped, Rule, Scalar, Severity
    global __doc__, is_ebs_backed, mappings, member
    __doc__ = """## What it does
Reports a `RootDeviceName` that is the `DeviceName` of no block device mapping,
at the `RootDeviceName` value. Images with an `ImageLocation` are not checked:
their root device comes from the bundle's manifest. A root device that is a
partition of a mapped disk (`/dev/sda1` with a mapping for `/dev/sda`, the
layout of PV-GRUB images) is the mapped disk's first partition, not a
mismatch.

## Why is this bad?
The root device of an EBS-backed image is the mapping whose `DeviceName` equals
`RootDeviceName`; that mapping carries the snapshot the image boots from. A
name that matches no mapping (`/dev/sda1` for `/dev/xvda`) leaves the image
without a root volume, and EC2 rejects the request. A request with no mappings
at all is AMI301's.

## Example
```yaml
Name: web-2024-06-01
RootDeviceName: /dev/sda1
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs: {SnapshotId: snap-0db2cf683925d191f}
```

## Use instead
```yaml
Name: web-2024-06-01
RootDeviceName: /dev/xvda
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs: {SnapshotId: snap-0db2cf683925d191f}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.image import is_ebs_backed, mappings
    from ami_lint.model import Request
    from ami_lint.nodes import Scalar
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class RootDeviceNotMapped(Rule):
        id = "AMI302"
        name = "root-device-not-mapped"
        summary = "`RootDeviceName` matches no mapping's `DeviceName`"
        severity = Severity.ERROR
        references = (
            (
                "Block device mappings",
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/block-device-mapping-concepts.html",
            ),
        )

        needs = ("RootDeviceName",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            node = request.get("RootDeviceName")
            if not isinstance(node, Scalar) or not isinstance(node.value, str) or not is_ebs_backed(request):
                return ()
            found = mappings(request)
            # Without any mapping there is no boot source at all: AMI301's report.
            if not found.complete or not found.devices or found.root(node.value) is not None:
                return ()
            if any(name is None for name, _ in found.devices):
                return ()  # a mapping without a known DeviceName may be the root
            mapped = ", ".join(f"`{name}`" for name, _ in found.devices)
            return [
                self.report(
                    node,
                    f"{member('RootDeviceName')} is `{node.value}` but no "
                f"mapping has that {member('DeviceName')} (mapped: {mapped})",
                    f"Set {member('RootDeviceName')} to the {member('DeviceName')} "
                "of the mapping with the root snapshot",
                )
            ]


    RULE = RootDeviceNotMapped()


def root_volume_not_bootable():  # rules/root_volume_not_bootable.py
    global Context, Finding, Iterable, NOT_BOOTABLE, RULE, Request, RootVolumeNotBootable, Rule
    global Severity, __doc__, ebs_volumes, member, string_value, volume_type
    __doc__ = """## What it does
Reports a root device volume (the mapping whose `DeviceName` equals
`RootDeviceName`) whose `VolumeType` is `st1` or `sc1`, at the `VolumeType`
value. Without a known `RootDeviceName` nothing is reported: which mapping is
the root is not guessed.

## Why is this bad?
Throughput Optimized HDD (`st1`) and Cold HDD (`sc1`) volumes cannot be boot
volumes. The image registers, but no instance launched from it boots.

## Example
```yaml
Name: web-2024-06-01
RootDeviceName: /dev/xvda
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs: {SnapshotId: snap-0db2cf683925d191f, VolumeSize: 500, VolumeType: st1}
```

## Use instead
```yaml
Name: web-2024-06-01
RootDeviceName: /dev/xvda
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs: {SnapshotId: snap-0db2cf683925d191f, VolumeSize: 8, VolumeType: gp3}
  - DeviceName: /dev/xvdf
    Ebs: {VolumeSize: 500, VolumeType: st1}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import ebs_volumes, string_value, volume_type
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member

    NOT_BOOTABLE = ("st1", "sc1")


    class RootVolumeNotBootable(Rule):
        id = "AMI221"
        name = "root-volume-not-bootable"
        summary = "The root device's volume is `st1` or `sc1`, which cannot be a boot volume"
        severity = Severity.ERROR
        references = (
            ("Amazon EBS volume types", "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html"),
        )

        needs = ("RootDeviceName",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            reported: list[Finding] = []
            root = string_value(request.get("RootDeviceName"))
            if root is None:
                return reported
            for device, ebs in ebs_volumes(request):
                vtype = volume_type(ebs, request)
                node = ebs.get("VolumeType")
                if string_value(device.mapping.get("DeviceName")) != root or vtype not in NOT_BOOTABLE:
                    continue
                assert node is not None
                reported.append(
                    self.report(
                        node,
                        f"{member('VolumeType')} is `{vtype}` but the root "
                    f"device `{root}` needs a bootable volume type",
                        "Use `gp3` (or `gp2`, `io1`, `io2`) for the root volume and keep `st1`, `sc1` for data",
                    )
                )
            return reported


    RULE = RootVolumeNotBootable()


def root_volume_without_snapshot():  # rules/root_volume_without_snapshot.py
    global Context, Finding, Iterable, Mapping, RULE, Request, RootVolumeWithoutSnapshot, Rule
    global Severity, Unknown, __doc__, has_snapshot, is_ebs_backed, known_string, mappings, member
    __doc__ = """## What it does
Reports the root device's mapping (the one whose `DeviceName` equals
`RootDeviceName`) when it has no `SnapshotId`, at its `Ebs` object, or at the
mapping when it has no `Ebs`. Images with an `ImageLocation` are not checked.

## Why is this bad?
An EBS-backed image boots from the snapshot of its root device volume, given in
the root device's mapping. An empty volume (`VolumeSize` alone), an instance
store volume or `NoDevice` holds no operating system: EC2 rejects the request.

## Example
```json
{"Name": "web-2024-06-01", "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 8}},
                         {"DeviceName": "/dev/xvdf", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01", "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}},
                         {"DeviceName": "/dev/xvdf", "Ebs": {"VolumeSize": 8}}]}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.image import has_snapshot, is_ebs_backed, known_string, mappings
    from ami_lint.model import Request
    from ami_lint.nodes import Mapping, Unknown
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class RootVolumeWithoutSnapshot(Rule):
        id = "AMI303"
        name = "root-volume-without-snapshot"
        summary = "The root device's mapping has no `SnapshotId`"
        severity = Severity.ERROR
        references = (
            (
                "Create an AMI from a snapshot",
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/creating-an-ami-ebs.html#creating-launching-ami-from-snapshot",
            ),
        )

        needs = ("RootDeviceName",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            root = known_string(request, "RootDeviceName")
            if root is None or not is_ebs_backed(request):
                return ()
            mapping = mappings(request).root(root)
            if mapping is None or has_snapshot(mapping):
                return ()
            ebs = mapping.get("Ebs")
            if isinstance(ebs, Unknown):
                return ()
            return [
                self.report(
                    ebs if isinstance(ebs, Mapping) else mapping,
                    f"The root device `{root}` has no {member('SnapshotId')} to boot from",
                    f"Give the `{root}` mapping {member('Ebs')} with the root volume's {member('SnapshotId')}",
                )
            ]


    RULE = RootVolumeWithoutSnapshot()


def sriov_requires_hvm():  # rules/sriov_requires_hvm.py
    global Context, Finding, Iterable, RULE, Request, Rule, Scalar, Severity, SriovRequiresHvm
    global __doc__, member, surely_paravirtual, virtualization
    __doc__ = """## What it does
Reports `SriovNetSupport` on a paravirtual image, at `SriovNetSupport`: one
whose `VirtualizationType` is written as `paravirtual` (AMI307 then stays
silent), or left to that default by a request with a `KernelId` or
`RamdiskId`. With no `VirtualizationType` and nothing else saying PV, AMI306
reports the default and names `SriovNetSupport`.

## Why is this bad?
The reference page says of `--sriov-net-support`: "This option is supported
only for HVM AMIs. Specifying this option with a PV AMI can make instances
launched from the AMI unreachable."

## Example
```yaml
Name: web-2024-06-01
Architecture: x86_64
VirtualizationType: paravirtual
SriovNetSupport: simple
RootDeviceName: /dev/sda1
BlockDeviceMappings:
  - DeviceName: /dev/sda1
    Ebs: {SnapshotId: snap-0db2cf683925d191f}
```

## Use instead
```yaml
Name: web-2024-06-01
Architecture: x86_64
VirtualizationType: hvm
EnaSupport: true
SriovNetSupport: simple
RootDeviceName: /dev/xvda
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs: {SnapshotId: snap-0db2cf683925d191f}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.image import surely_paravirtual, virtualization
    from ami_lint.model import Request
    from ami_lint.nodes import Scalar
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class SriovRequiresHvm(Rule):
        id = "AMI309"
        name = "sriov-requires-hvm"
        summary = "`SriovNetSupport` on a paravirtual image"
        severity = Severity.ERROR
        references = (
            (
                "Enhanced networking with the Intel 82599 VF interface",
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sriov-networking.html",
            ),
        )

        needs = ("SriovNetSupport",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            node = request.get("SriovNetSupport")
            virt = virtualization(request)
            if not isinstance(node, Scalar) or not surely_paravirtual(request):
                return
            yield self.report(
                node,
                f"{member('SriovNetSupport')} is `{node.value}` but {virt.phrase()}: "
            "SR-IOV is supported only for HVM images",
                f"Set {member('VirtualizationType')} to `hvm`",
            )


    RULE = SriovRequiresHvm()


def stray_argument():  # rules/stray_argument.py
    global COMMAND, CommandLine, Context, Finding, Iterable, PLACEHOLDER, RULE, Request, Rule
    global Severity, ShellWord, Span, StrayArgument, TYPE_CHECKING, __doc__, _next_word
    __doc__ = r"""## What it does
Reports a word of an `aws ec2 register-image` command that belongs to no
option: an ambiguous prefix of several options, an argument that follows a
complete option, or any word after `--`. (An option the command does not have,
such as `--architecure`, is AMI101 with the closest real option suggested; the
word after it is taken as its value and not reported again.)

## Why is this bad?
The CLI rejects the whole command with `Unknown options: WORD` before it
sends anything. A stray word is often the second half of a value that the
shell split (a missing quote) or a value given to an option that takes none.

## Example
```sh
aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda production
```

## Use instead
```sh
aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda \
    --tag-specifications 'ResourceType=image,Tags=[{Key=env,Value=production}]'
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.model import Request
    from ami_lint.rule import COMMAND, Context, Rule
    from ami_lint.source import PLACEHOLDER

    TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
    if TYPE_CHECKING:
        from ami_lint.shell.cmdline import CommandLine
        from ami_lint.shell.words import ShellWord
        from ami_lint.source import Span


    class StrayArgument(Rule):
        id = "AMI410"
        name = "stray-argument"
        summary = "A word of the command line that belongs to no option"
        severity = Severity.ERROR
        references = (
            ("register-image", "https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html"),
        )

        needs = (COMMAND,)  # a command line's rule: a document has none

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            line = request.command
            if line is None:
                return
            after_unknown = {
                _next_word(line, stray.word) for stray in line.strays if stray.reason == "unknown-option"
            }
            for stray in line.strays:
                if stray.after_flag is not None:
                    continue  # a flag given a value: boolean-flag-with-value says so
                if stray.reason == "unknown-option" or stray.word.span in after_unknown:
                    continue  # unknown-parameter reports the option, and its value went with it
                word = stray.word
                text = (
                    word.text
                    if word.text is not None and PLACEHOLDER not in word.text
                    else word.source.shown(word.span)
                )
                if stray.reason == "ambiguous-option":
                    matches = ", ".join(stray.candidates)
                    yield self.report(
                        word,
                        f"`{text}` is an ambiguous option: the CLI fails with "
                    f"`ambiguous option: {text} could match {matches}`",
                        "Write the option's full name",
                    )
                    continue
                hint = "Remove the words after `--`" if stray.reason == "after-double-dash" else None
                yield self.report(
                    word,
                    f"`{text}` belongs to no option: the CLI fails with `Unknown options: {text}`",
                    hint or f"Remove `{text}` or quote it together with the value it belongs to",
                )


    def _next_word(line: CommandLine, word: ShellWord) -> Span | None:
        words = line.invocation.words
        for i, candidate in enumerate(words[:-1]):
            if candidate.span == word.span and (word.text or "").find("=") < 0:
                return words[i + 1].span
        return None


    RULE = StrayArgument()


def throughput_not_supported():  # rules/throughput_not_supported.py
    global Context, Finding, Iterable, RULE, Request, Rule, Severity, ThroughputNotSupported
    global __doc__, ebs_volumes, member, volume_type
    __doc__ = """## What it does
Reports `Throughput` on a volume whose `VolumeType` is anything but `gp3`,
at the `Throughput` key. A volume without `VolumeType` is not checked: the
reference pages do not say which type RegisterImage assumes then.

## Why is this bad?
The reference page says of `Throughput`: "This parameter is valid only for
`gp3` volumes." EC2 rejects the request.

## Example
```json
{"Name": "web-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf",
                          "Ebs": {"VolumeSize": 500, "VolumeType": "st1", "Throughput": 250}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf",
                          "Ebs": {"VolumeSize": 500, "VolumeType": "gp3", "Throughput": 250}}]}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import ebs_volumes, volume_type
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class ThroughputNotSupported(Rule):
        id = "AMI211"
        name = "throughput-not-supported"
        summary = "`Throughput` on a volume that is not `gp3`"
        severity = Severity.ERROR
        references = (
            ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
        )

        needs = ("BlockDeviceMappings.Ebs.Throughput",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            for _device, ebs in ebs_volumes(request):
                vtype = volume_type(ebs, request)
                entry = ebs.entry("Throughput")
                if entry is None or vtype is None or vtype == "gp3":
                    continue
                yield self.report(
                    entry.key,
                    f"{member('Throughput')} is only for `gp3` volumes but {member('VolumeType')} is `{vtype}`",
                    f"Remove {member('Throughput')}, or change {member('VolumeType')} to `gp3`",
                )


    RULE = ThroughputNotSupported()


def throughput_out_of_range():  # rules/throughput_out_of_range.py
    global Context, Finding, Iterable, RULE, Request, Rule, Severity, ThroughputOutOfRange, __doc__
    global ebs_volumes, int_entry, member, range_fix, type_limits, value_range, volume_type
    __doc__ = """## What it does
Reports a `gp3` volume's `Throughput` outside 125-2000 MiB/s (`--limits
current`) or 125-1000 MiB/s (`--limits legacy`, the reference page's "Valid
Range: Minimum value of 125. Maximum value of 1000."), at the value.

## Why is this bad?
EC2 rejects the request with `InvalidParameterValue`.

## Example
```yaml
Name: web-2024-06-01
BlockDeviceMappings:
  - DeviceName: /dev/sdf
    Ebs: {VolumeSize: 100, VolumeType: gp3, Throughput: 100}
```

## Use instead
```yaml
Name: web-2024-06-01
BlockDeviceMappings:
  - DeviceName: /dev/sdf
    Ebs: {VolumeSize: 100, VolumeType: gp3, Throughput: 125}
```

## Options
`--limits current|legacy` chooses the table.
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import ebs_volumes, int_entry, range_fix, type_limits, value_range, volume_type
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class ThroughputOutOfRange(Rule):
        id = "AMI212"
        name = "throughput-out-of-range"
        summary = "A `gp3` volume's `Throughput` outside its range"
        severity = Severity.ERROR
        references = (
            ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
            (
                "General Purpose SSD volumes",
                "https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html",
            ),
        )
        help_reference = 1

        needs = ("BlockDeviceMappings.Ebs.Throughput",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            for _device, ebs in ebs_volumes(request):
                vtype = volume_type(ebs, request)
                found = int_entry(ebs, "Throughput")
                if vtype is None or found is None:
                    continue
                limits = type_limits(ctx.limits, vtype)
                if limits is None or limits.throughput_range is None:
                    continue  # AMI211's business
                entry, value = found
                low, high = limits.throughput_range
                hint = range_fix("Throughput", value, low, high)
                if hint is None:
                    continue
                yield self.report(
                    entry.value,
                    f"{member('Throughput')} is `{value}` but `{vtype}` needs {value_range(low, high)} MiB/s",
                    hint,
                )


    RULE = ThroughputOutOfRange()


def throughput_to_iops_ratio():  # rules/throughput_to_iops_ratio.py
    global Context, Finding, Iterable, RULE, Request, Rule, Severity, ThroughputToIopsRatio, __doc__
    global ebs_volumes, int_entry, member, type_limits, volume_type
    __doc__ = """## What it does
Reports a `gp3` volume's `Throughput` above 0.25 MiB/s per provisioned IOPS,
at the `Throughput` value. Without `Iops` the volume has the `gp3` default
of 3000 IOPS (the reference page: "The default for `gp3` volumes is 3,000
IOPS."), so at most 750 MiB/s. An unknown `Iops` is not guessed; a
`Throughput` or `Iops` outside its own range is AMI212's or AMI210's.

## Why is this bad?
EC2 rejects the request with `InvalidParameterValue`: a `gp3` volume's
throughput is capped by its IOPS.

## Example
```yaml
Name: web-2024-06-01
BlockDeviceMappings:
  - DeviceName: /dev/sdf
    Ebs: {VolumeSize: 500, VolumeType: gp3, Throughput: 1000}
```

## Use instead
```yaml
Name: web-2024-06-01
BlockDeviceMappings:
  - DeviceName: /dev/sdf
    Ebs: {VolumeSize: 500, VolumeType: gp3, Throughput: 1000, Iops: 4000}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import ebs_volumes, int_entry, type_limits, volume_type
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class ThroughputToIopsRatio(Rule):
        id = "AMI215"
        name = "throughput-to-iops-ratio"
        summary = "A `gp3` volume's `Throughput` above 0.25 MiB/s per provisioned IOPS"
        severity = Severity.ERROR
        references = (
            (
                "General Purpose SSD volumes",
                "https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html",
            ),
        )

        needs = ("BlockDeviceMappings.Ebs.Throughput",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            for _device, ebs in ebs_volumes(request):
                vtype = volume_type(ebs, request)
                found = int_entry(ebs, "Throughput")
                if vtype is None or found is None:
                    continue
                limits = type_limits(ctx.limits, vtype)
                if (
                    limits is None
                    or limits.throughput_per_iops is None
                    or limits.iops_range is None
                    or limits.throughput_range is None
                ):
                    continue
                per_iops = limits.throughput_per_iops
                entry, throughput = found
                if "Iops" in ebs:
                    iops_found = int_entry(ebs, "Iops")
                    if iops_found is None:
                        continue  # unknown or mistyped: not guessed
                    iops = iops_found[1]
                    which = f"{member('Iops')} `{iops}`"
                elif limits.default_iops is not None:
                    iops = limits.default_iops
                    which = f"the default {iops} IOPS"
                else:
                    continue
                low, high = limits.iops_range
                if not low <= iops <= high:
                    continue
                low, high = limits.throughput_range
                if not low <= throughput <= high:
                    continue
                import math  # here, not at start-up: few requests set a throughput (issue 20)

                allowed = math.floor(iops * per_iops)
                if throughput <= allowed:
                    continue
                needed = math.ceil(throughput / per_iops)
                yield self.report(
                    entry.value,
                    f"{member('Throughput')} is `{throughput}` but {which} allow at most {allowed} MiB/s "
                f"({per_iops} MiB/s per IOPS)",
                    f"Lower {member('Throughput')} to at most {allowed} "
                f"or raise {member('Iops')} to at least {needed}",
                )


    RULE = ThroughputToIopsRatio()


def tpm_requires_uefi():  # rules/tpm_requires_uefi.py
    global Context, Finding, Iterable, RULE, Request, Rule, Severity, TpmRequiresUefi, __doc__
    global known_string, member, missing
    __doc__ = """## What it does
Reports `TpmSupport` `v2.0` when `BootMode` is not `uefi` (`legacy-bios`,
`uefi-preferred` or absent), at `TpmSupport`.

## Why is this bad?
NitroTPM requires an image that boots with UEFI only. The request is rejected
when `BootMode` is `legacy-bios`, `uefi-preferred` or not given.

## Example
```yaml
Name: win-2024-06-01
Architecture: x86_64
VirtualizationType: hvm
EnaSupport: true
BootMode: uefi-preferred
TpmSupport: v2.0
RootDeviceName: /dev/sda1
BlockDeviceMappings:
  - DeviceName: /dev/sda1
    Ebs: {SnapshotId: snap-0db2cf683925d191f}
```

## Use instead
```yaml
Name: win-2024-06-01
Architecture: x86_64
VirtualizationType: hvm
EnaSupport: true
BootMode: uefi
TpmSupport: v2.0
RootDeviceName: /dev/sda1
BlockDeviceMappings:
  - DeviceName: /dev/sda1
    Ebs: {SnapshotId: snap-0db2cf683925d191f}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.image import known_string, missing
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class TpmRequiresUefi(Rule):
        id = "AMI313"
        name = "tpm-requires-uefi"
        summary = "`TpmSupport` `v2.0` without `BootMode` `uefi`"
        severity = Severity.ERROR
        references = (
            (
                "NitroTPM requirements",
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/enable-nitrotpm-prerequisites.html",
            ),
        )

        needs = ("TpmSupport",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            node = request.get("TpmSupport")
            if node is None or known_string(request, "TpmSupport") != "v2.0":
                return
            mode = known_string(request, "BootMode")
            if mode is not None and mode != "uefi":
                stated = f"but {member('BootMode')} is `{mode}`"
            elif missing(request, "BootMode"):
                stated = f"without {member('BootMode')}"
            else:
                return
            yield self.report(
                node,
                f"{member('TpmSupport')} is `v2.0` {stated}: NitroTPM needs `uefi`",
                f"Set {member('BootMode')} to `uefi`",
            )


    RULE = TpmRequiresUefi()


def uefi_data_without_uefi():  # rules/uefi_data_without_uefi.py
    global Context, Finding, Iterable, RULE, Request, Rule, Severity, UefiDataWithoutUefi, __doc__
    global known_string, member, missing
    __doc__ = """## What it does
Reports `UefiData` when `BootMode` is `legacy-bios` or absent, at `UefiData`.

## Why is this bad?
`UefiData` is the UEFI variable store (Secure Boot keys and other variables).
An image that boots with legacy BIOS never reads it, so the Secure Boot setup
it carries silently has no effect.

## Example
```yaml
Name: web-2024-06-01
Architecture: x86_64
VirtualizationType: hvm
EnaSupport: true
BootMode: legacy-bios
UefiData: QU1aVjE=
RootDeviceName: /dev/xvda
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs: {SnapshotId: snap-0db2cf683925d191f}
```

## Use instead
```yaml
Name: web-2024-06-01
Architecture: x86_64
VirtualizationType: hvm
EnaSupport: true
BootMode: uefi
UefiData: QU1aVjE=
RootDeviceName: /dev/xvda
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs: {SnapshotId: snap-0db2cf683925d191f}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.image import known_string, missing
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class UefiDataWithoutUefi(Rule):
        id = "AMI315"
        name = "uefi-data-without-uefi"
        summary = "`UefiData` with `BootMode` `legacy-bios` or absent"
        severity = Severity.WARNING
        references = (
            ("UEFI Secure Boot", "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/uefi-secure-boot.html"),
        )

        needs = ("UefiData",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            node = request.get("UefiData")
            if node is None:
                return
            if known_string(request, "BootMode") == "legacy-bios":
                stated = f"but {member('BootMode')} is `legacy-bios`"
            elif missing(request, "BootMode"):
                stated = f"without {member('BootMode')}"
            else:
                return
            yield self.report(
                node,
                f"{member('UefiData')} is given {stated}: the UEFI variables are never used",
                f"Set {member('BootMode')} to `uefi` (or `uefi-preferred`), or remove {member('UefiData')}",
            )


    RULE = UefiDataWithoutUefi()


def unquoted_expansion():  # rules/unquoted_expansion.py
    global COMMAND, Context, Finding, Iterable, Iterator, RULE, Request, Rule, Severity, ShellWord
    global Source, Span, UnquotedExpansion, __doc__, _finding, _splitting_expansions, part_start
    global quoting_hint
    __doc__ = r"""## What it does
Reports an unquoted `$VAR` or `${VAR}` whose value, as the script assigns
it, has blanks: the shell splits it into several words, and the request is
not what the script says. It is reported once per word, over its unquoted
expansions.

## Why is this bad?
The shell splits the result of an unquoted expansion at blanks. A variable
assigned earlier in the script is split as bash splits it, and the words it
becomes are checked where the value was written: `DESC='Web server'` …
`--description $DESC` gives `Description` `Web` and a stray word `server`
(AMI410, at the assignment). This rule says why, at the expansion. A JSON
mapping with blanks in `ROOT='{"DeviceName": …}'` …
`--block-device-mappings $ROOT` is cut into pieces that no longer parse.

Not reported, on purpose, so that every finding is one to fix:

- a value only known when the script runs (`--name $AMI_NAME`,
  `--description $(git log -1 --format=%s)`, `--region $REGION`): whether
  it holds a blank is not knowable from the script. On a corpus of real
  build scripts such values were built from blank-free parts (dates,
  versions, bucket names) every time, and no maintainer would change those
  lines; [ShellCheck's SC2086](https://www.shellcheck.net/wiki/SC2086)
  reports every unquoted expansion for teams that want that hygiene;
- a variable assigned earlier in the script whose value has no blank
  (`REGION=us-west-2` … `--region=$REGION`, `NAME=web-2024` … `--name
  $NAME`): splitting leaves it whole, and the value is checked where it was
  written;
- an expansion standing where options go (`$extra_flags`, `${args[@]}`):
  splitting it into several words is the point.

The hint quotes the whole word in double quotes, as brace-expansion's
(AMI401) does for the same word: one quoting fixes both.

## Example
```sh
DESCRIPTION="Web server, nightly build"
aws ec2 register-image --name "web-$(date +%F)" --description $DESCRIPTION \
    --root-device-name /dev/xvda
```

## Use instead
```sh
DESCRIPTION="Web server, nightly build"
aws ec2 register-image --name "web-$(date +%F)" --description "$DESCRIPTION" \
    --root-device-name /dev/xvda
```
"""


    from collections.abc import Iterable, Iterator

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.model import Request
    from ami_lint.rule import COMMAND, Context, Rule
    from ami_lint.shell.quoting import quoting_hint
    from ami_lint.shell.words import ShellWord, part_start
    from ami_lint.source import Source, Span


    class UnquotedExpansion(Rule):
        id = "AMI407"
        name = "unquoted-expansion"
        summary = "An unquoted `$VAR` whose value has blanks is split into several words"
        severity = Severity.WARNING
        references = (
            ("ShellCheck SC2086", "https://www.shellcheck.net/wiki/SC2086"),
            (
                "Bash manual: Word Splitting",
                "https://www.gnu.org/software/bash/manual/html_node/Word-Splitting.html",
            ),
        )

        needs = (COMMAND,)  # a command line's rule: a document has none

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            line = request.command
            if line is None:
                return
            source = line.invocation.source
            # Each written word once: a split value makes several words of one.
            groups: dict[Span, set[Span]] = {}
            for use in line.options:
                for word in use.values:
                    if not word.resolved:
                        continue  # most words: no variable's value in them (issue 20)
                    for written, expansion in _splitting_expansions(word):
                        groups.setdefault(written, set()).add(expansion)
            for written, expansions in groups.items():
                span, message, hint = _finding(source, written, expansions)
                yield self.report((source, span), message, hint)


    def _splitting_expansions(word: ShellWord) -> Iterator[tuple[Span, Span]]:
        """(the word as written, the expansion) for each unquoted expansion in an
    option's value word whose known value the shell splits into several
    words, wherever it stands in a value (`--block-device-mappings $MAPPING`
    with a blank in the JSON)."""
        starts = {part_start(p) for p in word.parts}
        for resolved in word.resolved:
            # Its first word is this value (not options it supplies, `$flags`).
            if resolved.split and resolved.probe in starts:
                yield resolved.written, resolved.via.span


    def _finding(source: Source, written: Span, expansions: set[Span]) -> tuple[Span, str, str]:
        """The span, message and hint of the one finding for a written word, over
    its unquoted expansions."""
        ordered = sorted(expansions, key=lambda s: s.start)
        span = ordered[0].through(ordered[-1])
        raw = source.shown(span)
        message = f"`{raw}` is not quoted: the shell splits its value at its blanks"
        # The same quoting as brace-expansion's for this word: one fixes both.
        return span, message, quoting_hint(source.shown(written))


    RULE = UnquotedExpansion()


def unusual_device_name():  # rules/unusual_device_name.py
    global Context, DOCUMENTED, Finding, Iterable, RULE, Request, Rule, Severity, UnusualDeviceName
    global _LETTERS, _PARTITION, _PARTITIONS, _TAILS, __doc__, block_devices, documented, member
    global string_value
    __doc__ = """## What it does
Warns about a `DeviceName` that is not one of the device names the EC2
documentation lists for Linux or Windows instances: `/dev/sd[a-z]` with an
optional partition number 1-15 (`/dev/sda1`), `/dev/xvd[a-z]`,
`/dev/xvd[a-z][a-z]` (`/dev/xvdba`), `/dev/xvd[a-z]` with a partition number
1-15 (`/dev/xvda1`, the root of paravirtual images), and on Windows
`xvd[a-z]` and `xvd[a-z][a-z]` (`xvdb`, `xvdca`). NVMe names
(`/dev/nvme1n1`) are not accepted: the instance's kernel assigns them, and a
block device mapping names the device as `/dev/sd…` or `/dev/xvd…` whatever
the instance type. A value that is not known (a shell variable) is not
checked.

## Why is this bad?
EC2 accepts only some device names, and which ones it accepts depends on
the virtualization type and the platform; a typo (`/dev/sbd`, `/dev/xdvf`,
`dev/sdf`) is rejected at registration or produces a volume the operating
system does not find where the scripts expect it.

## Example
```json
{"Name": "web-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/nvme1n1", "Ebs": {"VolumeSize": 100}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 100}}]}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import block_devices, string_value
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member

    _PARTITION = r"(?:[1-9]|1[0-5])"
    # The documented names, as a pattern (for the reader and the tests).
    DOCUMENTED = (
        rf"/dev/sd[a-z]{_PARTITION}?"  # Linux, and /dev/sda1 as the Windows root
    rf"|/dev/xvd[a-z][a-z]?"
    rf"|/dev/xvd[a-z]{_PARTITION}"
    r"|xvd[a-z][a-z]?"  # Windows
    )
    _PARTITIONS = frozenset(str(number) for number in range(1, 16))
    _LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")


    def documented(name: str) -> bool:
        """Whether `DOCUMENTED` matches all of `name`, without `re` (not on a
    typical run's path, issue 20): a prefix, a letter, then what may follow
    that prefix's letter."""
        for prefix, tails in _TAILS:
            if name.startswith(prefix):
                letter, tail = name[len(prefix) : len(prefix) + 1], name[len(prefix) + 1 :]
                return letter in _LETTERS and (tail == "" or tail in tails)
        return False


    # Each prefix and what may follow its letter, besides nothing.
    _TAILS = (
        ("/dev/sd", _PARTITIONS),
        ("/dev/xvd", _LETTERS | _PARTITIONS),
        ("xvd", _LETTERS),
    )


    class UnusualDeviceName(Rule):
        id = "AMI204"
        name = "unusual-device-name"
        summary = "A `DeviceName` that is not a documented Linux or Windows device name"
        severity = Severity.WARNING
        references = (
            (
                "Device names for volumes on Amazon EC2 instances",
                "https://docs.aws.amazon.com/ebs/latest/userguide/device_naming.html",
            ),
        )

        needs = ("BlockDeviceMappings.DeviceName",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            reported: list[Finding] = []
            for device in block_devices(request):
                node = device.mapping.get("DeviceName")
                name = string_value(node)
                if node is None or name is None or documented(name):
                    continue
                hint = "Use a documented name such as `/dev/sdf` or `/dev/xvdf` (Linux) or `xvdf` (Windows)"
                if name.startswith("/dev/nvme"):
                    hint += "; NVMe names are assigned by the instance's kernel"
                reported.append(
                    self.report(
                        node,
                        f"{member('DeviceName')} is `{name}`, which is not a documented EC2 device name",
                        hint,
                    )
                )
            return reported


    RULE = UnusualDeviceName()


def virtualization_type_defaulted():  # rules/virtualization_type_defaulted.py
    global Context, Finding, Iterable, RULE, Request, Rule, Scalar, Severity
    global VirtualizationTypeDefaulted, __doc__, _hvm_only, is_snow_request, is_true, member
    global missing, string_value, virtualization
    __doc__ = """## What it does
Reports a request without `VirtualizationType`, once, at the request.

## Why is this bad?
The reference page says of `--virtualization-type`: "Default: paravirtual".
Almost every image built today is HVM; registered as paravirtual it runs only
on previous-generation instance types, and ENA and SR-IOV networking cannot
be enabled on it.

When the request asks for what only HVM images have (`EnaSupport`,
`SriovNetSupport`, `BootMode` `uefi`, `TpmSupport`), the message says so.
Such requests are registered by maintained scripts and by AWS's own NitroTPM
example without `--virtualization-type`, so EC2 may well take `hvm` from
them; the documented default is still `paravirtual`, and writing `hvm`
removes the doubt. AMI308 and AMI309 report only a `paravirtual` that is
written.

A tool between the input and the API may send a type of its own: Terraform's
AWS provider always sends `virtualization_type`, `paravirtual` unless the
configuration says otherwise, and the message then says so (the type is then
sure, and AMI308 and AMI309 report what needs HVM).

Not reported when the request says what it means otherwise:
- a `KernelId` or `RamdiskId` is given: such an image is paravirtual (PV-GRUB
  or its own kernel), which is the default;
- a `VolumeType` of `sbp1` or `sbg1` says the request is for an AWS Snow
  device, whose EC2 has its own defaults; so does an `--endpoint-url`
  outside AWS (a Snow device's address, an emulator's `localhost`).

## Example
```yaml
Name: web-2024-06-01
Architecture: x86_64
RootDeviceName: /dev/xvda
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs: {SnapshotId: snap-0db2cf683925d191f}
```

## Use instead
```yaml
Name: web-2024-06-01
Architecture: x86_64
VirtualizationType: hvm
EnaSupport: true
RootDeviceName: /dev/xvda
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs: {SnapshotId: snap-0db2cf683925d191f}
```
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import is_snow_request, string_value
    from ami_lint.image import is_true, missing, virtualization
    from ami_lint.model import Request
    from ami_lint.nodes import Scalar
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class VirtualizationTypeDefaulted(Rule):
        id = "AMI306"
        name = "virtualization-type-defaulted"
        summary = "No `VirtualizationType`: it becomes `paravirtual`"
        severity = Severity.WARNING
        references = (
            (
                "Virtualization types",
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ComponentsAMIs.html#virtualization_types",
            ),
        )

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            if not missing(request, "VirtualizationType"):
                return ()
            if is_snow_request(request):
                return ()
            if "KernelId" in request.root or "RamdiskId" in request.root:
                return ()  # paravirtual is meant: only PV images take a kernel
            virt = virtualization(request)
            if virt.value != "paravirtual":
                return ()  # the tool that sends the request sends `hvm`
            wants = _hvm_only(request)
            if virt.sender is not None:
                message = f"{member('VirtualizationType')} is not set: {virt.sender} sends `{virt.value}`"
            else:
                message = f"No {member('VirtualizationType')}: it defaults to `{virt.value}`"
            if wants:
                message += f", though {wants} needs `hvm`"
            return [self.report(request.root, message, f"Set {member('VirtualizationType')} to `hvm`")]


    def _hvm_only(request: Request) -> str | None:
        """The first member the request sets that only HVM images take."""
        if is_true(request.get("EnaSupport")):
            return member("EnaSupport")
        if isinstance(request.get("SriovNetSupport"), Scalar):
            return member("SriovNetSupport")
        if string_value(request.get("BootMode")) == "uefi":
            return f"{member('BootMode')} `uefi`"
        if isinstance(request.get("TpmSupport"), Scalar):
            return member("TpmSupport")
        return None


    RULE = VirtualizationTypeDefaulted()


def volume_initialization_rate():  # rules/volume_initialization_rate.py
    global Context, Finding, Iterable, RULE, Request, Rule, Severity, VolumeInitializationRate
    global __doc__, ebs_volumes, int_value, member, range_fix, value_range
    __doc__ = """## What it does
Reports a `VolumeInitializationRate` outside 100-300 MiB/s, at the value, and
one on a volume without `SnapshotId`, at the key.

## Why is this bad?
The rate says how fast EC2 fetches a snapshot's blocks into a new volume
(provisioned rate for volume initialization); EC2 accepts 100 to 300 MiB/s and
only for a volume created from a snapshot. Anything else fails the request.

## Example
```shorthand block-device-mappings
DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f,VolumeInitializationRate=500}
```

## Use instead
```shorthand block-device-mappings
DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f,VolumeInitializationRate=300}
```

## Options
The range is `volume_initialization_rate` in the limits table (`--limits`).
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import ebs_volumes, int_value, range_fix, value_range
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class VolumeInitializationRate(Rule):
        id = "AMI220"
        name = "volume-initialization-rate"
        summary = "`VolumeInitializationRate` outside 100-300 MiB/s, or on a volume without a snapshot"
        severity = Severity.ERROR
        references = (
            ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
            (
                "Initialize Amazon EBS volumes",
                "https://docs.aws.amazon.com/ebs/latest/userguide/initalize-volume.html",
            ),
        )
        help_reference = 1

        needs = ("BlockDeviceMappings.Ebs.VolumeInitializationRate",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            rate_limits = ctx.limits.volume_initialization_rate
            for _device, ebs in ebs_volumes(request):
                entry = ebs.entry("VolumeInitializationRate")
                if entry is None:
                    continue
                if "SnapshotId" not in ebs:
                    yield self.report(
                        entry.key,
                        f"{member('VolumeInitializationRate')} is given "
                    f"but the volume has no {member('SnapshotId')}",
                        f"Remove {member('VolumeInitializationRate')}; it "
                    "applies only to volumes created from a snapshot",
                    )
                    continue
                rate = int_value(entry.value)
                if rate is None or rate_limits is None:
                    continue
                low, high = rate_limits.min, rate_limits.max
                hint = range_fix("VolumeInitializationRate", rate, low, high)
                if hint is None:
                    continue
                yield self.report(
                    entry.value,
                    f"{member('VolumeInitializationRate')} is `{rate}` "
                f"but must be {value_range(low, high)} MiB/s",
                    hint,
                )


    RULE = VolumeInitializationRate()


def volume_size_out_of_range():  # rules/volume_size_out_of_range.py
    global Context, Finding, Iterable, RULE, Request, Rule, Severity, VolumeSizeOutOfRange, __doc__
    global ebs_volumes, int_entry, member, range_fix, type_limits, value_range, volume_type
    __doc__ = """## What it does
Reports a `VolumeSize` (GiB) outside the range of its volume type, at the
value. The ranges come from the limits table chosen with `--limits` (see
Options). When `VolumeType` is absent, the type is not guessed (the reference pages do
not document RegisterImage's default), but a size that no type allows (`0`,
or more than the largest maximum) is still reported. A type that is not
known (a shell variable) or not valid is not checked.

## Why is this bad?
EC2 rejects the request with `InvalidParameterValue`.

## Example
```json
{"Name": "data-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 50, "VolumeType": "st1"}}]}
```

## Use instead
```json
{"Name": "data-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 500, "VolumeType": "st1"}}]}
```

## Options
`--limits current|legacy` chooses the table.

| type | `current` | `legacy` (the reference page's table) |
|---|---|---|
| `gp2` | 1-16384 | 1-16384 |
| `gp3` | 1-65536 | 1-16384 |
| `io1` | 4-16384 | 4-16384 |
| `io2` | 4-65536 | 4-16384 |
| `st1`, `sc1` | 125-16384 | 125-16384 |
| `standard` | 1-1024 | 1-1024 |
"""


    from collections.abc import Iterable

    from ami_lint.diagnostics import Finding, Severity
    from ami_lint.ebs import ebs_volumes, int_entry, range_fix, type_limits, value_range, volume_type
    from ami_lint.model import Request
    from ami_lint.rule import Context, Rule
    from ami_lint.vocabulary import member


    class VolumeSizeOutOfRange(Rule):
        id = "AMI213"
        name = "volume-size-out-of-range"
        summary = "`VolumeSize` outside the range of its volume type"
        severity = Severity.ERROR
        references = (
            ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
            ("Amazon EBS volume types", "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html"),
        )
        help_reference = 1

        needs = ("BlockDeviceMappings.Ebs.VolumeSize",)

        def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
            types = ctx.limits.volume_types
            if not types:
                return
            widest = (min(t.size_min for t in types.values()), max(t.size_max for t in types.values()))
            for _device, ebs in ebs_volumes(request):
                found = int_entry(ebs, "VolumeSize")
                if found is None:
                    continue
                entry, size = found
                vtype = volume_type(ebs, request)
                limits = type_limits(ctx.limits, vtype) if vtype is not None else None
                if limits is not None:
                    low, high = limits.size_min, limits.size_max
                    needs = f"`{vtype}` needs {value_range(low, high)} GiB"
                elif "VolumeType" not in ebs:
                    low, high = widest
                    bound = f"less than {low}" if size < low else f"more than {high}"
                    needs = f"no volume type allows {bound} GiB"
                else:
                    continue
                hint = range_fix("VolumeSize", size, low, high)
                if hint is None:
                    continue
                yield self.report(entry.value, f"{member('VolumeSize')} is `{size}` but {needs}", hint)


    RULE = VolumeSizeOutOfRange()
