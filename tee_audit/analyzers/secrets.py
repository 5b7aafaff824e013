"""Hard-coded secrets in any text file, found at the text level.

The analyzer never parses the file, so Python that does not compile,
templated YAML and minified bundles are all scanned the same way. Each
detector is one linear regular-expression pass over the whole text; a
combined cue pattern skips files that contain nothing secret-like at all.
Specific detectors (PEM blocks, provider tokens, keys) run before the
generic secret-name detector, which leaves alone any value they reported.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from tee_audit import bip39
from tee_audit.analyzers.base import FileAnalyzer, FileResult
from tee_audit.analyzers.secret_names import (
    assignment_confidence,
    classify_secret_name,
    is_key_context,
    is_key_file,
    is_not_a_secret_value,
    is_public_jwt,
    is_test_path,
    looks_like_value,
    name_parts,
    url_password_confidence,
)
from tee_audit.catalog.hardcoded_secrets import (
    CREDENTIALS_IN_URL,
    HARDCODED_API_KEY,
    HARDCODED_MNEMONIC,
    HARDCODED_PEM_PRIVATE_KEY,
    HARDCODED_PRIVATE_KEY,
    HARDCODED_SECRET_ASSIGNMENT,
)
from tee_audit.model import Confidence, FileKind, Finding, Location, SkipReason, Skipped, SourceFile
from tee_audit.redact import MASK, redact_text, redact_value
from tee_audit.registry import Rule
from tee_audit.secret_formats import (
    BYTE_ARRAY_CANDIDATE,
    JWT,
    LONG_TOKEN,
    PEM_PRIVATE_HEADER,
    PROVIDER_NAMES,
    PROVIDER_PREFIX,
    PROVIDER_TOKEN,
    RPC_URL_KEY,
    URL_CREDENTIALS,
    byte_array_64,
    fold_case,
    is_base58_64_bytes,
    is_placeholder,
    is_repetitive,
    is_wif_private_key,
    url_scheme,
)

_CUE_WORDS = re.compile(r"private|secret|pass|pwd|token|key|mnemonic|seed|credential|wallet|signer")
"""Keywords any name-based detector starts from, searched in case-folded text."""
_CUE_SHAPES = re.compile(
    r"""(?x)
      -----BEGIN | :// | AKIA | ASIA | gh[pousr]_ | github_pat_ | sk- | [sr]k_(?:live|test)_ | xox[abposr]- | AIza | hf_
    | [0-9a-fA-F]{64} | [1-9A-HJ-NP-Za-km-z]{50} | \[[0-9,\s]{127}
    | (?<![A-Za-z])[a-z]{3,8}(?:[ \t,"']{1,6}[a-z]{3,8}){11}
    """
)
"""Value shapes the other detectors start from; a file matching neither cue has no finding."""

_CODE_KINDS = frozenset({FileKind.PYTHON, FileKind.JAVASCRIPT, FileKind.TYPESCRIPT, FileKind.GO, FileKind.RUST})
"""Languages where an unquoted value is an expression, not a literal."""
# The assignment pattern below also accepts a type between name and value,
# as in Python and TypeScript `password: str = "..."` and Go `var password string = "..."`.

_SECRET_WORD = re.compile(
    r"secret|passw(?:or)?d|passphrase|pwd|pass(?![a-z])|private[_-]?key|privkey|api[_-]?key|access[_-]?key"
    r"|token|mnemonic|seed[_-]?phrase|credential"
)
"""Keywords of secret names, searched in case-folded text."""
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
_ASSIGNMENT_TAIL = re.compile(
    r"""(?x)
    ["'`]?
    (?P<annotation>[ \t]{0,4}:[ \t]{0,4}[A-Za-z_][\w.]{0,40}(?:\[[\w., |]{0,40}\])?|[ \t]{1,4}string)?
    [ \t]{0,4}(?P<op>:=|=>|=(?!=)|:(?!:))[ \t]{0,4}
    (?: (?P<prefix>[bBrRuUfF]{0,2})
        (?: "(?P<dq>[^"\n]{0,1024})"
          | '(?P<sq>[^'\n]{0,1024})'
          | `(?P<bq>[^`\n]{0,1024})`
        )
      | (?P<bare>[^\s"'`,;)}\]]{1,1024})
    )
    """
)
_DOCKER_SPACE_FORM = re.compile(r"[ \t]+(?P<bare>[^\s=\"'][^\s]{0,1024})")
_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$-]*")
_WORD_RUN = re.compile(r"(?<![A-Za-z])[a-z]{3,8}(?:[ \t,\"']{1,6}[a-z]{3,8}){11,}(?![A-Za-z])")
_WORD = re.compile(r"[a-z]+")
_AWS_SECRET_VALUE = re.compile(r"[A-Za-z0-9/+]{40}")
_HEX_DIGITS = re.compile(r"[0-9a-fA-F]{64}")
_MNEMONIC_CONTEXT = re.compile(r"(?i)mnemonic|seed|phrase|recovery|words|bip_?39")
_PEM_FOOTER = re.compile(r"-----END [A-Z0-9 ]{0,60}-----")
_PEM_WINDOW = 16384
"""Characters after a PEM header searched for its footer; a 4096-bit RSA key takes about 3300."""
_SNIPPET_CONTEXT = 80
"""Characters kept on each side of a value in a snippet, so a minified line stays short."""
_LEFT_CONTEXT = 200
"""Characters left of a value searched for the name it is assigned to."""


class SecretsAnalyzer(FileAnalyzer):
    """Report private keys, seed phrases, API keys and passwords written into any text file."""

    name = "secrets"
    kinds = frozenset(FileKind)

    def analyze(self, file: SourceFile, text: str) -> FileResult:
        folded = fold_case(text)
        if not _CUE_WORDS.search(folded) and not _CUE_SHAPES.search(text):
            return FileResult()
        scan = _Scan(file, text, folded)
        skipped = scan.run()
        return FileResult(findings=sorted(scan.findings, key=Finding.sort_key), skipped=skipped)


@dataclass
class _Scan:
    """The state of one file's scan: line offsets and the spans already reported."""

    file: SourceFile
    text: str
    folded: str
    """`text` in lower case, with the same offsets."""
    findings: list[Finding] = field(default_factory=list)
    covered: list[tuple[int, int]] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)
    in_tests: bool = False

    def __post_init__(self) -> None:
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", self.text)]
        self.in_tests = is_test_path(self.file.path)

    def run(self) -> list[Skipped]:
        """Run every detector, most specific first; a detector that fails costs only its own findings."""
        detectors = (
            self.find_pem_blocks,
            self.find_provider_tokens,
            self.find_rpc_urls,
            self.find_url_credentials,
            self.find_encoded_keys,
            self.find_byte_array_keys,
            self.find_mnemonics,
            self.find_secret_assignments,
        )
        failures = []
        for detector in detectors:
            try:
                detector()
            except Exception as error:  # noqa: BLE001  (one detector's bug must not hide the others' findings)
                detail = redact_text(f"secrets detector {detector.__name__} failed: {type(error).__name__}: {error}")
                failures.append(Skipped(self.file.path, SkipReason.ANALYZER_ERROR, detail))
        return failures

    def find_pem_blocks(self) -> None:
        for header in PEM_PRIVATE_HEADER.finditer(self.text):
            window = self.text[header.end():header.end() + _PEM_WINDOW]
            boundary = window.find("-----")
            footer = _PEM_FOOTER.match(window, boundary) if boundary >= 0 else None
            body = window if boundary < 0 else window[:boundary]
            key_material = re.sub(r"\\n|[^A-Za-z0-9+/=]", "", body)
            if len(key_material) < 40:
                continue
            end = header.end() + (footer.end() if footer else len(body.rstrip()))
            message = f"A PEM private key block (`{header.group(1)}`) is stored in the file."
            self.report(HARDCODED_PEM_PRIVATE_KEY, header.start(), end, self.text[header.start():end], message)

    def find_provider_tokens(self) -> None:
        aws_secret_nearby = re.search(r"aws_?secret|secret_?access_?key", self.folded) is not None
        for candidate in PROVIDER_PREFIX.finditer(self.text):
            match = PROVIDER_TOKEN.match(self.text, candidate.start())
            if match is None or self.overlaps(match.start(), match.end()):
                continue
            kind = match.lastgroup
            value = match.group(0)
            if is_placeholder(value) or is_repetitive(value.split("_")[-1].split("-")[-1]):
                continue
            confidence = Confidence.HIGH
            if kind == "aws_access_key_id" and not aws_secret_nearby:
                confidence = Confidence.MEDIUM
            if kind == "stripe_key" and "_test_" in value:
                confidence = Confidence.LOW
            provider = PROVIDER_NAMES[kind]
            message = f"{'An' if provider[0] in 'AEIOU' else 'A'} {provider} is hard-coded."
            self.report(HARDCODED_API_KEY, match.start(), match.end(), value, message, confidence)

    def find_rpc_urls(self) -> None:
        for match in RPC_URL_KEY.finditer(self.text):
            key = match.group("key")
            if is_placeholder(key) or "key" in key.lower():
                continue
            message = f"An `{match.group('host')}` URL carries the project API key in its path."
            self.report(HARDCODED_API_KEY, match.start("key"), match.end("key"), key, message)

    def find_url_credentials(self) -> None:
        for match in URL_CREDENTIALS.finditer(self.text):
            password = match.group("password")
            confidence = url_password_confidence(match.group("user"), password)
            if confidence is None:
                continue
            message = f"A `{url_scheme(self.text, match.start())}://` URL contains a literal password."
            self.report(CREDENTIALS_IN_URL, match.start("password"), match.end("password"), password, message, confidence)

    def find_encoded_keys(self) -> None:
        """Report 64-digit hex keys, WIF keys and base58 Solana keys, found in one pass."""
        for match in LONG_TOKEN.finditer(self.text):
            token = match.group(0)
            if len(token) == 66 and token.startswith("0x") or len(token) == 64:
                self.judge_hex_key(match.start(), token)
            elif 50 <= len(token) <= 52 and is_wif_private_key(token):
                message = "A Bitcoin private key in wallet import format (checksum valid) is hard-coded."
                self.report(HARDCODED_PRIVATE_KEY, match.start(), match.end(), token, message)
            elif 86 <= len(token) <= 89 and is_base58_64_bytes(token):
                self.judge_base58_key(match.start(), token)

    def judge_hex_key(self, start: int, token: str) -> None:
        digits = token[-64:]
        if not _HEX_DIGITS.fullmatch(digits) or is_repetitive(digits):
            return
        name = self.key_name_near(start)
        if name is None:
            return
        where = f"`{name}`" if name else "a file named like a key"
        message = f"A 32-byte private key in hex is hard-coded in {where}."
        self.report(HARDCODED_PRIVATE_KEY, start, start + len(token), token, message)

    def judge_base58_key(self, start: int, token: str) -> None:
        name = self.key_name_near(start)
        if name is None:
            return
        where = f"`{name}`" if name else "a file named like a key"
        message = f"A 64-byte base58 secret key (Solana format) is hard-coded in {where}."
        self.report(HARDCODED_PRIVATE_KEY, start, start + len(token), token, message)

    def find_byte_array_keys(self) -> None:
        whole_file = self.text.strip()
        for match in BYTE_ARRAY_CANDIDATE.finditer(self.text):
            numbers = byte_array_64(match.group(0))
            if numbers is None or len(set(numbers)) < 8:
                continue
            name = "" if match.group(0) == whole_file else self.key_name_near(match.start())
            if name is None:
                continue
            where = f"`{name}`" if name else "a keypair file"
            message = f"A 64-byte secret key as a list of numbers (solana-keygen format) is hard-coded in {where}."
            self.report(HARDCODED_PRIVATE_KEY, match.start(), match.end(), match.group(0), message)

    def find_mnemonics(self) -> None:
        for run in _WORD_RUN.finditer(self.text):
            for words in _bip39_stretches(run):
                self.report_mnemonic(words)

    def report_mnemonic(self, words: list[re.Match]) -> None:
        texts = [word.group(0) for word in words]
        if len(set(texts)) < 4 or len(texts) > 24:
            return
        chosen = _checksummed_window(texts)
        if chosen is not None:
            first, count = chosen
            words = words[first:first + count]
            confidence = Confidence.HIGH
            checksum = " with a valid checksum"
        else:
            left = self.text[max(self.line_start(words[0].start()), words[0].start() - _LEFT_CONTEXT):words[0].start()]
            confidence = Confidence.MEDIUM if _MNEMONIC_CONTEXT.search(left) else Confidence.LOW
            checksum = ""
        start, end = words[0].start(), words[-1].end()
        message = f"A {len(words)}-word BIP-39 seed phrase{checksum} is hard-coded."
        self.report(HARDCODED_MNEMONIC, start, end, self.text[start:end], message, confidence)

    def find_secret_assignments(self) -> None:
        resume_at = 0
        for keyword in _SECRET_WORD.finditer(self.folded):
            if keyword.start() < resume_at:
                continue
            name_start, name_end = self.widen_name(keyword.start(), keyword.end())
            resume_at = name_end
            name = self.text[name_start:name_end].strip(".-")
            value_span = self.assigned_value(name_start, name_end)
            if value_span is None:
                continue
            resume_at = value_span[1]
            self.judge_assignment(name, *value_span)

    # Helpers shared by the detectors.

    def widen_name(self, start: int, end: int) -> tuple[int, int]:
        """Extend a keyword hit over the name characters around it, at most 64 each way."""
        low = max(0, start - 64)
        while start > low and self.text[start - 1] in _NAME_CHARS:
            start -= 1
        high = min(len(self.text), end + 64)
        while end < high and self.text[end] in _NAME_CHARS:
            end += 1
        return start, end

    def assigned_value(self, name_start: int, name_end: int) -> tuple[int, int, bool, str] | None:
        """Return (start, end, quoted, string prefix) of the literal assigned to the name, if any."""
        tail = _ASSIGNMENT_TAIL.match(self.text, name_end)
        if tail is None and self.file.kind is FileKind.DOCKERFILE and self.is_env_instruction(name_start):
            tail = _DOCKER_SPACE_FORM.match(self.text, name_end)
        if tail is None:
            return None
        groups = tail.groupdict()
        for group in ("dq", "sq", "bq", "bare"):
            if groups.get(group) is not None:
                quoted = group != "bare"
                prefix = groups.get("prefix") or ""
                return tail.start(group), tail.end(group), quoted, prefix
        return None

    def is_env_instruction(self, name_start: int) -> bool:
        head = self.text[self.line_start(name_start):name_start].strip().upper()
        return head in ("ENV", "ARG")

    def judge_assignment(self, name: str, start: int, end: int, quoted: bool, prefix: str) -> None:
        """Report the value at [start, end) if it is a literal secret worth reporting."""
        value = self.text[start:end]
        if self.overlaps(start, end):
            return
        if not quoted and self.file.kind in _CODE_KINDS:
            return
        if "r" in prefix.lower():
            return
        parts = name_parts(name)
        secret_class = classify_secret_name(parts)
        if secret_class is None:
            return
        if JWT.fullmatch(value):
            if not is_public_jwt(value):
                message = f"A JSON Web Token is hard-coded in `{name}`."
                self.report(HARDCODED_API_KEY, start, end, value, message)
            return
        if is_not_a_secret_value(value, name):
            return

        if ("aws" in parts or "access" in parts) and "secret" in parts and _AWS_SECRET_VALUE.fullmatch(value):
            message = f"An AWS secret access key is hard-coded in `{name}`."
            self.report(HARDCODED_API_KEY, start, end, value, message)
            return

        confidence = assignment_confidence(value, secret_class)
        if confidence is None:
            return
        message = f"A literal {secret_class} is assigned to `{name}`."
        self.report(HARDCODED_SECRET_ASSIGNMENT, start, end, value, message, confidence)

    def key_name_near(self, offset: int) -> str | None:
        """Return the key-like name a value at `offset` is assigned or passed to.

        Returns "" when the line names nothing but the file itself is named
        like a key (`wallet.key`), and None when the value is not a key.
        """
        line_start = self.line_start(offset)
        left = self.text[max(line_start, offset - _LEFT_CONTEXT):offset]
        names = [name for name in _IDENTIFIER.findall(left) if not looks_like_value(name)]
        if not names:
            return "" if is_key_file(self.file.path) else None
        name = names[-1]
        return name[:64] if is_key_context(name, left) else None

    def line_start(self, offset: int) -> int:
        return self.line_starts[bisect.bisect_right(self.line_starts, offset) - 1]

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based line and column of a character offset."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def overlaps(self, start: int, end: int) -> bool:
        """Tell whether [start, end) meets a reported span; the spans are sorted and disjoint."""
        index = bisect.bisect_left(self.covered, (start, end))
        if index > 0 and self.covered[index - 1][1] > start:
            return True
        return index < len(self.covered) and self.covered[index][0] < end

    def report(
        self,
        rule: Rule,
        start: int,
        end: int,
        value: str,
        message: str,
        confidence: Confidence | None = None,
    ) -> None:
        """Add a finding for the secret `value` at [start, end), redacted everywhere.

        NOTE: the text is not parsed, so statement_lines are the value's own
        lines. A suppression comment on the first line of a multi-line dict
        or call does not reach a value on a later line.
        """
        if self.overlaps(start, end):
            return
        bisect.insort(self.covered, (start, end))
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        confidence = confidence or rule.confidence
        if self.in_tests:
            confidence = Confidence.LOW
        finding = rule.finding(
            Location(self.file.path, line, column, end_line, end_column),
            redact_text(message),
            snippet=self.snippet(start, end, value),
            code_key=f"{rule.id}:{_value_digest(rule.id, value)}",
            confidence=confidence,
        )
        self.findings.append(replace(finding, statement_lines=(line, end_line)))

    def snippet(self, start: int, end: int, value: str) -> str:
        """Return the value's lines, at most `_SNIPPET_CONTEXT` characters each side, redacted."""
        line_start = self.line_start(start)
        line_end = self.text.find("\n", end)
        if line_end < 0:
            line_end = len(self.text)
        left_start = max(line_start, start - _SNIPPET_CONTEXT)
        right_end = min(line_end, end + _SNIPPET_CONTEXT)
        left = ("..." if left_start > line_start else "") + self.text[left_start:start]
        right = self.text[end:right_end] + ("..." if right_end < line_end else "")
        masked = MASK if "\n" in value else redact_value(value)
        if "\n" in value and value.startswith("-----BEGIN"):
            masked = value[:value.index("-----", 10) + 5] + MASK
        return redact_text((left + masked + right).rstrip("\r"))


