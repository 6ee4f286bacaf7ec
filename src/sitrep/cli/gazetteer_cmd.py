"""``sitrep gazetteer build|import|lookup`` and ``sitrep geocode``.

The gazetteer is GeoNames data (geonames.org, CC BY 4.0). ``import`` reads
full dumps the user downloaded (sitrep never downloads anything); the result
is used by pointing ``SITREP_GAZETTEER`` (or ``lookup --gazetteer``) at it.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from sitrep.errors import ExitCode, SitrepError, fatal_exit_code
from sitrep.gazetteer import Gazetteer, default_path
from sitrep.records import Place

_err = Console(stderr=True, soft_wrap=True)
_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _peak_memory_mb() -> float:
    """Peak resident memory of this process so far (``getrusage``), in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB else


def _fail(message: object) -> None:
    _err.print(f"sitrep: {message}", highlight=False, markup=False)
    # The shared table (errors.FATAL_EXIT_CODES) for a coded error.
    sys.exit(fatal_exit_code(message.code) if isinstance(message, SitrepError) else ExitCode.USAGE)


def _place_dict(place: Place) -> dict[str, Any]:
    return {
        "id": place.geonameid,
        "name": place.name,
        "feature_class": place.feature_class,
        "feature_code": place.feature_code,
        "admin1": place.admin1,
        "admin1_code": place.admin1_code,
        "admin2": place.admin2,
        "admin2_code": place.admin2_code,
        "country": place.country_iso,
        "lat": place.latitude,
        "lon": place.longitude,
        "population": place.population,
    }


@click.group("gazetteer")
def gazetteer_group() -> None:
    """Build, import and query the offline gazetteer (GeoNames, CC BY 4.0)."""


@gazetteer_group.command("build")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Database to write (default: the cache path Gazetteer.open() reads).",
)
def build_command(out: Path | None) -> None:
    """Build the default gazetteer from the GeoNames data shipped with sitrep."""
    from sitrep.gazetteer_build import build_gazetteer  # noqa: PLC0415 (heavy, rare)

    target = out or default_path()
    stats = build_gazetteer(target)
    _err.print(
        f"built {target}: {int(stats['places']):,} places, {int(stats['keys']):,} name keys, "
        f"{stats['bytes'] / 1e6:.1f} MB in {stats['total_s']:.1f} s; "
        f"peak memory {_peak_memory_mb():.0f} MB",
        highlight=False,
    )


