"""`--ocr` (or `ocr = true` in the configuration): also read the text drawn on images, for scan and hook."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import replace

from analyzer.commands.base import UsageError
from analyzer.extract.base import Limits


def add_ocr_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ocr",
        action="store_true",
        default=None,
        help="also read notes typed or drawn on images (PNG, JPEG, TIFF, WebP, GIF, BMP, PSD/Krita/Clip composites); "
        'slower; needs `pip install "analyzer[ocr]"` and Tesseract\'s Hangul model',
    )


def with_ocr(args: argparse.Namespace, paths: Sequence[str], limits: Limits) -> Limits:
    """`limits` reading images too when `--ocr` or the configuration asks; a usage error (exit 2) naming what
    to install when OCR cannot run here."""
    wanted = args.ocr
    if wanted is None:  # the trusted settings file, as the report options read it (its values are checked there)
        from analyzer.config import load_config

        wanted = load_config(paths, args.config, use_files=not args.no_config).get("ocr", False)
    if not wanted:
        return limits
    from analyzer.ocr.setup import OcrUnavailable, require

    try:
        require()
    except OcrUnavailable as err:
        raise UsageError(str(err)) from None
    return replace(limits, ocr=True)
