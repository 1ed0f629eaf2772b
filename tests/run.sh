#!/usr/bin/env bash
# Install what the tests need (Debian's chromium, fonts and postgresql, the Python packages), then run them.
# README's test command and CI's .ci/run both call exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "NotoSans-Regular"; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-core >/dev/null
fi

# A real PostgreSQL server for the source tests (tests/pgserver.py makes a throwaway cluster with
# initdb): Debian's package puts initdb in /usr/lib/postgresql/<version>/bin, off PATH.
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    # the binaries only: no default cluster on port 5432 that nothing would use
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql-common >/dev/null
    $SUDO sed -ri 's/^#?\s*(create_main_cluster)\s*=.*$/\1 = false/' /etc/postgresql-common/createcluster.conf
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check uv
python3 -m uv pip install -q --python "$(command -v python3)" -r requirements-test.txt
# Bytecode for every installed package and for the project. uv installs without it, and where
# PYTHONDONTWRITEBYTECODE is set (this machine, CI) Python never writes it: then every process the
# tests start (each `cli.py` call, each served app) compiled pandas, Streamlit and the rest from
# source again, 1 s of a 1.6 s `cli.py kpis`. Only files whose bytecode is missing or stale are compiled.
# (`|| true`: a package may ship a file that is not Python 3, which compileall reports and skips.)
python3 -m compileall -q -j 0 -x '/(\.git|data|artifacts)/' \
    "$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" . >/dev/null || true

# Two workers: the machine has two cores. "$@" passes extra pytest options through.
python3 -m pytest -n 2 -p no:cacheprovider "$@"
