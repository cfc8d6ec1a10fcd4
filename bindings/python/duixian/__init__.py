"""duixian: evaluate firms against Dongguan's enterprise-benefit policies.

    import duixian
    policies = duixian.load("policies")
    result = policies.evaluate({"统一社会信用代码": "…", "营业收入": {"2024": 25000000}}, "2025-06-20")

Results are the ``duixian.decision/1`` JSON text of docs/results.md, byte for
byte what ``duixian eval --format json`` prints. The engine runs with the GIL
released. See docs/embedding.md.
"""

import itertools as _itertools
from typing import NamedTuple as _NamedTuple

from ._duixian import (  # noqa: F401  (re-exported)
    Diagnostic,
    Evaluation,
    Holder,
    Limits,
    PolicySet,
    ReloadResult,
    __version__,
    load,
    load_sources,
)


class Error(Exception):
    """An engine error. ``status`` is one of "invalid_argument", "io_error",
    "policy_error", "firm_error", "internal"; ``diagnostics`` lists the
    problems with code, file, line, column (policy errors) or field (firms)."""

    def __init__(self, message, status="internal", diagnostics=()):
        super().__init__(message)
        self.message = message
        self.status = status
        self.diagnostics = list(diagnostics)


class InvalidArgumentError(Error, ValueError):
    """A bad argument, such as a date that is not YYYY-MM-DD."""


class PolicyIoError(Error, OSError):
    """The policy directory, schema or calendar cannot be read."""


class PolicyError(Error):
    """The policies do not compile; ``diagnostics`` says where and why."""


class FirmError(Error, ValueError):
    """A firm record is unusable (its diagnostic names field, line and
    column), or it needs more than the set's ``Limits.max_eval_steps``: no
    verdicts are given for it then."""


_ERRORS = {
    "invalid_argument": InvalidArgumentError,
    "io_error": PolicyIoError,
    "policy_error": PolicyError,
    "firm_error": FirmError,
}


def _error_class(status):
    # Called by the extension to raise the right class for a status.
    return _ERRORS.get(status, Error)


class ScreenResult(_NamedTuple):
    """One firm of PolicySet.screen: ``json`` when ``ok``, else ``error``."""

    index: int
    ok: bool
    json: str
    error: str


def _screen(self, firms, date, *, explain=False, compact=True, chunk_size=256):
    """Evaluates an iterable of firms lazily, ``chunk_size`` at a time (one
    engine call per chunk, GIL released), yielding a ScreenResult per firm in
    input order. A bad firm yields ok=False and the screen goes on."""
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    it = iter(firms)
    start = 0
    while True:
        chunk = list(_itertools.islice(it, chunk_size))
        if not chunk:
            return
        names = ["firm[%d]" % (start + i) for i in range(len(chunk))]
        results = self.evaluate_batch(chunk, date, explain=explain, compact=compact, names=names)
        for i, (ok, text) in enumerate(results):
            yield ScreenResult(start + i, ok, text if ok else "", "" if ok else text)
        start += len(chunk)


PolicySet.screen = _screen

__all__ = [
    "Diagnostic", "Error", "Evaluation", "FirmError", "Holder", "InvalidArgumentError", "Limits", "PolicyError",
    "PolicyIoError", "PolicySet", "ReloadResult", "ScreenResult", "load", "load_sources", "__version__",
]
