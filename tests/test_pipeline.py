"""Pipeline.pipe: batches of articles give what one call per article gives, and bad input
yields its error while the batch goes on."""
import json

from conftest import DEV_GOLD

from rasd.errors import InputError


def test_pipe_matches_one_call_per_article(pipeline, seed_text):
    articles = [(seed_text, "2022-01-06", "seed"), ("", "2022-01-06", "empty"),
                (b"\x00\x01binary", "2022-01-06", "binary")]
    for text in sorted(DEV_GOLD.glob("*.txt")):
        meta = json.loads(text.with_suffix(".meta.json").read_text(encoding="utf-8"))
        articles.append((text.read_text(encoding="utf-8"), meta["published"], text.stem))
    assert len(articles) > 4
    results = list(pipeline.pipe(articles, batch_size=3))
    assert [type(r) for r in results[1:3]] == [InputError, InputError]
    assert "empty" in str(results[1])
    for (text, published, id), result in zip(articles, results):
        if not isinstance(result, InputError):
            assert result.model_dump() == pipeline(text, published, id=id).model_dump()
    assert any(e.text == "توكاييف" for e in results[0].entities)