@lru_cache(maxsize=4096)
def _value_digest(rule_id: str, value: str) -> str:
    """Return a salted, slow hash of a secret value, safe to store in a baseline.

    PBKDF2 with a per-rule salt makes each guess of a short password cost
    1000 HMAC rounds. The salt is fixed, so the same secret always gets the
    same key. NOTE: a weak password in a shared baseline can still be
    guessed offline, because more rounds would slow down files with
    thousands of findings.
    """
    salt = f"tee-audit/secrets/v1/{rule_id}".encode("utf-8")
    return hashlib.pbkdf2_hmac("sha256", value.encode("utf-8"), salt, 1000)[:12].hex()


def _bip39_stretches(run: re.Match) -> list[list[re.Match]]:
    """Split a run of lowercase words into stretches of 12 or more BIP-39 words."""
    stretches = []
    stretch: list[re.Match] = []
    for word in _WORD.finditer(run.string, run.start(), run.end()):
        if bip39.is_word(word.group(0)):
            stretch.append(word)
            continue
        if len(stretch) >= 12:
            stretches.append(stretch)
        stretch = []
    if len(stretch) >= 12:
        stretches.append(stretch)
    return stretches


def _checksummed_window(words: list[str]) -> tuple[int, int] | None:
    """Return (first index, length) of the longest window whose BIP-39 checksum holds."""
    for count in sorted(bip39.WORD_COUNTS, reverse=True):
        for first in range(0, len(words) - count + 1):
            if bip39.checksum_valid(words[first:first + count]):
                return first, count
    return None
