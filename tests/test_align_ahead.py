"""Pairing units ahead of their turn (`pair_ahead`): the encoder embeds what a chunk of units needs in one batch,
and every unit gets the pairs it gets when paired alone."""

from __future__ import annotations

import json

import pytest
from conftest import run_python

from analyzer.align import encoder
from analyzer.align.score import pair_model

# Sidecar notes of one cut each (ep01/cNNN/note.txt in Chinese, note.xmp in Korean), written for these tests: a
# relay (a translation the lexical evidence settles), an unrelated pair whose lexical score is unsure (the encoder
# settles it: no pair), and a short pair whose evidence is too thin to go without the encoder (it confirms it).
CUTS = [
    ("第31帧手太小了，请调整一下", "31프레임 손 너무 작습니다. 조정해 주십시오."),
    ("这个镜头保持原样，第142帧不用改。", "196프레임 옷 너무 큽니다. 다시 그려 주십시오."),
    ("我不知道。", "난 몰라."),
    ("动作要流畅，补55张中间画。", "35프레임 눈 너무 큽니다. 수정해 주십시오."),
    ("第139帧的背景颜色再亮一点。", "139프레임 배경 색깔을 좀 더 밝게 해 주십시오."),
    ("头太大了，请缩小一点。", "머리가 너무 큽니다. 조금 줄여주십시오."),
]

# Pairs the units of CUTS in a fresh process (the encoder's cache starts empty), with pair_ahead over all of them
# when argv[1] is "ahead", and prints each unit's pairs and how many batches the encoder computed.
PAIRING = """
import json, sys
from analyzer.align import encoder, pair_ahead, pair_comments
from analyzer.model import Comment
from analyzer.segment import segment_comments

cuts = json.loads(sys.argv[2])
units = []
for n, (zh, ko) in enumerate(cuts):
    folder = f"ep01/c{n:03d}"
    zh_note = Comment(f"z{n}", f"{folder}/note.txt", None, "line 1", zh)
    ko_note = Comment(f"k{n}", f"{folder}/note.xmp", None, "dc:description", ko)
    units.append(segment_comments([zh_note, ko_note]))
batches = []
model = encoder._model()
encode = model.encode
model.encode = lambda texts: batches.append(len(texts)) or encode(texts)
if sys.argv[1] == "ahead":
    pair_ahead(units)
found = [[(p.src.text, p.tgt.text, p.score, p.scope, p.evidence.get("encoder")) for p in pair_comments(unit)]
         for unit in units]
print(json.dumps({"pairs": found, "batches": batches}, ensure_ascii=False))
"""


# As PAIRING, with pair_ahead over all the units, counting the pair analyses (`lexical`) made ahead and at the turns.
COUNTING = """
from analyzer.align import aligner, score
analyses = []
real = score.lexical
aligner.lexical = score.lexical = lambda z, k: analyses.append(z.text) or real(z, k)
pair_ahead(units)
ahead = len(analyses)
found = [[(p.src.text, p.tgt.text, p.score, p.scope, p.evidence.get("encoder")) for p in pair_comments(unit)]
         for unit in units]
print(json.dumps({"pairs": found, "ahead": ahead, "turns": len(analyses) - ahead}, ensure_ascii=False))
"""
SCORED_AHEAD = PAIRING.split("batches = []")[0] + COUNTING


def _pairing(mode: str) -> dict:
    done = run_python("-c", PAIRING, mode, json.dumps(CUTS, ensure_ascii=False))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.skipif(pair_model().stage() is None, reason="the sentence encoder is not installed or not fitted")
def test_units_paired_ahead_get_the_pairs_they_get_alone_from_one_batch():
    alone, ahead = _pairing("alone"), _pairing("ahead")
    assert ahead["pairs"] == alone["pairs"]
    relay, unrelated, short = alone["pairs"][:3]
    assert len(relay) == 1 and relay[0][4] is None  # settled by the lexical evidence, the encoder not asked
    assert unrelated == []  # asked, and turned down
    assert len(short) == 1 and short[0][4] is not None  # asked, and confirmed
    assert len(alone["batches"]) > 1
    assert len(ahead["batches"]) == 1  # every unit's sentences, embedded together


@pytest.mark.skipif(pair_model().stage() is None, reason="the sentence encoder is not installed or not fitted")
def test_units_that_need_the_encoder_are_not_analysed_again_at_their_turn():
    """A unit paired ahead that needs embeddings is paired again at its turn, from the beads it scored ahead."""
    done = run_python("-c", SCORED_AHEAD, "ahead", json.dumps(CUTS, ensure_ascii=False))
    assert done.returncode == 0, done.stderr
    counted = json.loads(done.stdout)
    assert counted["pairs"] == _pairing("alone")["pairs"]
    assert counted["ahead"] >= len(CUTS)  # every unit's beads were analysed ahead of its turn
    assert counted["turns"] == 0  # the two that needed the encoder (CUTS[1:3]) reuse them: nothing analysed again


@pytest.mark.skipif(not encoder.available(), reason="the sentence encoder is not installed")
def test_a_unit_paired_ahead_is_paired_again_when_what_it_read_has_changed():
    text = "预先读取的句子"
    with encoder.ahead_of_turn() as reads:
        assert not encoder.known(text)
        with pytest.raises(encoder.Ahead) as raised:
            encoder.embed([text, text])
    assert raised.value.texts == [text] and reads == {text: None}
    assert encoder.reads_hold(reads)
    encoder.prefetch([text])  # set aside: not yet in the cache, so what the unit read still holds
    assert not encoder.known(text) and encoder.reads_hold(reads)
    encoder.embed([text])  # the unit's turn: the embedding set aside enters the cache
    assert encoder.known(text) and not encoder.reads_hold(reads)


def test_a_failing_pair_ahead_loses_no_unit(tmp_path, monkeypatch):
    """Pairing ahead is only a saving: when it fails, every unit of the chunk is still analysed at its turn."""
    from analyzer.discover import walk_batches
    from analyzer.extract import Limits
    from analyzer.run import analyze

    for cut in ("c001", "c002"):
        (tmp_path / cut).mkdir()
        note = "头太大了，请缩小一点\n머리가 너무 큽니다. 조금 줄여주십시오.\n"
        (tmp_path / cut / f"{cut}_notes.txt").write_text(note, encoding="utf-8")
    units = [[ref] for batch in walk_batches([str(tmp_path)]) for ref in batch]

    def broken(units):
        raise RuntimeError("pairing ahead failed")

    monkeypatch.setattr(analyze, "pair_ahead", broken)
    results = analyze.analyze_units(units, Limits())
    assert [r.files[0].status for r in results] == ["ok", "ok"]
    assert all(any(c.pairs for c in r.comments) for r in results)  # each unit's relay pair, found at its turn
