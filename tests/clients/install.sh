#!/usr/bin/env bash
# Installs the third-party Kubernetes clients the client-compatibility tests run (ClientCompatibilityTests.cs):
#   - Debian's python3-kubernetes, for the system /usr/bin/python3 (not a pyenv python that may come first on PATH);
#   - npm's @kubernetes/client-node at the version pinned in node/package.json, into node/node_modules (git-ignored).
# Idempotent and quick when both are present. Exits non-zero with a message saying what is missing otherwise.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if ! /usr/bin/python3 -c 'import kubernetes' >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: python3-kubernetes is not installed and this is not root: run 'apt-get install -y python3-kubernetes' as root" >&2
    exit 1
  fi
  echo "install.sh: installing Debian's python3-kubernetes" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq python3-kubernetes >&2
  /usr/bin/python3 -c 'import kubernetes' || { echo "install.sh: python3-kubernetes installed but /usr/bin/python3 cannot import kubernetes" >&2; exit 1; }
fi

command -v node >/dev/null || { echo "install.sh: node is not on PATH (apt-get install nodejs npm)" >&2; exit 1; }
wanted="$(node -p "require('$here/node/package.json').dependencies['@kubernetes/client-node']")"
installed="$(node -p "try { require('$here/node/node_modules/@kubernetes/client-node/package.json').version } catch { '' }")"
if [ "$installed" != "$wanted" ]; then
  command -v npm >/dev/null || { echo "install.sh: npm is not on PATH (apt-get install npm)" >&2; exit 1; }
  echo "install.sh: installing @kubernetes/client-node $wanted" >&2
  # No lock file: it would record the registry's host, which no file in the repository may name.
  (cd "$here/node" && npm install --no-package-lock --no-audit --no-fund --loglevel=error >&2)
fi
echo "python3-kubernetes $(/usr/bin/python3 -c 'import kubernetes; print(kubernetes.__version__)'), @kubernetes/client-node $(node -p "require('$here/node/node_modules/@kubernetes/client-node/package.json').version"), node $(node --version)"
