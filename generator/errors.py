"""The exceptions the generator raises; the CLI prints their message and exits 1."""


class GeneratorError(Exception):
    """Base class: raised for any problem a user can fix; its message says how."""

    @property
    def messages(self) -> list[str]:
        """Every message the error holds, one per problem."""
        return [str(self)]


class ArticleError(GeneratorError):
    """Raised when an article file cannot be read."""


class LessonError(GeneratorError):
    """Raised when a lesson file (or levels.yaml) does not validate; holds every message."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self._messages = messages

    @property
    def messages(self) -> list[str]:
        return self._messages


class LevelError(GeneratorError):
    """Raised when a grade or level asked for does not exist or a lesson does not cover it."""


class RenderError(GeneratorError):
    """Raised when a document cannot be rendered (template or typesetting failure)."""
