"""The Ranking map's facility records held as columns, their JSON written by Arrow.

At 30,000 facilities a slider move used to build 30,000 dicts (position, colour, outline,
radius, tooltip) for ``orjson`` to write again: about a third of the page's run. Here the
records stay columns (NumPy and Arrow arrays) and the scatter layer's JSON is joined from
them in Arrow's C loops; the deck writes it as it is (``orjson.Fragment``). The text is byte
for byte what ``orjson`` writes for the same list of dicts (keys sorted, as the deck's JSON):
tests/components/test_maps.py compares the two. Python code that reads the points (the rank
labels, the decision layers, tests) gets the same dicts as before, built on demand.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.compute as pc

# What orjson escapes in a string: '"', '\\' and the control characters below U+0020.
_ESCAPED = r'[\x00-\x1f"\\]'
TEXT = pa.large_string()


def escaped(values: pa.Array) -> pa.Array:
    """Each text as it stands inside a JSON string literal, escaped as orjson escapes it.

    Escaping is per character, so only the texts that hold a character to escape go
    through orjson one by one; the others are kept as they are."""
    values = values.cast(TEXT)
    if not _may_need_escaping(values):
        return values
    special = pc.match_substring_regex(values, _ESCAPED).fill_null(False)
    where = np.flatnonzero(special.to_numpy(zero_copy_only=False))
    replacements = pa.array([json_inner(values[i].as_py()) for i in where.tolist()], type=TEXT)
    return pc.replace_with_mask(values, special, replacements)


def _may_need_escaping(values: pa.Array) -> bool:
    """False when no byte of the texts' data is one orjson escapes (one pass over the
    bytes, far quicker than a regular expression per text; UTF-8 continuation bytes are
    all 0x80 or above, so they never look like one)."""
    data = values.buffers()[2]
    if data is None:
        return False
    raw = np.frombuffer(data, dtype=np.uint8)
    return bool(((raw < 0x20) | (raw == 0x22) | (raw == 0x5C)).any())


def json_inner(text: str) -> str:
    """The inside of ``text``'s JSON string literal (``a<newline>b`` -> ``a\\nb``)."""
    return orjson.dumps(text).decode()[1:-1]


def json_pairs(xy: np.ndarray) -> pa.Array:
    """Each [x, y] row of a float (n, 2) array as orjson writes it (NaN as null), without
    its brackets: orjson writes them all at once, Arrow splits them apart."""
    if not len(xy):
        return pa.array([], type=TEXT)
    text = orjson.dumps(np.ascontiguousarray(xy, dtype=np.float64), option=orjson.OPT_SERIALIZE_NUMPY)
    inner = pa.array([memoryview(text)[2:-2]], type=pa.large_binary()).cast(TEXT)
    return pc.split_pattern(inner, "],[").flatten()


