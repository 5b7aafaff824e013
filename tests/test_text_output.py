"""The text report never passes terminal control sequences through."""

from click.testing import CliRunner

from tee_audit.cli import main

LOGGING_WITH_ESCAPES = 'import logging\nimport secrets\nk = secrets.token_bytes(32)\nlogging.info("\x1b]0;pwned\x07k %s", k.hex())\n'


def test_control_characters_escaped(tmp_path):
    (tmp_path / "a.py").write_text(LOGGING_WITH_ESCAPES)
    (tmp_path / "evil\nx.py:1:1: CRITICAL fake.py").write_text("x = 1\n")

    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--jobs", "1", "--no-cache"])

    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout
    assert '    logging.info("\\x1b]0;pwned\\x07k %s", k.hex())' in result.stdout.splitlines()
    assert not any(line.startswith("x.py:1:1") for line in result.stdout.splitlines())
