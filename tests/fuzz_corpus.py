"""The fuzz corpus: hostile inputs of every kind issue 13 lists, mixed with
good VOA stories, written to a folder by the test that uses them.

``build(folder, items)`` writes about ``items`` input items (a file, or a
line of a JSONL file) and returns a ``Corpus`` saying which labels the
reader must account for and which of them are good stories that must be
stored. Hostile shapes are made by a seeded random generator and by
Hypothesis (JSON records of arbitrary types, strings with surrogates and
control characters), generation only and derandomised, so a run is
reproducible.
"""

from __future__ import annotations

import codecs
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
VOA = ROOT / "examples" / "voa_stories.jsonl"
STORIES = [json.loads(line) for line in VOA.read_text(encoding="utf-8").splitlines()]

# Shares of the items (of the hostile file kinds, each ~1/len(_FILE_KINDS) of
# the file share). Good stories are kept to about 5% because each costs a
# full parse (~0.3 s) where a rejection costs microseconds.
_GOOD_SHARE = 0.05
_MUTATED_SHARE = 0.04
_FILE_SHARE = 0.16
_PER_JSONL_FILE = 200  # lines of one JSONL batch
_LONG_PARAGRAPHS = 40  # VOA stories average ~4,000 characters: ~160 KB


@dataclass
class Corpus:
    """What was written: every label the reader must report exactly once
    (files, ``file:line``, ``file[i]``), the good ones, and duplicates."""

    folder: Path
    expected: set[str] = field(default_factory=set)
    good: set[str] = field(default_factory=set)

    @property
    def items(self) -> int:
        """How many input items were written."""
        return len(self.expected)


def _good_text(number: int) -> tuple[str, dict[str, str]]:
    story = STORIES[number % len(STORIES)]
    # A closing line makes each copy a distinct document (its own hash).
    text = f"{story['text']}\nFiled as dispatch {number} of the test desk."
    meta = {"published": story.get("published") or "2019-11-12", "id": f"good-{number}"}
    return text, meta


def _mutated(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 12)):
        action = rng.randrange(5)
        at = rng.randrange(max(len(data), 1))
        if action == 0:
            data[at : at + 1] = bytes([rng.randrange(256)])  # flip a byte
        elif action == 1:
            del data[at : at + rng.randint(1, 400)]  # cut a piece
        elif action == 2:
            data[at:at] = data[at : at + rng.randint(1, 2000)]  # repeat a piece
        elif action == 3:
            data[at:at] = rng.choice(
                ["\u200b", "\u202e", "\ufeff", "\x1b[31m", "\x00", "\u00ad"]
            ).encode("utf-8", "surrogatepass")
        else:
            data[at:at] = "é–’€".encode(rng.choice(["utf-8", "cp1252", "latin-1"]), "replace")
    return bytes(data)


def _nested_html(depth: int, tag: str = "div") -> str:
    return f"<html><body>{f'<{tag}>' * depth}Gunmen killed 3 in Kano.{f'</{tag}>' * depth}</body>"


def _hostile_file(rng: random.Random, number: int) -> tuple[str, bytes]:
    """``(file name, bytes)`` of one hostile file, by kind."""
    story = STORIES[number % len(STORIES)]["text"]
    kind = number % 16
    if kind == 0:
        return f"{number}.txt", rng.randbytes(rng.randint(1, 20000))
    if kind == 1:
        return f"{number}.png.html", b"\x89PNG\r\n\x1a\n" + rng.randbytes(3000)
    if kind == 2:  # truncated mid-character
        raw = ("Título — " + story).encode("utf-8")
        return f"{number}.txt", raw[: rng.randint(1, len(raw))]
    if kind == 3:  # mixed encodings in one file
        return f"{number}.txt", story[:300].encode() + "café été".encode("cp1252") + b"\n"
    if kind == 4:
        return f"{number}.md", story.encode()[:500] + b"\x00" + story.encode()[500:]
    if kind == 5:
        return f"{number}.html", _nested_html(rng.choice([200, 5000, 60000])).encode()
    if kind == 6:  # an HTML bomb: megabytes of empty markup
        return f"{number}.htm", b"<html><body>" + b"<p><b><i></i></b></p>" * 100_000
    if kind == 7:
        return f"{number}.html", b"<html><script>" + b"while(1){}" * 5000 + b"</script></html>"
    if kind == 8:  # broken markup around real text
        return f"{number}.html", f"<html><body><div><p>{story[:900]}<b><table><tr>".encode()
    if kind == 9:  # very repetitive: one paragraph thousands of times
        return f"{number}.txt", ("\n".join([story[:400]] * rng.randint(200, 3000))).encode()
    if kind == 10:  # one line without any newline or full stop
        return f"{number}.txt", ("attack " * rng.randint(1000, 40000)).encode()
    if kind == 11:  # control characters and zero-width characters everywhere
        noisy = "".join(c + rng.choice(["\u200b", "\x07", "\x1b", "", ""]) for c in story[:2000])
        return f"{number}.txt", noisy.encode()
    if kind == 12:
        return f"{number}.json", rng.choice(
            [b"[]", b"{}", b"[1, 2, 3]", b'{"text": null}', b"[[[["]
        )
    if kind == 13:
        return f"{number}.txt", rng.choice([b"", b"   \n\t  ", b"\xef\xbb\xbf", b"\xff\xfe"])
    if kind == 14:  # a filename full of console markup
        return f"[bold]{number}[red] [link=x].txt", story[:700].encode("utf-16")
    return f"{number}.jsonl", b"[" * 3000 + b"\n" + b'{"text": "' + b"1" * 6000 + b'"}'


