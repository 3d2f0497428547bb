"""Which schema each (project, dataset) uses, and each project's default dataset.

Every schema is compiled once, when it is added; ``Registry.ingest`` (the
request flow, in ``request.py``) only looks validators up.  Build a registry at
start-up, then share it: ingesting never changes it, so any number of threads
may ingest at once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from .._errors import SchemaError
from .request import Accepted, ingest_request
from .quota import QuotaStore
from .route import MAX_DATASET_ID, Headers, parse_dataset_id
from .._schema import Schema
from .._core.validator import Validator, compile

__all__ = ["Registry"]

_PROJECT_KEYS = frozenset({"datasets", "default"})


def _config_dataset_id(value: object) -> int:
    """A dataset id given by the host: an int, or its decimal spelling (config keys)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if 1 <= value <= MAX_DATASET_ID:
            return value
    elif isinstance(value, str):
        parsed = parse_dataset_id(value)
        if parsed is not None:
            return parsed
    raise ValueError(
        f"dataset id must be an integer from 1 to 2**53-1 (or its decimal spelling), got {value!r}"
    )


def _project_id(value: object) -> str:
    if not isinstance(value, str) or value == "":
        raise ValueError(f"project id must be a non-empty string, got {value!r}")
    return value


def _max_body_bytes(value: object) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
        return value
    raise ValueError(f"max_body_bytes must be a positive int or None, got {value!r}")


def _claim_name(value: object, what: str) -> str:
    if not isinstance(value, str) or value == "":
        raise ValueError(f"{what} must be a non-empty string, got {value!r}")
    return value


