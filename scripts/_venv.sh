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

# Reinstall only when pyproject.toml changed or an extra is asked for that .venv lacks. The
# stamp holds pyproject's checksum and the extras installed, so ./scripts/run (no extras) takes
# the venv ./scripts/test set up with [test] as it is, and switching between them costs no pip.
# A reinstall keeps the extras already there: neither script takes away what the other needs.
stamp="$venv/.casecards-install"
project="$(cksum <"$root/pyproject.toml")"
installed_project=""
installed_extras=""
if [ -f "$stamp" ]; then
    { read -r installed_project && read -r installed_extras; } <"$stamp" || true
fi
# shellcheck disable=SC2086  # split the comma-separated lists on purpose
extras="$(printf '%s\n' ${installed_extras//,/ } ${EXTRAS//,/ } | sed '/^$/d' | sort -u | paste -sd, -)"
if [ "$project" != "$installed_project" ] || [ "$extras" != "$installed_extras" ]; then
    "$venv/bin/python" -m pip install --quiet --upgrade pip >&2
    "$venv/bin/python" -m pip install --quiet -e "$root${extras:+[$extras]}" >&2
    printf '%s\n%s\n' "$project" "$extras" >"$stamp"
fi
