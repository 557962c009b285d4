#!/bin/sh
# The root part follows docker-library/redis docker-entrypoint.sh: chown what the redis user does
# not own in the working directory, then `exec gosu redis`.
set -e
if [ "$1" = 'redis-server' ] && [ "$(id -u)" = '0' ]; then
	find . \! -user redis -exec chown redis '{}' +
	exec gosu redis "$0" "$@"
fi
umask 0077
exec "$@"
