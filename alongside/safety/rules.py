"""Transparent screening rules. Pure Python, no Django; every rule has a name that moderators see.

Crisis levels follow the issue: `high` = explicit intent, a plan, means, a timeframe or a recent
attempt; `concern` = thoughts of death or suicide, passive wishes to be dead, self-harm. A phrase
does not count when it is negated ("I would never kill myself"), quoted, about someone else
("my friend said she wants to die") or clearly in the past ("years ago I was suicidal"); such
spans are also removed before the trained classifier scores the text, so the words alone do not
raise an alarm. Slang and misspellings are part of the patterns ("kms", "unalive", "sewer
slide", "suicidel", leetspeak like "k1ll mys3lf").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

LEVELS = ("none", "concern", "high")


def level_max(a: str, b: str) -> str:
    return a if LEVELS.index(a) >= LEVELS.index(b) else b


_LEET = str.maketrans(
    {"1": "i", "3": "e", "0": "o", "@": "a", "$": "s", "!": "i", "4": "a", "5": "s", "7": "t"}
)
_LEET_WORD = re.compile(r"\b(?=\w*[a-z])[a-z0-9@$!]*[0-9@$!][a-z0-9@$!]*\b")
# A leet character next to a letter (same as "[a-z][0-9@$!]|[0-9@$!][a-z]", found faster).
_LEET_CHARS = re.compile(r"[0-9@$!](?:(?<=[a-z][0-9@$!])|(?=[a-z]))")
_LEET_CHAR = re.compile(r"[0-9@$!]")
# Curly quotes → straight ones (str.replace: much faster than str.translate on long texts).
_APOS = (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u00b4", "'"))


def _unleet(m: re.Match[str]) -> str:
    return m.group(0).translate(_LEET) if not m.group(0).isdigit() else m.group(0)


# Accented letters → plain ones, one character for one ("mañana" → "manana", "decidí" →
# "decidi"): Spanish is often typed without accents, so the rules are written without them.
_FOLD = str.maketrans("áéíóúüñàèìòùâêîôûäëïöç", "aeiouunaeiouaeiouaeioc")


def prepare(text: str) -> str:
    """Lower-case, straight quotes, accents dropped, leetspeak inside words undone ("k1ll" →
    "kill"). Keeps the length of the text, so spans found here map back onto the original."""
    t = text
    for curly, straight in _APOS:
        if curly in t:
            t = t.replace(curly, straight)
    t = t.lower()
    if not t.isascii():
        t = t.translate(_FOLD)
    if not _LEET_CHARS.search(t):
        return t
    # A leet word never spans a space, and a space reads like the start or end of the text
    # to \b and \w: so only the pieces between spaces that have a leet character need it.
    out: list[str] = []
    done = 0
    for m in _LEET_CHAR.finditer(t):
        if m.start() < done:
            continue
        start = t.rfind(" ", 0, m.start()) + 1
        end = t.find(" ", m.end())
        end = len(t) if end < 0 else end
        out += (t[done:start], _LEET_WORD.sub(_unleet, t[start:end]))
        done = end
    out.append(t[done:])
    return "".join(out)


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


# --- fast alternations ---
# Each family of rules below is one big alternation. Scanned as one regex, it tries every rule
# at every position of the text: most of the screening time on long posts. `Alternation` finds
# exactly the same matches, faster:
# - a rule runs only when the text has the words it cannot match without. Those words are
#   written beside each rule (`needs`): "going gonna ; die kill" means the text has "going" or
#   "gonna" as a whole word, and "die" or "kill" as a whole word. A word is a run of letters
#   a-z with no letter on either side; a piece written "~overdos" is looked for anywhere in the
#   text instead (for a rule whose words vary, "overdose", "overdosing"). A rule with no needs
#   always runs. tests/safety/test_screening_long_messages.py holds every rule's needs to its
#   regex: on texts made from each regex, the fast scan finds exactly what the plain one finds;
# - a rule that starts with \b runs without it, so that the regex engine can skip to the places
#   where its first letters occur; \b is checked at each hit ("\bX" matches where "X" matches at
#   a word boundary). A leading optional part, "\b(?:i )?X", runs as "\bi X" then "\bX".
_LETTERS = re.compile(r"[a-z]+")
_BOUNDARY = re.compile(r"\b")
_LEADING_PLUS = re.compile(r"[a-z]\+(?![?+])")
_OPTIONAL_START = re.compile(r"\\b\(\?:((?:[a-z' ]+\|)*[a-z' ]+)\)\?(?![?+])(.*)", re.DOTALL)
# Shorter texts: one scan of the whole alternation is faster.
_LONG_TEXT = 60

# A rule and the words it needs: a regex, or (regex, needs).
RuleSpec = str | tuple[str, str]


def _parse_needs(source: str, spec: str) -> tuple[list[frozenset[str]], frozenset[str]]:
    """The sets of whole words and the set of pieces written for a rule (see above). Every word
    and piece must be written in the regex itself: a typo in a need would silently skip a rule."""
    words: list[frozenset[str]] = []
    pieces: frozenset[str] = frozenset()
    for part in filter(None, (p.strip() for p in spec.split(";"))):
        items = part.split()
        if all(i.startswith("~") for i in items):
            if pieces:
                raise ValueError(f"a rule has one set of pieces at most: {spec!r}")
            pieces = frozenset(i[1:] for i in items)
        elif any(i.startswith("~") for i in items) or not all(_LETTERS.fullmatch(i) for i in items):
            raise ValueError(f"a set of needed words is words a-z or pieces ~x, not both: {part!r}")
        else:
            words.append(frozenset(items))
        spelled = source
        for token in ("(?:", " ?", ")", "?", "+", "*"):
            spelled = spelled.replace(token, "")
        for item in items:
            word = item.lstrip("~")
            if word not in spelled and not (word.endswith("s") and word[:-1] in spelled):
                raise ValueError(f"needed {item!r} is not in the rule {source!r}")
    return words, pieces


class _Rule:
    """One alternative of an `Alternation`: its regex and the words it needs (or, for a rule
    without such words, strings of which the text must have one)."""

    __slots__ = ("needs", "strings", "rx", "boundary")

    def __init__(self, source: str, needs: list[frozenset[str]], strings: frozenset[str]) -> None:
        self.needs = needs
        self.strings = strings
        self.boundary = source.startswith("\\b") and not _has_top_level_bar(source)
        bare = source[2:] if self.boundary else source
        # A leading "x+" as "xx*": then the regex engine can skip to the x's.
        self.rx = re.compile(bare[0] * 2 + "*" + bare[2:] if _LEADING_PLUS.match(bare) else bare)

    def search(self, t: str, pos: int) -> re.Match[str] | None:
        if not self.boundary:
            return self.rx.search(t, pos)
        while (m := self.rx.search(t, pos)) is not None and not _BOUNDARY.match(t, m.start()):
            pos = m.start() + 1
        return m


def _has_top_level_bar(source: str) -> bool:
    """Whether the regex is "A|B" (then a leading \b belongs to A only)."""
    depth, i, n = 0, 0, len(source)
    while i < n:
        c = source[i]
        if c == "\\":
            i += 1
        elif c == "[":  # a character class: up to its closing ], which may come first ("[]x]")
            i += 2 if source.startswith("^", i + 1) else 1
            i += 1 if source.startswith("]", i) else 0
            while i < n and source[i] != "]":
                i += 2 if source[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


def _variants(source: str) -> list[str]:
    """`source` as alternatives tried in the same order: "\b(?:a|b)?X" is "\baX|\bbX|\bX"."""
    m = _OPTIONAL_START.fullmatch(source)
    if not m or _has_top_level_bar(m.group(2)):
        return [source]
    return [rf"\b{o}(?:{m.group(2)})" for o in m.group(1).split("|")] + [rf"\b(?:{m.group(2)})"]


# Every byte but a-z → a space: the words of a text's UTF-8 are its "[a-z]+" runs (as bytes),
# found twice as fast as with the regex.
_LETTER_BYTES = bytes(b if 97 <= b <= 122 else 32 for b in range(256))
_last_words: tuple[str, frozenset[bytes]] = ("", frozenset())


def _words(t: str) -> frozenset[bytes]:
    """The words of a text; the last text's are kept, as several families read the same text."""
    global _last_words
    last = _last_words  # one read: safe with threads
    if last[0] is not t:
        words = frozenset(t.encode("utf-8", "surrogatepass").translate(_LETTER_BYTES).split())
        last = _last_words = (t, words)
    return last[1]


