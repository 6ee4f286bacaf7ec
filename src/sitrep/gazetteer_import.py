"""Import full GeoNames dumps into a sitrep gazetteer database.

Users download the dumps themselves from <https://download.geonames.org/export/dump/>
(sitrep never downloads anything): ``allCountries.zip`` or per-country ``XX.zip``
(or the unzipped ``.txt``), optionally ``alternateNamesV2.zip``,
``admin1CodesASCII.txt``, ``admin2Codes.txt`` and ``countryInfo.txt``. GeoNames
data is CC BY 4.0: credit "GeoNames (geonames.org)".

The result has the same schema and name-key indexing as the default gazetteer
(``gazetteer_build``: ``create_schema``, ``name_keys``, ``finish_database``,
``write_atomically``) and opens with ``Gazetteer.open(path)`` or via
``$SITREP_GAZETTEER``. Unlike the default, feature classes and codes (PPLC,
PPLA, PPLA2, ADM2, ...) and admin2 codes are GeoNames' own, and ADM1 regions
and countries are at GeoNames' coordinates (not at their seat or capital).

Memory stays bounded whatever the size of the dump: the files are streamed
line by line out of the zip member, rows are written in batches of
``BATCH_ROWS``, name keys go to a staging table that SQLite sorts on disk
before filling the ``name_key`` index, and the only in-memory tables are the
admin code lists (about 50,000 entries) and a bounded key cache.

Alternate names (``alternateNamesV2``): rows whose ``isolanguage`` is a code
rather than a language (``link``, ``wkdt``, ``post``, ``iata``, ``icao``,
``faac``, ``unlc``, ``tcid``, ``abbr``, ``fr_1793``) are skipped, as are names
in scripts sitrep does not read and all-caps codes of up to four letters (the
same filter as the default build). Historic and colloquial names are kept: they
name the same feature ("Stalingrad", "Mokum"), the dump's own alternatenames
column already carries them unflagged, and exact-key and population ranking
keeps them from outranking a current name elsewhere.
"""

from __future__ import annotations

import io
import shutil
import sqlite3
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, cast

from sitrep.errors import E, SitrepError
from sitrep.gazetteer import default_path
from sitrep.gazetteer_build import (
    PLACE_INSERT,
    build_gazetteer,
    create_schema,
    finish_database,
    name_keys,
    read_admin1,
    read_admin2,
    region_variants,
    usable_name,
    write_atomically,
)

#: Rows per ``executemany`` batch (and between progress reports).
BATCH_ROWS = 5000
#: The key cache is cleared when it grows past this many names (bounds memory).
_CACHE_MAX = 50_000
_GEONAME_COLUMNS = 19
_ALTNAME_COLUMNS = 4
#: ``isolanguage`` values of alternateNamesV2 that are codes or links, not names.
SKIPPED_LANGUAGES = frozenset(
    ["link", "wkdt", "post", "iata", "icao", "faac", "unlc", "tcid", "abbr", "fr_1793"]
)
_FEATURE_CLASSES = frozenset("ADHLPRSTUV")
# A place in a later source (or already in the merged default) is replaced.
_PLACE_REPLACE = PLACE_INSERT.replace("INSERT OR IGNORE", "INSERT OR REPLACE")


@dataclass(frozen=True, slots=True)
class ImportStats:
    """What an import read and wrote."""

    rows_read: int  #: lines of the geoname dumps read
    places: int  #: places imported from the dumps (of the requested classes)
    total_places: int  #: places in the database (more with ``merge_default``)
    names: int  #: rows of the name index (``name_key``)
    alternate_names: int  #: names added from the alternate-names file
    seconds: float
    bytes: int  #: size of the database written

    @property
    def rows_per_second(self) -> float:
        """Dump lines read per second (for projecting larger imports)."""
        return self.rows_read / self.seconds if self.seconds else 0.0


