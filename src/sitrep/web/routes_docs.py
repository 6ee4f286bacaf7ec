"""``/docs``: the API reference as one page rendered on the server from the
app's own OpenAPI schema (Swagger UI would load its scripts from a CDN; this
works offline and runs no script at all)."""

from __future__ import annotations

from typing import Any

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from sitrep.web.app import web_data

router = APIRouter(include_in_schema=False)


def _type(schema: dict[str, Any]) -> str:
    """A parameter's type in a few words ("integer", "string or null", "one of a, b")."""
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    if "anyOf" in schema:
        return " or ".join(_type(s) for s in schema["anyOf"])
    kind = str(schema.get("type", "object"))
    if schema.get("format"):
        kind += f" ({schema['format']})"
    limits = [
        f"{name} {schema[key]}"
        for key, name in (("minimum", "≥"), ("maximum", "≤"), ("maxLength", "length ≤"))
        if key in schema
    ]
    return kind + (f", {', '.join(limits)}" if limits else "")


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Each operation of an OpenAPI document, flattened for the template."""
    found = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {})
            found.append(
                {
                    "id": op.get("operationId", f"{method}-{path}"),
                    "method": method,
                    "path": path,
                    "secured": bool(op.get("security")),
                    "description": [
                        p.strip() for p in (op.get("description") or "").split("\n\n") if p.strip()
                    ],
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p.get("in", ""),
                            "type": _type(p.get("schema", {})),
                            "required": p.get("required", False),
                            "description": p.get("description")
                            or p.get("schema", {}).get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": ", ".join(body),
                    "responses": ", ".join(op.get("responses", {})),
                }
            )
    return found


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """The API reference page."""
    spec = request.app.openapi()
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(web_data()),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    page = environment.get_template("docs.html.j2").render(
        title=spec["info"]["title"],
        version=spec["info"]["version"],
        description=spec["info"].get("description", ""),
        openapi_url=request.app.openapi_url,
        openapi_version=spec.get("openapi", ""),
        operations=operations(spec),
    )
    return HTMLResponse(page)