class Alternation:
    """The regex `_rx(*alternatives)` (`.pattern`), with the same `finditer` and `search`
    results, faster on long texts (see above). Matches give their span and `group(0)` only.
    Each alternative is a regex, or (regex, the words it needs)."""

    def __init__(self, *specs: RuleSpec) -> None:
        pairs = [(s, "") if isinstance(s, str) else s for s in specs]
        self.alternatives = tuple(source for source, _needs in pairs)
        self.pattern = _rx(*self.alternatives)
        self.rules: list[_Rule] = []
        for source, spec in pairs:
            words, pieces = _parse_needs(source, spec)
            self.rules += [_Rule(v, words, pieces) for v in _variants(source)]
        for r in self.rules:
            if r.rx.groups or r.rx.match("") is not None:
                raise ValueError(
                    f"an Alternation rule has a group or can match nothing: {r.rx.pattern}"
                )
        # One bit per set of needed words; a word sets the bits of the sets it is in. A rule is
        # looked at only when one of its words is in the text (`_rules_of`), or always when it
        # needs none (`_always`): a family of hundreds of rules costs what its words in the text do.
        self._bits: dict[bytes, int] = {}
        self._needs: list[int] = []
        self._rules_of: dict[bytes, list[int]] = {}
        always: list[int] = []
        bit = 1
        for i, r in enumerate(self.rules):
            mask = 0
            for needed in r.needs:
                for w in needed:
                    self._bits[w.encode()] = self._bits.get(w.encode(), 0) | bit
                mask |= bit
                bit <<= 1
            self._needs.append(mask)
            if r.needs:
                for w in r.needs[0]:
                    self._rules_of.setdefault(w.encode(), []).append(i)
            else:
                always.append(i)
        self._always = tuple(always)
        self._vocabulary = frozenset(self._bits)

    def finditer(self, t: str) -> Iterator[re.Match[str]]:
        if len(t) < _LONG_TEXT:
            yield from self.pattern.finditer(t)
            return
        have = 0
        candidates = set(self._always)
        for w in self._vocabulary.intersection(_words(t)):
            have |= self._bits[w]
            candidates.update(self._rules_of.get(w, ()))
        # In the order of the alternation: at one position, the first rule that matches wins.
        rules = [
            self.rules[i]
            for i in sorted(candidates)
            if have & self._needs[i] == self._needs[i]
            and (not self.rules[i].strings or any(s in t for s in self.rules[i].strings))
        ]
        # The alternation takes the leftmost match and, at one position, the first rule that
        # matches there; then it goes on from the end of that match. The same here, keeping
        # each rule's next match until the scan passes it.
        nxt = [r.search(t, 0) for r in rules]
        while True:
            found = None
            for m in nxt:
                if m is not None and (found is None or m.start() < found.start()):
                    found = m
            if found is None:
                return
            yield found
            pos = found.end()
            for i, m in enumerate(nxt):
                if m is not None and m.start() < pos:
                    nxt[i] = rules[i].search(t, pos)

    def search(self, t: str) -> re.Match[str] | None:
        return next(self.finditer(t), None)