@dataclass(slots=True)
class _Context:
    """Lookup tables and running state of one import."""

    classes: frozenset[str]
    min_population: int
    admin1: dict[tuple[str, str], tuple[str, str, int]]
    admin2: dict[str, str]  # "CC.A1.A2" -> name
    countries: dict[str, tuple[str, int]]  # iso -> (name, geonameid)
    progress: Callable[[int], None] | None
    cache: dict[str, tuple[str, str]] = field(default_factory=dict)
    seats: dict[tuple[str, str], tuple[int, int, int]] = field(default_factory=dict)
    adm1_seen: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)
    pcl_seen: dict[str, tuple[str, int]] = field(default_factory=dict)
    rows_read: int = 0
    places: int = 0
    alternate_names: int = 0

    def keys(self, names: list[str]) -> set[tuple[str, int]]:
        if len(self.cache) > _CACHE_MAX:
            self.cache.clear()
        return name_keys(names, self.cache)


# ------------------------------------------------------------------- reading


def _zip_member(zf: zipfile.ZipFile, path: Path) -> zipfile.ZipInfo:
    """``XX.txt`` in ``XX.zip``, else the largest text member that is not a readme."""
    texts = [i for i in zf.infolist() if not i.is_dir() and i.filename.endswith(".txt")]
    for info in texts:
        if Path(info.filename).name == path.stem + ".txt":
            return info
    texts = [
        i
        for i in texts
        if Path(i.filename).name.lower() not in {"readme.txt", "iso-languagecodes.txt"}
    ]
    if not texts:
        raise SitrepError(E.E017, path=path, detail="the zip archive holds no .txt data file")
    return max(texts, key=lambda i: i.file_size)


def _size(path: Path) -> int:
    """Uncompressed size in bytes of a dump (the zip member's size for a zip)."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                return _zip_member(zf, path).file_size
        return path.stat().st_size
    except OSError as exc:
        raise SitrepError(E.E011, path=path, detail=exc) from exc


def input_size(sources: list[Path], alternate_names: Path | None = None) -> int:
    """Total uncompressed bytes ``import_geonames`` will read (for a progress bar)."""
    paths = [*sources, *([alternate_names] if alternate_names else [])]
    return sum(_size(p) for p in paths)


@contextmanager
def _open_dump(path: Path) -> Iterator[IO[bytes]]:
    """A buffered binary stream of the dump's lines, straight out of the zip member."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf, zf.open(_zip_member(zf, path)) as member:
                yield io.BufferedReader(cast(io.RawIOBase, member), buffer_size=1 << 20)
        else:
            with path.open("rb", buffering=1 << 20) as fh:
                yield fh
    except OSError as exc:
        raise SitrepError(E.E011, path=path, detail=exc) from exc
    except zipfile.BadZipFile as exc:
        raise SitrepError(E.E017, path=path, detail=exc) from exc


def _lines(path: Path, columns: int, progress: Callable[[int], None] | None) -> Iterator[list[str]]:
    """Tab-separated fields of each line (``#`` comments and blank lines skipped);
    reports the bytes read to ``progress`` every ``BATCH_ROWS`` lines."""
    pending = 0
    with _open_dump(path) as stream:
        for number, raw in enumerate(stream, 1):
            pending += len(raw)
            if progress is not None and number % BATCH_ROWS == 0:
                progress(pending)
                pending = 0
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as exc:
                raise SitrepError(E.E017, path=path, detail=f"line {number}: {exc}") from exc
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) < columns:
                detail = f"line {number} has {len(fields)} tab-separated fields, expected {columns}"
                raise SitrepError(E.E017, path=path, detail=detail)
            yield fields
    if progress is not None and pending:
        progress(pending)


def _read_countries(path: Path) -> dict[str, tuple[str, int]]:
    """``countryInfo.txt``: iso -> (name, geonameid)."""
    out: dict[str, tuple[str, int]] = {}
    for fields in _lines(path, 17, None):
        if fields[16].strip().isdigit():
            out[fields[0]] = (fields[4].strip(), int(fields[16]))
    return out


def _read_admin2_names(path: Path) -> dict[str, str]:
    return {
        f"{cc}.{a1}.{code}": name
        for (cc, a1), units in read_admin2(path).items()
        for code, name in units
    }


