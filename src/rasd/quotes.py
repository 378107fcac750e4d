"""Stage: quotes (direct and reported speech), their speakers and chains of transmission.

A quote starts at a cue: a reporting verb (قال, أعلنت, نقلت, وأضاف ...), a participle that
carries on a statement (مضيفا, مشيرة إلى ...), "جاء في بيان X", or an attribution (بحسب X,
وفقا لـ X, نقلا عن X). Between a verb and what was said stands the subject: the speaker is the
first source named there — a person (a title before the name is skipped), else an organisation,
else a source phrase ("مصدر أمني عراقي", "شهود عيان", "أحد الشهود", "بيان الجيش") — leaving out
addressees and channels ("لرويترز", "عبر تلغرام", "في بيان") and parentheses (-...-).
"نقلت X عن Y قوله إن" gives the chain X → Y. A verb with no subject ("وأضاف أن", "وتابع"), or
with an anaphoric one ("المتحدث", "هذا التحالف"), continues the previous speaker; "المصدر"
after "مصدر أمني عراقي" is that source.

What was said is the clause after the complementiser (أن/إن/بأن/إلى أن), a colon, or the text
between quote marks; "أفاد X بمقتل ...", "أشار X إلى مقتل ...", "أعلن X مقتل ..." take the
noun clause. A clause ends at the end of its sentence (a quotation that runs over several
sentences is kept whole) or at the next cue. A short quoted name inside the subject
(منظمة “معاهدة الأمن الجماعي”, قناة “خبر 24”) is not a quotation.

Everything is one pass over the tokens plus work bounded by the length of each clause.
"""
from __future__ import annotations

import bisect

from .doc import Doc, clitic_variants
from .lexicon import FUNCTION_WORDS, PERSON_TITLES, SPEECH_VERBS, nationality
from .model import Entity, Mention, Quote

_COMPLEMENTISERS = frozenset("ان انه انها انهم انهما بان بانه بانها بانهم".split())
# Participles and verbs that carry on a statement, besides SPEECH_VERBS.
_EXTRA_CUES = frozenset("""
مضيفا مضيفه مشيرا مشيره موضحا موضحه مؤكدا موكدا مؤكده موكده لافتا لافته معتبرا معتبره
محذرا محذره واصفا واصفه منوها منوهه داعيا داعيه مشددا مشدده بينت يبين تبين اوضحوا اشاروا
افادوا اكدت اردف اردفت يضيف اعلنه اضافه
""".split())
_PARTICIPLES = frozenset("""
مضيفا مضيفه مشيرا مشيره موضحا موضحه مؤكدا موكدا مؤكده موكده لافتا لافته معتبرا معتبره
محذرا محذره واصفا واصفه منوها منوهه داعيا داعيه مشددا مشدده
""".split())
_B_VERBS = frozenset("افاد افادت يفيد تفيد افادوا".split())  # "أفاد X بمقتل ..."
_ILA_VERBS = frozenset("اشار اشارت يشير تشير اشاروا مشيرا مشيره لفت لفتت لافتا لافته".split())
_ANNOUNCE_VERBS = frozenset("اعلن اعلنت يعلن تعلن اعلنوا".split())
_TRANSMIT_VERBS = frozenset("نقل نقلت ينقل تنقل".split())
# Noun clauses that report a happening: "أعلن الجيش مقتل ثلاثة جنود".
_REPORT_NOUNS = frozenset("""
مقتل مصرع اصابه جرح وفاه استشهاد اعتقال القبض سقوط اسر خطف اختطاف فقدان نزوح تدمير
""".split())
_NOT_B_CLAUSE = frozenset("""
بين بعد بيان بلاده بسبب بحسب بدوره بدورها بشكل بها به بهم بها بذلك بهذا بهذه بان بانه بانها
بينما بما بلا بعض بعضها بعضهم بالنسبه بالقرب بالتزامن بالاضافه
""".split())
_SOURCE_NOUNS = frozenset("""
مصدر مصادر المصدر المصادر شهود شاهد الشهود الشاهد البيان بيان مسوول مسوولون مسوولين المسوول
المسوولون المسوولين الشرطه الجيش الحكومه السلطات سلطات الوزاره المتحدث متحدث الناطق ناطق تقرير
التقرير مراسل وسايل سكان السكان ناشطون الناشطون ناشطين مراقبون خبراء محللون النيابه المحكمه
الرياسه المركز القوات قوات التحالف الداخليه الخارجيه القياده الحركه المنظمه اللجنه الوكاله وكاله الهييه المرصد مرصد
المستشفي مستشفي الاطباء اطباء مسعفون المسعفون الدفاع المدني البلديه المكتب
""".split())
_DOCUMENT_NOUNS = frozenset("بيان البيان تقرير التقرير رساله الرساله بلاغ تصريح".split())
_SOURCE_TAIL = 3  # adjectives of a source phrase after its noun ("مصدر أمني عراقي")
_MAX_SUBJECT = 30  # tokens between a reporting verb and what was said
_MAX_PARTICIPLE_SUBJECT = 4  # "مشيرا إلى أن", "واصفا الانفجار بأنه"
_MIN_QUOTED_WORDS = 4  # fewer words between quote marks inside a subject: a name, not a quotation
_CHANNEL_WORDS = frozenset("في عبر علي الي من خلال امام لدي عن مع ضد".split())
_ANAPHORS = frozenset("هذا هذه ذلك تلك".split())
_ATTRIBUTIONS = frozenset("بحسب حسب وفقا وفق طبقا نقلا".split())
_SOURCE_HEADS = frozenset("احد احدي".split())  # "أحد الشهود", "أحد أفراد القوات الخاصة"
_SENTENCE_PUNCT = frozenset(".!?")


