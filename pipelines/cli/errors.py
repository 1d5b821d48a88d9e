"""Errors a person can act on: one sentence, no stack trace."""


class UserError(Exception):
    """A wrong year, an unknown unit, a missing warehouse: said in one sentence."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