# ------------------------------------------------------------------ writing


def _flush(
    conn: sqlite3.Connection, places: list[tuple[object, ...]], keys: list[tuple[str, int, int]]
) -> None:
    conn.executemany(_PLACE_REPLACE, places)
    conn.executemany("INSERT INTO _stage_key VALUES (?, ?, ?)", keys)
    places.clear()
    keys.clear()


def _import_dump(conn: sqlite3.Connection, path: Path, ctx: _Context) -> None:
    places: list[tuple[object, ...]] = []
    keys: list[tuple[str, int, int]] = []
    for f in _lines(path, _GEONAME_COLUMNS, ctx.progress):
        ctx.rows_read += 1
        fclass, pop = f[6], int(f[14] or 0)
        if fclass not in ctx.classes or (fclass == "P" and pop < ctx.min_population):
            continue
        gid, name, fcode, cc = int(f[0]), f[1], f[7], f[8]
        a1 = f[10] if f[10] not in {"", "00"} else None
        a2 = f[11] or None
        names = [name, f[2], *(a for a in f[3].split(",") if usable_name(a))]
        if fcode == "ADM1" and a1:
            known = ctx.admin1.get((cc, a1))
            if known is not None and known[2] == gid:
                names[2:2] = [known[0], known[1], *region_variants(known[0])]
            names[2:2] = region_variants(name)
            ctx.adm1_seen.setdefault((cc, a1), (name, gid))
        elif fcode.startswith("PCL"):
            country = ctx.countries.get(cc)
            if country is not None and country[1] == gid:
                names.insert(1, country[0])
            if fcode == "PCLI" or cc not in ctx.pcl_seen:
                ctx.pcl_seen[cc] = (name, gid)
        elif fclass == "P" and a1:
            # The seat: its PPLA, else the capital or seat of government (The Hague
            # for South Holland), else the most populous place of the region.
            rank = (0 if fcode == "PPLA" else 1 if fcode in {"PPLC", "PPLG"} else 2, -pop, gid)
            if rank < ctx.seats.get((cc, a1), (9, 0, 0)):
                ctx.seats[(cc, a1)] = rank
        names = list(dict.fromkeys(n for n in names if n))
        a2_name = ctx.admin2.get(f"{cc}.{a1}.{a2}") if a1 and a2 else None
        lat, lon, alt = float(f[4]), float(f[5]), "|".join(names[1:])
        places.append((gid, name, lat, lon, fclass, fcode, cc, a1, a2, a2_name, pop, alt))
        keys.extend((key, kind, gid) for key, kind in ctx.keys(names))
        ctx.places += 1
        if len(places) >= BATCH_ROWS:
            _flush(conn, places, keys)
    _flush(conn, places, keys)


def _import_alternate_names(conn: sqlite3.Connection, path: Path, ctx: _Context) -> None:
    """Stage usable names of places in the database (``_stage_alt``) and their keys."""
    batch: list[tuple[int, str]] = []

    def flush() -> None:
        ids = sorted({gid for gid, _ in batch})
        marks = ",".join("?" * len(ids))
        present = {r[0] for r in conn.execute(f"SELECT id FROM place WHERE id IN ({marks})", ids)}
        rows = [(gid, n) for gid, n in batch if gid in present]
        conn.executemany("INSERT INTO _stage_alt VALUES (?, ?)", rows)
        conn.executemany(
            "INSERT INTO _stage_key VALUES (?, ?, ?)",
            [(key, kind, gid) for gid, n in rows for key, kind in ctx.keys([n])],
        )
        batch.clear()

    for f in _lines(path, _ALTNAME_COLUMNS, ctx.progress):
        if f[2] in SKIPPED_LANGUAGES or not f[1].isdigit() or not usable_name(f[3]):
            continue
        batch.append((int(f[1]), f[3]))
        if len(batch) >= BATCH_ROWS:
            flush()
    if batch:
        flush()
    # Append the new names to each place's ``alt`` column, in id order (sorted on disk).
    conn.execute("CREATE TABLE _stage_alt_done (id INTEGER PRIMARY KEY, alt TEXT)")
    done: list[tuple[int, str]] = []
    query = """SELECT p.id, p.name, p.alt, s.names FROM
               (SELECT id, group_concat(name, char(31)) AS names FROM _stage_alt GROUP BY id) s
               JOIN place p ON p.id = s.id"""
    for gid, name, alt, new in conn.execute(query):
        have = [name, *(alt.split("|") if alt else [])]
        merged = list(dict.fromkeys([*have, *new.split("\x1f")]))
        ctx.alternate_names += len(merged) - len(dict.fromkeys(have))
        done.append((gid, "|".join(merged[1:])))
        if len(done) >= BATCH_ROWS:
            conn.executemany("INSERT INTO _stage_alt_done VALUES (?, ?)", done)
            done.clear()
    conn.executemany("INSERT INTO _stage_alt_done VALUES (?, ?)", done)
    conn.execute(
        "UPDATE place SET alt = (SELECT d.alt FROM _stage_alt_done d WHERE d.id = place.id) "
        "WHERE id IN (SELECT id FROM _stage_alt_done)"
    )


