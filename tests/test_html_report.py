"""The HTML report: escaping, redaction, offline use, structure, and the
rendered page in headless Chromium."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import time
import tomllib
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from rating_support import read_text, write_project
from report_fixtures import HOSTILE_NAME, LEAKED_KEY, hardened_report, large_report, vulnerable_report
from tee_audit.checklist import Answer, Answers, Status, parse_answers, rate
from tee_audit.render.html import PRINT_SCRIPT, render_html

CHROMIUM = "/usr/bin/chromium"
OUTPUT_DIR = Path(__file__).resolve().parent.parent / "test-output"


class _Outline(HTMLParser):
    """Collect heading levels, the html lang attribute and every src/href value."""

    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.lang = None
        self.references: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        for name in ("src", "href"):
            if name in attributes:
                self.references.append(attributes[name])


def outline(document: str) -> _Outline:
    parser = _Outline()
    parser.feed(document)
    return parser


def test_html_escapes_hostile_file_name(tmp_path):
    document = render_html(vulnerable_report(tmp_path))
    assert "<img" not in document
    assert "&lt;img src=x onerror=alert(1)&gt;.py:3:1" in document
    assert "img" not in outline(document).tags


def test_html_redacts_snippets_again(tmp_path):
    document = render_html(vulnerable_report(tmp_path))
    assert LEAKED_KEY not in document
    assert "logging.info(&#39;0x[REDACTED]&#39;)" in document


def test_html_has_no_external_references(tmp_path):
    document = render_html(vulnerable_report(tmp_path))
    assert all(reference.startswith("#") for reference in outline(document).references)
    assert "@import" not in document
    assert "url(" not in document
    assert "<link" not in document


def test_html_csp_allows_only_print_script(tmp_path):
    document = render_html(hardened_report(tmp_path))
    digest = base64.b64encode(hashlib.sha256(PRINT_SCRIPT.encode()).digest()).decode()
    assert f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'" in document
    assert document.count("<script>") == 1
    assert f"<script>{PRINT_SCRIPT}</script>" in document


def test_html_lang_and_heading_order(tmp_path):
    for report in (vulnerable_report(tmp_path / "v"), hardened_report(tmp_path / "h")):
        parsed = outline(render_html(report))
        assert parsed.lang == "en"
        assert parsed.headings[0] == 1
        steps = [later - earlier for earlier, later in zip(parsed.headings, parsed.headings[1:])]
        assert max(steps) <= 1


def test_html_sections_in_order(tmp_path):
    document = render_html(vulnerable_report(tmp_path))
    positions = [document.index(f'id="{section}"') for section in
                 ("failures", "notices", "summary", "checklist", "findings", "sbom", "skipped", "questions")]
    assert positions == sorted(positions)
    assert "semgrep could not run: executable not found" in document
    assert "GHSA-x84v-xcm2-53pg" in document
    assert "checked against an OSV database snapshot" in document
    assert "vendor/&lt;img src=x onerror=alert(1)&gt;.py" in document


def test_html_names_cap_finding(tmp_path):
    document = render_html(vulnerable_report(tmp_path))
    assert "a critical finding (private-key-logged at &lt;img src=x onerror=alert(1)&gt;.py:3) caps the grade at F" in document


def test_html_lists_fix_first(tmp_path):
    document = render_html(vulnerable_report(tmp_path))
    first = re.search(r'<ol id="fix-first"><li>(.*?)</li>', document).group(1)
    assert first == (
        "<strong>C04</strong>: Fix private-key-logged at &lt;img src=x onerror=alert(1)&gt;.py:3, "
        "which caps the grade at F."
    )


def test_html_status_and_severity_written_as_text(tmp_path):
    document = render_html(vulnerable_report(tmp_path))
    assert '<span class="badge st-fail">FAIL</span>' in document
    assert '<span class="badge st-not-applicable">NOT APPLICABLE</span>' in document
    assert '<span class="badge sev-critical">CRITICAL</span>' in document


def test_html_groups_large_report_by_rule(tmp_path):
    report = large_report(tmp_path)
    document = render_html(report)
    groups = re.findall(r'<details class="rule">', document)
    assert len(groups) == len({(item.check, item.rule_id) for item in report.rating.findings})
    assert '<details class="rule" open>' not in document
    assert document.count('<li><code class="loc">') == 5000


def test_html_answer_template_is_valid_toml(tmp_path):
    document = render_html(hardened_report(tmp_path))
    template = re.search(r"<summary>Answers file template</summary><pre>(.*?)</pre>", document, re.DOTALL).group(1)
    answers = parse_answers(tomllib.loads(template.replace("&#34;", '"')))
    assert [answer.check for answer in answers.answers] == ["C18"]


# Headless Chromium: the rendered pages.

@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed; CI installs Debian's chromium package")
    # Chromium present but playwright missing is an install error, so it fails instead of skipping.
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()


def open_report(context, report, path: Path, record_property=None):
    """Load a rendered report from file:// and return the page with what it logged and requested."""
    path.write_text(render_html(report), encoding="utf-8")
    page = context.new_page()
    events = {"console": [], "errors": [], "requests": [], "dialogs": []}
    page.on("console", lambda message: events["console"].append((message.type, message.text)))
    page.on("pageerror", lambda error: events["errors"].append(str(error)))
    page.on("request", lambda request: events["requests"].append(request.url))
    page.on("dialog", lambda dialog: (events["dialogs"].append(dialog.message), dialog.dismiss()))
    started = time.perf_counter()
    page.goto(path.as_uri(), wait_until="load")
    if record_property:
        record_property("load_seconds", round(time.perf_counter() - started, 3))
    return page, events


