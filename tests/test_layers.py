"""The code stands in layers: read from the source (nothing is imported), every import of the
service's packages goes one way.

- no import cycle among the modules of nlp/, api/, articles/, quotes_schemas/, quotes_cli/
  (imports inside functions count: a cycle dodged that way is still a cycle);
- nlp/ imports neither Flask nor api/; api/ imports neither spaCy nor nlp's internals, only
  its public surface (``nlp``, ``nlp.types``, ``nlp.compare``); articles/ and quotes_schemas/
  import neither Flask nor spaCy;
- inside nlp/, each module imports only modules of a lower layer (the table below).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("nlp", "api", "articles", "quotes_schemas", "quotes_cli")

# nlp's modules, bottom up: a module may import those of lower layers only.
NLP_LAYERS = {
    # records and data
    "nlp.settings": 0, "nlp.lexicons": 0, "nlp.quotemarks": 0, "nlp.types": 0,
    "nlp.drafts": 0, "nlp.deadline": 0, "nlp.greedy": 0,
    # errors, Doc helpers, lexicon-backed lookups
    "nlp.errors": 1, "nlp.parse": 1, "nlp.cues": 1, "nlp.furniture": 1,
    # the steps: the rules' finders, linking quotations, speakers, stance
    "nlp.attribution": 2, "nlp.linking": 2, "nlp.speakers": 2, "nlp.stance": 2,
    "nlp.acts": 2,
    # all the rules over a document
    "nlp.rules": 3, "nlp.attitude": 3,
    # the trained tagger, which reads the rules
    "nlp.features": 4, "nlp.tagged": 5,
    # doc -> records
    "nlp.extract": 6,
    # loading the model; text -> records; versions compared
    "nlp.pipeline": 7, "nlp.analysis": 8, "nlp.compare": 8,
    # the public surface
    "nlp": 9,
}
NLP_PUBLIC = {"nlp", "nlp.types", "nlp.compare"}


def module_files() -> dict[str, Path]:
    files = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            parts = list(path.relative_to(REPO).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            files[".".join(parts)] = path
    return files


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The modules ``path`` imports, anywhere in it: ``from nlp import speakers`` is
    nlp.speakers when that is a module, else the package nlp."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in modules else node.module)
    return found


def graph() -> dict[str, set[str]]:
    files = module_files()
    return {name: imports_of(path, set(files)) for name, path in files.items()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """A cycle among the keys of ``edges`` (as the list of modules round it), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(edges.get(node, ())):
            if target not in edges:
                continue
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state:
                cycle = visit(target)
                if cycle is not None:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state:
            cycle = visit(start)
            if cycle is not None:
                return cycle
    return None


def _top(name: str) -> str:
    return name.split(".")[0]


def test_the_cycle_finder_finds_a_planted_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"x": {"y", "os"}, "y": {"y"}}) == ["y", "y"]


def test_there_is_no_import_cycle():
    cycle = find_cycle(graph())
    assert cycle is None, " -> ".join(cycle)


@pytest.mark.parametrize("package, forbidden", [
    ("nlp", {"flask", "werkzeug", "api", "quotes_cli", "quotes_schemas", "articles"}),
    ("api", {"spacy", "thinc"}),
    ("articles", {"flask", "werkzeug", "spacy", "thinc", "api", "nlp"}),
    ("quotes_schemas", {"flask", "werkzeug", "spacy", "thinc", "api"}),
])
def test_a_package_does_not_import_what_is_above_or_beside_it(package, forbidden):
    wrong = {(module, target) for module, targets in graph().items() if _top(module) == package
             for target in targets if _top(target) in forbidden}
    assert not wrong, sorted(wrong)


def test_the_http_layer_uses_only_nlps_public_surface():
    wrong = {(module, target) for module, targets in graph().items() if _top(module) == "api"
             for target in targets if _top(target) == "nlp" and target not in NLP_PUBLIC}
    assert not wrong, sorted(wrong)


def test_every_nlp_module_has_its_layer():
    assert {name for name in module_files() if _top(name) == "nlp"} == set(NLP_LAYERS)


def test_nlp_modules_import_only_lower_layers():
    wrong = [f"{module} (layer {NLP_LAYERS[module]}) imports {target} "
             f"(layer {NLP_LAYERS[target]})"
             for module, targets in graph().items() if module in NLP_LAYERS
             for target in sorted(targets) if target in NLP_LAYERS
             and NLP_LAYERS[target] >= NLP_LAYERS[module]]
    assert not wrong, wrong
