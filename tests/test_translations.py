"""Every sentence orgsim shows has its Chinese, with the same placeholders.

Babel extracts every ``_("...")`` call from the code (as ``pybabel extract`` would) and
each must be in the Chinese catalogues (``analysis/locale/zh/*.po``); a catalogue entry no
code uses any more, or two catalogues translating one sentence differently, fail too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from orgsim.analysis.i18n import LOCALE_DIR, _, catalogue, current_language, speaking
from orgsim.sim.results import METRICS, OPTIONAL_METRICS

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("analysis", "experiments")
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def used_messages() -> dict[str, str]:
    """Every message wrapped in ``_()`` or ``N_()`` in the code, with where it is first used.

    The engine's metric meanings (``orgsim.sim.results``) count too: the registry shows
    them translated (``MetricInfo.shown_meaning``) and the engine does not import i18n.
    """
    meanings = {**METRICS, **OPTIONAL_METRICS}.values()
    found: dict[str, str] = dict.fromkeys(meanings, "sim/results.py")
    for folder in SOURCES:
        for filename, line, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords={"_": None, "N_": None}
        ):
            if isinstance(message, str) and message:
                found.setdefault(message, f"{folder}/{filename}:{line}")
    return found


def translated() -> dict[str, list[tuple[str, str]]]:
    """Every translation in the Chinese catalogues, by English text, with its file."""
    entries: dict[str, list[tuple[str, str]]] = {}
    for po in sorted((LOCALE_DIR / "zh").glob("*.po")):
        with po.open("rb") as stream:
            for message in read_po(stream):
                if message.id:
                    entries.setdefault(str(message.id), []).append((po.name, str(message.string)))
    return entries


def test_every_shown_sentence_has_its_chinese() -> None:
    entries = translated()
    missing = {m: where for m, where in used_messages().items() if not entries.get(m)}
    assert not missing, "add to analysis/locale/zh/*.po:\n" + "\n".join(
        f"{where}: {m!r}" for m, where in sorted(missing.items(), key=lambda x: x[1])
    )


def test_translations_are_filled_consistent_and_keep_their_placeholders() -> None:
    for english, found in translated().items():
        strings = {text for _file, text in found}
        assert len(strings) == 1, f"{english!r} is translated differently in {found}"
        (chinese,) = strings
        assert chinese.strip(), f"{english!r} has an empty translation in {found[0][0]}"
        assert sorted(PLACEHOLDER.findall(chinese)) == sorted(PLACEHOLDER.findall(english)), (
            f"{found[0][0]}: {english!r} and {chinese!r} have different placeholders"
        )


def test_no_catalogue_entry_is_left_over() -> None:
    used = used_messages()
    stale = [m for m in translated() if m not in used]
    assert not stale, f"no code shows these any more; remove them: {stale}"


def test_the_chosen_language_applies_inside_the_block_only() -> None:
    english, chinese = next(iter(catalogue("zh").items()), ("", ""))
    assert english, "the Chinese catalogue is empty"
    assert _(english) == english
    with speaking("zh"):
        assert current_language() == "zh" and _(english) == chinese
        assert _("a sentence no catalogue has") == "a sentence no catalogue has"
    assert current_language() == "en" and _(english) == english


def test_an_unknown_language_is_named_with_the_choices() -> None:
    refusal = "'fr' is not a language orgsim speaks; use one of en, zh"
    with pytest.raises(ValueError, match=refusal), speaking("fr"):
        pass