_JSON_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet=st.one_of(st.characters(), st.integers(0xD800, 0xDFFF).map(chr)), max_size=60),
)
_DATES = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat() + "+05:00"),
    st.sampled_from(["0001-01-01T00:00:00+05:00", "9999-12-31", "2999-01-01", "yesterday", ""]),
    _JSON_SCALAR,
)
_RECORD = st.fixed_dictionaries(
    {"text": st.one_of(_JSON_SCALAR, st.lists(_JSON_SCALAR, max_size=3))},
    optional={
        "published": _DATES,
        "id": st.one_of(_JSON_SCALAR, st.integers(min_value=10**40, max_value=10**60)),
        "title": _JSON_SCALAR,
        "url": _JSON_SCALAR,
        "source": _JSON_SCALAR,
        "nested": st.recursive(
            _JSON_SCALAR, lambda inner: st.lists(inner, max_size=3), max_leaves=6
        ),
    },
)


def hypothesis_lines(count: int) -> list[bytes]:
    """``count`` JSONL lines from Hypothesis: records of arbitrary shape, a
    few raw byte strings; never containing a newline byte."""
    lines: list[bytes] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    @given(
        st.one_of(
            _RECORD.map(lambda r: json.dumps(r).encode()),
            _RECORD.map(
                lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass")
            ),
            st.binary(max_size=200),
        )
    )
    def collect(line: bytes) -> None:
        lines.append(line.replace(b"\n", b" ").replace(b"\r", b" "))

    collect()
    return lines


def _handmade_lines(rng: random.Random, number: int) -> bytes:
    story = STORIES[number % len(STORIES)]["text"][:600]
    shapes = [
        json.dumps({"text": story + "\ud800"}).encode(),
        b'{"text": "x", "meta": ' + b"[" * 1500 + b"]" * 1500 + b"}",
        b'{"text": "attack", "id": ' + b"9" * 4400 + b"}",
        json.dumps({"text": story, "published": "0001-01-01T00:00:00+05:00"}).encode(),
        json.dumps({"text": story, "published": "9999-12-31"}).encode(),
        b'{"text": "a\x00b"}',
        json.dumps({"text": story})[: rng.randint(1, 200)].encode(),  # truncated
        b'{"text": ' + json.dumps(story).encode()[:-1],  # unterminated string
        b"\xef\xbb\xbf" + json.dumps({"text": story[::-1]}).encode(),
        json.dumps({"text": "\u200b\u200c\u200d\u2060" * 50}).encode(),
    ]
    return shapes[number % len(shapes)]


