# Shared set-up for ./scripts/run and ./scripts/test: create or refresh .venv and install
# the project into it. Sourced, not executed. Set EXTRAS (e.g. "test") before sourcing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"

find_python() {
    for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    echo "casecards needs Python 3.11 or newer; none was found on PATH (set PYTHON=/path/to/python)." >&2
    return 1
}

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    python="$(find_python)"
    rm -rf "$venv"
    "$python" -m venv "$venv"
fi

# Reinstall only when what the install depends on changed: pyproject.toml and the extras asked for.
spec="${EXTRAS:+[$EXTRAS]}"
stamp="$venv/.casecards-install"
want="$( (cat "$root/pyproject.toml"; echo "extras=$spec") | cksum)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    "$venv/bin/python" -m pip install --quiet --upgrade pip >&2
    "$venv/bin/python" -m pip install --quiet -e "$root$spec" >&2
    echo "$want" >"$stamp"
fi
