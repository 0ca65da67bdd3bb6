"""Where a key is in a protocol's TOML text, so that every problem `lipcare protocol check` reports names its line.

TOML parsers do not report where a key is, so the line is found in the text itself: each table header of the
key's path in turn (the n-th one for list items), then the key's own line inside the innermost table. The
headers and keys are indexed once (`_LineIndex`), so a file with many problems is still read in time linear in
its size. Used by `lipcare.protocol.validate`, only when a protocol is checked (never from the cache).
"""

import re


class LineFinder:
    """The line of a dotted key ("checkin.pain.rules[0].score") in one TOML text."""

    def __init__(self, raw: str) -> None:
        self.lines = raw.splitlines()
        self._index: _LineIndex | None = None

    def line(self, key: str) -> int | None:
        """The 1-based line of `key`, or of the nearest table it is in; None when the text does not show it."""
        if self._index is None:
            self._index = _LineIndex(self.lines)
        index = self._index
        *tables, leaf = key.split(".")
        start, header, inside = 0, "", True
        for position, part in enumerate(tables):
            name, _, number = part.partition("[")
            header = f"{header}.{name}" if header else name
            wanted = int(number.rstrip("]")) if number.rstrip("]").isdigit() else 0
            hit = index.header(header, bool(number), start, wanted)
            if hit is None:
                if not number:  # a table only named in longer headers: [checkin] in [checkin.pain]
                    inside = position < len(tables) - 1 and inside
                    continue
                return start + 1 if start else None
            start, inside = hit, True
        name = leaf.partition("[")[0]
        if inside:
            found = index.key(start, name)
            if found is not None:
                return found + 1
        # The key may name a table of its own ([checkin.itching], [clinic]), or only tables inside it
        # ([[checkin.itching.rules]]).
        found = index.table(f"{header}.{name}" if header else name, start)
        if found is not None:
            return found + 1
        return start + 1 if start else None


class _LineIndex:
    """Where each table header and key of a TOML text is, built in one pass over its lines."""

    def __init__(self, lines: list[str]) -> None:
        import bisect

        self._bisect = bisect.bisect_left
        self.lines = lines
        self.headers: dict[tuple[str, bool], list[int]] = {}
        """(name, is a [[list]] item) to the lines with that header, in order."""
        self.prefixes: dict[str, list[int]] = {}
        """A header's name and every dotted start of it ([checkin.pain.rules] gives checkin, checkin.pain and
        checkin.pain.rules) to the lines of those headers, in order."""
        self.ends: list[int] = []
        """For each line, the next line after it that starts with "[" (where its table ends), or the end."""
        self._keys: dict[int, dict[str, int]] = {}
        end = len(lines)
        ends = [end] * len(lines)
        for number in range(len(lines) - 1, -1, -1):
            ends[number] = end
            if lines[number].lstrip().startswith("["):
                end = number
        self.ends = ends
        for number, line in enumerate(lines):
            match = _HEADER.match(line)
            if match is None:
                continue
            listed = match.group(1) is not None
            name = match.group(1) if listed else match.group(2)
            self.headers.setdefault((name, listed), []).append(number)
            parts = name.split(".")
            for count in range(1, len(parts) + 1):
                self.prefixes.setdefault(".".join(parts[:count]).rstrip(), []).append(number)

    def header(self, name: str, listed: bool, start: int, wanted: int) -> int | None:
        """The line of the `wanted`-th header `name` at or after line `start`, or None."""
        lines = self.headers.get((name, listed), [])
        first = self._bisect(lines, start)
        return lines[first + wanted] if first + wanted < len(lines) else None

    def key(self, start: int, name: str) -> int | None:
        """The first line defining `name` in the table that begins at line `start`."""
        keys = self._keys.get(start)
        if keys is None:
            keys = {}
            for number in range(start, self.ends[start] if start < len(self.lines) else start):
                match = _KEY_LINE.match(self.lines[number])
                if match is not None:
                    keys.setdefault(match.group(1), number)
            self._keys[start] = keys
        return keys.get(name)

    def table(self, name: str, start: int) -> int | None:
        """The first header at or after line `start` that is `name` or a table inside it."""
        lines = self.prefixes.get(name, [])
        first = self._bisect(lines, start)
        return lines[first] if first < len(lines) else None


_HEADER = re.compile(r"\s*(?:\[\[\s*([^\]]*?)\s*\]\]|\[\s*([^\[\]]*?)\s*\])")
_KEY_LINE = re.compile(r'\s*"?([^"=]*?)"?\s*=')