_SELF = r"(?:my ?self|meself|myslef|mysef)"
_KILL = r"(?:kill+|kil|k[i*]ll|murder|off|hurt|harm|end)"
_SUICIDE = (
    r"(?:suicide|su[iy]?c[iy]d[ea]?|sui?side|suiciding|self[- ]?deletion|sewer ?slide|s[- ]?word)"
)
_END_LIFE = r"(?:end(?:ing)? (?:my (?:own )?life|it all|things|it)(?! (?:with|off|for|now between))|take (?:my own|my) life)"

# --- crisis: phrases that express the writer's own wish to die, thoughts of suicide, self-harm ---
HIGH_PHRASES = Alternation(
    # explicit intent
    (
        rf"\b(?:i'?m|i am|im) (?:going|gonna|about) to (?:kill {_SELF}|{_END_LIFE}|commit {_SUICIDE}|unalive {_SELF}|do it tonight|die tonight)",
        "going gonna about ; kill end ending take commit unalive do die",
    ),
    (
        rf"\bi(?:'ll| will| wil) (?:kill {_SELF}|{_END_LIFE}|commit {_SUICIDE}|unalive {_SELF}|not be here (?:tomorrow|much longer))",
        "ll will wil ; kill end ending take commit unalive not",
    ),
    (
        rf"\b(?:i )?(?:want|wanna|need|have|plan|planning|intend|ready|decided|going) (?:to )?(?:kill {_SELF}|{_END_LIFE}|commit {_SUICIDE}|unalive {_SELF})",
        "want wanna need have plan planning intend ready decided going ; kill end ending take commit unalive",
    ),
    (r"\bi(?:'m| am|m) (?:ready|done|going) to die\b", "die ; ready done going"),
    # plan or preparations
    (
        r"\b(?:wrote|written|writing|left|finished) (?:my|a) (?:suicide |goodbye )?(?:note|letter)s?\b(?! (?:for|to) (?:school|work|the teacher))",
        "wrote written writing left finished ; note notes letter letters",
    ),
    (r"\bsuicide note\b", "suicide ; note"),
    (
        r"\b(?:gave|giving|left|leaving|wrote|writing|finished|hid|hidden) (?:my|the) (?:goodbye |last )?note\b",
        "note ; gave giving left leaving wrote writing finished hid hidden",
    ),
    (
        r"\b(?:the day|the date|a date|the time|the night) (?:i(?:'ve)? (?:set|picked|chose|chosen)|is set)\b",
        "day date time night ; set picked chose chosen",
    ),
    (
        r"\b(?:goodbye|farewell) (?:cruel world|my friends|for(?:ever| good))\b",
        "goodbye farewell ; world friends forever good",
    ),
    (
        r"\b(?:it was|it's been|its been|it has been) (?:a )?(?:fun|good|nice|long|hard) (?:ride|run|life)\b.{0,40}\b(?:lasted|goodbye|sorry|love you)\b",
        "ride run life ; lasted goodbye sorry love",
    ),
    (
        r"\bthis is it\b.{0,30}\b(?:goodbye|sorry|ride|end|last|love you)\b",
        "this ; it ; goodbye sorry ride end last love",
    ),
    (
        r"\b(?:about to|so close to|ready to) (?:down|swallow|take|overdose on|od on|drink|mix)\b.{0,50}\b(?:pills|tablets|bottle|meds|bleach|cleaning|chemicals|painkillers)\b",
        "about close ready ; down swallow take overdose od drink mix ; pills tablets bottle meds bleach cleaning chemicals painkillers",
    ),
    # "going to take my tablets tonight" is an evening like any other: a plan to take them all
    # is found by methods.py, which weighs quantity, time and the everyday.
    (
        r"\b(?:going to|gonna) (?:down|swallow|overdose on|od on)\b.{0,50}\b(?:pills|tablets|bottle|meds|painkillers)\b",
        "going gonna ; down swallow overdose od ; pills tablets bottle meds painkillers",
    ),
    (
        r"\b(?:belt|rope|cord|noose|ligature|cable) (?:a?round|on) my neck\b",
        "neck ; belt rope cord noose ligature cable",
    ),
    (r"\bwould (?:it|this|that|they) (?:take|kill|finish) me\b", "would ; take kill finish ; me"),
    (
        r"\b(?:this is|this'll be|this will be) my (?:last|final) (?:message|post|night|day|goodbye)\b",
        "last final ; message post night day goodbye",
    ),
    (
        r"\b(?:giving|gave) away (?:all )?my (?:stuff|things|belongings|pets?)\b",
        "away ; giving gave ; stuff things belongings pet pets",
    ),
    (
        r"\b(?:saying|said) (?:my )?goodbyes?\b.{0,40}\b(?:forever|for good|last)\b",
        "saying said ; goodbye goodbyes ; forever good last",
    ),
    (
        r"\bgoodbye (?:everyone|all|world|guys|forever)\b",
        "goodbye ; everyone all world guys forever",
    ),
    (rf"\bmy plan (?:is )?to (?:die|kill {_SELF}|{_END_LIFE})", "plan ; my"),
    # means at hand
    (
        r"\b(?:i )?(?:have|got|bought|saved|saving|stockpil\w*|collected|collecting|hoarding) (?:up )?(?:enough |all (?:the|my) |a bunch of |the )?(?:pills|tablets|meds|rope|gun|razor ?blades?|blades)\b.{0,60}\b(?:die|kill|end|overdose|od|it|tonight|when)\b",
        "pills tablets meds rope gun blade blades razorblade razorblades ; die kill end overdose od it tonight when",
    ),
    # recent attempt
    (
        rf"\b(?:i )?(?:tried|attempted|try(?:ing)?) to (?:kill {_SELF}|{_END_LIFE}|commit {_SUICIDE}|unalive {_SELF}|overdose|hang {_SELF}|die)\b.{{0,40}}\b(?:last night|yesterday|today|this morning|tonight|earlier|an hour ago|last week|again)\b",
        "tried attempted try trying ; again ago earlier morning night today tonight week yesterday",
    ),
    (
        r"\b(?:last night|yesterday|today|this morning|earlier today|an hour ago) (?:i )?(?:tried|attempted) to (?:kill|end|die|overdose|hang)",
        "tried attempted ; ago morning night today yesterday",
    ),
    (
        r"\bi (?:just )?(?:overdosed|od'?d|took (?:all|a bunch|too many|an overdose)\b.{0,20}\b(?:pills|tablets|meds))",
        "i",
    ),
    (
        r"\bi(?:'ve| have)? just (?:tried|attempted) (?:to )?(?:suicide|kill|end)",
        "just ; tried attempted",
    ),
)

