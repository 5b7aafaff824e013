"""Measure tee-audit against Bandit on the same code, side by side.

Targets: the source of a large PyPI project (SQLAlchemy's sdist, fetched
with `pip download` into benchmarks/.data, which is git-ignored), this
interpreter's site-packages and the shipped examples. For each tool and
target the script records wall time, CPU time, peak memory, files and
lines per second and the ratio to Bandit, then the warm re-run, the
pre-commit path, the growth over 1x/2x/4x copies and Semgrep's share, and
writes docs/benchmarks.md.

Run it with the interpreter that has tee-audit installed:

    python benchmarks/run.py [--quick]

`--quick` skips the comparison on site-packages, the longest part.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "benchmarks" / ".data"
BIN = Path(sys.executable).parent


@dataclass
class Measurement:
    tool: str
    target: str
    wall: float
    cpu: float
    peak_mb: float
    files: int
    lines: int
    exit_code: int

    @property
    def lines_per_second(self) -> float:
        return self.lines / self.wall if self.wall else 0.0

    @property
    def files_per_second(self) -> float:
        return self.files / self.wall if self.wall else 0.0


def measure(tool: str, target: str, command: list[str], files: int, lines: int, cwd: Path | None = None) -> Measurement:
    """Run `command` once and read its wall time, CPU time and peak RSS."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is the largest resident set among the process and the
    # descendants it waited for, in KiB on Linux.
    return Measurement(tool, target, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, files, lines, process.returncode)


def python_files(root: Path) -> list[Path]:
    skipped = {".git", "node_modules", "__pycache__", ".venv", "venv", "build", "dist"}
    found = []
    for directory, subdirectories, names in os.walk(root):
        subdirectories[:] = [name for name in subdirectories if name not in skipped]
        found.extend(Path(directory) / name for name in names if name.endswith(".py"))
    return found


def count_lines(files: list[Path]) -> int:
    total = 0
    for path in files:
        try:
            with path.open("rb") as handle:
                total += sum(1 for _ in handle)
        except OSError:
            continue
    return total


def fetch_sqlalchemy(given: str | None) -> Path:
    """Use the unpacked sdist given with --large, or download and unpack
    SQLAlchemy's sdist once into benchmarks/.data; later runs reuse it."""
    if given:
        return Path(given).resolve()
    DATA.mkdir(parents=True, exist_ok=True)
    unpacked = sorted(DATA.glob("sqlalchemy-*/"))
    if unpacked:
        return unpacked[-1]
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps", "--no-build-isolation",
         "sqlalchemy", "-d", str(DATA)],
        check=True, stdout=subprocess.DEVNULL,
    )
    archive = sorted(DATA.glob("sqlalchemy-*.tar.gz"))[-1]
    with tarfile.open(archive) as tar:
        tar.extractall(DATA, filter="data")
    return sorted(DATA.glob("sqlalchemy-*/"))[-1]


def tee_audit_command(target: Path, *extra: str) -> list[str]:
    return [str(BIN / "tee-audit"), "scan", str(target), "--format", "json", "--output", os.devnull,
            "--allow-skipped", "-q", *extra]


def bandit_command(target: Path) -> list[str]:
    return [str(BIN / "bandit"), "-r", str(target), "-f", "json", "-o", os.devnull, "-q"]


def optional_tools(target: Path) -> list[tuple[str, list[str]]]:
    tools = []
    detect_secrets = shutil.which("detect-secrets", path=f"{BIN}:{os.environ.get('PATH', '')}")
    if detect_secrets:
        tools.append(("detect-secrets", [detect_secrets, "scan", "--all-files", str(target)]))
    return tools


def compare_on(target_name: str, target: Path, rows: list[Measurement]) -> None:
    files = python_files(target)
    lines = count_lines(files)
    print(f"{target_name}: {len(files)} Python files, {lines} lines", file=sys.stderr)
    rows.append(measure("bandit", target_name, bandit_command(target), len(files), lines))
    rows.append(measure("tee-audit (cold)", target_name, tee_audit_command(target, "--no-cache"), len(files), lines))
    for tool, command in optional_tools(target):
        rows.append(measure(tool, target_name, command, len(files), lines))


