"""How ``orgsim-class`` tells the page (imported by the Solara server) what to open with."""

from __future__ import annotations

#: The page's language, ``zh`` or ``en``.
LANG_VARIABLE = "ORGSIM_CLASS_LANG"
#: The preset the page opens with.
PRESET_VARIABLE = "ORGSIM_CLASS_PRESET"
#: The seed the page opens with.
SEED_VARIABLE = "ORGSIM_CLASS_SEED"
