#!/usr/bin/env bash
# Release gate, run by .github/workflows/release.yml before anything is published:
# the tag is vX.Y.Z (or vX.Y.Z-pre), names the version in package.json, and its commit is on main.
# Usage: scripts/release/check-tag.sh TAG [MAIN_REF]     (MAIN_REF defaults to origin/main)
set -euo pipefail
tag="${1:?usage: check-tag.sh TAG [MAIN_REF]}"
main_ref="${2:-origin/main}"

if [[ ! "$tag" =~ ^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$ ]]; then
  echo "::error::$tag is not a release tag: expected vMAJOR.MINOR.PATCH, optionally with -prerelease (v1.2.3, v1.3.0-rc.1)"
  exit 1
fi
version="$(node -p 'require("./package.json").version')"
if [[ "v$version" != "$tag" ]]; then
  echo "::error::tag $tag does not match package.json version $version: bump the version in a commit on main, then tag that commit"
  exit 1
fi
commit="$(git rev-parse "$tag^{commit}")"
if ! git merge-base --is-ancestor "$commit" "$main_ref"; then
  echo "::error::$tag ($commit) is not on $main_ref: releases are tagged on main after review"
  exit 1
fi
echo "release $tag: package.json $version, commit $commit on $main_ref"
