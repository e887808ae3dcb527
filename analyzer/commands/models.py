"""`analyzer models list | install FILE.argosmodel | remove NAME`: offline translation packages (argostranslate);
`analyzer models prepare`: what a first scan prepares once per user (Komoran's compact dictionary, the sentence
encoder's weights, OpenCC's merged dictionary, the tables), so that no scan or hook pays for it."""

from __future__ import annotations

import argparse
import json
import subprocess
from collections.abc import Callable

from analyzer.commands.base import Command, UsageError
from analyzer.engines import argos
from analyzer.engines import translate as mt


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="list installed packages and the translations they give")
    listing.add_argument("--json", action="store_true", help="one JSON object instead of text")
    install = actions.add_parser("install", help="install a package file (.argosmodel) from disk")
    install.add_argument("file", metavar="FILE.argosmodel")
    remove = actions.add_parser("remove", help="remove a package (name as listed, or a pair such as zh_en)")
    remove.add_argument("name", metavar="NAME")
    actions.add_parser(
        "prepare",
        help="prepare once what a first scan would (Komoran's compact dictionary: needs javac; the sentence "
        "encoder's weights, OpenCC's merged dictionary, the tables), so a first scan or hook run starts seconds sooner",
    )
    parser.epilog = f"Packages live in ${argos.TRANSLATE_DIR_ENV} (default: models/translate/)."


def _routes() -> dict[str, list[str] | None]:
    wanted = (("zh", "en"), ("ko", "en"), ("zh", "ko"))
    found = {f"{s}→{t}": mt.route(s, t) for s, t in wanted}
    return {key: [p.name for p in hops] if hops else None for key, hops in found.items()}


def _list(as_json: bool) -> int:
    directory = argos.translate_dir()
    packages = argos.installed_packages(directory)
    extra = argos.argos_installed()
    routes = _routes()
    if as_json:
        rows = [
            {"name": p.name, "folder": p.folder, "from": p.from_code, "to": p.to_code, "version": p.version}
            for p in packages
        ]
        doc = {"directory": str(directory), "argostranslate": extra, "packages": rows, "routes": routes}
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    print(f"Translation packages in {directory}:")
    if not packages:
        print("  none. Install one with: analyzer models install FILE.argosmodel")
    for p in packages:
        print(f"  {p.name:<18} {p.from_code} → {p.to_code}  {p.from_name} → {p.to_name}  {p.version or '-'}")
    if not extra:
        print(f"argostranslate is not installed, so none is used: {argos.EXTRA_HINT}")
    elif packages:
        print("Translations the analyzer uses:")
        for key, names in routes.items():
            print(f"  {key}: {' then '.join(names) if names else 'not available'}")
    return 0


def _prepare() -> int:
    import analyzer.run.analyze  # noqa: F401 - the analysis's modules, each registering its prepared tables
    from analyzer import resources
    from analyzer.align import encoder, encoder_cache, s2t_targets
    from analyzer.engines import komoran_model, opencc_s2t, opencc_t2s
    from analyzer.engines.korean import EngineUnavailable, konlpy_java_dir

    done = _step("The tables are", resources.prepare_tables, resources.TABLE_CACHE_ENV)
    done &= _step(
        "OpenCC's merged dictionary is",
        lambda: (merged := opencc_s2t.prepare()) and merged.parent,
        opencc_s2t.CACHE_ENV,
        "OpenCC's own is used",
    )
    done &= _step(
        "The characters OpenCC's t2s converts at are listed",
        opencc_t2s.prepare,
        opencc_s2t.CACHE_ENV,
        "every Chinese text is converted",
    )
    done &= _step(
        "What OpenCC's s2t can turn each character into is listed",
        s2t_targets.prepare,
        opencc_s2t.CACHE_ENV,
        "every Chinese text is converted",
    )
    if encoder.available():
        done &= _step("The sentence encoder's weights are", encoder.prepare, encoder_cache.CACHE_ENV)
    try:
        print(f"Komoran's compact dictionary is in {komoran_model.prepare(konlpy_java_dir())}")
    except (komoran_model.PrepareError, EngineUnavailable, subprocess.SubprocessError) as err:
        raise UsageError(str(err)) from None
    if not done:
        raise UsageError("some of it could not be prepared (above): scans build it each time")
    return 0


def _step(what: str, prepare: Callable[[], object], variable: str, otherwise: str = "each process builds them") -> bool:
    """One line of `models prepare`: where something is kept, or why it is not; whether it did not fail."""
    try:
        where = prepare()
    except Exception as err:  # noqa: BLE001 - said, and the other steps still run
        print(f"{what} not prepared: {type(err).__name__}: {err}")
        return False
    if where is None:
        print(f"{what} not kept (${variable} says off, or it cannot be made): {otherwise}")
    else:
        print(f"{what} in {where}")
    return True


def run(args: argparse.Namespace) -> int:
    try:
        if args.action == "prepare":
            return _prepare()
        if args.action == "list":
            return _list(args.json)
        if args.action == "install":
            new, replaced = argos.install(args.file)
            mt.reset()
            for old in replaced:
                print(f"replaced {old.describe()}")
            print(f"installed {new.describe()} into {argos.translate_dir() / new.folder}")
            return 0
        removed = argos.remove(args.name)
        mt.reset()
        print(f"removed {removed.describe()}")
        return 0
    except argos.PackageError as err:
        raise UsageError(str(err)) from None
    except OSError as err:
        raise UsageError(f"{err.filename or argos.translate_dir()}: {err.strerror or err}") from None


COMMAND = Command(
    name="models", help="manage offline translation packages and the Korean dictionary", configure=configure, run=run
)
