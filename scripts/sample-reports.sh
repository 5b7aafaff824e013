#!/usr/bin/env bash
# Regenerate the sample reports in reports/ for both examples: HTML, JSON,
# SARIF, Markdown and the CycloneDX SBOM. Exit codes 1 (findings) are
# expected for the vulnerable example.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports

for example in vulnerable-agent hardened-agent; do
    target="examples/$example"
    tee-audit audit "$target" --no-cache -q --html "reports/$example.html" --format json --output "reports/$example.json"
    tee-audit scan "$target" --no-cache -q --format sarif --output "reports/$example.sarif"
    tee-audit audit "$target" -q --format markdown --output "reports/$example.md"
    tee-audit sbom "$target" -q --reproducible --output "reports/$example.cdx.json"
done
exit 0
