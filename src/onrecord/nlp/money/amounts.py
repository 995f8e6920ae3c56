"""Money amounts and percentages in running text.

The small spaCy model tags "40 billion euros" as CARDINAL and "€1.2bn" half-way, so amounts get
their own rules: one regular expression over ``doc.text`` (offsets stay exact), then a small
interpreter for the number, the scale word and the currency. Pure function, no I/O.

Recognised shapes (qualifier and scale optional everywhere):
  symbol  number [scale]            "$8 billion", "€40bn", "£3m", "US$1.2 million", "$500,000"
  code    number [scale]            "USD 1.2 million", "EUR 2 billion"
  number  [scale] currency-word     "40 billion euros", "1.5 trillion yen", "two billion dollars"
  number  [scale] code              "5 million USD"
  scale-dollar                      "a million-dollar donation" (one million)
  number  percent                   "more than 99%", "12 percent", "3.5 per cent"
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from onrecord.models import Amount

# ---- qualifiers: every hedge maps onto one of five canonical values ----

_QUALIFIERS: dict[str, str] = {
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "an estimated": "about",
    "estimated": "about",
    "circa": "about",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "just under": "nearly",
    "just shy of": "nearly",
    "more than": "more than",
    "over": "more than",
    "just over": "more than",
    "upwards of": "more than",
    "in excess of": "more than",
    "above": "more than",
    "greater than": "more than",
    "up to": "up to",
    "as much as": "up to",
    "no more than": "up to",
    "not more than": "up to",
    "at most": "up to",
    "less than": "up to",
    "under": "up to",
    "at least": "at least",
    "no less than": "at least",
    "not less than": "at least",
    "a minimum of": "at least",
}

# ---- currencies ----

# Symbols and symbol-like prefixes, longest first so "US$" wins over "$".
_SYMBOLS: dict[str, str] = {
    "US$": "USD",
    "U.S.$": "USD",
    "C$": "CAD",
    "CA$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "R$": "BRL",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₴": "UAH",
    "₽": "RUB",
    "₩": "KRW",
    "Rs.": "INR",
    "Rs": "INR",
}

# Three-letter codes we accept before or after a number. A closed list: arbitrary capitals
# ("the 2 CEO…") must not become currencies.
_CODES = [
    "USD",
    "EUR",
    "GBP",
    "JPY",
    "CNY",
    "RMB",
    "CHF",
    "CAD",
    "AUD",
    "NZD",
    "HKD",
    "SGD",
    "INR",
    "RUB",
    "UAH",
    "PLN",
    "SEK",
    "NOK",
    "DKK",
    "CZK",
    "HUF",
    "KRW",
    "BRL",
    "MXN",
    "ZAR",
    "TRY",
    "ILS",
    "SAR",
    "AED",
]
_CODE_ALIASES = {"RMB": "CNY"}

# Currency words after the number. Qualified names come first so "Canadian dollars" beats
# "dollars". Bare "pounds" is left out on purpose: "200 pounds" is far more often a weight.
_WORDS: dict[str, str] = {
    "u.s. dollars": "USD",
    "us dollars": "USD",
    "american dollars": "USD",
    "canadian dollars": "CAD",
    "australian dollars": "AUD",
    "new zealand dollars": "NZD",
    "hong kong dollars": "HKD",
    "singapore dollars": "SGD",
    "dollars": "USD",
    "dollar": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "british pounds": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rubles": "RUB",
    "roubles": "RUB",
    "hryvnias": "UAH",
    "hryvnia": "UAH",
    "hryvnas": "UAH",
    "rupees": "INR",
    "swiss francs": "CHF",
    "zloty": "PLN",
    "zlotys": "PLN",
    "mexican pesos": "MXN",
    "shekels": "ILS",
}
# Words that are only money when a scale word precedes them ("5 million pounds").
_SCALED_ONLY_WORDS: dict[str, str] = {"pounds": "GBP", "won": "KRW"}

# ---- numbers and scales ----

_SCALES: dict[str, float] = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "trn": 1e12,
    "t": 1e12,
    "lakh": 1e5,
    "crore": 1e7,
}
# Scale words that must be a separate word (never glued to digits): "5 thousand", not "5thousand".
_SHORT_SCALES = ("bn", "bln", "mn", "mln", "tn", "trn", "k", "m", "b", "t")

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}


def _alt(options: list[str] | tuple[str, ...] | dict[str, object]) -> str:
    """Regex alternation, longest option first, each escaped and with flexible inner spaces."""
    keys = sorted(options, key=len, reverse=True)
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)


_NUM_WORD = rf"(?:{_alt(list(_UNITS) + list(_TENS))})"
# "twenty-five", "one hundred", "a" ("a billion dollars"), "half a" ("half a billion euros")
_WORD_NUMBER = (
    rf"(?:half\s+a|a|{_NUM_WORD}(?:[-\s]{_NUM_WORD})?(?:\s+hundred(?:\s+(?:and\s+)?{_NUM_WORD}"
    rf"(?:[-\s]{_NUM_WORD})?)?)?)"
)
# 500,000 | 1.2 | 40 | .5 — a comma group must have exactly three digits (so "1,5" stays "1").
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"

_QUAL = rf"(?P<qual>\b(?:{_alt(_QUALIFIERS)})\s+)?"
_SCALE_WORD = rf"(?:{_alt([s for s in _SCALES if s not in _SHORT_SCALES])})"
_SCALE_SHORT = rf"(?:{_alt(_SHORT_SCALES)})"
# A scale after digits: glued short form ("40bn", "3m") or a separate word ("40 billion").
_SCALE_AFTER_DIGITS = rf"(?:\s?(?P<short>{_SCALE_SHORT})\b|\s+(?P<scale>{_SCALE_WORD})\b)"
_SCALE_AFTER_WORDS = rf"(?:\s+(?P<wscale>{_SCALE_WORD})\b)"

_SYMBOL_RE = rf"(?<![A-Za-z\d])(?P<sym>{_alt(_SYMBOLS)})"
_CODE_RE = rf"(?P<code>{_alt(_CODES)})"
_POST_CODE_RE = rf"(?-i:(?P<pcode>{_alt(_CODES)}))"
_WORD_RE = rf"(?P<cword>{_alt(_WORDS)})"
_SCALED_WORD_RE = rf"(?P<sword>{_alt(_SCALED_ONLY_WORDS)})"

_PATTERNS: list[re.Pattern[str]] = [
    # $8 billion | €40bn | US$ 1.2 million | $500,000
    re.compile(
        rf"{_QUAL}{_SYMBOL_RE}\s?(?P<num>{_DIGITS})(?:{_SCALE_AFTER_DIGITS})?(?![\d])",
        re.IGNORECASE,
    ),
    # USD 1.2 million | EUR 2bn
    re.compile(
        rf"{_QUAL}\b{_CODE_RE}\s?(?P<num>{_DIGITS})(?:{_SCALE_AFTER_DIGITS})?(?![\d])",
    ),
    # 40 billion euros | 1.5 trillion yen | 5 million USD | 5 million pounds
    re.compile(
        rf"{_QUAL}(?<![\w.,])(?P<num>{_DIGITS})(?:{_SCALE_AFTER_DIGITS})?\s*"
        rf"(?:{_WORD_RE}\b|{_POST_CODE_RE}\b)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"{_QUAL}(?<![\w.,])(?P<num>{_DIGITS}){_SCALE_AFTER_DIGITS}\s*{_SCALED_WORD_RE}\b",
        re.IGNORECASE,
    ),
    # two billion dollars | a billion euros | half a billion dollars
    re.compile(
        rf"{_QUAL}\b(?P<wnum>{_WORD_NUMBER}){_SCALE_AFTER_WORDS}?\s+(?:{_WORD_RE}|{_SCALED_WORD_RE})\b",
        re.IGNORECASE,
    ),
    # a million-dollar donation | billion-dollar
    re.compile(rf"{_QUAL}(?<![\w-])(?P<hscale>million|billion|trillion)-dollar\b", re.IGNORECASE),
    # more than 99% | 12 percent | 3.5 per cent
    re.compile(
        rf"{_QUAL}(?<![\w.,])(?P<pnum>{_DIGITS})\s?(?P<pct>%|percent\b|per\s+cent\b|pct\b)",
        re.IGNORECASE,
    ),
]


def _word_number(text: str) -> float | None:
    words = re.split(r"[-\s]+", text.lower().strip())
    if words == ["a"]:
        return 1.0
    if words == ["half", "a"]:
        return 0.5
    total = 0
    current = 0
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "and":
            continue
        else:
            return None
    total += current
    return float(total)


def _digits(text: str) -> float:
    return float(text.replace(",", ""))


def _scale(match: re.Match[str]) -> float:
    groups = match.groupdict()
    for name in ("short", "scale", "wscale"):
        value = groups.get(name)
        if value:
            return _SCALES[value.lower()]
    return 1.0


def _currency(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    if groups.get("sym"):
        sym = groups["sym"]
        return _SYMBOLS.get(sym) or _SYMBOLS.get(sym.upper()) or _SYMBOLS.get(sym.capitalize())
    for name in ("code", "pcode"):
        if groups.get(name):
            code = groups[name].upper()
            return _CODE_ALIASES.get(code, code)
    if groups.get("cword"):
        return _WORDS[re.sub(r"\s+", " ", groups["cword"].lower())]
    if groups.get("sword"):
        return _SCALED_ONLY_WORDS[groups["sword"].lower()]
    return None


def _qualifier(match: re.Match[str]) -> str | None:
    qual = match.group("qual")
    if not qual:
        return None
    return _QUALIFIERS.get(re.sub(r"\s+", " ", qual.strip().lower()))


def _interpret(match: re.Match[str], text: str) -> Amount | None:
    groups = match.groupdict()
    if groups.get("pnum"):
        value = _digits(groups["pnum"])
        return Amount(
            start=match.start(),
            end=match.end(),
            text=match.group(0),
            amount=value,
            currency=None,
            qualifier=_qualifier(match),
            unit="percent",
        )
    if groups.get("hscale"):
        return Amount(
            start=match.start(),
            end=match.end(),
            text=match.group(0),
            amount=_SCALES[groups["hscale"].lower()],
            currency="USD",
            qualifier=_qualifier(match),
        )
    if groups.get("wnum"):
        base = _word_number(groups["wnum"])
        if base is None:
            return None
        # "a dollar"/"one euro" on their own are idioms, not amounts worth recording.
        if not groups.get("wscale") and groups["wnum"].lower() in ("a", "half a"):
            return None
    else:
        base = _digits(groups["num"])
    short = groups.get("short")
    if short and len(short) == 1 and match.start("short") != match.end("num"):
        # One-letter scales count only when glued ("$3m"): "$5 T-shirts" is not five trillion.
        return None
    if (
        groups.get("cword")
        and groups.get("num")
        and re.fullmatch(r"(19|20)\d\d", groups["num"])
        and text[max(0, match.start() - 3) : match.start()].lower() == "in "
    ):
        # "in 2019 dollars" states a price base, not an amount.
        return None
    currency = _currency(match)
    if currency is None:
        return None
    start = match.start()
    if groups.get("sword") and not (
        groups.get("short") or groups.get("scale") or groups.get("wscale")
    ):
        return None
    return Amount(
        start=start,
        end=match.end(),
        text=text[start : match.end()],
        amount=base * _scale(match),
        currency=currency,
        qualifier=_qualifier(match),
        unit="money",
    )


def find_amounts(text: str) -> list[Amount]:
    """All amounts in ``text``, non-overlapping, in reading order (longest match wins)."""
    found: list[Amount] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            amount = _interpret(match, text)
            if amount is not None:
                found.append(amount)
    found.sort(key=lambda a: (a.start, -(a.end - a.start)))
    kept: list[Amount] = []
    for amount in found:
        if kept and amount.start < kept[-1].end:
            continue  # overlaps an earlier (or same-start, longer) reading
        kept.append(amount)
    return [_bracketed_scale(a, text) for a in kept]


# "$1 [billion and] $2 billion": an editor's insertion carries the first amount's scale.
_BRACKET_SCALE = re.compile(
    r"\s*\[\s*(billion|million|trillion|thousand|bn|m)\b[^\]]{0,40}\]", re.I
)
_HAS_SCALE = re.compile(r"(?:illion|thousand|bn|\d\s*[mkbt])\b", re.I)


def _bracketed_scale(amount: Amount, text: str) -> Amount:
    if amount.unit != "money" or _HAS_SCALE.search(amount.text):
        return amount
    match = _BRACKET_SCALE.match(text, amount.end)
    if match is None:
        return amount
    scale = _SCALES.get(match.group(1).lower())
    if scale is None:
        return amount
    end = match.end(1)
    return Amount(
        start=amount.start,
        end=end,
        text=text[amount.start : end],
        amount=amount.amount * scale,
        currency=amount.currency,
        qualifier=amount.qualifier,
        unit=amount.unit,
    )


def extract_amounts(doc: Doc) -> list[Amount]:
    """Money amounts and percentages in a parsed document; offsets are into ``doc.text``."""
    return find_amounts(doc.text)