@gazetteer_group.command("import")
@click.argument("files", nargs=-1, required=True, type=_FILE)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Database to write.",
)
@click.option("--alternate-names", type=_FILE, help="alternateNamesV2.zip or .txt.")
@click.option("--admin1", type=_FILE, help="admin1CodesASCII.txt (admin1 names).")
@click.option("--admin2", type=_FILE, help="admin2Codes.txt (admin2 names).")
@click.option("--country-info", type=_FILE, help="countryInfo.txt (country names).")
@click.option(
    "--feature-classes",
    default="PA",
    show_default=True,
    help="GeoNames feature classes to keep (P populated places, A divisions and countries).",
)
@click.option(
    "--min-population",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Skip populated places (class P) smaller than this.",
)
@click.option(
    "--merge-default",
    is_flag=True,
    help="Start from the default gazetteer and add or replace the dump's places.",
)
def import_command(
    files: tuple[Path, ...],
    out: Path,
    alternate_names: Path | None,
    admin1: Path | None,
    admin2: Path | None,
    country_info: Path | None,
    feature_classes: str,
    min_population: int,
    merge_default: bool,
) -> None:
    """Import GeoNames dumps (allCountries.zip, XX.zip or their .txt) into a gazetteer.

    Download the files from https://download.geonames.org/export/dump/ first;
    then use the result with SITREP_GAZETTEER=OUT.
    """
    from sitrep.gazetteer_import import import_geonames, input_size  # noqa: PLC0415

    sources = list(files)
    try:
        total = input_size(sources, alternate_names)
        with Progress(
            TextColumn("importing"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=_err,
            transient=True,
        ) as bar:
            task = bar.add_task("import", total=total)
            stats = import_geonames(
                sources,
                out,
                alternate_names=alternate_names,
                admin1=admin1,
                admin2=admin2,
                country_info=country_info,
                feature_classes=feature_classes,
                min_population=min_population,
                merge_default=merge_default,
                progress=lambda n: bar.advance(task, n),
            )
    except (SitrepError, ValueError) as exc:
        _fail(exc)
        return
    _err.print(
        f"imported {stats.places:,} places ({stats.rows_read:,} rows read, "
        f"{stats.rows_per_second:,.0f} rows/s) into {out}: {stats.total_places:,} places, "
        f"{stats.names:,} name keys, {stats.alternate_names:,} alternate names added, "
        f"{stats.bytes / 1e6:.1f} MB in {stats.seconds:.1f} s; "
        f"peak memory {_peak_memory_mb():.0f} MB",
        highlight=False,
    )


@gazetteer_group.command("lookup")
@click.argument("name")
@click.option("--country", help="Prefer places in this ISO2 country.")
@click.option("--admin1", help="Prefer places in this admin1 region (code or name).")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@click.option(
    "--gazetteer",
    "path",
    type=_FILE,
    help="Gazetteer database (default: $SITREP_GAZETTEER, else the built default).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def lookup_command(
    name: str,
    country: str | None,
    admin1: str | None,
    limit: int,
    path: Path | None,
    as_json: bool,
) -> None:
    """Candidate places for NAME, best first."""
    try:
        gazetteer = Gazetteer.open(path)
    except (OSError, SitrepError) as exc:
        _fail(exc)
        return
    places = gazetteer.lookup(name, country=country, admin1=admin1, limit=limit)
    if as_json:
        click.echo(json.dumps([_place_dict(p) for p in places], ensure_ascii=False, indent=2))
        return
    if not places:
        _err.print(f"no place named {name!r}", highlight=False)
        return
    table = Table("id", "name", "code", "admin1", "admin2", "cc", "lat", "lon", "population")
    for p in places:
        table.add_row(
            str(p.geonameid),
            p.name,
            p.feature_code,
            p.admin1 or "",
            p.admin2 or "",
            p.country_iso,
            f"{p.latitude:.5f}",
            f"{p.longitude:.5f}",
            f"{p.population:,}",
        )
    Console(file=sys.stdout, width=160).print(table)


_PLACE_LABELS = frozenset(["GPE", "LOC", "FAC"])


@click.command("geocode")
@click.argument("text")
@click.option("--country", help="ISO2 country of the text (default: inferred from its places).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def geocode_command(text: str, country: str | None, as_json: bool) -> None:
    """Place mentions in TEXT with the place each resolves to and its precision."""
    from sitrep.api import Sitrep  # noqa: PLC0415 (loads spaCy)
    from sitrep.geocode import (  # noqa: PLC0415
        document_country,
        precision_of,
        qualifier_hint,
        resolve_place,
    )

    start = time.perf_counter()
    try:
        resources = Sitrep().resources
    except (OSError, SitrepError) as exc:
        _fail(exc)
        return
    doc = resources.nlp(text)
    spans = [
        ent
        for ent in doc.ents
        if ent.label_ in _PLACE_LABELS and any(t.pos_ == "PROPN" for t in ent)
    ]
    names = list(dict.fromkeys(ent.text for ent in spans))
    iso = country.upper() if country else document_country(names, [], resources.gazetteer)
    rows: list[dict[str, Any]] = []
    for ent in spans:
        place = resolve_place(ent.text, iso, resources.gazetteer)
        precision = precision_of(place, qualifier_hint(ent.text)) if place is not None else None
        rows.append(
            {
                "text": ent.text,
                "label": ent.label_,
                "start": ent.start_char,
                "end": ent.end_char,
                "place": _place_dict(place) if place is not None else None,
                "geo_precision": precision[0] if precision else None,
                "where_prec": precision[1] if precision else None,
            }
        )
    if as_json:
        click.echo(json.dumps({"country": iso, "mentions": rows}, ensure_ascii=False, indent=2))
        return
    table = Table("mention", "place", "id", "code", "admin1", "admin2", "cc", "lat", "lon", "prec")
    for row in rows:
        p = row["place"]
        if p is None:
            table.add_row(row["text"], "(unresolved)", *[""] * 8)
            continue
        table.add_row(
            row["text"],
            p["name"],
            str(p["id"]),
            p["feature_code"],
            p["admin1"] or "",
            p["admin2"] or "",
            p["country"],
            f"{p['lat']:.5f}",
            f"{p['lon']:.5f}",
            str(row["geo_precision"]),
        )
    Console(file=sys.stdout, width=160).print(table)
    _err.print(
        f"document country {iso or '-'}; {len(rows)} place mentions "
        f"in {time.perf_counter() - start:.1f} s",
        highlight=False,
    )
