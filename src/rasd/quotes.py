"""Stage: quotes (direct and reported speech), their speakers and chains of transmission.

A quote starts at a reporting verb (قال, أعلنت, نقلت ...). Between the verb and the
complementiser (أن/إن/بأن, a quote mark or a colon) stands the subject: the speaker is the
person named there, else the organisation, else a source phrase ("مصدر أمني", "شهود عيان",
"الشرطة"); "نقلت X عن Y قوله إن" gives the chain X → Y. A verb with no subject ("وأضاف أن")
continues the previous speaker. The quote's span is what was said: the clause after the
complementiser up to the end of the sentence or the next reporting verb.
"""
from __future__ import annotations

from .doc import Doc, Token, clitic_variants
from .lexicon import PERSON_TITLES, SPEECH_VERBS
from .model import Entity, Mention, Quote

_COMPLEMENTISERS = frozenset("ان انه انها انهم انهما بان بانه بانها".split())
_SOURCE_NOUNS = frozenset("""
مصدر مصادر شهود شاهد الشهود البيان بيان مسوول مسوولون مسوولين المسوول الشرطه الجيش الحكومه
السلطات الوزاره المتحدث متحدث الناطق ناطق تقرير التقرير مراسل وسايل وكاله الوكاله سكان ناشطون
مراقبون خبراء محللون النيابه المحكمه الرياسه الداخليه الخارجيه القياده الحركه المنظمه اللجنه
""".split())
_SOURCE_TAIL = 3  # words of a source phrase after its noun ("مصدر أمني عراقي")
_MAX_SUBJECT = 30  # tokens between a reporting verb and what was said


def _cue(tok: Token) -> bool:
    return tok.is_word and any(form in SPEECH_VERBS for _, form in clitic_variants(tok.form))


class QuoteExtractor:
    name = "quotes"
    reads = ("tokens", "entities")
    adds = ("quotes",)

    def __call__(self, doc: Doc) -> None:
        toks = doc.tokens
        by_sentence: dict[int, list[int]] = {}
        for k, t in enumerate(toks):
            by_sentence.setdefault(t.sentence, []).append(k)
        ents = sorted(doc.entities, key=lambda e: e.start)
        previous: tuple[str | None, str | None, list[str]] | None = None
        for sentence, idx in sorted(by_sentence.items()):
            cues = [k for k in idx if _cue(toks[k])]
            for n, c in enumerate(cues):
                stop = cues[n + 1] if n + 1 < len(cues) else idx[-1] + 1
                quote = self._quote(doc, toks, c, stop, ents, previous)
                if quote is None:
                    continue
                quote.id = f"q{len(doc.quotes) + 1}"
                doc.quotes.append(quote)
                if quote.speaker:
                    previous = (quote.speaker, quote.speaker_entity, quote.chain)

    def _quote(self, doc, toks, c, stop, ents, previous) -> Quote | None:
        """The quote cued by the verb at token c, looking no further than token `stop`."""
        sentence = toks[c].sentence
        k = c + 1
        parenthesis = False
        open_quote = None
        while k < min(stop, c + 1 + _MAX_SUBJECT):
            t = toks[k]
            if t.form == "-":
                parenthesis = not parenthesis
            elif not parenthesis:
                if t.form in _COMPLEMENTISERS or (t.form in ("الي", "علي") and k + 1 < stop
                                                  and toks[k + 1].form in _COMPLEMENTISERS):
                    break
                if t.form in (":", '"'):
                    open_quote = t.form
                    break
                if (t.form.startswith("ب") and len(t.form) > 3 and k > c + 1
                        and doc.norm[toks[k - 1].end:t.start].strip() == ""
                        and toks[k - 1].is_word and self._speaker_in(ents, doc, toks[c].end, t.start)):
                    break  # "وأفادت وكالة سبوتنيك بتوقف ..."
            k += 1
        else:
            return None
        if k >= stop or toks[k].sentence != sentence:
            return None
        form = toks[k].form
        if open_quote or form in _COMPLEMENTISERS:
            content_from = k + 1
        elif form in ("الي", "علي"):  # "أشار إلى أن"
            content_from = k + 2
        else:  # "أفادت ... بتوقف": the ب-clause is what was said
            content_from = k
        last = stop - 1
        if open_quote == '"':  # a direct quote ends at its closing mark
            close = next((j for j in range(content_from, stop) if toks[j].form == '"'), None)
            if close is None:
                return None
            last = close - 1
        # skip a quote mark that opens the content, and trailing punctuation
        while content_from <= last and toks[content_from].form == '"':
            content_from += 1
        while last >= content_from and not toks[last].is_word and toks[last].form != '"':
            last -= 1
        if last < content_from or sum(1 for j in range(content_from, last + 1) if toks[j].is_word) < 2:
            return None
        speaker, speaker_entity, chain = self._speaker(doc, toks, c, k, ents, previous)
        s, e, text = doc.orig(toks[content_from].start, toks[last].end)
        cs, ce, ctext = doc.orig(toks[c].start, toks[c].end)
        kind = "direct" if text.lstrip().startswith(("“", '"', "«")) or open_quote else "reported"
        speaker_en = next((en.en for en in ents if en.entity == speaker_entity), None)
        return Quote(id="", start=s, end=e, text=text, kind=kind, speaker=speaker,
                     speaker_en=speaker_en, speaker_entity=speaker_entity, chain=chain,
                     cue=Mention(start=cs, end=ce, text=ctext))

    @staticmethod
    def _speaker_in(ents: list[Entity], doc: Doc, norm_start: int, norm_end: int) -> bool:
        s, e = doc.nt.span(norm_start, norm_end)
        return any(s <= en.start and en.end <= e for en in ents)

    def _speaker(self, doc, toks, c, k, ents, previous):
        """(speaker, entity id, chain) from the subject tokens c+1 .. k-1."""
        s, e = doc.nt.span(toks[c].end, toks[k].start)
        subject = [en for en in ents if s <= en.start and en.end <= e and en.type != "LOC"]
        # "نقلت وكالات X و Y عن Z قوله": the chain runs from the agencies to Z
        an = next((j for j in range(c + 1, k) if toks[j].form == "عن"), None)
        chain: list[str] = []
        if an is not None:
            split = doc.nt.span(toks[an].start, toks[an].end)[0]
            before = [en for en in subject if en.end <= split]
            after = [en for en in subject if en.start >= split]
            chain = list(dict.fromkeys(en.name for en in before))
            subject = after or subject
        for wanted in ("PER", "ORG"):
            hit = next((en for en in subject if en.type == wanted), None)
            if hit is not None:
                return hit.name, hit.entity, chain + [hit.name] if chain else []
        first = an + 1 if an is not None else c + 1
        for j in range(first, k):
            if toks[j].form in PERSON_TITLES and previous is not None:
                break  # "وأعلن المتحدث": the spokesperson quoted before
            if toks[j].form in _SOURCE_NOUNS:
                tail = [j]
                for m in range(j + 1, min(k, j + 1 + _SOURCE_TAIL)):
                    if not toks[m].is_word or toks[m].form in ("في", "من", "عن", "الي"):
                        break
                    tail.append(m)
                phrase = doc.orig(toks[tail[0]].start, toks[tail[-1]].end)[2]
                return phrase, None, chain + [phrase] if chain else []
        if previous is not None:
            return previous
        return None, None, chain
