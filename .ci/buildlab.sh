# shellcheck shell=bash
# Source from .ci/run:  . .ci/buildlab.sh; buildlab_up; trap buildlab_down EXIT
#
# buildlab_up brings up the build lab (../shared/buildlab/setup.sh, about two minutes) and
# sources its env.sh, so the @pytest.mark.docker tests run against a real engine. A lab that
# already answers (with its base images) is reused as it is. When the lab cannot start it says
# so loudly and returns 0: the docker tests are then skipped with a reason, not failed.
# buildlab_down stops the daemon only when buildlab_up started it.

BUILDLAB_STARTED=0

_buildlab_banner() {
  local line="!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  printf '%s\n!!! BUILD LAB NOT STARTED: %s\n!!! Tests marked docker will be SKIPPED (see the skip reasons below).\n%s\n' \
    "$line" "$1" "$line" >&2
}

_buildlab_ready() {
  docker info >/dev/null 2>&1 && docker image inspect debian:bookworm-slim node:20-bookworm-slim >/dev/null 2>&1
}

buildlab_up() {
  local root shared log
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  shared=${DFOPT_SHARED:-$root/../shared}
  export LAB=${LAB:-/tmp/buildlab}
  if [ -f "$LAB/env.sh" ]; then
    # shellcheck disable=SC1091
    . "$LAB/env.sh"
    if _buildlab_ready; then
      echo "build lab: reusing the engine at $DOCKER_HOST"
      return 0
    fi
  fi
  if [ ! -f "$shared/buildlab/setup.sh" ]; then
    _buildlab_banner "no $shared/buildlab/setup.sh"
    return 0
  fi
  log=$(mktemp -t buildlab-setup.XXXXXX.log)
  echo "build lab: starting (log: $log)"
  if timeout 900 bash "$shared/buildlab/setup.sh" >"$log" 2>&1 && . "$LAB/env.sh" && _buildlab_ready; then
    BUILDLAB_STARTED=1
    echo "build lab: up ($(tail -n 1 "$log"))"
  else
    tail -n 30 "$log" >&2
    _buildlab_banner "setup.sh failed (full log: $log)"
  fi
  return 0
}

buildlab_down() {
  if [ "$BUILDLAB_STARTED" = 1 ] && [ -x "$LAB/stop.sh" ]; then
    bash "$LAB/stop.sh" || echo "build lab: stop.sh failed; dockerd may still run (pidfile $LAB/dockerd.pid)" >&2
  fi
}
