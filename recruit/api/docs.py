"""The browsable API reference at /api/docs: the OpenAPI document rendered as a page.

Rendered on the server from the same document the API serves, so it is never out of date,
works on a closed network and keeps the service's rule of loading nothing from third parties
(no script, no CDN). The raw document is at /api/v1/openapi.json.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template
from flask.typing import ResponseReturnValue

bp = Blueprint("api_docs", __name__, url_prefix="/api")

_METHODS = ("get", "post", "put", "patch", "delete")


def _schema_name(content: dict[str, Any] | None) -> str:
    for media in (content or {}).values():
        schema = media.get("schema", {})
        ref = schema.get("$ref") or schema.get("items", {}).get("$ref", "")
        name = ref.rsplit("/", 1)[-1]
        return f"[{name}]" if schema.get("type") == "array" and name else name
    return ""


def operations_by_tag(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's operations grouped under their tags, in the document's order."""
    tags = [{"name": t["name"], "description": t.get("description", ""), "operations": []}
            for t in spec.get("tags", [])]
    by_name = {t["name"]: t for t in tags}
    responses = spec.get("components", {}).get("responses", {})
    for path, item in spec.get("paths", {}).items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            answers = []
            for status, answer in operation.get("responses", {}).items():
                if "$ref" in answer:
                    answer = responses.get(answer["$ref"].rsplit("/", 1)[-1], {})
                answers.append({"status": status, "description": answer.get("description", ""),
                                "schema": _schema_name(answer.get("content"))})
            entry = {
                "method": method.upper(), "path": path,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": [p for p in operation.get("parameters", []) if "name" in p],
                "body": _schema_name(operation.get("requestBody", {}).get("content")),
                "responses": answers,
            }
            for tag in operation.get("tags", ["api"]):
                by_name.setdefault(tag, {"name": tag, "description": "", "operations": []})
                by_name[tag]["operations"].append(entry)
    return list(by_name.values())


@bp.get("/docs")
def reference() -> ResponseReturnValue:
    spec = current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()
    schemas = spec.get("components", {}).get("schemas", {})
    return render_template("api/docs.html", spec=spec, groups=operations_by_tag(spec),
                           schemas=schemas)