CONCERN_PHRASES = Alternation(
    # thoughts of suicide
    (
        rf"\b(?:i'?m|i am|im|i feel|feeling|been|i've been|ive been|getting|became|i was|was|i felt|felt) (?:so |really |very |pretty |kind of |kinda )?(?:suicidal|{_SUICIDE}al)\b",
        "m am im feel feeling been getting became was felt ; ~su ~self ~sewer ~word",
    ),
    (
        rf"\b(?:thinking|thought|thoughts|think) (?:about|of) (?:{_SUICIDE}|killing {_SELF}|ending (?:it|my life|things)|dying|death|not being here|being dead)",
        "thinking thought thoughts think ; about of",
    ),
    (
        rf"\b(?:suicidal|{_SUICIDE}) (?:thoughts|ideation|feelings|urges)\b",
        "thoughts ideation feelings urges",
    ),
    (
        rf"\b(?:kms|kmsl|unalive (?:{_SELF}|myself)|unaliving (?:{_SELF}|myself))\b",
        "kms kmsl unalive unaliving",
    ),
    (
        r"\b(?:wanna|want to|want) (?:die|be dead|disappear forever|not exist|stop existing|not wake up|sleep forever|unalive)\b(?! (?:of|from|laughing|lol))",
        "wanna want ; die dead forever exist existing up unalive",
    ),
    (
        r"\b(?:wish|wishing|hope|hoping) (?:i (?:was|were|could be)|to be|i'd) (?:dead|gone|never born|not here|not alive)",
        "wish wishing hope hoping ; ~dead ~gone ~born ~here ~alive",
    ),
    (r"\b(?:wish|hope) i (?:don't|dont|do not|wouldn't|never) wake up\b", "wake ; wish hope"),
    (
        r"\b(?:don't|dont|do not) want to (?:live|be alive|be here|exist|wake up|go on|keep going)\b",
        "want ; live alive here exist up on going",
    ),
    (
        r"\b(?:no|any) (?:reason|point) (?:to|in) (?:live|living|going on|being alive|carry on|carrying on|keep going)\b",
        "reason point ; live living on alive going",
    ),
    (
        r"\b(?:can't|cant|cannot|can not) (?:go on|do this anymore|keep going|take (?:it|this) anymore|live like this)\b",
        "can cant cannot ; on anymore going this",
    ),
    (
        r"\b(?:better off|be better) (?:dead|without me|if i (?:was|were) (?:dead|gone))\b",
        "better ; dead me gone",
    ),
    (
        r"\b(?:everyone|everybody|they|world|family) (?:would|will) be better (?:off )?without me\b",
        "better ; without",
    ),
    (
        r"\b(?:tired|sick) of (?:living|life|being alive|existing)\b",
        "tired sick ; living life alive existing",
    ),
    (r"\bend it all\b", "end ; all"),
    (
        rf"\b(?:kill(?:ing)?|hurt(?:ing)?|harm(?:ing)?|cut(?:ting)?|burn(?:ing)?) {_SELF}\b",
        "kill killing hurt hurting harm harming cut cutting burn burning ; meself myself myslef mysef self",
    ),
    (r"\bself[- ]?harm(?:ing|ed)?\b", "~harm"),
    (
        r"\bi (?:cut|have been cutting|started cutting|relapsed)\b(?! (?:off|back|down|out|my hair|the|it|class|school|ties|him|her|them|people))",
        "cut cutting relapsed",
    ),
    (r"\blife (?:is|isn't|isnt) (?:not )?worth (?:living|it)\b.{0,0}", "life ; worth"),
    (r"\b(?:i )?(?:should|could) just die\b", "just ; die"),
    # warning signs: feeling a burden, trapped, no point in living
    (
        r"\b(?:i'?m|i am|im|i feel like|feel like|being) (?:such |just |nothing but )?a burden\b",
        "burden",
    ),
    (
        r"\b(?:there's|there is|i see|i have|i've got) no (?:way out|escape|future)\b",
        "no ; out escape future",
    ),
    (
        r"\b(?:don't|dont|do not|can't|cant|cannot) see (?:the|any) point (?:anymore|any more|in (?:living|life|going on|being here|carrying on)|of (?:living|life|being alive))\b",
        "see ; point",
    ),
    (
        r"\bwhat(?:'s| is) the point (?:of|in) (?:living|life|being alive|going on|carrying on)\b",
        "what ; point",
    ),
    (
        r"\b(?:give up on (?:life|living)|can't keep fighting|cant keep fighting|tired of fighting)\b",
        "give fighting ; life living fighting",
    ),
    (r"\b(?:lost|losing) the (?:battle|fight)\b", "lost losing ; battle fight"),
    (r"\b(?:can't|cant|cannot) afford to (?:live|be alive|exist) (?:any ?more)\b", "afford"),
    (r"\bno (?:point|reason) (?:any ?more|left)\b", "point reason ; anymore more left"),
    (r"\bi(?:'ve| have) given up(?= *(?:[.!,]|$))", "given"),
    (
        r"\b(?:given|give|giving) up on (?:life|living|everything|myself)\b",
        "up ; life living everything myself",
    ),
    (r"\b(?:i )?(?:deserve|want) to die\b", "die ; deserve want"),
)