def assert_page_basics(page, events, report, path: Path):
    assert events["errors"] == []
    assert [entry for entry in events["console"] if entry[0] in ("error", "warning")] == []
    assert events["requests"] == [path.as_uri()]
    assert events["dialogs"] == []
    rating = report.rating
    assert page.inner_text("#grade") == rating.grade.value
    for rated in rating.checks:
        row = page.locator(f"#check-{rated.check.id}")
        assert row.get_attribute("data-status") == rated.status.value
        assert row.locator(".badge").first.inner_text() == rated.status.value.upper()


def screenshot(page, name: str) -> None:
    OUTPUT_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT_DIR / f"{name}.png"), full_page=True)


def test_browser_vulnerable_report(browser_context, tmp_path):
    report = vulnerable_report(tmp_path / "project")
    path = tmp_path / "vulnerable.html"
    page, events = open_report(browser_context, report, path)
    assert_page_basics(page, events, report, path)
    assert page.inner_text("#grade") == "F"
    assert "private-key-logged" in page.inner_text("#cap")
    assert page.locator("code.loc", has_text=HOSTILE_NAME).count() == 1
    assert page.locator("img").count() == 0
    assert page.evaluate("document.querySelectorAll('[onerror]').length") == 0
    assert page.locator("#failures h2").inner_text() == "Scan failures: this report is incomplete"
    screenshot(page, "report-vulnerable")
    page.close()


def test_browser_hardened_report(browser_context, tmp_path):
    report = hardened_report(tmp_path / "project")
    path = tmp_path / "hardened.html"
    page, events = open_report(browser_context, report, path)
    assert_page_basics(page, events, report, path)
    assert page.inner_text("#grade") == "A"
    assert page.inner_text("#cap") == "No critical or high finding caps the grade."
    assert page.locator("#failures").count() == 0
    screenshot(page, "report-hardened")
    page.close()


def test_browser_large_report(browser_context, tmp_path, record_property):
    report = large_report(tmp_path / "project")
    path = tmp_path / "large.html"
    page, events = open_report(browser_context, report, path, record_property)
    assert_page_basics(page, events, report, path)
    assert page.locator("details.rule[open]").count() == 0
    assert page.locator("li code.loc").count() == 5000
    screenshot(page, "report-large")
    page.close()


def test_browser_print_expands_details(browser_context, tmp_path):
    report = vulnerable_report(tmp_path / "project")
    path = tmp_path / "print.html"
    page, events = open_report(browser_context, report, path)
    closed_before = page.locator("details:not([open])").count()
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert closed_before > 0
    assert page.locator("details:not([open])").count() == 0
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator("details:not([open])").count() == closed_before
    evidence_list = page.locator("#check-C01 details ul").first
    assert evidence_list.is_visible() is False
    page.emulate_media(media="print")
    assert evidence_list.is_visible() is True

    OUTPUT_DIR.mkdir(exist_ok=True)
    pdf = OUTPUT_DIR / "report-vulnerable.pdf"
    page.pdf(path=str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    assert events["requests"] == [path.as_uri()]
    page.close()


def test_html_marks_reviewer_answers(tmp_path):
    report = hardened_report(tmp_path / "project")
    files = write_project(tmp_path / "answered", {"app.py": "def main():\n    return 1\n"})
    answers = Answers((Answer("C18", Status.PASS, "Two TEE vendors <sign> each block."),), "answers.toml")
    rating = rate(files, read_text, [], [], answers)
    document = render_html(replace(report, rating=rating))
    row = re.search(r'<tr id="check-C18".*?</tr>', document, re.DOTALL).group(0)
    assert '<span class="badge st-pass">PASS</span> <span class="muted">(reviewer)</span>' in row
    assert "Reviewer answer: Two TEE vendors &lt;sign&gt; each block." in row
    assert "<dt>Reviewer answers</dt><dd>answers.toml</dd>" in document