def warm_rerun(target: Path, rows: list[Measurement], cache_home: Path) -> tuple[float, float]:
    """Return cold and warm wall times with a fresh cache folder."""
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    files = python_files(target)
    lines = count_lines(files)
    timings = []
    for label in ("cold, filling cache", "warm"):
        started = time.perf_counter()
        subprocess.run(tee_audit_command(target), env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        timings.append(time.perf_counter() - started)
        rows.append(Measurement(f"tee-audit ({label})", "large project", timings[-1], 0.0, 0.0, len(files), lines, 0))
    return timings[0], timings[1]


def precommit_path(target: Path) -> tuple[float, int]:
    """Wall time of the pre-commit hook on five Python files, best of three,
    and their line count.

    The five are the files around the median size of the project, standing
    for an ordinary commit; the five largest files of SQLAlchemy hold over
    40,000 lines, which no commit hook sees on every commit.
    """
    ordered = sorted(python_files(target), key=lambda path: path.stat().st_size)
    middle = len(ordered) // 2
    chosen = ordered[middle - 2: middle + 3]
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([str(BIN / "tee-audit"), "scan", "--files-only", "--no-cache", "--allow-skipped", "-q",
                        *map(str, chosen)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=target)
        best = min(best, time.perf_counter() - started)
    return best, count_lines(chosen)


def growth(source: Path, copies: list[int], workspace: Path) -> list[tuple[int, int, float]]:
    """Scan 1x, 2x, 4x copies of a tree; return (copies, lines, wall seconds)."""
    results = []
    for count in copies:
        tree = workspace / f"copies-{count}"
        for index in range(count):
            shutil.copytree(source, tree / f"copy{index}", dirs_exist_ok=True)
        lines = count_lines(python_files(tree))
        measurement = measure("tee-audit", f"{count}x", tee_audit_command(tree, "--no-cache"), 0, lines)
        results.append((count, lines, measurement.wall))
    return results


def semgrep_share(workspace: Path) -> tuple[float, float]:
    """Wall time of a scan of the examples without and with JS/TS/Go/Rust files."""
    python_only = workspace / "python-only"
    shutil.copytree(REPO / "examples", python_only)
    mixed = workspace / "mixed"
    shutil.copytree(REPO / "examples", mixed)
    (mixed / "web").mkdir()
    (mixed / "web" / "client.ts").write_text("export const api = (u: string) => fetch(u);\n")
    (mixed / "signer.go").write_text("package main\n\nfunc main() {}\n")
    (mixed / "lib.rs").write_text("fn main() {}\n")
    without = measure("tee-audit", "python only", tee_audit_command(python_only, "--no-cache"), 0, 0).wall
    with_other = measure("tee-audit", "mixed", tee_audit_command(mixed, "--no-cache"), 0, 0).wall
    return without, with_other


def machine_description() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, {platform.system()} {platform.release()}"


def render(rows, bandit_ratio_rows, warm, precommit, growth_rows, semgrep, quick: bool, notes: str) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Produced by `python benchmarks/run.py{' --quick' if quick else ''}` on "
        f"{datetime.date.today().isoformat()}, on {machine_description()}.",
        "Each figure is one run unless stated; expect a few percent of noise between runs.",
        "Peak memory is the largest resident set of one process (tee-audit's workers each have their own).",
        "",
        "## tee-audit and Bandit on the same code",
        "",
        "| target | tool | wall s | CPU s | peak MB | files/s | lines/s | ratio to Bandit (wall) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    bandit_wall = {row.target: row.wall for row in rows if row.tool == "bandit"}
    for row in rows:
        ratio = row.wall / bandit_wall[row.target] if bandit_wall.get(row.target) else 0.0
        lines.append(
            f"| {row.target} | {row.tool} | {row.wall:.2f} | {row.cpu:.2f} | {row.peak_mb:.0f} | "
            f"{row.files_per_second:.0f} | {row.lines_per_second:.0f} | {ratio:.2f} |"
        )
    cold, hot = warm
    lines += [
        "",
        "## Budgets",
        "",
        "| budget | target | measured |",
        "| --- | --- | --- |",
    ]
    lines += bandit_ratio_rows
    lines += [
        f"| warm re-run, nothing changed | at most 0.10 of the cold run | {hot:.2f} s of {cold:.2f} s = {hot / cold:.2f} |",
        f"| pre-commit path, five median-sized Python files ({precommit[1]} lines), interpreter start included "
        f"| at most 0.5 s | {precommit[0]:.2f} s (best of 3) |",
        "",
        "## Growth with size",
        "",
        "| copies | lines | wall s | seconds per 100k lines |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for count, line_count, wall in growth_rows:
        lines.append(f"| {count}x | {line_count} | {wall:.2f} | {wall / max(line_count, 1) * 100000:.2f} |")
    without, with_other = semgrep
    lines += [
        "",
        "## Semgrep's share",
        "",
        "Semgrep starts only when the target holds JavaScript, TypeScript, Go, Rust or shell files.",
        "",
        "| scan of the examples | wall s |",
        "| --- | ---: |",
        f"| Python, Dockerfiles and compose only (no Semgrep) | {without:.2f} |",
        f"| the same plus one TypeScript, Go and Rust file each (Semgrep runs) | {with_other:.2f} |",
        f"| Semgrep's share of the second scan | {max(with_other - without, 0) / with_other:.0%} |",
        "",
    ]
    if notes:
        lines += [notes.rstrip(), ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the comparison on site-packages")
    parser.add_argument("--large", help="an unpacked SQLAlchemy sdist to use instead of downloading one")
    parser.add_argument("--notes", default=str(REPO / "benchmarks" / "notes.md"),
                        help="hand-written sections (profiles, robustness runs) appended to the page")
    parser.add_argument("--output", default=str(REPO / "docs" / "benchmarks.md"), help="where to write the results page")
    options = parser.parse_args()

    sqlalchemy = fetch_sqlalchemy(options.large)
    rows: list[Measurement] = []
    compare_on("large project", sqlalchemy, rows)
    if not options.quick:
        compare_on("site-packages", Path(sysconfig.get_paths()["purelib"]), rows)
    compare_on("examples", REPO / "examples", rows)

    large = {row.tool: row for row in rows if row.target == "large project"}
    ratio = large["tee-audit (cold)"].wall / large["bandit"].wall
    ratio_rows = [
        f"| cold scan of the large project, wall time against Bandit | ratio at most 1.0 | {ratio:.2f} |",
        f"| peak memory of that scan | under 1024 MB | {large['tee-audit (cold)'].peak_mb:.0f} MB |",
    ]

    with tempfile.TemporaryDirectory() as workspace:
        warm = warm_rerun(sqlalchemy, rows, Path(workspace) / "cache")
        precommit = precommit_path(sqlalchemy)
        growth_rows = growth(sqlalchemy / "lib" / "sqlalchemy" / "orm", [1, 2, 4], Path(workspace))
        semgrep = semgrep_share(Path(workspace))

    notes = Path(options.notes).read_text(encoding="utf-8") if Path(options.notes).is_file() else ""
    page = render(rows, ratio_rows, warm, precommit, growth_rows, semgrep, options.quick, notes)
    Path(options.output).write_text(page, encoding="utf-8")
    print(f"wrote {options.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