# Cues that lift any crisis phrase to "high": a timeframe, a plan, means.
HIGH_BOOSTERS = _rx(
    r"\b(?:tonight|tomorrow|this weekend|today|right now|in an hour|after (?:everyone|they) (?:sleeps?|goes? to bed)|when everyone(?:'s| is) asleep)\b",
    r"\b(?:i have a plan|i've got a plan|made a plan|my plan|have it planned|planned it|worked out how)\b",
    r"\b(?:pills|tablets|rope|gun|bridge|blades?|razor)\b",
    r"\b(?:goodbye|last message|note)\b",
)

_NEGATION = re.compile(
    r"\b(?:never|not|no|don't|dont|do not|won't|wont|wouldn't|wouldnt|would not|didn't|didnt|couldn't|isn't|aren't|nor|stopped|quit)\b"
    r"|\bi(?:'m| am|m) not\b|\bno longer\b|\bnot (?:going|gonna)\b|\b(?:fear|afraid|scared) of\b"
)
# Words that close a clause: a negation before them does not reach the phrase after them.
_CLAUSE_BREAK = re.compile(r"[.!?;:\n]|\b(?:but|and yet|although|though|however|except)\b")
_PAST = re.compile(
    r"\b(?:used to|years? ago|months ago|when i was (?:younger|a (?:kid|child|teen|teenager)|\d+|in)|in the past|back then|"
    r"back in|as a (?:kid|teen|teenager)|in (?:high ?school|college|my (?:teens|twenties))|(?:19|20)\d\d|"
    r"(?:been )?clean (?:for|from)|recovered|recovery from|survived|(?:a|my) (?:past|previous|old) attempt)\b"
)
_THIRD_PERSON = re.compile(
    r"\b(?:he|she|they|he's|she's|they're|his|her|their|him|them|someone|somebody|people|friend|friends|"
    r"brother|sister|mom|mum|dad|father|mother|son|daughter|partner|husband|wife|boyfriend|girlfriend|cousin|"
    r"classmate|coworker|colleague|patient|client|character|you|you're|your)\b"
)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|id|i'll|me|my|myself|mine)\b")
_THIRD_REFLEXIVE = re.compile(
    r"\b(?:kill|hurt|harm|cut)(?:s|ed|ing)? (?:him|her|them|your|you)selfs?\b"
)
_OTHERS_CRISIS = Alternation(
    (
        r"\b(?:kill|hurt|harm|cut|end|off|unalive|hang|overdos)(?:s|ed|ing|e)? (?:him|her|them)sel(?:f|ves)\b",
        "~sel",
    ),
    (
        r"\b(?:he|she|they|friend|brother|sister|mum|mom|dad|son|daughter|partner)(?:'s| is| was| has)? "
        r"(?:wants?|wanted|tried|attempted|is going|was going|threatened|talks? about|talked about) (?:to )?(?:die|kill|end (?:it|his|her|their)|suicide|commit)",
        "want wants wanted tried attempted going threatened about ; he she they friend brother sister mum mom dad son daughter partner",
    ),
)
_HYPERBOLE = Alternation(
    (
        r"\b(?:lol|lmao|lmfao|haha+|jk|just kidding|rofl|xd)\b",
        "~lol ~lmao ~lmfao ~haha ~jk ~kidding ~rofl ~xd",
    ),
    "😂",
    "🤣",
    "💀",
)


