"""Rules of the supply-chain analyzer (checklist C05, and C04 for index credentials).

Everything installed into a TEE image is measured with it, so a dependency
that can change between builds, or that carries a known vulnerability, is
part of what users trust when they check the attestation.
"""

from __future__ import annotations

from tee_audit.model import Confidence, Severity
from tee_audit.registry import declare

UNPINNED_REQUIREMENT = declare(
    id="unpinned-requirement",
    check="C05",
    severity=Severity.MEDIUM,
    summary="A requirements file installs a package without pinning an exact version.",
    rationale=(
        "A range or a bare name lets each build pick whatever release the index serves that day, "
        "so two builds of the same commit can hold different code and measure differently, and a "
        "compromised or yanked release enters the enclave without any change in the repository."
    ),
    remediation="Pin the exact version with `==`, ideally by compiling the file with pip-compile or uv.",
    bad="requests>=2.31\n",
    good="requests==2.32.3\n",
    language="requirements",
)

REQUIREMENT_MISSING_HASHES = declare(
    id="requirement-missing-hashes",
    check="C05",
    severity=Severity.MEDIUM,
    summary="A requirements file in hash-checking mode has a requirement without `--hash`.",
    rationale=(
        "Once one requirement carries a hash, pip checks every download against its hash; an entry "
        "without one either breaks the build or, where hashes are later dropped to make it pass, lets "
        "a swapped artifact into the image unnoticed."
    ),
    remediation="Add `--hash=sha256:...` for every artifact of the requirement, for example with `pip-compile --generate-hashes`.",
    bad=(
        "requests==2.32.3 \\\n    --hash=sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6\n"
        "idna==3.7\n"
    ),
    good=(
        "requests==2.32.3 \\\n    --hash=sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6\n"
        "idna==3.7 \\\n    --hash=sha256:82fee1fc78add43492d3a1898bfa6d8a904cc97d8427f683ed8e798d07761aa0\n"
    ),
    language="requirements",
)

REQUIREMENTS_WITHOUT_HASHES = declare(
    id="requirements-without-hashes",
    check="C05",
    severity=Severity.LOW,
    summary="A requirements file pins versions but checks no artifact hashes.",
    rationale=(
        "A version pin names a release, not its bytes: a compromised index or mirror can serve a "
        "different file under the same version, and only a hash check stops it before it is measured "
        "into the image."
    ),
    remediation="Generate hashes (`pip-compile --generate-hashes` or `uv pip compile --generate-hashes`) and install with `--require-hashes`.",
    bad="requests==2.32.3\n",
    good="requests==2.32.3 \\\n    --hash=sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6\n",
    language="requirements",
)

STRAY_REQUIREMENT_OPTION = declare(
    id="stray-requirement-option",
    check="C05",
    severity=Severity.LOW,
    summary="A per-requirement option such as `--hash` stands on a line of its own.",
    rationale=(
        "A missing line continuation detaches the option from its requirement, so the hash the author "
        "meant to enforce is not attached to any package and pip rejects or ignores the line."
    ),
    remediation="End the previous line with a backslash so the option belongs to the requirement above it.",
    bad=(
        "requests==2.32.3\n"
        "    --hash=sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6\n"
    ),
    good=(
        "requests==2.32.3 \\\n"
        "    --hash=sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6\n"
    ),
    language="requirements",
)

REQUIREMENTS_INCLUDE_CYCLE = declare(
    id="requirements-include-cycle",
    check="C05",
    severity=Severity.LOW,
    summary="Requirements files include each other in a cycle.",
    rationale=(
        "A cycle of `-r` or `-c` includes makes the installed set depend on which file the build "
        "starts from, which hides what actually goes into the image."
    ),
    remediation="Remove the include that closes the cycle so the files form a tree.",
    bad="-r requirements.txt\nrequests==2.32.3\n",
    good="requests==2.32.3\n",
    language="requirements",
)

VCS_DEPENDENCY_WITHOUT_COMMIT = declare(
    id="vcs-dependency-without-commit",
    check="C05",
    severity=Severity.MEDIUM,
    summary="A dependency is installed from a VCS reference that is not a full commit hash.",
    rationale=(
        "A branch or tag can be moved to other code at any time, so the image built tomorrow may hold "
        "code no one reviewed; only a full commit hash names immutable content."
    ),
    remediation="Reference the full 40-character commit hash (`@<sha>`), or depend on a released, hash-checked artifact.",
    bad="mylib @ git+https://github.com/example/mylib.git@main\n",
    good="mylib @ git+https://github.com/example/mylib.git@0123456789abcdef0123456789abcdef01234567\n",
    language="requirements",
)