def _fill_admin2_from_features(conn: sqlite3.Connection) -> None:
    """Without ``admin2Codes.txt``: admin2 names from the dump's own ADM2 features."""
    conn.executescript(
        """
        CREATE TABLE _adm2 (cc TEXT, a1 TEXT, code TEXT, name TEXT, PRIMARY KEY (cc, a1, code));
        INSERT OR IGNORE INTO _adm2 SELECT cc, a1, a2code, name FROM place
            WHERE fcode = 'ADM2' AND a1 IS NOT NULL AND a2code IS NOT NULL;
        UPDATE place SET a2 = (SELECT d.name FROM _adm2 d
                               WHERE d.cc = place.cc AND d.a1 = place.a1 AND d.code = place.a2code)
            WHERE a2 IS NULL AND a2code IS NOT NULL AND a1 IS NOT NULL;
        DROP TABLE _adm2;
        """
    )


def _write_admin_tables(conn: sqlite3.Connection, ctx: _Context, merge: bool) -> None:
    rows: dict[tuple[str, str], tuple[str, int]] = {
        k: (v[0], v[1]) for k, v in ctx.adm1_seen.items()
    }
    rows.update({k: (v[0], v[2]) for k, v in ctx.admin1.items()})
    for (cc, a1), (name, gid) in rows.items():
        seat = ctx.seats[(cc, a1)][2] if (cc, a1) in ctx.seats else None
        # Merging keeps the default's seat for regions the dump has no places in.
        verb = "INSERT OR IGNORE" if merge and seat is None else "INSERT OR REPLACE"
        conn.execute(f"{verb} INTO admin1 VALUES (?, ?, ?, ?, ?)", (cc, a1, name, gid, seat))
    countries = dict(ctx.pcl_seen)
    countries.update(ctx.countries)
    conn.executemany(
        "INSERT OR REPLACE INTO country VALUES (?, ?, ?)",
        [(iso, name, gid) for iso, (name, gid) in countries.items()],
    )


