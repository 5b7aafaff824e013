"""Reviewer answers: loading, validation and their effect on the grade."""

from __future__ import annotations

import pytest

from rating_support import rate_project
from tee_audit.checklist import AnswersError, Grade, Status, load_answers

PROJECT = {
    "LICENSE": "MIT\n",
    "Dockerfile": "FROM scratch\n",
    "app.py": "def main():\n    return 1\n",
}


def write_answers(tmp_path, text):
    path = tmp_path / "answers.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_answers_reads_entries(tmp_path):
    path = write_answers(tmp_path, (
        '[[answer]]\ncheck = "C11"\nstatus = "pass"\nnote = "dstack KMS"\n\n'
        '[[answer]]\ncheck = "c03"\nstatus = "partial"\nscore = 6\n'
    ))
    answers = load_answers(path)
    assert answers.source == str(path)
    assert [(a.check, a.status, a.note, a.score) for a in answers.answers] == [
        ("C11", Status.PASS, "dstack KMS", None),
        ("C03", Status.PARTIAL, "", 6.0),
    ]


def test_load_answers_unknown_check(tmp_path):
    path = write_answers(tmp_path, '[[answer]]\ncheck = "C42"\nstatus = "pass"\n')
    with pytest.raises(AnswersError, match="unknown check 'C42'"):
        load_answers(path)


def test_load_answers_unknown_status(tmp_path):
    path = write_answers(tmp_path, '[[answer]]\ncheck = "C11"\nstatus = "great"\n')
    with pytest.raises(AnswersError, match="unknown status 'great' for C11"):
        load_answers(path)


def test_load_answers_duplicate_check(tmp_path):
    path = write_answers(tmp_path, '[[answer]]\ncheck = "C11"\nstatus = "pass"\n[[answer]]\ncheck = "C11"\nstatus = "fail"\n')
    with pytest.raises(AnswersError, match="check C11 is answered twice"):
        load_answers(path)


def test_load_answers_score_out_of_range(tmp_path):
    path = write_answers(tmp_path, '[[answer]]\ncheck = "C11"\nstatus = "pass"\nscore = 11\n')
    with pytest.raises(AnswersError, match="score 11 for C11 must be a number from 0 to 10"):
        load_answers(path)


def test_load_answers_unknown_key(tmp_path):
    path = write_answers(tmp_path, '[[answer]]\ncheck = "C11"\nstatus = "pass"\ncomment = "x"\n')
    with pytest.raises(AnswersError, match="unknown key"):
        load_answers(path)


def test_load_answers_invalid_toml(tmp_path):
    path = write_answers(tmp_path, "[[answer]\n")
    with pytest.raises(AnswersError, match="is not valid TOML"):
        load_answers(path)


def test_load_answers_missing_file(tmp_path):
    with pytest.raises(AnswersError, match="cannot read answers file"):
        load_answers(tmp_path / "absent.toml")


def test_failing_answers_lower_grade(tmp_path):
    before = rate_project(tmp_path / "before", PROJECT)
    answers = load_answers(write_answers(tmp_path, (
        '[[answer]]\ncheck = "C03"\nstatus = "fail"\nnote = "no measurement is published"\n'
        '[[answer]]\ncheck = "C11"\nstatus = "fail"\n'
        '[[answer]]\ncheck = "C13"\nstatus = "fail"\n'
    )))
    after = rate_project(tmp_path / "after", PROJECT, answers=answers)
    assert before.grade is Grade.A
    assert after.score == round((10 + 50 + 40 + 30 + 30 + 30 + 20) / (21 + 2 + 2 + 4), 2)
    assert after.grade is Grade.C
    rated = after.for_check("C03")
    assert rated.status is Status.FAIL
    assert rated.reviewer_provided is True
    assert rated.reason == "Reviewer answer: no measurement is published"
    assert after.answers_source == str(tmp_path / "answers.toml")


def test_passing_answer_raises_grade(tmp_path):
    project = {"app.py": "def main():\n    return 1\n", "Dockerfile": "FROM alpine@sha256:" + "ab" * 32 + "\n"}
    before = rate_project(tmp_path / "before", project)
    answers = load_answers(write_answers(tmp_path, (
        '[[answer]]\ncheck = "C02"\nstatus = "pass"\nnote = "rebuilt by an outside auditor"\n'
    )))
    after = rate_project(tmp_path / "after", project, answers=answers)
    assert before.for_check("C02").score == 3.0
    assert before.grade is Grade.B
    assert after.for_check("C02").score == 10.0
    assert after.grade is Grade.A


def test_answer_for_weightless_check_not_scored(tmp_path):
    answers = load_answers(write_answers(tmp_path, '[[answer]]\ncheck = "C18"\nstatus = "fail"\n'))
    plain = rate_project(tmp_path / "plain", PROJECT)
    rating = rate_project(tmp_path / "answered", PROJECT, answers=answers)
    assert rating.for_check("C18").status is Status.FAIL
    assert rating.for_check("C18").scored is False
    assert rating.score == plain.score


def test_not_applicable_answer_removes_check(tmp_path):
    answers = load_answers(write_answers(tmp_path, '[[answer]]\ncheck = "C07"\nstatus = "not applicable"\n'))
    rating = rate_project(tmp_path, PROJECT, answers=answers)
    assert rating.for_check("C07").status is Status.NOT_APPLICABLE
    assert rating.for_check("C07").score is None