def fixed_texts(values: np.ndarray, digits: int, decimal: str, slow: Callable[[np.ndarray], list[str]]) -> pa.Array:
    """``f"{v:,.{digits}f}"`` of each value with ``decimal`` for the point, written by Arrow
    for values below 999 (no grouping mark), and by ``slow`` (``plain_numbers``) for the
    rest: ties, large, missing or infinite values. About 1 ms at 30,000 values, against
    10 ms for Python's formatting of each.

    Python rounds the double's exact value (ties to even). ``v * 10**digits`` is within
    about 1e-13 of that exact product here, so rounding it gives the same digits unless it
    lies within 1e-6 of a half: those few go the slow way too."""
    values = np.asarray(values, dtype=float)
    scale = 10**digits
    scaled = values * scale
    with np.errstate(invalid="ignore"):
        simple = (np.abs(values) < 999) & (np.abs(scaled - np.floor(scaled) - 0.5) > 1e-6)
    if digits > 3:
        simple[:] = False
    units = np.abs(np.rint(np.where(simple, scaled, 0))).astype(np.int64)
    negative = np.signbit(values)  # Python writes -0.00 for -0.001 and for -0.0
    parts = [pa.array(np.where(negative, "-", ""), type=TEXT)] if negative.any() else []
    parts.append(pc.cast(pa.array(units // scale), TEXT))
    if digits:
        decimals = pa.array([f"{i:0{digits}d}" for i in range(scale)], type=TEXT).take(pa.array(units % scale))
        parts += [pa.scalar(decimal, type=TEXT), decimals]
    texts = pc.binary_join_element_wise(*parts, pa.scalar("", type=TEXT))
    if simple.all():
        return texts
    others = np.flatnonzero(~simple)
    return pc.replace_with_mask(texts, pa.array(~simple), pa.array(slow(values[others]), type=TEXT))


def _constants(values: Sequence[object], which: np.ndarray) -> pa.Array:
    """The JSON of ``values[k]`` for each k of ``which``."""
    return pa.array([orjson.dumps(v).decode() for v in values], type=TEXT).take(pa.array(which))


class RankedPoints(Sequence):
    """The scatter layer's records (facility_id, position, color, line, radius, tooltip) as
    columns; ``fragment()`` is their JSON list. Indexing and iterating give the same dicts
    (positions and colours as tuples) as ``components.maps.facility_points``.

    ids, names, scores: Arrow text (names and ids already made inert, ``deck_texts``; scores
    formatted); ranks, classes (rank class), chosen (the selected facility): NumPy; xy: the
    rounded, spread positions; palette: (r, g, b, a) per class; head, middle: the tooltip's
    words between name, rank and score; outline, radius: (other, selected) facility's.
    """

    def __init__(self, ids, names, ranks, scores, xy, classes, chosen, palette, head, middle, outline, radius):
        self.ids, self.names, self.ranks, self.scores, self.xy = ids, names, ranks, scores, xy
        self.classes, self.chosen, self.palette = classes, chosen, palette
        self.head, self.middle, self.outline, self.radius = head, middle, outline, radius
        self._json: bytes | None = None  # bytes, not the Fragment: a deck stays picklable

    def __len__(self) -> int:
        return len(self.ranks)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        i = range(len(self))[index]
        chosen = bool(self.chosen[i])
        return {
            "facility_id": self.ids[i].as_py(),
            "position": (float(self.xy[i, 0]), float(self.xy[i, 1])),
            "color": self.palette[int(self.classes[i])],
            "line": self.outline[chosen],
            "radius": self.radius[chosen],
            "tooltip": f"{self.names[i].as_py()}{self.head}{int(self.ranks[i])}{self.middle}{self.scores[i].as_py()}",
        }

    def __iter__(self) -> Iterator[dict]:
        lon, lat = self.xy.T.tolist() if len(self) else ([], [])
        columns = zip(
            self.ids.to_pylist(),
            self.names.to_pylist(),
            self.ranks.tolist(),
            self.scores.to_pylist(),
            lon,
            lat,
            self.classes.tolist(),
            self.chosen.tolist(),
            strict=True,
        )
        for i, name, rank, score, x, y, klass, chosen in columns:
            yield {
                "facility_id": i,
                "position": (x, y),
                "color": self.palette[klass],
                "line": self.outline[chosen],
                "radius": self.radius[chosen],
                "tooltip": f"{name}{self.head}{rank}{self.middle}{score}",
            }

    def fragment(self) -> orjson.Fragment:
        """The records as one JSON list (keys sorted), written once."""
        if self._json is None:
            self._json = self._json_text()
        return orjson.Fragment(self._json)

    def _json_text(self) -> bytes:
        if not len(self):
            return b"[]"
        chosen = self.chosen.astype(np.int8)
        return _json_list(
            _text('{"color":'),
            _constants(self.palette, self.classes),
            _text(',"facility_id":"'),
            escaped(self.ids),
            _text('","line":'),
            _constants(self.outline, chosen),
            _text(',"position":['),
            json_pairs(self.xy),
            _text('],"radius":'),
            _constants(self.radius, chosen),
            _text(',"tooltip":"'),
            escaped(self.names),
            _text(json_inner(self.head)),
            pc.cast(pa.array(self.ranks), TEXT),
            _text(json_inner(self.middle)),
            escaped(self.scores),
            _text('"},'),
        )

    def take(self, which: np.ndarray) -> RankedPoints:
        """The records at the positions ``which`` (in that order)."""
        rows = pa.array(np.asarray(which, dtype=np.int64))
        return RankedPoints(
            self.ids.take(rows),
            self.names.take(rows),
            self.ranks[which],
            self.scores.take(rows),
            self.xy[which],
            self.classes[which],
            self.chosen[which],
            self.palette,
            self.head,
            self.middle,
            self.outline,
            self.radius,
        )

    def background(self, tail: str) -> PublishedPoints:
        """Every record without its colour, outline, radius, rank or score: facility_id,
        position and a tooltip of the name and ``tail``. What stays the same while the
        weights move, for the browser to load once by address (``PublishedPoints``); in
        the order of the facility ids, whatever the ranking's order."""
        if not len(self):
            return PublishedPoints(b"[]")
        if not _sorted(self.ids):
            return self.take(pc.sort_indices(self.ids).to_numpy()).background(tail)
        return PublishedPoints(
            _json_list(
                _text('{"facility_id":"'),
                escaped(self.ids),
                _text('","position":['),
                json_pairs(self.xy),
                _text('],"tooltip":"'),
                escaped(self.names),
                _text(json_inner(tail) + '"},'),
            )
        )


def _sorted(texts: pa.Array) -> bool:
    return len(texts) < 2 or pc.all(pc.less_equal(texts[:-1], texts[1:])).as_py()


def _text(value: str) -> pa.Scalar:
    return pa.scalar(value, type=TEXT)


def _json_list(*parts: pa.Array | pa.Scalar) -> bytes:
    """The JSON list of the records whose text is ``parts`` joined row by row, each record's
    text ending in a comma. Arrow keeps the records' text back to back in one buffer: that
    buffer, without the last comma, is the body of the list (no second join, no str of 5 MB)."""
    records = pc.binary_join_element_wise(*parts, _text(""))
    if records.null_count:  # every part is filled: a null here is a bug
        raise ValueError("a facility record without text")
    offsets = np.frombuffer(records.buffers()[1], dtype=np.int64)
    first, last = offsets[records.offset], offsets[records.offset + len(records)]
    return b"".join((b"[", memoryview(records.buffers()[2])[first : last - 1], b"]"))


class PublishedPoints:
    """Facility records (JSON text) that the browser loads by address, from the app's own
    static files (``static/points``, served at ``POINTS_ADDRESS``), instead of inside the
    deck: at 30,000 facilities a deck carried 5.3 MB of records on every slider move, and
    the browser's map element read them with a JavaScript JSON5 parser (about 1.6 s). The
    file is named by its content, so the same records make the same address, which the
    browser loads once; it is written when the deck is written for the browser
    (``address_or_records``). Where the folder cannot be written the records go inside
    the deck, as before."""

    def __init__(self, text: bytes) -> None:
        self.text = text
        self.name = hashlib.blake2b(text, digest_size=16).hexdigest() + ".json"

    def address_or_records(self) -> str | orjson.Fragment:
        try:
            publish(self.name, self.text)
        except OSError:
            return orjson.Fragment(self.text)
        return f"{POINTS_ADDRESS}/{self.name}"


# static/ beside app.py is served at app/static/ ([server] enableStaticServing); this
# folder is git-ignored and holds at most KEPT_FILES files, the least recently used go.
POINTS_FOLDER = Path(__file__).parents[1] / "static" / "points"
POINTS_ADDRESS = "app/static/points"
KEPT_FILES = 64


def publish(name: str, text: bytes) -> None:
    """Write ``text`` as ``POINTS_FOLDER/name`` unless it is there (then mark it used). The
    write is atomic (another app process may write the same file at the same time)."""
    path = POINTS_FOLDER / name
    if path.exists():
        os.utime(path)
        return
    POINTS_FOLDER.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{name}.{os.getpid()}.{threading.get_ident()}")
    try:
        partial.write_bytes(text)
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)  # a full disk leaves no half-written file
        raise
    _forget_old()


def _forget_old() -> None:
    def used(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except FileNotFoundError:  # removed by another process meanwhile
            return 0.0

    for path in sorted(POINTS_FOLDER.glob("*.json"), key=used, reverse=True)[KEPT_FILES:]:
        path.unlink(missing_ok=True)
