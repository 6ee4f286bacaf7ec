"""A property-based run of the OpenAPI schema (schemathesis): generated
requests to every operation, valid and not, never get a server error."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from sitrep.api import Sitrep
from sitrep.store import Store
from sitrep.web import ServeConfig, create_app
from sitrep.web.auth import load_or_create, token_path
from tests.web.conftest import copy_store


@pytest.fixture(scope="module")
def web_schema(
    run_store: Path, tmp_path_factory: pytest.TempPathFactory, sitrep: Sitrep
) -> schemathesis.BaseSchema:
    """The app's own schema, over a copy of the run store (writes need the
    token, which the generated requests do not have: they must be refused
    cleanly, never crash)."""
    database = str(copy_store(run_store, tmp_path_factory.mktemp("schema")))
    app = create_app(ServeConfig(database, load_or_create(token_path(database)), sitrep=sitrep))
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


def _run(
    operation: schemathesis.APIOperation,
    mode: schemathesis.GenerationMode,
    examples: int,
    prepare: Callable[[schemathesis.Case], dict[str, str]],
) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,  # the same requests on every run: a failure reproduces
        database=None,
    )
    def no_server_error(case: schemathesis.Case) -> None:
        response = case.call(headers=prepare(case))
        assert response.status_code < 500, (
            case.method, case.path, case.path_parameters, case.query, case.body,
            response.text[:300],
        )  # fmt: skip
        if response.status_code >= 400:
            error = response.json()["error"]
            assert error["message"].startswith(f"[{error['code']}]")

    try:
        no_server_error()
    except Unsatisfiable:
        # An operation without parameters has no invalid request to make.
        assert mode is schemathesis.GenerationMode.NEGATIVE and not operation.query


def test_no_server_error(web_schema: schemathesis.BaseSchema) -> None:
    # Each operation gets its own hypothesis runs, valid requests and invalid
    # ones (schemathesis' pytest plugin does not load under this pytest, so
    # its strategies are driven here).
    operations = [result.ok() for result in web_schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:
        for mode in schemathesis.GenerationMode:
            _run(operation, mode, 25, lambda _case: {})


def test_writes_with_the_token_never_crash(
    web_schema: schemathesis.BaseSchema, run_store: Path
) -> None:
    # Generated corrections of a real event, and generated uploads, with the
    # token: refused with a code or stored, never a server error.
    event_id = Sitrep().events(database=str(run_store))[0].event_id
    database = web_schema.app.state.config.database
    token = {"Authorization": f"Bearer {load_or_create(token_path(database)).value}"}

    def real_event(case: schemathesis.Case) -> dict[str, str]:
        if case.path_parameters:
            case.path_parameters["event_id"] = event_id
        return token

    for operation in web_schema.get_all_operations():
        found = operation.ok()
        if found.method.upper() == "PATCH":
            for mode in schemathesis.GenerationMode:
                _run(found, mode, 40, real_event)
        elif found.method.upper() == "POST":
            _run(found, schemathesis.GenerationMode.POSITIVE, 8, real_event)
    with closing(Store(database)) as store:
        assert store.corrections(), (
            "no generated correction was valid: the run tested only refusals"
        )
