from tee_audit.dockerfile.parser import parse
from tee_audit.dockerfile.stages import expand, stages


def test_continuation_skips_comment_lines():
    dockerfile = parse("RUN apt-get install \\\n  # a comment\n  curl\nUSER app\n")

    run, user = dockerfile.instructions
    assert run.text == "apt-get install   curl"
    assert (run.first_line, run.last_line) == (1, 3)
    assert run.arguments.line_at(run.text.index("curl")) == 3
    assert (user.keyword, user.first_line) == ("USER", 4)


def test_bom_crlf_and_lowercase_keywords():
    dockerfile = parse("\ufefffrom python:latest\r\nuser root\r\n")

    assert [(i.keyword, i.text, i.first_line) for i in dockerfile.instructions] == [
        ("FROM", "python:latest", 1),
        ("USER", "root", 2),
    ]


def test_escape_directive_uses_backtick():
    dockerfile = parse("# escape=`\nRUN echo a `\n  b\n")

    assert dockerfile.escape == "`"
    assert dockerfile.instructions[0].text == "echo a   b"
    assert dockerfile.instructions[0].last_line == 3


def test_heredoc_body_keeps_line_numbers():
    dockerfile = parse("FROM alpine\nRUN bash <<SETUP\nset -e\ncurl x | sh\nSETUP\nUSER app\n")

    run = dockerfile.instructions[1]
    assert (run.first_line, run.last_line) == (2, 5)
    assert run.heredocs[0].lines == ((3, "set -e"), (4, "curl x | sh"))
    assert dockerfile.instructions[2].first_line == 6


def test_quoted_and_dash_heredocs():
    dockerfile = parse('COPY <<-"EOF" /etc/app.conf\n\tkey = 1\n\tEOF\nRUN <<\'A\' <<B\none\nA\ntwo\nB\n')

    copy, run = dockerfile.instructions
    assert copy.heredocs[0].quoted and copy.heredocs[0].strip_tabs
    assert copy.heredocs[0].lines == ((2, "key = 1"),)
    assert [doc.lines for doc in run.heredocs] == [((5, "one"),), ((7, "two"),)]
    assert run.last_line == 8


def test_heredoc_last_without_final_newline():
    dockerfile = parse("FROM alpine\nRUN <<EOF\necho hi\nEOF")

    run = dockerfile.instructions[1]
    assert run.heredocs[0].lines == ((3, "echo hi"),)
    assert run.last_line == 4


def test_flags_and_json_form():
    dockerfile = parse('FROM --platform=linux/amd64 alpine AS base\nCOPY --from=base --chown=1:1 /a /b\nCMD ["python", "app.py"]\n')

    source, copy, command = dockerfile.instructions
    assert source.flags == {"platform": "linux/amd64"}
    assert source.value == "alpine AS base"
    assert copy.flags == {"from": "base", "chown": "1:1"}
    assert command.json_form() == ["python", "app.py"]


def test_expand_defaults():
    assert expand("${REG:-docker.io}/app", {}) == ("docker.io/app", False)
    assert expand("$REG/app", {"REG": "r:5000"}) == ("r:5000/app", False)
    assert expand("${TAG}", {}) == ("", True)


def test_stages_resolve_args_and_aliases():
    found = stages(parse("ARG BASE=python:3.12-slim\nFROM ${BASE} AS build\nFROM build AS test\n"))

    assert [(stage.image, stage.alias) for stage in found] == [("python:3.12-slim", "build"), ("build", "test")]
    assert found[1].parent_stage is found[0]


def test_continuation_skips_blank_lines_and_trailing_spaces():
    dockerfile = parse("RUN echo a \\   \n\n  b\nUSER app\n")

    run, user = dockerfile.instructions
    assert run.text == "echo a   b"
    assert (run.first_line, run.last_line) == (1, 3)
    assert user.first_line == 4


def test_here_string_is_not_a_heredoc():
    dockerfile = parse("RUN cat <<< hello\nUSER app\n")

    assert dockerfile.instructions[0].heredocs == ()
    assert [i.keyword for i in dockerfile.instructions] == ["RUN", "USER"]


def test_indented_instruction_with_continuation():
    dockerfile = parse("FROM alpine\n    RUN apk add \\\n      curl\n")

    run = dockerfile.instructions[1]
    assert run.keyword == "RUN"
    assert run.text == "apk add       curl"
    assert (run.first_line, run.last_line) == (2, 3)
