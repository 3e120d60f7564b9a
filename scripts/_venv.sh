# Sourced by scripts/serve and scripts/test: create or update .venv with what the project
# needs, pinned by constraints.txt. Reinstalls only when the requirements changed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

ensure_venv() {  # ensure_venv EXTRAS   (e.g. "" or "[test]")
    local extras="$1" python="${PYTHON:-}"
    if [[ -z "$python" ]]; then
        python="$(command -v python3.11 || command -v python3)"
    fi
    if [[ ! -x "$VENV/bin/python" ]]; then
        "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
            || { echo "Python 3.10 or newer is needed (found $("$python" --version))" >&2; exit 1; }
        "$python" -m venv "$VENV"
    fi
    local stamp="$VENV/.installed" want
    want="$extras $(cat "$ROOT/setup.cfg" "$ROOT/pyproject.toml" "$ROOT/constraints.txt" \
        | "$VENV/bin/python" -c 'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')"
    if [[ ! -f "$stamp" ]] || ! grep -qxF "$want" "$stamp"; then
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
            -c "$ROOT/constraints.txt" -e "$ROOT$extras"
        echo "$want" >> "$stamp"
    fi
}
