"""`lazy_names`: a package's names imported from its modules when first used (PEP 562), so that importing the
package loads none of them.

`lipcare.protocol` (the loader, the starter file, the checks: a command served from the protocol cache never
loads the validator) and `lipcare.render.terminal` (one module per screen: `lipcare info` never loads the
history's) use it, each with a table of its names and the module of the package that defines each.
"""

from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(package: str, names: Mapping[str, str]) -> Callable[[str], Any]:
    """The module `__getattr__` of `package`: the name from `package.MODULE` as `names` says, imported when first
    asked for and then kept in the package, so Python finds it there next time without calling this."""

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        import sys
        from importlib import import_module

        value = getattr(import_module(f"{package}.{module}"), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