URL_DEPENDENCY_WITHOUT_HASH = declare(
    id="url-dependency-without-hash",
    check="C05",
    severity=Severity.MEDIUM,
    summary="A dependency is downloaded from a URL with no hash to check it against.",
    rationale=(
        "Whoever controls the URL can replace the file, and nothing in the build notices, so the "
        "measured image no longer matches the reviewed source."
    ),
    remediation="Add a hash (`#sha256=...` in the URL or `--hash=sha256:...`), or install the release from an index with a pinned version and hash.",
    bad="mylib @ https://example.com/mylib-1.0.tar.gz\n",
    good=(
        "mylib @ https://example.com/mylib-1.0.tar.gz"
        "#sha256=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
    ),
    language="requirements",
)

LOCAL_PATH_DEPENDENCY = declare(
    id="local-path-dependency",
    check="C05",
    severity=Severity.LOW,
    summary="A dependency is installed from a local path outside the repository.",
    rationale=(
        "A path dependency installs whatever the directory holds at build time, with no version or "
        "hash, so the image content depends on the build machine's state."
    ),
    remediation="Vendor the code into the repository under review and build it from there, or publish it and pin the version with a hash.",
    bad="../shared/mylib\n",
    good="./libs/mylib\n",
    known_problems="Paths inside the repository are not reported, because their code is part of what is reviewed.",
    language="requirements",
)

MANIFEST_WITHOUT_LOCKFILE = declare(
    id="manifest-without-lockfile",
    check="C05",
    severity=Severity.MEDIUM,
    summary="A manifest declares dependency ranges and no lockfile pins them.",
    rationale=(
        "Without a lockfile each build resolves the ranges again, so the dependency versions in the "
        "image change over time and no one can rebuild the attested measurement."
    ),
    remediation="Commit the lockfile of the package manager (poetry.lock, uv.lock, package-lock.json, Cargo.lock, go.sum) beside the manifest.",
    bad='[project]\nname = "app"\nversion = "1.0"\ndependencies = ["requests>=2.31"]\n',
    good='[project]\nname = "app"\nversion = "1.0"\ndependencies = ["requests==2.32.3"]\n',
    language="toml",
)

LARGE_DEPENDENCY_COUNT = declare(
    id="large-dependency-count",
    check="C05",
    severity=Severity.INFO,
    summary="The project installs a large number of third-party packages.",
    rationale=(
        "Every package runs inside the trust boundary with the enclave's keys in reach, so each one "
        "adds code to review and an author who could ship a malicious release."
    ),
    remediation="Drop dependencies the enclave does not need and split tooling out of the enclave image.",
    bad="\n".join(f"package-{number}==1.0" for number in range(1, 202)) + "\n",
    good="requests==2.32.3\n",
    language="requirements",
    known_problems="The count merges all manifests of the repository, including tooling that may not ship in the image.",
)

KNOWN_VULNERABILITY = declare(
    id="known-vulnerable-dependency",
    check="C05",
    severity=Severity.HIGH,
    summary="A pinned dependency version has a known vulnerability.",
    rationale=(
        "A published vulnerability in code inside the enclave is reachable by anyone who can send it "
        "input, and the attestation proves only that the vulnerable code is running."
    ),
    remediation="Upgrade to a version the advisory lists as fixed, then regenerate the lockfile.",
    bad="cryptography==41.0.5\n",
    good="cryptography==43.0.1\n",
    language="requirements",
    known_problems="The severity comes from the advisory; advisories without one are reported as high.",
)

INDEX_URL_CREDENTIALS = declare(
    id="index-url-credentials",
    check="C04",
    severity=Severity.HIGH,
    summary="A package index or download URL carries credentials in the file.",
    rationale=(
        "Credentials committed to a dependency file end up in the repository, the build logs and the "
        "image, where the host operator and anyone with read access can use them."
    ),
    remediation="Remove the credentials from the URL and supply them at build time, for example from a pip.conf outside the image, a keyring or a `${PIP_TOKEN}` environment reference.",
    bad="--index-url https://deploy:s3cretpassw0rd@pypi.example.com/simple\nrequests==2.32.3\n",
    good="--index-url https://${PIP_USER}:${PIP_TOKEN}@pypi.example.com/simple\nrequests==2.32.3\n",
    language="requirements",
    confidence=Confidence.HIGH,
)
