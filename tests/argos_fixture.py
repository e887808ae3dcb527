"""Build tiny but real argostranslate packages (.argosmodel) at test time: no real model can be fetched here.

A sentencepiece model trained on a few hundred generated lines, a CTranslate2 Transformer with seeded
random weights (TransformerSpec.from_config through a Converter subclass), and metadata.json, zipped
under one top folder as argospm packages are. Its translations are nonsense but deterministic, and
they depend on the input.
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from functools import cache
from pathlib import Path

import ctranslate2
import numpy as np
import sentencepiece as spm
from ctranslate2.converters import Converter
from ctranslate2.specs import TransformerSpec

from analyzer.resources import read_tsv

D_MODEL, FFN, HEADS = 32, 64, 2
EN_WORDS = "the eye position is too high adjust head ratio line colour redraw frame move left".split()  # noqa: SIM905


def training_lines(count: int = 400, seed: int = 7) -> list[str]:
    """A few hundred lines mixing the glossary's Chinese and Korean with English words."""
    rng = random.Random(seed)
    # A fixed slice, so the character inventory (and the 400-piece vocabulary) does not grow with the glossary.
    rows = list(read_tsv("glossary", "zh-ko.tsv"))[:90]
    zh = [r[0] for r in rows]
    ko = [form for r in rows for form in r[1].split("|") if form]
    lines = []
    for _ in range(count):
        words = rng.sample(zh, 3) + rng.sample(ko, 3) + rng.sample(EN_WORDS, 4)
        rng.shuffle(words)
        lines.append(" ".join(words))
    return lines


@cache
def train_sentencepiece(vocab_size: int = 400) -> bytes:
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(training_lines()),
        model_writer=model,
        vocab_size=vocab_size,
        character_coverage=1.0,
        model_type="unigram",
        hard_vocab_limit=False,
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


class RandomTransformerConverter(Converter):
    """A Transformer of seeded random weights over a given vocabulary, in the CTranslate2 format."""

    def __init__(self, vocabulary: list[str], seed: int) -> None:
        self.vocabulary = vocabulary
        self.seed = seed

    def _shape(self, name: str) -> tuple[int, ...]:
        vocab = len(self.vocabulary)
        layer, _, leaf = name.rpartition("/")
        if leaf in ("gamma", "beta"):
            return (D_MODEL,)
        if "embeddings" in layer or layer.endswith("projection"):
            return (vocab, D_MODEL)
        if layer.endswith("ffn/linear_0"):
            return (FFN, D_MODEL)
        if layer.endswith("ffn/linear_1"):
            return (D_MODEL, FFN)
        if layer.endswith("self_attention/linear_0"):
            return (3 * D_MODEL, D_MODEL)  # fused query, key, value
        if layer.endswith("attention/linear_1") and "self_attention" not in layer:
            return (2 * D_MODEL, D_MODEL)  # cross-attention: fused key, value
        return (D_MODEL, D_MODEL)

    def _load(self) -> TransformerSpec:
        spec = TransformerSpec.from_config((1, 1), HEADS)
        rng = np.random.default_rng(self.seed)

        def fill(layer, name: str, value) -> None:
            if value is not None:
                return
            leaf = name.rpartition("/")[2]
            shape = self._shape(name)
            if leaf == "gamma":
                array = np.ones(shape, dtype=np.float32)
            elif leaf == "beta":
                array = np.zeros(shape, dtype=np.float32)
            else:
                array = rng.normal(0.0, 0.3, shape).astype(np.float32)
            setattr(layer, leaf, array)

        spec._visit(fill)
        # Favour </s> so decoding stops after a few tokens instead of running to the length limit.
        bias = np.zeros(len(self.vocabulary), dtype=np.float32)
        bias[self.vocabulary.index("</s>")] = 2.5
        spec.decoder.projection.bias = bias
        spec.register_source_vocabulary(self.vocabulary)
        spec.register_target_vocabulary(self.vocabulary)
        return spec


def build_argosmodel(out_dir: Path, from_code: str, to_code: str, seed: int = 1, version: str = "1.0") -> Path:
    """Write translate-FROM_TO.argosmodel into out_dir and return its path."""
    sp_bytes = train_sentencepiece()
    processor = spm.SentencePieceProcessor(model_proto=sp_bytes)
    vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    work = out_dir / f"build-{from_code}_{to_code}-{seed}"
    model_dir = RandomTransformerConverter(vocabulary, seed).convert(str(work / "model"), force=True)
    top = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    metadata = {
        "package_version": version,
        "argos_version": "1.11",
        "from_code": from_code,
        "from_name": {"zh": "Chinese", "ko": "Korean", "en": "English"}.get(from_code, from_code),
        "to_code": to_code,
        "to_name": {"zh": "Chinese", "ko": "Korean", "en": "English"}.get(to_code, to_code),
    }
    path = out_dir / f"translate-{from_code}_{to_code}.argosmodel"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{top}/metadata.json", json.dumps(metadata))
        archive.writestr(f"{top}/sentencepiece.model", sp_bytes)
        archive.writestr(f"{top}/README.md", "Test package: random weights, nonsense output.\n")
        for file in sorted(Path(model_dir).iterdir()):
            archive.write(file, f"{top}/model/{file.name}")
    return path


def reference_translation(package_zip: Path, sentences: list[str]) -> str:
    """What the package makes of these sentences, through CTranslate2 and sentencepiece directly."""
    with zipfile.ZipFile(package_zip) as archive:
        top = archive.namelist()[0].split("/")[0]
        extract_to = package_zip.parent / f"reference-{package_zip.stem}"
        archive.extractall(extract_to)
    root = extract_to / top
    processor = spm.SentencePieceProcessor(model_file=str(root / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(root / "model"), device="cpu")
    tokens = [processor.encode(s, out_type=str) for s in sentences]
    # The settings argostranslate uses (apply_packaged_translation, default beam size 4).
    results = translator.translate_batch(
        tokens,
        replace_unknowns=True,
        max_batch_size=32,
        batch_type="tokens",
        beam_size=4,
        num_hypotheses=1,
        length_penalty=0.2,
    )
    pieces = [piece for result in results for piece in result.hypotheses[0]]
    text = processor.decode_pieces(pieces).replace("▁", " ").replace("_", " ")
    return text[1:] if text.startswith(" ") else text