_CUE_FORMS = {p + v: v for v in SPEECH_VERBS | _EXTRA_CUES for p in ("", "و", "ف")}
_ATTRIBUTION_FORMS = {p + w: w for w in _ATTRIBUTIONS for p in ("", "و")}
_AS_FORMS = frozenset("حسبما بحسبما وحسبما وفقما مثلما".split())  # "حسبما أعلن X": X said the clause before
# "يُذكر أن": impersonal, nobody speaks
_IMPERSONAL = frozenset("يذكر ويذكر يشار ويشار يقال ويقال".split())
_RELATIVES = frozenset("الذي التي الذين اللذين اللتين اللذان".split())
_TAIL_STOP = frozenset("""القول صدر الصادر الصادره نشر نشرته نشرت نشره بدوره بدورها بدورهم ذاته ذاتها نفسه نفسها
قوله قولها قولهم قايلا قايله حينذاك انذاك حينها وقتها""".split())


def _span(doc: Doc, start: int, end: int) -> tuple[int, int, str]:
    """Original offsets and text of a normalised slice, with the marks on its last letter."""
    s, e = doc.nt.span(start, end)
    text = doc.text
    while e < len(text) and ("\u064b" <= text[e] <= "\u0652" or text[e] in "\u0670\u0640"):
        e += 1
    return s, e, text[s:e]


def _bare(form: str) -> list[str]:
    return [f for _, f in clitic_variants(form)]


class QuoteExtractor:
    name = "quotes"
    reads = ("tokens", "entities", "times")
    adds = ("quotes",)

    def __call__(self, doc: Doc) -> None:
        toks = doc.tokens
        if not toks:
            return
        ctx = _Context(doc)
        previous: tuple[str | None, str | None, list[str]] | None = None
        found: list[Quote] = []
        for n, c in enumerate(ctx.cues):
            limit = ctx.cues[n + 1] if n + 1 < len(ctx.cues) else len(toks)
            if ctx.kind[c] == "attr":
                quote = ctx.attribution(c, limit, previous)
            else:
                quote = ctx.quote(c, limit, previous)
            if quote is None or not quote.speaker:
                continue  # no speaker: it cannot be attributed
            if found and found[-1].end > quote.start and quote.end > found[-1].start:
                continue  # one quote per statement
            found.append(quote)
            if quote.speaker:
                previous = (quote.speaker, quote.speaker_entity, quote.chain)
        found.sort(key=lambda q: q.start)
        for q in found:
            q.id = f"q{len(doc.quotes) + 1}"
            doc.quotes.append(q)


