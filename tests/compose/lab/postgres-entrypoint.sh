#!/bin/sh
# The root part follows docker-library/postgres docker-entrypoint.sh (docker_create_db_directories,
# then `exec gosu postgres`); the rest initialises once and starts the server.
set -e
if [ "$(id -u)" = 0 ]; then
	mkdir -p "$PGDATA"
	chmod 00700 "$PGDATA" || :
	mkdir -p /var/run/postgresql || :
	chmod 03775 /var/run/postgresql || :
	find "$PGDATA" \! -user postgres -exec chown postgres '{}' +
	find /var/run/postgresql \! -user postgres -exec chown postgres '{}' +
	exec gosu postgres "$0" "$@"
fi
mkdir -p "$PGDATA"
chmod 00700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
	initdb --username=postgres --pwfile="$POSTGRES_PASSWORD_FILE" --auth=scram-sha-256 -D "$PGDATA" > /dev/null
fi
exec postgres -D "$PGDATA" -c listen_addresses=127.0.0.1 -p "$PGPORT"
