#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (Playwright's own browser download does not work here), with a
# font that has Urdu's letters: without one, Urdu pages are drawn as boxes and the right-to-left test
# fails (issue 18 item 3). fonts-noto-core has Noto Nastaliq Urdu and Noto Naskh Arabic.
set -euo pipefail
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium fonts-liberation)
# fc-list comes with fontconfig (a dependency of chromium); no fc-list yet means no chromium either.
if ! command -v fc-list >/dev/null || [ -z "$(fc-list :lang=ur family)" ]; then packages+=(fonts-noto-core); fi
if [ ${#packages[@]} -eq 0 ]; then exit 0; fi
echo "Installing Debian's ${packages[*]} for the browser tests..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${packages[@]}" >/dev/null
