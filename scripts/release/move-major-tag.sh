#!/usr/bin/env bash
# Points the major tag (v1) at a release (v1.2.3), so `uses: ml-test-gate/ml-test-gate@v1` and
# `npm install -g github:ml-test-gate/ml-test-gate#v1` get it. Pre-releases never move it, and
# neither does a release older than the newest of its major (a v1.1.5 patch after v1.2.0).
# Usage: scripts/release/move-major-tag.sh TAG [REMOTE]     (REMOTE defaults to origin)
set -euo pipefail
tag="${1:?usage: move-major-tag.sh TAG [REMOTE]}"
remote="${2:-origin}"

if [[ ! "$tag" =~ ^(v(0|[1-9][0-9]*))\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]]; then
  echo "$tag is not a final release (vX.Y.Z): the major tag stays where it is"
  exit 0
fi
major="${BASH_REMATCH[1]}"
git fetch --quiet --force "$remote" "+refs/tags/*:refs/tags/*"
newest="$(git tag --list "$major.*" | grep -E "^$major\.[0-9]+\.[0-9]+$" | sort -V | tail -n 1)"
if [[ "$newest" != "$tag" ]]; then
  echo "$major stays at $newest, a later release than $tag"
  exit 0
fi
commit="$(git rev-parse "$tag^{commit}")"
git tag --force "$major" "$commit" >/dev/null
git push --quiet --force "$remote" "refs/tags/$major"
echo "$major -> $tag ($commit)"
