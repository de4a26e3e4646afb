"""The one error a calibration input can raise: a field, its problem and the fix."""

from __future__ import annotations


class CalibrationError(ValueError):
    """Bad input that stops a calibration or validation: shown as one line, exit status 2."""

    def __init__(self, field: str, problem: str, fix: str) -> None:
        super().__init__(f"{field}: {problem}; {fix}")
        self.field = field
