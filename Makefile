# Two commands do all set-up on a fresh machine: `make scan` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: scan test lint bench clean browser media-tools archivers lzh-writer office ocr

# What a scan needs, and nothing else (the main job's install is lean: see README, "Install").
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/analyzer models prepare || echo "Korean morphology will start at Komoran's own speed"
	touch $(STAMP)

# What the tests need besides: the development tools and the translate and dask extras. The CPU torch goes in
# first: the translate extra needs torch (argostranslate -> stanza) and a plain resolve would fetch the
# multi-GB CUDA build; with 2.13.0 installed, the extra adds no other torch.
TEST_STAMP := $(VENV)/.test-stamp
$(TEST_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet 'torch==2.13.0'
	$(BIN)/python -m pip install --quiet -e '.[dev,translate,dask]'
	touch $(TEST_STAMP)

# The main job: scan the sample delivery. Exit 1 means findings, which the samples have on purpose.
# The package's bytecode is compiled first (only what changed since): an editable install leaves that to the first
# import, and where writing bytecode is off (PYTHONDONTWRITEBYTECODE, as in many containers) every analyzer process
# would compile its ~200 modules again, 0.15 s a process (BENCHMARKS.md).
scan: $(STAMP) archivers
	$(BIN)/python -m compileall -q -j 0 analyzer
	$(BIN)/analyzer scan samples/ || [ $$? -eq 1 ]

# Compressed RAR members are decompressed by unar (Debian, LGPL-2.1+; rarfile calls it): RAR 1.5-5, solid too.
archivers:
	@if [ ! -x /usr/bin/unar ]; then \
		SUDO=; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update && $$SUDO apt-get install -y unar; \
	fi

# The LZH tests make their archives with jLHA (Debian jlha-utils, a Java LHA archiver).
lzh-writer:
	@if [ ! -x /usr/bin/jlha ]; then \
		SUDO=; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update && $$SUDO apt-get install -y jlha-utils; \
	fi

# The HTML report test opens the report in headless Chromium (Debian packages; CJK fonts for the screenshot).
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		SUDO=; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update && $$SUDO apt-get install -y chromium chromium-driver fonts-noto-cjk; \
	fi

# The production-format tests write their files with the producing tools (Debian packages).
media-tools:
	@if ! command -v exiftool >/dev/null || ! command -v ffmpeg >/dev/null || [ ! -x /usr/bin/convert ]; then \
		SUDO=; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends libimage-exiftool-perl imagemagick ffmpeg; \
	fi

# The document tests make legacy .doc/.ppt/.xls files with LibreOffice headless (Debian packages).
office:
	@if [ ! -x /usr/bin/soffice ]; then \
		SUDO=; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends \
			libreoffice-core libreoffice-writer libreoffice-calc libreoffice-impress; \
	fi


# `--ocr`: the OCR extra (its wheel ships the PP-OCR models) and Tesseract's Hangul model from Debian, plus the
# CJK font the OCR tests draw their notes in. Not part of `make scan`: a scan without --ocr needs none of it.
OCR_STAMP := $(VENV)/.ocr-stamp
$(OCR_STAMP): $(STAMP)
	@if [ ! -f /usr/share/tesseract-ocr/5/tessdata/Hangul.traineddata ] && [ ! -f /usr/share/tesseract-ocr/4.00/tessdata/Hangul.traineddata ]; then \
		SUDO=; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update && $$SUDO apt-get install -y tesseract-ocr-script-hang fonts-noto-cjk; \
	fi
	$(BIN)/python -m pip install --quiet -e '.[ocr]'
	touch $(OCR_STAMP)

ocr: $(OCR_STAMP)

test: $(TEST_STAMP) browser media-tools archivers lzh-writer office ocr
	$(BIN)/python -m compileall -q -j 0 analyzer
	$(BIN)/python -m ruff check .
	$(BIN)/python -m pytest

lint: $(TEST_STAMP)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

clean:
	rm -rf $(VENV) build *.egg-info
