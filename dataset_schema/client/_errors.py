"""The client's own failures: what went wrong when the API gave no answer of its own.

The API's refusals are ``IngestError``s, exactly as the server built them.  A batch can
also fail without such an answer (the network, a timeout, a proxy's HTML page, the
client closing first): that is a ``DeliveryError``.
"""

from __future__ import annotations

__all__ = ["DeliveryError", "QueueFull"]


class DeliveryError(Exception):
    """A request the API did not answer with one of its own errors.

    ``status`` is the HTTP status when there was a response (a body that is not the
    API's JSON), else ``None``; ``cause`` the exception or error behind it.
    """

    message: str
    status: int | None
    cause: BaseException | None

    def __init__(self, message: str, status: int | None = None, cause: BaseException | None = None) -> None:
        # Every argument goes to Exception.__init__ so copy and pickle rebuild it.
        super().__init__(message, status, cause)
        self.message = message
        self.status = status
        self.cause = cause

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, status={self.status!r})"


class QueueFull(DeliveryError):
    """``enqueue`` found the queue full (see the ``queue_full`` option)."""
