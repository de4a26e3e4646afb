"""The language of what orgsim shows people: English in the code, Chinese from a catalogue.

Every sentence a page, figure or table shows is written in English where it is used and
wrapped in :func:`_`. With Chinese chosen (:func:`speaking`), :func:`_` looks the sentence
up in the gettext catalogues of ``analysis/locale/zh/`` (``.po`` files, one per area of
the code, read with Babel), so a translator works in any ``.po`` editor, and
``tests/test_translations.py`` extracts every ``_()`` call from the code with Babel and
fails on one the catalogue lacks. Text with numbers keeps named placeholders, translated
whole: ``_("{n} matters waited").format(n=...)``. A sentence missing from the catalogue is
shown in English rather than not at all.

The choice is a context variable, so a report built in Chinese in one thread leaves
another thread's English alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

#: The languages orgsim speaks; English is the default and the source text.
LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"
#: Where the catalogues are: ``LOCALE_DIR / <language> / *.po``.
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_chosen: ContextVar[str] = ContextVar("orgsim_language", default=DEFAULT_LANGUAGE)


def language_problem(language: str) -> str | None:
    """Why ``language`` cannot be used (one line naming the choices), or None."""
    if language in LANGUAGES:
        return None
    return f"{language!r} is not a language orgsim speaks; use one of {', '.join(LANGUAGES)}"


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Show everything made inside the block in ``language`` ("en" or "zh").

    Raises:
        ValueError: an unknown language (the message names the choices).
    """
    problem = language_problem(language)
    if problem:
        raise ValueError(problem)
    token = _chosen.set(language)
    try:
        yield
    finally:
        _chosen.reset(token)


def current_language() -> str:
    """The language chosen for what is being made now."""
    return _chosen.get()


def in_chinese() -> bool:
    """Whether Chinese is chosen (for the few choices beyond words: spacing, plurals)."""
    return _chosen.get() == "zh"


@cache
def catalogue(language: str) -> dict[str, str]:
    """Every translated sentence of ``language``, by its English text."""
    from babel.messages.pofile import read_po  # only when a translation is asked for

    found: dict[str, str] = {}
    for po in sorted((LOCALE_DIR / language).glob("*.po")):
        with po.open("rb") as stream:
            for message in read_po(stream):
                if message.id and isinstance(message.id, str) and message.string:
                    found[message.id] = str(message.string)
    return found


def _(message: str) -> str:
    """``message`` in the chosen language (English source text is the key)."""
    language = _chosen.get()
    if language == DEFAULT_LANGUAGE:
        return message
    return catalogue(language).get(message, message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue where it is defined; translate it where shown.

    For sentences kept in tables and constants (metric labels, unit words), which are
    shown later with ``_(value)``.
    """
    return message