class _Context:
    """Per-document indexes: quoted segments, parentheses, cues, entity starts."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        toks = self.toks = doc.tokens
        norm = doc.norm
        n = len(toks)
        # quoted segments: marks paired within a line; an unclosed one runs to the line's end
        self.seg_close: dict[int, int] = {}  # opening mark token → closing mark token (or line end)
        self.in_seg = [False] * n
        self.in_paren = [False] * n
        line_marks: list[int] = []

        def close_line(end: int) -> None:
            pairs = [(line_marks[a], line_marks[a + 1]) for a in range(0, len(line_marks) - 1, 2)]
            if len(line_marks) % 2:
                pairs.append((line_marks[-1], end))  # unclosed: to the end of the line
            for o, cl in pairs:
                self.seg_close[o] = cl
                for j in range(o, min(cl + 1, n)):
                    self.in_seg[j] = True

        for k, t in enumerate(toks):
            if k and toks[k - 1].sentence != t.sentence and "\n" in norm[toks[k - 1].end:t.start]:
                close_line(k - 1)
                line_marks = []
            if t.form == '"':
                line_marks.append(k)
        close_line(n - 1)
        # parentheses: "-...-" (a dash with a space on one side, paired within a sentence), "(...)"
        dashes: dict[int, list[int]] = {}
        depth = 0
        for k, t in enumerate(toks):
            if t.form == "-" and (norm[t.start - 1:t.start].isspace() or norm[t.end:t.end + 1].isspace()):
                dashes.setdefault(t.sentence, []).append(k)
            elif t.form == "(":
                depth += 1
            elif t.form == ")":
                depth = max(0, depth - 1)
            elif depth:
                self.in_paren[k] = True
            if k + 1 < n and toks[k + 1].sentence != t.sentence:
                depth = 0
        for ds in dashes.values():
            for a in range(0, len(ds) - 1, 2):
                for j in range(ds[a], ds[a + 1] + 1):
                    self.in_paren[j] = True
        # cues
        self.kind: dict[int, str] = {}
        self.cues: list[int] = []
        for k, t in enumerate(toks):
            if not t.is_word or self.in_seg[k] or self.in_paren[k]:
                continue
            verb = _CUE_FORMS.get(t.form)
            if verb is not None and k and (toks[k - 1].form in _AS_FORMS or toks[k - 1].form == "ما" and k > 1
                                           and toks[k - 2].form in _ATTRIBUTION_FORMS):
                continue  # "بحسب ما أفادت X", "حسبما أعلن X": the attribution's verb
            if verb is not None:
                if t.form in _IMPERSONAL and k + 1 < n and toks[k + 1].form in _COMPLEMENTISERS | {"الي"}:
                    continue
                self.kind[k] = verb
                self.cues.append(k)
            elif t.form in ("جاء", "وجاء") and k + 2 < n and toks[k + 1].form == "في" \
                    and toks[k + 2].form in _DOCUMENT_NOUNS:
                self.kind[k] = "جاء"
                self.cues.append(k)
            elif t.form in ("وبين", "وبينت") and (k == 0 or toks[k - 1].sentence != t.sentence
                                                   or not toks[k - 1].is_word):
                self.kind[k] = "بين"
                self.cues.append(k)
            elif t.form in _AS_FORMS or t.form in _ATTRIBUTION_FORMS and self._attribution_word(k):
                if _ATTRIBUTION_FORMS.get(t.form) == "نقلا" and self.cues and self.kind[self.cues[-1]] != "attr" \
                        and toks[self.cues[-1]].sentence == t.sentence and k - self.cues[-1] < 12:
                    continue  # "قالت وكالة X نقلا عن مصدر أمني إن": a chain
                self.kind[k] = "attr"
                self.cues.append(k)
        # entities by their first token
        self.ents = sorted((e for e in doc.entities), key=lambda e: e.start)
        self.times = [doc.norm_offset(tm.start) for tm in doc.times]
        self.time_starts = set(self.times)

    # ---------------------------------------------------------------- helpers
    def _attribution_word(self, k: int) -> bool:
        toks = self.toks
        bare = _bare(toks[k].form)
        if k + 1 >= len(toks):
            return False
        nxt = toks[k + 1].form
        if "بحسب" in bare or toks[k].form in ("حسب", "وحسب"):
            return toks[k + 1].is_word and nxt not in FUNCTION_WORDS or nxt == "ما"
        if "وفقا" in bare or "طبقا" in bare:
            return nxt.startswith("ل") and len(nxt) > 2
        if "وفق" in bare:  # "وفق ما أعلن المرصد", "وفق عبدالرحمن"
            return nxt == "ما" or (toks[k + 1].is_word and nxt not in FUNCTION_WORDS)
        if "نقلا" in bare:
            return nxt == "عن"
        return False

    def sentence_end(self, k: int) -> int:
        """Token index after the clause that starts at k: the sentence end, a quotation kept whole."""
        toks = self.toks
        n = len(toks)
        s = toks[k].sentence
        j = k
        while j < n:
            t = toks[j]
            if t.form == '"' and j in self.seg_close:
                cl = self.seg_close[j]
                if cl > j and toks[cl].sentence != toks[j].sentence:
                    # a quotation over several sentences: whole, then the clause ends
                    return cl + 1
                j = cl + 1
                continue
            if t.sentence != s:
                return j
            j += 1
        return n

    def entity_at(self, s: int, e: int) -> list[Entity]:
        """Entities inside the original span [s, e)."""
        i = bisect.bisect_left(self._starts, s)
        out = []
        while i < len(self.ents) and self.ents[i].start < e:
            if self.ents[i].end <= e:
                out.append(self.ents[i])
            i += 1
        return out

    def place_starting(self, tok) -> Entity | None:
        """The place whose mention starts where the token does ("ديار بكر" at "ديار"), if any."""
        start = self.doc.nt.span(tok.start, tok.end)[0]
        i = bisect.bisect_left(self._starts, start)
        while i < len(self.ents) and self.ents[i].start == start:
            if self.ents[i].type == "LOC":
                return self.ents[i]
            i += 1
        return None

    @property
    def _starts(self) -> list[int]:
        st = getattr(self, "_starts_cache", None)
        if st is None:
            st = self._starts_cache = [en.start for en in self.ents]
        return st

    def token_of(self, orig_start: int, a: int, b: int) -> int | None:
        """The token among a..b-1 that holds the original offset orig_start."""
        norm_off = self.doc.norm_offset(orig_start)
        for j in range(a, b):
            if self.toks[j].start <= norm_off < self.toks[j].end:
                return j
        return None

    # ---------------------------------------------------------------- quotes
    def quote(self, c: int, limit: int, previous) -> Quote | None:
        """The quote cued by the word at token c, looking no further than token `limit`."""
        toks = self.toks
        verb = self.kind[c]
        end = min(limit, self.sentence_end(c))
        participle = verb in _PARTICIPLES
        max_subject = _MAX_PARTICIPLE_SUBJECT if participle or verb == "بين" else _MAX_SUBJECT
        k = c + 1
        how = None
        while k < min(end, c + 1 + max_subject):
            t = toks[k]
            f = t.form
            if self.in_paren[k]:
                k += 1
                continue
            if f in _COMPLEMENTISERS:
                how = "that"
                break
            if f in ("الي", "علي") and k + 1 < end and toks[k + 1].form in _COMPLEMENTISERS:
                how = "that"
                k += 1
                break
            if f == ":":
                how = "colon"
                break
            if f == '"' and k in self.seg_close:
                cl = self.seg_close[k]
                words = sum(1 for j in range(k + 1, cl) if toks[j].is_word)
                if words >= _MIN_QUOTED_WORDS or (cl + 1 >= end and words >= 2):
                    how = "quote"
                    break
                k = cl + 1  # a quoted name inside the subject
                continue
            if k > c + 1 or participle:
                if verb in _ILA_VERBS and f == "الي" and k + 1 < end and toks[k + 1].is_word:
                    how = "noun"
                    k += 1
                    break
                if verb in _B_VERBS and f.startswith("ب") and len(f) > 3 and f not in _NOT_B_CLAUSE \
                        and f not in FUNCTION_WORDS and t.start not in self.time_starts:
                    how = "b"
                    break
                if verb in _ANNOUNCE_VERBS and f in _REPORT_NOUNS:
                    how = "noun"
                    break
            k += 1
        if how is None or k >= end:
            return None
        if how == "quote":
            first, last = k + 1, self.seg_close[k] - 1
        else:
            first = k + 1 if how in ("that", "colon") else k
            if first >= end:
                return None
            if toks[first].form == '"' and first in self.seg_close:
                cl = self.seg_close[first]
                rest = [j for j in range(cl + 1, end) if toks[j].is_word]
                if not rest:  # the whole clause is a quotation
                    first, last = first + 1, cl - 1
                else:
                    last = end - 1
            else:
                last = end - 1
            if how == "that" and verb == "بين" and k - c > 4:
                return None
        while first <= last and toks[first].form == '"':
            first += 1
        while last >= first and not toks[last].is_word:
            last -= 1
        if last < first or sum(1 for j in range(first, last + 1) if toks[j].is_word) < 2:
            return None
        subject_end = k if how != "noun" or toks[k - 1].form != "الي" else k - 1
        if how == "that" and toks[k - 1].form in ("الي", "علي"):
            subject_end = k - 1
        speaker, entity, chain = self.speaker(c, subject_end, verb, previous)
        doc = self.doc
        s, e, text = _span(doc, toks[first].start, toks[last].end)
        cs, ce, ctext = doc.orig(toks[c].start, toks[c].end)
        kind = "direct" if how in ("quote", "colon") or (first > 0 and toks[first - 1].form == '"') \
            else "reported"
        speaker_en = next((en.en for en in self.ents if en.entity == entity), None) if entity else None
        return Quote(id="", start=s, end=e, text=text, kind=kind, speaker=speaker,
                     speaker_en=speaker_en, speaker_entity=entity, chain=chain,
                     cue=Mention(start=cs, end=ce, text=ctext))

    def attribution(self, c: int, limit: int, previous) -> Quote | None:
        """"بحسب X" / "وفقا لـ X" / "نقلا عن X": X said the clause before it, or after its comma."""
        toks = self.toks
        doc = self.doc
        sent = toks[c].sentence
        # the source phrase: up to a comma, the end of the sentence, or 8 tokens
        a = c + 2 if toks[c + 1].form in ("عن", "ما") else c + 1
        if a < len(toks) and toks[a].form in _CUE_FORMS:
            a += 1  # "بحسب ما أفادت مصادر أمنية", "حسبما أعلن قائد القوات"
        b = a
        while b < len(toks) and b < a + 8 and toks[b].sentence == sent and toks[b].form not in (",", "-", '"'):
            b += 1
        if b == a:
            return None
        speaker, entity, chain = self.speaker(a - 1, b, "attr", previous, fallback=False)
        if speaker is None:
            return None
        # sentence-initial: what was said follows the comma; otherwise it precedes the cue
        start_of_sentence = c == 0 or toks[c - 1].sentence != sent or toks[c].form[0] == "و" \
            or toks[c - 1].form in ("-", ":")
        if start_of_sentence:
            if b >= len(toks) or toks[b].form != ",":
                return None
            first = b + 1
            end = min(limit, self.sentence_end(first)) if first < len(toks) else first
            if first < end and toks[first].form in ("فان", "فانه", "فانها", "فقد"):
                first += 1
            last = end - 1
        else:
            last = c - 1
            first = c - 1
            while first > 0 and toks[first - 1].sentence == sent:
                first -= 1
            # a quote already covers this clause? the caller drops overlaps
        while first <= last and not toks[first].is_word:
            first += 1
        while last >= first and not toks[last].is_word:
            last -= 1
        if last < first or sum(1 for j in range(first, last + 1) if toks[j].is_word) < 3:
            return None
        s, e, text = _span(doc, toks[first].start, toks[last].end)
        cs, ce, ctext = doc.orig(toks[c].start, toks[c].end)
        speaker_en = next((en.en for en in self.ents if en.entity == entity), None) if entity else None
        return Quote(id="", start=s, end=e, text=text, kind="reported", speaker=speaker,
                     speaker_en=speaker_en, speaker_entity=entity, chain=chain,
                     cue=Mention(start=cs, end=ce, text=ctext))

    # ---------------------------------------------------------------- speakers
    def speaker(self, c: int, k: int, verb: str, previous, fallback: bool = True):
        """(speaker, entity id, chain) from the subject tokens c+1 .. k-1."""
        toks = self.toks
        doc = self.doc
        if k <= c + 1:
            return previous if previous is not None and fallback else (None, None, [])
        s, e = doc.nt.span(toks[c].end, toks[k - 1].end)
        ents = [en for en in self.entity_at(s, e) if en.type != "LOC"]
        chain: list[str] = []
        first = c + 1
        if verb in _TRANSMIT_VERBS or verb != "attr" and any(toks[j].form in ("نقلا", "ونقلا") for j in range(c + 1, k)):
            an = next((j for j in range(c + 1, k) if toks[j].form == "عن" and not self.in_paren[j]), None)
            if an is not None:
                split = doc.nt.span(toks[an].start, toks[an].end)[0]
                chain = list(dict.fromkeys(en.name for en in ents if en.end <= split))
                ents = [en for en in ents if en.start >= split]
                first = an + 1
        # entities by their first token
        ent_at: dict[int, Entity] = {}
        for en in ents:
            j = self.token_of(en.start, first, k)
            if j is not None and j not in ent_at:
                ent_at[j] = en
        pick = self._first_source(first, k, ent_at, verb, previous)
        if pick is None:
            if previous is not None and fallback:
                return previous
            return None, None, chain
        name, entity = pick
        return name, entity, chain + [name] if chain else []

    def _first_source(self, first: int, k: int, ent_at: dict[int, Entity], verb: str, previous):
        """(name, entity id) of the first source named in tokens first .. k-1, or None."""
        toks = self.toks
        doc = self.doc
        title = None
        prev_word = ""
        after_addressed = -1  # "لوكالة فرانس برس": the agency addressed
        for j in range(first, k):
            t = toks[j]
            if self.in_paren[j] or (self.in_seg[j] and j not in ent_at):
                continue
            prev_form, prev_word = prev_word, (t.form if t.is_word else prev_word)
            en = ent_at.get(j)
            if en is not None:
                clitic = doc.norm_offset(en.start) > t.start
                addressed = (clitic and t.form[0] == "ل" and prev_form not in _DOCUMENT_NOUNS) \
                    or prev_form in _CHANNEL_WORDS or en.name.startswith("لل") or j == after_addressed
                if addressed or (title is not None and en.type != "PER"):
                    continue
                if en.type == "ORG" and verb != "attr":
                    # an organisation, then a person named in the subject: the person
                    per = next((p for jj, p in sorted(ent_at.items()) if jj > j and p.type == "PER"
                                and not self.in_paren[jj] and toks[jj - 1].form not in _CHANNEL_WORDS), None)
                    if per is not None:
                        return per.name, per.entity
                return en.name, en.entity
            if not t.is_word:
                if t.form == ",":
                    break
                continue
            if t.form in _RELATIVES:
                break  # "التحالف الذي يقود العملية ضد داعش": no speaker in a relative clause
            if t.form in PERSON_TITLES and t.form != "المسوول":
                if title is None:
                    title = j
                continue
            if title is not None:
                continue
            source = next((cut for cut, b in clitic_variants(t.form) if b in _SOURCE_NOUNS), None)
            if t.form in _SOURCE_HEADS or (source is not None and prev_form not in _CHANNEL_WORDS
                                           and not (source and t.form[source - 1] in "لب")
                                           and prev_form != "باسم"):
                at = j + 2 if j + 2 < k and toks[j + 1].form == '"' else j + 1  # وكالة "رويترز"
                nxt = ent_at.get(at)
                if nxt is not None and nxt.type != "LOC" and doc.norm_offset(nxt.start) == toks[at].start \
                        and t.form not in _SOURCE_HEADS:
                    return nxt.name, nxt.entity  # "وكالة سبوتنيك", "بيان الجيش التركي"
                phrase = self._source_phrase(j, k, ent_at, previous)
                if phrase is not None:
                    return phrase
                continue
            if source is not None and source and t.form[source - 1] in "لب":
                after_addressed = j + 1
            if t.form in _ANAPHORS:
                return None
        if title is not None:
            # "وأعلن المتحدث": the one quoted before; "وزيرة الإعلام اليمنية نادية السقاف": as written
            nxt = toks[title + 1] if title + 1 < k else None
            if previous is None or (nxt is not None and nxt.is_word and nxt.form not in FUNCTION_WORDS
                                    and nxt.start not in self.time_starts and nxt.form not in _ANAPHORS
                                    and nxt.form not in _TAIL_STOP and not self.in_paren[title + 1]):
                return self._source_phrase(title, k, ent_at, previous, tail=6)
        return None  # "هذا التحالف": the one quoted before

    def _source_phrase(self, j: int, k: int, ent_at: dict[int, Entity], previous, tail: int = _SOURCE_TAIL):
        """"مصدر أمني عراقي", "أحد الشهود", "مصدر في قوات البيشمركة", "المتحدث باسم الجيش"."""
        toks = self.toks
        doc = self.doc
        head = toks[j].form
        start = j - 1 if j > 0 and toks[j - 1].form in _SOURCE_HEADS else j
        last = j
        m = j + 1

        def through(en: Entity) -> int:
            e_norm = doc.norm_offset(en.end)
            x = m
            while x + 1 < k and toks[x + 1].start < e_norm:
                x += 1
            return x

        words = 0
        while m < k and words < tail:
            t = toks[m]
            f = t.form
            if m in ent_at and doc.norm_offset(ent_at[m].start) == t.start and ent_at[m].type != "LOC":
                last = m = through(ent_at[m]) + 1  # "مصادر الجيش التركي", "وكالة أنباء الأناضول"
                last -= 1
                break
            place = self.place_starting(t)
            if place is not None:
                last = through(place)  # a place ends the phrase: "محافظ ديار بكر"
                break
            if f == '"' and m in self.seg_close and self.seg_close[m] < k \
                    and self.seg_close[m] - m <= _MIN_QUOTED_WORDS:  # 'وكالة "رويترز"'
                last = self.seg_close[m]
                m = last + 1
                words += 1
                continue
            if f == "باسم" and m + 1 < k:  # "المتحدث باسم الجيش العراقي"
                words += 1
                last = m
                m += 1
                continue
            if f in ("في", "من", "داخل") and m + 1 < k and (m + 1) in ent_at and ent_at[m + 1].type == "ORG" \
                    and doc.norm_offset(ent_at[m + 1].start) == toks[m + 1].start:
                m += 1
                last = through(ent_at[m])  # "مصدر في قوات البيشمركة"
                break
            bare = _bare(f)
            if (f in ("في", "من") and m + 1 < k and toks[m + 1].form in _SOURCE_NOUNS
                    and toks[m + 1].form.startswith("ال")) or (f[:3] == "بال" and bare[-1] in _SOURCE_NOUNS):
                last = m + 1 if f in ("في", "من") else m  # "مصدر في الشرطة", "مسؤول بالشرطة"
                break
            if f == "في" and m + 1 < k and toks[m + 1].form.startswith("ال") and toks[m + 1].form not in FUNCTION_WORDS \
                    and toks[m + 1].start not in self.time_starts:
                last = m + 1  # "مسؤول في القنصلية الأميركية"
                if m + 2 < k and nationality(toks[m + 2].form) is not None:
                    last = m + 2
                break
            if not t.is_word or len(f) < 2 or f in FUNCTION_WORDS or t.start in self.time_starts \
                    or m in ent_at or self.in_paren[m] or f in _CUE_FORMS or f in _COMPLEMENTISERS \
                    or f in _TAIL_STOP or f in _RELATIVES:
                break
            if f[0] in "لب" and not (len(f) > 4 and f.endswith(("ي", "يه", "يون", "يين", "يان"))):
                break  # "لوكالة", "بدورها", "لبي بي سي"; not "لبناني"
            if f in _SOURCE_NOUNS and not f.startswith("ال"):
                break
            last = m
            words += 1
            m += 1
        if head in _SOURCE_HEADS and last == j:
            return None  # "أحد" alone
        phrase = doc.orig(toks[start].start, toks[last].end)[2]
        # "المصدر" after "مصدر أمني عراقي": the same source, by its fullest mention
        if head.startswith("ال") and last == j and start == j and previous is not None and previous[0]:
            from .text import normalize
            prev_head = normalize(previous[0]).split()
            indefinite = head[2:]
            if prev_head and (prev_head[0] == indefinite or len(prev_head) > 1 and prev_head[1] == head):
                return previous[0], previous[1]
        return phrase, None
