"""The layers of the house, read from the source with ``ast`` (nothing is imported).

engine/ is built in layers, and imports run one way only::

    engine.i18n  <-  engine.core  <-  engine.language  <-  engine.views  <-  engine (API), cli
                                                                         <-  app.py, ui*.py, pages/

* the catalogue (``engine.i18n``) imports nothing of the engine;
* the core imports only the core and the catalogue, and no third-party module but numpy;
* the language imports only the core, the catalogue and itself;
* the views import no page, widget or command line;
* nothing in ``engine`` imports the app (``app``, ``ui*``, ``pages``), nor Streamlit at module
  level; at module level an engine module imports only the standard library, numpy and the
  engine (the contract: numpy is the engine's only dependency).

Lazy imports (inside a function) count like the others. No module imports another module's
private (``_underscore``) name, neither ``from engine.x import _name`` nor ``x._name`` on an
imported engine module; in the engine and the app no object reads another's private
attribute. No module is longer than :data:`MAX_LINES`, except the op registry and the
catalogue's data files.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: The longest a module may be (issue 14 aims at about 600).
MAX_LINES = 650

#: Long on purpose: the op registry (one entry per operation, side by side) and the
#: catalogue's data files, every module of engine/i18n/ but its __init__ (one entry per key
#: and language).
OP_REGISTRY = "engine/core/ops.py"


def _long_by_design(name: str) -> bool:
    return name == OP_REGISTRY or (
        name.startswith("engine/i18n/") and name != "engine/i18n/__init__.py"
    )


#: Which engine packages each layer may import.
LAYERS = {
    "engine.i18n": ("engine.i18n",),
    "engine.core": ("engine.i18n", "engine.core"),
    "engine.language": ("engine.i18n", "engine.core", "engine.language"),
    "engine.views": ("engine.i18n", "engine.core", "engine.language", "engine.views"),
}

#: Third-party modules the engine may import at module level (the rest only lazily).
ENGINE_DEPENDENCIES = {"numpy"}

#: Underscored names that are public protocols: IPython's display hook, and os._exit (the
#: way a forked child ends without running its parent's clean-up).
PUBLIC_PROTOCOLS = {"_repr_html_", "_exit"}

#: The app: the engine never imports it.
APP = ("app", "ui", "pages")

#: Known exceptions, each with its reason: (importer, the module or private name it imports).
#: An entry nothing needs any more fails test_every_allowed_exception_is_still_needed.
ALLOWED: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Import:
    importer: str  # the importing module, dotted
    target: str  # the module imported (dotted), or the module a name is imported from
    names: tuple[str, ...]  # the names imported from it (empty for ``import x``)
    line: int
    lazy: bool  # inside a function

    def where(self) -> str:
        return f"{self.importer}:{self.line}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(dotted: str) -> bool:
    base = ROOT.joinpath(*dotted.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _sources(*patterns: str) -> list[Path]:
    found: list[Path] = []
    for pattern in patterns:
        found.extend(p for p in ROOT.glob(pattern) if ".venv" not in p.parts)
    return sorted(set(found))


ENGINE = _sources("engine/**/*.py")
APP_FILES = _sources("app.py", "ui*.py", "pages/*.py")
TESTS_AND_BENCH = _sources("tests/*.py", "bench/*.py")


class _Reader(ast.NodeVisitor):
    """Every import of one module, and every ``module._name`` on a module it imported."""

    def __init__(self, path: Path):
        self.module = _module_name(path)
        self.package = self.module if path.name == "__init__.py" else self.module.rpartition(".")[0]
        self.imports: list[Import] = []
        self.module_aliases: dict[str, str] = {}  # local name -> engine module it names
        self.attributes: list[tuple[str, str, int]] = []  # (module, private name, line)
        self.private_uses: list[tuple[str, int]] = []  # obj._name, obj not self or cls
        self._depth = 0  # functions we are inside
        self.visit(ast.parse(path.read_text(encoding="utf-8")))

    def _function(self, node: ast.AST) -> None:
        self._depth += 1
        self.generic_visit(node)
        self._depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.imports.append(Import(self.module, alias.name, (), node.lineno, self._depth > 0))
            if alias.asname:
                self.module_aliases[alias.asname] = alias.name
            else:
                self.module_aliases[alias.name.partition(".")[0]] = alias.name.partition(".")[0]

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.package.split(".")
            base = base[: len(base) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        names = []
        for alias in node.names:
            if _is_module(f"{target}.{alias.name}"):  # a submodule: an import of it
                self.imports.append(
                    Import(self.module, f"{target}.{alias.name}", (), node.lineno, self._depth > 0)
                )
                self.module_aliases[alias.asname or alias.name] = f"{target}.{alias.name}"
            else:
                names.append(alias.name)
        if names:
            self.imports.append(
                Import(self.module, target, tuple(names), node.lineno, self._depth > 0)
            )

    def visit_Attribute(self, node: ast.Attribute) -> None:
        owner = _dotted(node.value, self.module_aliases)
        if owner is not None and _is_module(owner) and _private(node.attr):
            self.attributes.append((owner, node.attr, node.lineno))
        elif (
            _private(node.attr)
            and node.attr not in PUBLIC_PROTOCOLS
            and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
        ):
            self.private_uses.append((ast.unparse(node), node.lineno))
        self.generic_visit(node)


def _dotted(node: ast.expr, aliases: dict[str, str]) -> str | None:
    """The module an expression names (``m`` or ``engine.core.m``), or None."""
    if isinstance(node, ast.Name):
        return aliases.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _dotted(node.value, aliases)
        return None if owner is None else f"{owner}.{node.attr}"
    return None


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _layer(module: str) -> str | None:
    return next((layer for layer in LAYERS if _within(module, layer)), None)


READERS = {path: _Reader(path) for path in ENGINE + APP_FILES + TESTS_AND_BENCH}


def _engine_imports() -> list[Import]:
    return [i for path in ENGINE for i in READERS[path].imports]


def _not_allowed(found: dict[tuple[str, str], str]) -> list[str]:
    """What was found, less the exceptions of ALLOWED (keyed by importer and target)."""
    return sorted(text for key, text in found.items() if key not in ALLOWED)


def test_the_reader_sees_imports_lazy_and_relative():
    """The scanner itself: a lazy import, a submodule import and a private attribute."""
    reader = READERS[ROOT / "engine" / "core" / "tensor.py"]
    lazy = [i for i in reader.imports if i.lazy]
    assert any(i.target == "engine.core.autodiff" and i.names == ("backward",) for i in lazy)
    assert all(i.target != "engine.core.autodiff" for i in reader.imports if not i.lazy)
    assert _is_module("engine.core.autodiff") and not _is_module("engine.core.Tensor")
    probe = ROOT / "tests" / "test_layers.py"
    assert READERS[probe].module == "tests.test_layers"


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_imports_run_one_way(layer):
    allowed = LAYERS[layer]
    found = {}
    for i in _engine_imports():
        if _layer(i.importer) != layer or not _within(i.target, "engine"):
            continue
        if not any(_within(i.target, package) for package in allowed):
            found[i.importer, i.target] = f"{i.where()} imports {i.target} {list(i.names)}"
    assert _not_allowed(found) == []


def test_the_engine_never_imports_the_app_nor_streamlit_at_module_level():
    found = []
    for i in _engine_imports():
        top = i.target.partition(".")[0]
        if top in APP or top.startswith("ui_"):
            found.append(f"{i.where()} imports the app's {i.target}")
        elif top == "streamlit" and not i.lazy:
            found.append(f"{i.where()} imports streamlit at module level")
    assert found == []


def test_the_engine_depends_on_numpy_alone():
    """At module level only the standard library, numpy and the engine; in the core, even
    lazily (the core runs wherever numpy does)."""
    found = []
    for i in _engine_imports():
        top = i.target.partition(".")[0]
        if top in sys.stdlib_module_names or top == "engine" or top in ENGINE_DEPENDENCIES:
            continue
        if not i.lazy or _layer(i.importer) in ("engine.core", "engine.i18n"):
            found.append(f"{i.where()} imports {i.target}")
    assert found == []


def test_no_module_imports_another_modules_private_names():
    found = {}
    for reader in READERS.values():
        for i in reader.imports:
            for name in i.names:
                if _private(name) and i.target != reader.module:
                    found[reader.module, f"{i.target}.{name}"] = (
                        f"{i.where()}: from {i.target} import {name}"
                    )
        for owner, name, line in reader.attributes:
            if owner != reader.module and _within(owner, "engine"):
                found[reader.module, f"{owner}.{name}"] = f"{reader.module}:{line}: {owner}.{name}"
    assert _not_allowed(found) == []


def test_no_object_is_read_through_another_objects_private_attribute():
    """In the engine and the app, ``x._name`` is only ever ``self._name`` or ``cls._name``:
    what another class needs of an object is public (white-box tests may look inside)."""
    found = {}
    for path in ENGINE + APP_FILES:
        reader = READERS[path]
        for expression, line in reader.private_uses:
            found[reader.module, expression] = f"{reader.module}:{line}: {expression}"
    assert _not_allowed(found) == []


def test_modules_are_short():
    lengths = {
        path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in ENGINE + APP_FILES
    }
    too_long = {
        name: n for name, n in lengths.items() if n > MAX_LINES and not _long_by_design(name)
    }
    assert too_long == {}
    assert OP_REGISTRY in lengths and not _long_by_design("engine/views/chain.py")


def test_every_allowed_exception_is_still_needed():
    """An entry of ALLOWED that nothing needs any more is removed, not kept."""
    needed = set()
    for reader in READERS.values():
        for i in reader.imports:
            needed.add((reader.module, i.target))
            needed.update((reader.module, f"{i.target}.{name}") for name in i.names)
        needed.update((reader.module, f"{owner}.{name}") for owner, name, _ in reader.attributes)
        needed.update((reader.module, expression) for expression, _ in reader.private_uses)
    assert set(ALLOWED) <= needed
