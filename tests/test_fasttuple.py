"""`Record` behaves as the typing.NamedTuple it stands in for, wherever lipcare relies on it."""

from __future__ import annotations

import copy
import pickle
from typing import Any, NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lipcare.fasttuple import Record


class Fast(Record):
    name: str
    day: int
    note: str | None = None
    """A docstring after a field, as lipcare writes them."""

    @property
    def label(self) -> str:
        return f"{self.name}@{self.day}"


class Slow(NamedTuple):
    name: str
    day: int
    note: str | None = None

    @property
    def label(self) -> str:
        return f"{self.name}@{self.day}"


VALUES = st.tuples(st.text(max_size=5), st.integers(), st.one_of(st.none(), st.text(max_size=5)))


@given(values=VALUES)
def test_the_same_tuple_fields_and_methods(values: tuple[str, int, str | None]) -> None:
    fast, slow = Fast(*values), Slow(*values)
    assert tuple(fast) == tuple(slow) and hash(fast) == hash(slow)
    assert (fast.name, fast.day, fast.note, fast.label) == (slow.name, slow.day, slow.note, slow.label)
    assert fast._fields == slow._fields and fast._asdict() == slow._asdict()
    assert repr(fast).removeprefix("Fast") == repr(slow).removeprefix("Slow")
    assert tuple(fast._replace(day=1)) == tuple(slow._replace(day=1)) and type(fast._replace(day=1)) is Fast
    assert tuple(Fast(name=values[0], day=values[1])) == tuple(Slow(name=values[0], day=values[1]))
    assert tuple(Fast(values[0], day=values[1], note="x")) == tuple(Slow(values[0], day=values[1], note="x"))
    assert pickle.loads(pickle.dumps(fast)) == fast and copy.deepcopy(fast) == fast
    assert isinstance(fast, tuple) and fast[1] == values[1] and fast[-1] == values[2]


def test_defaults_and_errors_as_namedtuple_gives_them() -> None:
    assert Fast._field_defaults == Slow._field_defaults == {"note": None}
    fast: Any = Fast  # called wrongly on purpose
    slow: Any = Slow
    for bad in ((), ("a",), ("a", 1, None, "extra")):
        with pytest.raises(TypeError):
            fast(*bad)
        with pytest.raises(TypeError):
            slow(*bad)
    with pytest.raises(TypeError):
        fast("a", 1, name="b")
    with pytest.raises(TypeError):
        fast("a", 1, colour="red")
    with pytest.raises(ValueError, match="colour"):
        fast("a", 1)._replace(colour="red")
    with pytest.raises(AttributeError):
        Fast("a", 1).name = "b"  # type: ignore[misc]
