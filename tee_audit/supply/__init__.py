"""Supply-chain analysis: dependency readers, the SBOM and vulnerability lookups.

Every reader parses its file as text and never runs the project's build
code, so a hostile `setup.py` or install script cannot act during a scan.

Entry points:

- `analyzer.SupplyChainAnalyzer(vuln_db, online)`: the project analyzer
  that returns the C05 (and C04 index-credential) findings, notices and
  failures. After a run its `inventory` attribute contains the inventory.
- `analyzer.analyze_inventory(root, files, read_text, vuln_db, service)`:
  the inventory with its vulnerability report, for the SBOM command.
- `collect.collect(root, files, read_text)`: the inventory alone.
- `collect.supply_kind(path)`: the FileKind discovery gives a dependency file.
- `sbom.build_bom(inventory, project_name, project_version, images, reproducible)`
  and `sbom.serialize_bom(bom, "json" | "xml")`: the CycloneDX 1.6 SBOM.
"""