def build(folder: Path, items: int, seed: int = 13) -> Corpus:
    """Write about ``items`` input items under ``folder`` (see module doc)."""
    rng = random.Random(seed)
    corpus = Corpus(folder)
    folder.mkdir(parents=True, exist_ok=True)
    good = max(int(items * _GOOD_SHARE), 10)
    for number in range(good):
        text, _ = _good_text(number)
        form = number % 4
        if form == 0:  # a JSONL line, gathered below
            continue
        name = folder / f"good-{number}.{['', 'txt', 'html', 'txt'][form]}"
        if form == 2:
            paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n"))
            name.write_text(f"<html><body><article>{paragraphs}</article></body></html>", "utf-8")
        else:  # plain text; every other one in UTF-16 with its byte-order mark
            encoding = "utf-16" if form == 3 else "utf-8"
            name.write_bytes(text.encode(encoding))
        corpus.expected.add(str(name))
        corpus.good.add(str(name))
    # One report longer than annotate.CHUNK_CHARS: annotated in pieces.
    long_report = folder / "good-long.txt"
    paragraphs = [
        f"Report {n}: {STORIES[n % len(STORIES)]['text']}" for n in range(_LONG_PARAGRAPHS)
    ]
    long_report.write_text("\n".join(paragraphs), encoding="utf-8")
    corpus.expected.add(str(long_report))
    corpus.good.add(str(long_report))
    for number in range(int(items * _MUTATED_SHARE)):
        name = folder / f"mutated-{number}.txt"
        name.write_bytes(_mutated(rng, STORIES[number % len(STORIES)]["text"].encode()))
        corpus.expected.add(str(name))
    for number in range(int(items * _FILE_SHARE)):
        file_name, raw = _hostile_file(rng, number)
        if file_name.endswith(".jsonl"):
            lines = raw.split(b"\n")
            _add_jsonl(corpus, folder / file_name, [(line, False) for line in lines])
        elif file_name.endswith(".json"):
            _add_json(corpus, folder / file_name, raw)
        else:
            (folder / file_name).write_bytes(raw)
            corpus.expected.add(str(folder / file_name))
    _write_jsonl(corpus, rng, good, items - corpus.items)
    return corpus


def _write_jsonl(corpus: Corpus, rng: random.Random, good: int, count: int) -> None:
    """The rest of the items as JSONL batches: good stories (every 4th good
    item), Hypothesis records and handmade hostile lines, shuffled."""
    lines: list[tuple[bytes, bool]] = []
    for number in range(0, good, 4):
        text, meta = _good_text(number)
        lines.append((json.dumps({"text": text, **meta}).encode(), True))
    # A few more than asked: some generated lines are blank, not items.
    generated = max(count - len(lines), 0) * 21 // 20 + 10
    lines += [(line, False) for line in hypothesis_lines(generated * 2 // 3)]
    lines += [(_handmade_lines(rng, n), False) for n in range(generated - generated * 2 // 3)]
    rng.shuffle(lines)
    for start in range(0, len(lines), _PER_JSONL_FILE):
        path = corpus.folder / f"batch-{start // _PER_JSONL_FILE}.jsonl"
        _add_jsonl(corpus, path, lines[start : start + _PER_JSONL_FILE])


def _add_json(corpus: Corpus, path: Path, raw: bytes) -> None:
    """A ``.json`` file: a label per element of a non-empty list, else one
    for the file; content that is not JSON is read as JSONL lines."""
    try:
        content = json.loads(raw)
    except ValueError:
        _add_jsonl(corpus, path, [(line, False) for line in raw.split(b"\n")])
        return
    path.write_bytes(raw)
    if isinstance(content, list) and content:
        corpus.expected.update(f"{path}[{i}]" for i in range(len(content)))
    else:
        corpus.expected.add(str(path))


def _add_jsonl(corpus: Corpus, path: Path, lines: list[tuple[bytes, bool]]) -> None:
    """Write a JSONL file and expect a label for each of its non-blank lines
    (blank as the reader sees it: nothing but whitespace once decoded)."""
    path.write_bytes(b"\n".join(line for line, _ in lines) + b"\n")
    labels = 0
    for number, (line, is_good) in enumerate(lines, start=1):
        try:
            blank = not line.decode("utf-8").removeprefix("\ufeff").strip()
        except UnicodeDecodeError:
            blank = False
        if not blank:
            labels += 1
            corpus.expected.add(f"{path}:{number}")
            if is_good:
                corpus.good.add(f"{path}:{number}")
    if not labels:
        corpus.expected.add(str(path))  # E001: a batch with no record


def utf16_bom_lines() -> bytes:
    """A small JSONL batch in UTF-16 with its byte-order mark (two records)."""
    records = [{"text": STORIES[0]["text"]}, {"text": STORIES[1]["text"]}]
    return codecs.BOM_UTF16_LE + "\n".join(map(json.dumps, records)).encode("utf-16-le")
