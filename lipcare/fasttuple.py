"""`Record`: what `typing.NamedTuple` makes, for a fraction of the start-up time.

Every lipcare command creates some thirty record classes (the protocol, the timeline, the check-in)
before it prints a line. `typing.NamedTuple` compiles a constructor with `eval` and checks every
annotation for each of them, about 0.7 million instructions a class (bench/startup.py). `Record`
makes the same thing directly: an immutable tuple with named fields, defaults, `_fields`,
`_replace`, `_asdict` and the usual `repr`. Type checkers see `typing.NamedTuple` itself, so mypy
checks every use exactly as before. tests/test_fasttuple.py holds the two to the same behaviour.
"""

from typing import TYPE_CHECKING, Any, ClassVar

__all__ = ["Record"]

if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:
    try:
        from _collections import _tuplegetter as _field  # what collections.namedtuple uses
    except ImportError:  # pragma: no cover - another Python implementation
        from operator import itemgetter

        def _field(index: int, doc: str) -> property:
            return property(itemgetter(index), doc=doc)

    _DOCS = tuple(f"Alias for field number {index}" for index in range(32))
    """Each field's docstring, as namedtuple gives it: made once, not for every field of every record class."""

    class Record(tuple):
        """A tuple with named fields, declared like a NamedTuple: `class Point(Record): x: int; y: int = 0`."""

        __slots__ = ()
        _fields: ClassVar[tuple[str, ...]] = ()
        _field_defaults: ClassVar[dict[str, Any]] = {}

        def __init_subclass__(cls, **kwargs: Any) -> None:
            super().__init_subclass__(**kwargs)
            own = cls.__dict__
            fields = tuple(own.get("__annotations__", ()))  # this class's own, in order (inspect.get_annotations)
            cls._fields = fields
            cls._field_defaults = {name: own[name] for name in fields if name in own}
            for index, name in enumerate(fields):
                setattr(
                    cls, name, _field(index, _DOCS[index] if index < len(_DOCS) else f"Alias for field number {index}")
                )

        def __new__(cls, *args: Any, **kwargs: Any) -> Any:
            if kwargs or len(args) != len(cls._fields):
                args = cls._values(args, kwargs)
            return tuple.__new__(cls, args)

        @classmethod
        def _values(cls, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
            fields = cls._fields
            if len(args) > len(fields):
                raise TypeError(f"{cls.__name__} takes {len(fields)} values but {len(args)} were given")
            values = list(args)
            for name in fields[len(args) :]:
                if name in kwargs:
                    values.append(kwargs.pop(name))
                elif name in cls._field_defaults:
                    values.append(cls._field_defaults[name])
                else:
                    raise TypeError(f"{cls.__name__} is missing the value of {name!r}")
            if kwargs:
                raise TypeError(f"{cls.__name__} got unexpected or repeated values: {', '.join(sorted(kwargs))}")
            return tuple(values)

        def _replace(self, **changes: Any) -> Any:
            values = tuple(changes.pop(name, value) for name, value in zip(self._fields, self, strict=True))
            if changes:
                raise ValueError(f"{type(self).__name__} has no field {', '.join(sorted(changes))}")
            return tuple.__new__(type(self), values)

        def _asdict(self) -> dict[str, Any]:
            return dict(zip(self._fields, self, strict=True))

        def __repr__(self) -> str:
            values = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self, strict=True))
            return f"{type(self).__name__}({values})"

        def __getnewargs__(self) -> tuple[Any, ...]:
            return tuple(self)