def _compile(
    out: Path,
    sources: list[Path],
    alternate_names: Path | None,
    ctx: _Context,
    *,
    merge_default: bool,
    notes: dict[str, str],
) -> dict[str, float]:
    t0 = time.perf_counter()
    if merge_default:
        base = default_path()
        if not base.exists():
            build_gazetteer(base)
        shutil.copyfile(base, out)
        conn = sqlite3.connect(out)
        conn.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            "DROP INDEX IF EXISTS place_lat; DROP INDEX IF EXISTS place_code;"
        )
    else:
        conn = sqlite3.connect(out)
        create_schema(conn)
    conn.executescript(
        """
        PRAGMA cache_size = -32768; PRAGMA temp_store = FILE;
        CREATE TABLE _stage_key (key TEXT, kind INTEGER, id INTEGER);
        CREATE TABLE _stage_alt (id INTEGER, name TEXT);
        """
    )
    for source in sources:
        _import_dump(conn, source, ctx)
    if alternate_names is not None:
        _import_alternate_names(conn, alternate_names, ctx)
    if not ctx.admin2:
        _fill_admin2_from_features(conn)
    _write_admin_tables(conn, ctx, merge_default)
    # Sorted on disk by SQLite, then appended in key order to the WITHOUT ROWID index.
    conn.execute(
        "INSERT OR IGNORE INTO name_key SELECT key, kind, id FROM _stage_key ORDER BY key, kind, id"
    )
    conn.executescript(
        "DROP TABLE _stage_key; DROP TABLE _stage_alt; DROP TABLE IF EXISTS _stage_alt_done;"
    )
    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(notes.items()))
    total = conn.execute("SELECT count(*) FROM place").fetchone()[0]
    names = conn.execute("SELECT count(*) FROM name_key").fetchone()[0]
    stats = {
        "import_rows_read": float(ctx.rows_read),
        "places": float(ctx.places),
        "total_places": float(total),
        "keys": float(names),
        "alternate_names": float(ctx.alternate_names),
    }
    finish_database(conn, stats)
    stats["total_s"] = time.perf_counter() - t0
    return stats


def import_geonames(
    sources: list[Path],
    out: Path,
    *,
    alternate_names: Path | None = None,
    admin1: Path | None = None,
    admin2: Path | None = None,
    country_info: Path | None = None,
    feature_classes: str = "PA",
    min_population: int = 0,
    merge_default: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportStats:
    """Import GeoNames dumps into a gazetteer database at ``out`` (written atomically).

    ``sources``: ``allCountries.zip``, ``XX.zip`` or their unzipped ``.txt``
    (several are merged; a place in two sources is taken from the last).
    ``alternate_names``: ``alternateNamesV2.zip`` or ``.txt``. ``admin1``,
    ``admin2``: ``admin1CodesASCII.txt``, ``admin2Codes.txt`` (plain or .gz);
    without them admin1 and admin2 names come from the dump's own ADM1 and ADM2
    features (so a country dump that lacks them leaves them empty).
    ``country_info``: ``countryInfo.txt`` (country names; else the names of
    the dump's PCLI features). ``feature_classes``: GeoNames classes to keep
    (``P`` populated places, ``A`` administrative divisions and countries, ...).
    ``min_population``: populated places (class P) below it are skipped; other
    classes are always kept. ``merge_default``: start from a copy of the default
    gazetteer (built first if missing) and add or replace the dump's places.
    ``progress`` is called with the number of (uncompressed) input bytes read
    since its previous call; ``input_size`` gives the total.
    """
    classes = frozenset(feature_classes.upper())
    if not classes or not classes <= _FEATURE_CLASSES:
        raise ValueError(f"feature classes must be letters of {''.join(sorted(_FEATURE_CLASSES))}")
    if not sources:
        raise ValueError("no GeoNames dump given")
    start = time.perf_counter()
    ctx = _Context(
        classes=classes,
        min_population=min_population,
        admin1=read_admin1(admin1) if admin1 else {},
        admin2=_read_admin2_names(admin2) if admin2 else {},
        countries=_read_countries(country_info) if country_info else {},
        progress=progress,
    )
    notes = {
        "source": "GeoNames (geonames.org), CC BY 4.0: "
        + ", ".join(p.name for p in [*sources, *([alternate_names] if alternate_names else [])]),
        "feature_classes": "".join(sorted(classes)),
        "min_population": str(min_population),
        "merge_default": str(merge_default),
    }
    stats = write_atomically(
        out,
        lambda tmp: _compile(
            tmp, sources, alternate_names, ctx, merge_default=merge_default, notes=notes
        ),
    )
    return ImportStats(
        rows_read=ctx.rows_read,
        places=ctx.places,
        total_places=int(stats["total_places"]),
        names=int(stats["keys"]),
        alternate_names=ctx.alternate_names,
        seconds=time.perf_counter() - start,
        bytes=int(stats["bytes"]),
    )