# The trained classifier alone raises a concern only in a message that touches on death,
# self-harm, hopelessness or being unable to go on: trained on r/SuicideWatch vs r/depression,
# it otherwise reads any message that is not about depression (a good week, a sleep tip) as
# "SuicideWatch-like".
RISK_VOCABULARY = re.compile(
    r"\b(?:die|dying|suicid\w*|kill\w*|end (?:it|my life|things|everything)|ending it|my life|living|alive|"
    r"exist(?:ing|ence)?|hopeless\w*|worthless|pointless|no point|what'?s the point|give up|giving up|gave up|given up|"
    r"can'?t (?:go on|take it|take this|do this|cope|keep going)|cannot (?:go on|take it|do this|cope)|lonely|"
    r"nobody (?:cares|would)|no one (?:cares|would)|burden|hurt (?:myself|me)|hurting|self[- ]?harm\w*|cut(?:ting)? myself|"
    r"bleed\w*|pills|tablets|overdos\w*|rope|bridge|gun|goodbye|tired of|done with (?:it|life|everything)|escape|"
    r"trapped|disappear\w*|sleep forever|hate (?:myself|my life)|kms|unaliv\w*|empty|numb|help me|please help|"
    r"pain|painful|suffer\w*|miserable|hurts|broken|alone|any ?more|exhausted|crying|scared|nothing left)\b"
)


# Everyday idioms built on risk words ("this heat is killing me", "dying to see you"): they do
# not make a message touch on risk.
RISK_IDIOMS = re.compile(
    r"\b(?:(?:is|are|was|were|'s|'re) killing me|killing it|killed it|dying to|to die for|"
    r"(?:bored|scared|frightened) to death|dying (?:of|with) laughter)\b"
)


def touches_on_risk(prepared: str) -> bool:
    return touches(prepared, RISK_VOCABULARY, RISK_IDIOMS)


def touches(prepared: str, vocabulary: re.Pattern[str], idioms: re.Pattern[str]) -> bool:
    """A risk word that is not only part of an everyday idiom (per language's word lists)."""
    if not vocabulary.search(prepared):
        return False
    return bool(vocabulary.search(idioms.sub(" ", prepared))) if idioms.search(prepared) else True


