#!/bin/sh
# Creates the two database roles on the first start of the compose `db` service (the postgres
# image runs /docker-entrypoint-initdb.d once, as its superuser):
#   doorbraak_owner  owns the database and every table; only `migrate` connects as it;
#   doorbraak_app    what web, worker and beat connect as: no ownership, no superuser, and only
#                    the rights `manage.py db_grant_app_role doorbraak_app` gives it.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$DOORBRAAK_OWNER_PASSWORD" -v app_password="$DOORBRAAK_APP_PASSWORD" \
  -v db="$POSTGRES_DB" <<'SQL'
CREATE ROLE doorbraak_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE doorbraak_app LOGIN PASSWORD :'app_password'
  NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER DATABASE :"db" OWNER TO doorbraak_owner;
ALTER SCHEMA public OWNER TO doorbraak_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
