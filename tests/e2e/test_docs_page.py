"""The /docs page in headless Chromium: the whole OpenAPI 3.1 contract rendered, offline.

Swagger UI is served by the app itself; the page must render every operation of
``openapi.yaml`` with its request and response schemas and every component schema (the
problem details among them), with nothing in the console and no request to another origin.
"""
from __future__ import annotations

import pytest

from contract import spec

pytestmark = pytest.mark.e2e

# The API's own operations, named so that a renderer that drops them fails here by name.
RESOURCES = [("post", "/v1/quotes"), ("post", "/v1/quotes/batch"), ("post", "/v1/compare")]
RENDER_TIMEOUT_MS = 30_000


def _operation(page, method: str, path: str):
    """The rendered operation block (not text of the raw document) for ``method path``."""
    return page.locator(f".swagger-ui .opblock.opblock-{method}").filter(
        has=page.locator(f'.opblock-summary-path[data-path="{path}"]'))


def test_docs_render_the_whole_contract(watched, base_url, tmp_path):
    page, document = watched.page, spec()
    page.goto(f"{base_url}/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=RENDER_TIMEOUT_MS)
    assert page.locator(".swagger-ui .version-stamp").inner_text().strip() == "OAS 3.1"
    assert page.locator(".swagger-ui .errors-wrapper").count() == 0

    documented = [(method, path) for path, operations in document["paths"].items()
                  for method in operations]
    assert set(RESOURCES) <= set(documented)
    assert page.locator(".swagger-ui .opblock").count() == len(documented)
    for method, path in documented:
        assert _operation(page, method, path).count() == 1, f"{method.upper()} {path}"

    for method, path in RESOURCES:
        operation, block = document["paths"][path][method], _operation(page, method, path)
        block.locator(".opblock-summary-control").click()
        block.locator(".responses-table").first.wait_for(timeout=RENDER_TIMEOUT_MS)
        assert block.locator(".opblock-section-request-body").is_visible(), path
        codes = block.locator("tr.response").evaluate_all(
            "rows => rows.map(row => row.dataset.code)")
        assert codes == list(operation["responses"]), path
        problems = [code for code, response in operation["responses"].items()
                    if "application/problem+json" in response.get("content", {})]
        assert problems, path
        for code in problems:
            row = block.locator(f'tr.response[data-code="{code}"]')
            assert "application/problem+json" in row.locator("select").input_value(), (
                path, code)
            assert '"type"' in row.locator(".example").inner_text(), (path, code)

    models = page.locator(".swagger-ui section.models")
    titles = models.locator(
        ".json-schema-2020-12[data-json-schema-level='0'] > .json-schema-2020-12-head "
        ".json-schema-2020-12__title").all_inner_texts()
    assert sorted(titles) == sorted(document["components"]["schemas"])
    for name in ("Problem", "DocumentProblem"):
        schema = models.locator(".json-schema-2020-12[data-json-schema-level='0']").filter(
            has=page.get_by_text(name, exact=True))
        schema.locator(".json-schema-2020-12-expand-deep-button").first.click()
        text = schema.inner_text()
        for field in document["components"]["schemas"][name]["properties"]:
            assert field in text, (name, field)

    page.screenshot(path=str(tmp_path / "docs.png"), full_page=True)
    assert (tmp_path / "docs.png").stat().st_size > 0
    assert f"{base_url}/openapi.yaml" in watched.requested
    assert not watched.elsewhere(base_url), watched.requested
    assert not watched.problems, watched.problems
