"""The language of what a person reads: Dutch by default, English on request.

Texts are written in English in the code (``words._("...")``) and translated through the gettext catalogue
``models/locale/<lang>/LC_MESSAGES/regio.po``, read with Babel when first needed (no compile step). Numbers
and euros are formatted for the language: ``13.365.589`` and ``€ 13.365.589`` in Dutch, ``13,365,589`` and
``€13,365,589`` in English. The language comes from ``--lang``, ``REGIO_LANG`` or an ``Accept-Language``
header; anything else than English reads as Dutch.
"""

from __future__ import annotations

import gettext
import io
import math
import os
import re
from functools import cache
from importlib import resources
from typing import Literal

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import Translations

Lang = Literal["nl", "en"]
LANGUAGES: tuple[Lang, ...] = ("nl", "en")
DEFAULT: Lang = "nl"
LOCALES: dict[Lang, str] = {"nl": "nl_NL", "en": "en_GB"}
#: the catalogue domain
DOMAIN = "regio"


def language(value: str | None = None) -> Lang:
    """The language asked for (``en``, ``EN``, ``en-GB``, ``nl_NL``...), else ``REGIO_LANG``, else Dutch."""
    for asked in (value, os.environ.get("REGIO_LANG")):
        if asked:
            code = asked.strip().lower().replace("_", "-").split("-")[0]
            if code in LANGUAGES:
                return code
    return DEFAULT


def accept_language(header: str | None) -> Lang:
    """The first supported language of an ``Accept-Language`` header by its weights; Dutch without one."""
    best: tuple[float, int, Lang] | None = None
    for i, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        code = tag.strip().lower().split("-")[0]
        if code not in LANGUAGES:
            continue
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if weight > 0 and (best is None or (weight, -i) > (best[0], -best[1])):
            best = (weight, i, code)
    return best[2] if best else DEFAULT


