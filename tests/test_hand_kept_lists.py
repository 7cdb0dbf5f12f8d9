"""Lists a person keeps by hand, each pinned to what it must follow: when one falls out of
step, a test here fails and says what to add or remove."""

from __future__ import annotations

import json
import subprocess
import sys

from casecards.deck import cache


def _modules_imported_by(statement: str) -> set[str]:
    """The casecards modules a fresh interpreter holds after ``statement``."""
    script = (
        f"{statement}\n"
        "import json, sys\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('casecards.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return set(json.loads(out.stdout))


def test_the_deck_cache_key_covers_every_module_the_deck_loader_runs() -> None:
    # A parsed deck is served from the cache while its file and this code are unchanged. A
    # module the loader imports but the key leaves out would serve stale decks after an edit.
    loaded = _modules_imported_by(
        "from casecards.deck import load_decks, load_entries, DeckCache, json_schema"
    )
    sources = set(cache._SOURCES)
    covered = {
        module
        for module in loaded
        for top in [module.split(".")[1]]
        if top in sources or f"{top}.py" in sources
    }
    assert loaded - covered == set(), f"add to deck/cache.py _SOURCES: {sorted(loaded - covered)}"
    used = {module.split(".")[1] for module in loaded}
    stale = {s for s in sources if s.removesuffix(".py") not in used}
    assert stale == set(), f"remove from deck/cache.py _SOURCES: {sorted(stale)}"