@dataclass
class RuleMatch:
    rule: str
    level: str
    start: int
    end: int
    context: str = ""  # "", "negated", "quoted", "third_person", "past"


@dataclass
class CrisisFinding:
    level: str = "none"
    matches: list[RuleMatch] = field(default_factory=list)
    suppressed: list[RuleMatch] = field(default_factory=list)


def _quoted_spans(t: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r'"[^"\n]{3,300}"', t)]


def _clause_before(t: str, start: int, width: int = 60) -> str:
    window = t[max(0, start - width) : start]
    parts = _CLAUSE_BREAK.split(window)
    return parts[-1] if parts else window


def _context_of(t: str, m: re.Match[str], quotes: list[tuple[int, int]]) -> str:
    if any(a <= m.start() and m.end() <= b for a, b in quotes):
        return "quoted"
    phrase = m.group(0)
    before = _clause_before(t, m.start())
    # The phrase itself may carry its own negation ("don't want to live"): only look before it.
    if _NEGATION.search(before) and not re.match(
        r"(?:don't|dont|do not|can't|cant|cannot|no)\b", phrase
    ):
        return "negated"
    if not _FIRST_PERSON.search(phrase):
        subjects = list(re.finditer(rf"{_THIRD_PERSON.pattern}|{_FIRST_PERSON.pattern}", before))
        if subjects and _THIRD_PERSON.fullmatch(subjects[-1].group(0)):
            return "third_person"
    sentence_end = _CLAUSE_BREAK.search(t, m.end())
    after = t[m.end() : sentence_end.start() if sentence_end else len(t)]
    if _PAST.search(before) or _PAST.search(after[:60]):
        return "past"
    if re.search(r"\b(?:used to|once|had|was|were)\b", before[-25:]) and re.search(
        r"\b(?:wanted|thought|felt|was|were|had)\b", before + phrase
    ):
        return "past"
    return ""


def crisis_rules(text: str, prepared: str | None = None) -> CrisisFinding:
    t = prepared if prepared is not None else prepare(text)
    quotes = _quoted_spans(t)
    finding = CrisisFinding()
    for level, pattern in (("high", HIGH_PHRASES), ("concern", CONCERN_PHRASES)):
        for m in pattern.finditer(t):
            if _THIRD_REFLEXIVE.search(m.group(0)):
                continue
            ctx = _context_of(t, m, quotes)
            rm = RuleMatch(
                rule=f"crisis_{level}", level=level, start=m.start(), end=m.end(), context=ctx
            )
            if ctx:
                finding.suppressed.append(rm)
            else:
                finding.matches.append(rm)
                finding.level = level_max(finding.level, level)
    # Someone else's crisis ("she wants to kill herself"): kept for moderators, hidden from the
    # classifier so the words alone don't read as the writer's own.
    for m in _OTHERS_CRISIS.finditer(t):
        finding.suppressed.append(
            RuleMatch("crisis_other_person", "concern", m.start(), m.end(), "third_person")
        )
    # A past attempt mentioned with the same sentence's recency cue is still "recent": handled
    # by HIGH_PHRASES above. Timeframe, plan or means next to a live concern phrase: high.
    if finding.level == "concern" and not _HYPERBOLE.search(t):
        for rm in finding.matches:
            lo = max(0, rm.start - 120)
            if HIGH_BOOSTERS.search(t[lo : rm.end + 120]):
                finding.level = "high"
                rm.level = "high"
                break
    # Slang said as an obvious joke ("this homework makes me wanna kms lol") stays a concern, never high.
    return finding


def strip_spans(text: str, spans: list[RuleMatch]) -> str:
    """The text with the suppressed phrases blanked, for the classifier."""
    if not spans:
        return text
    chars = list(text)
    for s in spans:
        # For a negation, blank the clause lead-in too ("I would never ..."), so the negation
        # words don't linger and read as distress.
        lo = max(0, s.start - 30) if s.context == "negated" else s.start
        for i in range(lo, min(s.end, len(chars))):
            chars[i] = " "
    return "".join(chars)


# Method detail (plans that name a means, how-to content): alongside/safety/methods.py.


