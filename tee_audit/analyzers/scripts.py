"""Checks on shell command text that ends up inside a measured image.

Dockerfile `RUN` steps, heredoc bodies, compose `command:` blocks and dstack
pre-launch scripts all hold shell code. The same two hazards matter in each:
code downloaded and run without a checksum, and settings that turn off TLS
certificate checks. Every function returns offsets into the text it was
given, so callers map them back to physical lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FETCH = r"(?:curl|wget|fetch|aria2c)\b"
_SHELL = r"(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+\S+=\S*\s+)*(?:/usr)?(?:/bin/)?(?:ba|z|da|k|fi)?sh|python[0-9.]*|perl|ruby|node"

# An interpreter given its own program (`python -c`, `node -e`, `python -m json.tool`) reads the
# download as data, not as code.
_PIPE_TO_SHELL = re.compile(
    rf"{_FETCH}[^|;&\n]*(?:\|[^|;&\n]*)*?\|\s*(?P<shell>{_SHELL})\b(?![.-])(?!\s+-[cem]\b)"
)
_SUBSTITUTION = re.compile(rf"(?:{_SHELL})\s+(?:-\w+\s+)*(?:<\(\s*|-c\s+[\"']?\$\(\s*){_FETCH}")
_DOWNLOAD_TO_FILE = re.compile(
    rf"{_FETCH}[^|;&\n]*?(?:\s-o\s*|\s--output[= ]|\s-O\s*|\s--output-document[= ])(?P<path>[^\s;&|\"']+)"
)
_URL = re.compile(r"(?:https?|ftp)://\S+")

_TLS_ENV = {
    "PYTHONHTTPSVERIFY": ("0",),
    "NODE_TLS_REJECT_UNAUTHORIZED": ("0",),
    "GIT_SSL_NO_VERIFY": ("1", "true", "yes"),
    "REQUESTS_CA_BUNDLE": ("",),
    "CURL_CA_BUNDLE": ("",),
}
_TLS_COMMAND = re.compile(
    r"\b(?:curl\b[^\n;&|]*?\s(?P<curl>-k|--insecure)\b"
    r"|wget\b[^\n;&|]*?\s(?P<wget>--no-check-certificate)\b"
    r"|git\b[^\n;&|]*?(?P<git>http\.sslVerify[= ]false))",
    re.IGNORECASE,
)
_ASSIGNMENT = re.compile(r"(?:^|[\s;&(])(?:export\s+)?(?P<name>[A-Z_][A-Z0-9_]*)=(?P<value>\"[^\"]*\"|'[^']*'|[^\s;&|]*)")


@dataclass(frozen=True)
class ScriptHit:
    """One hazard found in a piece of shell text."""

    offset: int
    code_key: str
    """Normalised text of the hazard, free of secrets and line numbers."""
    detail: str
    """A few words for the finding message, such as `curl piped to sh`."""


def download_executions(text: str) -> list[ScriptHit]:
    """Find downloads piped to an interpreter and downloaded files that are run later."""
    hits: list[ScriptHit] = []
    for match in _PIPE_TO_SHELL.finditer(text):
        tool = match.group(0).split()[0]
        shell = match.group("shell").split()[-1].rsplit("/", 1)[-1]
        hits.append(ScriptHit(match.start(), f"{tool}|{shell}", f"{tool} output is piped to {shell}"))
    for match in _SUBSTITUTION.finditer(text):
        hits.append(ScriptHit(match.start(), "shell<(download)", "a download is run by a shell"))
    return hits


def downloaded_files(text: str) -> list[tuple[int, str]]:
    """Return (offset, path) for each file a curl or wget command writes."""
    found = []
    for match in _DOWNLOAD_TO_FILE.finditer(text):
        if match.group("path") != "-":
            found.append((match.start(), match.group("path")))
    return found


def file_executions(text: str, paths: set[str]) -> list[ScriptHit]:
    """Find commands that run one of `paths`: `sh file`, `./file`, `. file` or the path itself."""
    hits: list[ScriptHit] = []
    for path in sorted(paths):
        name = re.escape(path)
        base = re.escape(path.rsplit("/", 1)[-1])
        pattern = re.compile(
            rf"(?:(?:^|[\s;&|(])(?:{_SHELL}|\.|source)\s+(?:-\w+\s+)*(?:\./)?(?:{name}|{base})(?=$|[\s;&|)])"
            rf"|(?:^|[;&|(]\s*|&&\s*)(?:\./{base}|{name})(?=$|[\s;&|)]))",
            re.MULTILINE,
        )
        for match in pattern.finditer(text):
            hits.append(ScriptHit(match.start(), f"run-downloaded:{path}", f"the downloaded file {path} is run"))
    return hits


def tls_setting_disables_verification(name: str, value: str) -> bool:
    """Tell whether setting environment variable `name` to `value` turns off certificate checks."""
    expected = _TLS_ENV.get(name.upper())
    return expected is not None and value.strip().strip("\"'").lower() in expected


def tls_disabling_commands(text: str) -> list[ScriptHit]:
    """Find exported TLS-off variables and curl, wget or git options that skip certificate checks."""
    hits: list[ScriptHit] = []
    for match in _ASSIGNMENT.finditer(text):
        if tls_setting_disables_verification(match.group("name"), match.group("value")):
            setting = f"{match.group('name')}={match.group('value').strip(chr(34) + chr(39))}"
            hits.append(ScriptHit(match.start("name"), setting, f"{setting} turns off certificate checks"))
    for match in _TLS_COMMAND.finditer(text):
        option = match.group("curl") or match.group("wget") or match.group("git")
        tool = match.group(0).split()[0]
        hits.append(ScriptHit(match.start(), f"{tool} {option}", f"{tool} {option} skips certificate checks"))
    return hits


def mentions_url(text: str) -> bool:
    return bool(_URL.search(text))