class Registry:
    """The datasets each project may write to, with their compiled schemas.

    ``project_claim`` and ``user_claim`` name the token claims that carry the
    project id and the user id (the quota's owner).  ``max_body_bytes`` (``None``:
    no bound) refuses longer bodies with 413 ``body_too_large`` before parsing.
    """

    def __init__(
        self,
        *,
        project_claim: str = "projectId",
        user_claim: str = "userId",
        max_body_bytes: int | None = None,
    ) -> None:
        self._project_claim = _claim_name(project_claim, "project_claim")
        self._user_claim = _claim_name(user_claim, "user_claim")
        self._max_body_bytes = _max_body_bytes(max_body_bytes)
        self._validators: dict[tuple[str, int], Validator] = {}
        self._defaults: dict[str, int] = {}

    @property
    def project_claim(self) -> str:
        return self._project_claim

    @property
    def user_claim(self) -> str:
        return self._user_claim

    @property
    def max_body_bytes(self) -> int | None:
        return self._max_body_bytes

    def add(
        self,
        project_id: str,
        dataset_id: int | str,
        schema: Schema | Mapping[str, Any] | Validator,
        default: bool = False,
    ) -> Validator:
        """Register ``schema`` for ``(project_id, dataset_id)``; returns its compiled validator.

        ``default=True`` makes it the dataset of the project's legacy endpoints.
        Adding the same dataset twice, or a second default, is a ``ValueError``;
        a bad schema raises ``SchemaError``.
        """
        project = _project_id(project_id)
        dataset = _config_dataset_id(dataset_id)
        if (project, dataset) in self._validators:
            raise ValueError(f"project {project!r} already has dataset {dataset}")
        current = self._defaults.get(project)
        if default and current is not None:
            raise ValueError(f"project {project!r} already has default dataset {current}")
        validator = schema if isinstance(schema, Validator) else compile(schema)
        self._validators[(project, dataset)] = validator
        if default:
            self._defaults[project] = dataset
        return validator

    @classmethod
    def from_dict(
        cls,
        config: Mapping[str, Any],
        *,
        project_claim: str = "projectId",
        user_claim: str = "userId",
        max_body_bytes: int | None = None,
    ) -> Registry:
        """A registry from its config form::

            {"p_1": {"default": 13, "datasets": {"13": {"fields": {...}}}}}

        ``default`` is optional and must name one of the project's datasets.
        Problems raise ``ValueError`` (``SchemaError`` for schemas) naming where.
        """
        registry = cls(project_claim=project_claim, user_claim=user_claim, max_body_bytes=max_body_bytes)
        if not isinstance(config, Mapping):
            raise ValueError(f"registry config must be a mapping of project ids, got {type(config).__name__}")
        for project_id, project in config.items():
            where = f"project {project_id!r}"
            _project_id(project_id)
            if not isinstance(project, Mapping):
                raise ValueError(f"{where}: expected a mapping with 'datasets', got {type(project).__name__}")
            unknown = sorted(map(repr, set(project) - _PROJECT_KEYS))
            if unknown:
                raise ValueError(f"{where}: unknown keys {', '.join(unknown)} (allowed: 'datasets', 'default')")
            datasets = project.get("datasets")
            if not isinstance(datasets, Mapping):
                raise ValueError(f"{where}: 'datasets' must be a mapping of dataset id to schema")
            default = project.get("default")
            default_id = None if default is None else _config_dataset_id(default)
            ids = set()
            for dataset_id, schema in datasets.items():
                number = _config_dataset_id(dataset_id)
                if number in ids:
                    raise ValueError(f"{where}: dataset {number} appears twice")
                ids.add(number)
                try:
                    registry.add(project_id, number, schema, default=number == default_id)
                except SchemaError as err:
                    raise SchemaError(f"{where}, dataset {number}: {err.message}") from err
            if default_id is not None and default_id not in ids:
                raise ValueError(f"{where}: default dataset {default_id} is not among its datasets")
        return registry

    def to_dict(self) -> dict[str, Any]:
        """The config form (``from_dict`` of it gives an equal registry)."""
        config: dict[str, Any] = {}
        for (project, dataset), validator in self._validators.items():
            entry = config.setdefault(project, {"datasets": {}})
            entry["datasets"][str(dataset)] = validator.schema.to_dict()
        for project, dataset in self._defaults.items():
            config[project] = {"default": dataset, **config[project]}
        return config

    def to_openapi(self, project_id: str | None = None) -> dict[str, Any]:
        """An OpenAPI 3.1 document of the endpoints this registry serves to ``project_id``.

        An API key selects one project, so a document describes one; ``project_id`` may be
        omitted when the registry has only one.  See docs/interop.md.
        """
        from .._export.openapi import openapi_document  # the documented upward import

        return openapi_document(self, project_id)

    def get(self, project_id: str, dataset_id: int) -> Validator | None:
        """The validator of ``(project_id, dataset_id)``, or ``None``."""
        return self._validators.get((project_id, dataset_id))

    def default_dataset(self, project_id: str) -> int | None:
        """The project's default dataset id, or ``None``."""
        return self._defaults.get(project_id)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Registry):
            return NotImplemented
        return (
            self._project_claim == other._project_claim
            and self._user_claim == other._user_claim
            and self._max_body_bytes == other._max_body_bytes
            and self._validators == other._validators
            and self._defaults == other._defaults
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        claims = ""
        if (self._project_claim, self._user_claim) != ("projectId", "userId"):
            claims = f", project_claim={self._project_claim!r}, user_claim={self._user_claim!r}"
        if self._max_body_bytes is not None:
            claims += f", max_body_bytes={self._max_body_bytes!r}"
        return f"Registry.from_dict({self.to_dict()!r}{claims})"

    def ingest(
        self,
        *,
        path: str | bytes,
        headers: Headers | None = None,
        body: str | bytes | bytearray | memoryview,
        claims: Mapping[str, Any] | None,
        quota: QuotaStore | None = None,
        now: datetime | None = None,
    ) -> Accepted:
        """Decide one ingest request: the accepted records, or raise ``IngestError``.

        A failing quota store raises ``QuotaUnavailable`` (an ``IngestError``,
        503): the request is refused and nothing is counted (fail closed).

        The host passes what it read (path with or without query, headers,
        raw body, the verified token's claims), a quota store if it keeps one,
        and ``now`` (default: the current time; timezone-aware).  See
        docs/ingest.md for the rules and their order.
        """
        return ingest_request(
            self, path=path, headers=headers, body=body, claims=claims, quota=quota, now=now
        )
