"""Errors a user can cause and fix. The CLI prints them as one line, never a traceback."""


class StanceError(Exception):
    """Base class for every error that is the user's to fix."""


class InputError(StanceError):
    """An input file or record cannot be read as an article."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class ProfileError(StanceError):
    """A negotiation profile is unknown or invalid."""


class StoreError(StanceError):
    """The database cannot be opened, written, or has another schema."""


class ModelError(StanceError):
    """The spaCy pipeline or a learned model cannot be loaded."""


class LabelError(StanceError):
    """A labels file or one of its lines is invalid; the message starts with ``path:line:``."""