# --- abuse: harassment, slurs, threats, telling someone to hurt or kill themselves ---
ABUSE_RULES: dict[str, Alternation] = {
    "tells someone to kill themselves": Alternation(
        (r"\bkys\b", "kys"),
        (
            r"\b(?:go |just |pls |please )?(?:kill|unalive|hang|neck|off|rope) (?:your ?self|urself|yourselves|urselves)\b",
            "kill unalive hang neck off rope ; self yourself urself yourselves urselves",
        ),
        (
            r"\byou (?:should|need to|ought to|deserve to|can) (?:just )?(?:die|kill your ?self|end it|drop dead|not exist)\b",
            "you ; should need ought deserve can",
        ),
        (
            r"\b(?:i )?hope (?:you|u) (?:die|get cancer|kill your ?self|suffer|rot)\b",
            "hope ; you u",
        ),
        (
            r"\b(?:drink bleach|jump off a bridge|go die|drop dead)\b(?! (?:lol|haha))",
            "bleach bridge die dead",
        ),
        (
            r"\b(?:nobody|no one|no-one) (?:would|will) (?:miss|care about|notice) (?:you|u)\b",
            "would will ; you u",
        ),
        (r"\bdo (?:us|everyone|the world) a favou?r and\b", "do ; and"),
        (
            r"\bworld (?:would be|is) better (?:off )?without (?:you|u)\b",
            "world ; better ; without",
        ),
    ),
    "threat": Alternation(
        (
            r"\bi(?:'ll| will|'m going to|'m gonna| am going to| am gonna) (?:kill|hurt|find|beat|stab|shoot|end|destroy|get) (?:you|u|ya)\b",
            "you u ya ; kill hurt find beat stab shoot end destroy get",
        ),
        (
            r"\b(?:you're|you are|ur|you) (?:dead|going to die|gonna die|gonna pay|will pay)\b(?! (?:inside|tired))",
            "dead die pay ; you ur",
        ),
        (
            r"\b(?:watch your back|i know where (?:you|u) live|coming for (?:you|u))\b",
            "back live you u",
        ),
    ),
    "harassment": Alternation(
        (
            r"\b(?:you're|you are|ur|u r|youre|you) (?:such |a |an |so |just |nothing but |fucking |a fucking |an absolute |a complete |a total |a pathetic |the )*"
            r"(?:worthless|pathetic|disgusting|idiot|stupid|moron|loser|waste of (?:space|air|oxygen)|attention[- ]seek(?:er|ing)|freak|retard(?:ed)?|"
            r"ugly|fat|failure|joke|piece of shit|scum|trash|garbage|faker?|drama queen|bitch|cunt|whore|slut|dumb(?:ass)?|bastard|asshole|twat|prick)\b",
            "you ur u youre",
        ),
        (r"\b(?:fuck (?:you|u|off)|f off|stfu|shut (?:the fuck )?up)\b", "fuck f stfu shut"),
        (
            r"\b(?:nobody|no one|no-one) (?:likes|cares about|wants|loves) (?:you|u)\b",
            "likes cares wants loves ; you u",
        ),
        (
            r"\b(?:you|u) (?:deserve|deserved) (?:it|this|to suffer|what you get)\b",
            "deserve deserved",
        ),
        (
            r"\bstop (?:whining|crying|faking|being so dramatic)\b",
            "stop ; whining crying faking dramatic",
        ),
    ),
    "slur": Alternation(
        (r"\bn+[i1!]+gg+(?:er|a|ah|az|ers|as)\b", "~gg"),
        r"\bf+[a@]+g+(?:g+[o0]t+s?|s)?\b",
        (r"\bretard(?:s|ed)?\b", "~retard"),
        (r"\btrann(?:y|ies)\b", "~trann"),
        (
            r"\b(?:kike|kikes|spic|spics|chink|chinks|wetback|wetbacks|gook|gooks|raghead|towelhead|sand ?n\w+|coon|coons|paki|pakis|dyke|dykes|beaner|beaners)\b",
            "~kike ~spic ~chink ~wetback ~gook ~raghead ~towelhead ~sand ~coon ~paki ~dyke ~beaner",
        ),
    ),
}


# Who an insult is aimed at: "you", a handle, a group of people, or a word that is itself an
# insult. The classifier alone holds a message only when it has such a target, so venting
# ("this week was shit") is never held for its swearing.
ABUSE_TARGET = re.compile(
    r"@\w|\b(?:you|u|ya|your|ur|you're|youre|yours|yourself|y'all|yall|ppl|people|they|them|these|those|"
    r"he|she|him|her|his|hers|women|men|girls|boys|gays?|blacks?|whites?|jews?|muslims?|immigrants?|"
    r"bitch\w*|hoes?|hoe|whores?|sluts?|cunts?|pussy|pussies|nigg\w*|fag\w*|dyke\w*|twats?|dicks?|"
    r"bastards?|assholes?|idiots?|morons?|retard\w*|trash|scum|losers?|thot\w*|skank\w*|cracker\w*|"
    r"queers?|homos?|spics?|chinks?|coons?|kikes?|wetbacks?|mongoloids?)\b"
)


def abuse_has_target(text: str, prepared: str | None = None) -> bool:
    return bool(ABUSE_TARGET.search(prepared if prepared is not None else prepare(text)))


def abuse_rules(text: str, prepared: str | None = None) -> list[str]:
    t = prepared if prepared is not None else prepare(text)
    return [name for name, pattern in ABUSE_RULES.items() if pattern.search(t)]
