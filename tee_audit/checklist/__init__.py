"""The checklist rating: a status, score and evidence for each of C01 to C18,
and a grade for the project.

Check groups live in `provenance`, `hardening`, `trust` and `operations`,
the scoring rules in `grading`, the evidence collectors in `evidence`.
"""

from tee_audit.checklist.answers import AnswersError, load_answers, parse_answers
from tee_audit.checklist.grading import GRADE_THRESHOLDS
from tee_audit.checklist.model import Answer, Answers, Cap, CheckRating, Grade, Rating, Status
from tee_audit.checklist.rate import rate

__all__ = [
    "GRADE_THRESHOLDS", "Answer", "Answers", "AnswersError", "Cap", "CheckRating", "Grade", "Rating",
    "Status", "load_answers", "parse_answers", "rate",
]