@cache
def translations(lang: Lang) -> gettext.NullTranslations:
    """The catalogue of a language (English: the texts as written)."""
    if lang == "en":
        return gettext.NullTranslations()
    source = resources.files("models") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with source.open("rb") as po:
        catalog = read_po(po, locale=LOCALES[lang], domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


#: a number as the language writes it: thousands grouped by the separator, then the decimal part
_WRITTEN = {
    "nl": re.compile(r"[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?"),
    "en": re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?"),
}
#: what Python reads as a float but a person does not write: nan, inf, exponents
_MACHINE = re.compile(r"[+-]?(nan|inf|infinity|\d+(\.\d*)?e[+-]?\d+)", re.IGNORECASE)


class Message(str):
    """A text written in English in the code that keeps its catalogue id and fields, so the edge of the program
    (the CLI, the API, the forms) can word it in the reader's language (``worded``). As a ``str`` it reads in
    English, so logs, exceptions and older callers see the text as before."""

    msgid: str
    params: dict[str, object]

    def __new__(cls, msgid: str, /, **params: object) -> Message:
        text = str.__new__(cls, Words("en")._(msgid, **params))
        text.msgid, text.params = msgid, params
        return text

    def __reduce__(self) -> tuple[object, ...]:  # pickles (worker processes) keep the catalogue id
        return (_message, (self.msgid, self.params))


def _message(msgid: str, params: dict[str, object]) -> Message:
    return Message(msgid, **params)


def t_(msgid: str, /, **params: object) -> Message:
    """A message to word later, in the reader's language: ``raise PackError(t_("unknown region {code}",
    code=code))``."""
    return Message(msgid, **params)


def worded(text: object, words: Words) -> str:
    """A text in the reader's language: a ``Message`` through the catalogue (its fields too), anything else as
    it is."""
    if isinstance(text, Message):
        return words._(text.msgid, **{k: worded(v, words) if isinstance(v, Message) else v
                                      for k, v in text.params.items()})
    return str(text)


class Words:
    """Texts and numbers in one language."""

    def __init__(self, lang: str | None = None) -> None:
        self.lang: Lang = language(lang)
        self.locale = LOCALES[self.lang]
        self._catalogue = translations(self.lang)

    def _(self, message: str, /, **params: object) -> str:
        """The message in this language, its ``{name}`` fields filled (numbers in the language's format)."""
        return self._fill(self._catalogue.gettext(message), params)

    def n_(self, singular: str, plural: str, n: float, /, **params: object) -> str:
        """Singular or plural by ``n`` (available to the message as ``{n}``)."""
        whole = int(n) if float(n).is_integer() else 2
        return self._fill(self._catalogue.ngettext(singular, plural, whole), {"n": n, **params})

    def _fill(self, text: str, params: dict[str, object]) -> str:
        if not params:
            return text
        shown = {k: self._field(v) for k, v in params.items()}
        return text.format(**shown)

    def _field(self, value: object) -> object:
        """A message field: numbers in the language's format, but whole numbers of four digits or fewer (years,
        counts, metres) without a thousands separator, as both languages may write them; other texts in this
        language."""
        if isinstance(value, Message):
            return worded(value, self)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return value
        if float(value).is_integer() and abs(value) < 10_000:
            return str(int(value))
        if not math.isfinite(value):
            return str(value)
        return self.number(value)

    def number(self, value: float, decimals: int = 2) -> str:
        """``13.365.589``, ``3,5`` (at most ``decimals`` decimals, none shown when whole)."""
        pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def fixed(self, value: float, decimals: int) -> str:
        """Always ``decimals`` decimals: ``40,00``."""
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def euro(self, value: float, cents: bool = False) -> str:
        """``€ 13.365.589`` (whole euros) or with ``cents``: ``€ 13.365.589,50``; below zero ``€ -1.944.772``."""
        decimals = ".00" if cents else ""
        pattern = f"¤ #,##0{decimals};¤ -#,##0{decimals}" if self.lang == "nl" else f"¤#,##0{decimals}"
        return format_currency(value, "EUR", format=pattern, locale=self.locale, currency_digits=False)

    def quantity(self, amount: float, unit: str) -> str:
        """An amount in its unit: euros as ``euro``; ``1 plek``, ``3 plekken``, ``2 gewogen plekken``."""
        if unit == "EUR":
            return self.euro(amount)
        if unit == "places":
            return self.n_("{n} place", "{n} places", amount)
        if unit == "weighted places":
            return self.n_("{n} weighted place", "{n} weighted places", amount)
        if unit == "sites":
            return self.n_("{n} site", "{n} sites", amount)
        return f"{self.number(amount)} {unit}"

    def read_number(self, text: str) -> float:
        """A number as a person types it in this language: ``250.000``, ``1.500.000,50``, ``€ 3,5`` in Dutch;
        ``250,000`` and ``1,500,000.50`` in English. A ValueError in this language says what is wrong: not a
        number, not finite (``nan``, ``1e400``), or written the other language's way (``48.21`` in a Dutch
        field), which is refused rather than guessed."""
        raw = text
        text = text.strip().replace("\u00a0", " ").removeprefix("€").strip().replace(" ", "")
        if _MACHINE.fullmatch(text):
            value = float(text)
            if not math.isfinite(value):
                raise ValueError(self._("'{text}' is not a finite number", text=raw))
            return value
        if _WRITTEN[self.lang].fullmatch(text):
            value = float(text.replace(".", "").replace(",", ".") if self.lang == "nl" else text.replace(",", ""))
            if not math.isfinite(value):  # hundreds of digits overflow to infinity
                raise ValueError(self._("'{text}' is not a finite number", text=raw))
            return value
        other = "en" if self.lang == "nl" else "nl"
        if _WRITTEN[other].fullmatch(text):
            raise ValueError(self._("'{text}' is not written as a number here: decimals after a decimal point "
                                    "(3.5), thousands with a comma (250,000)", text=raw))
        raise ValueError(self._("'{text}' is not a number", text=raw))
