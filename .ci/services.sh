#!/usr/bin/env bash
# Services some tests use: a PostgreSQL server (storage on DATABASE_URL), Debian's Chromium (browser
# tests of the forms) and Pango (the PDF report). Sourced by .ci/run; idempotent; a service that cannot be had
# only skips its tests.
export DEBIAN_FRONTEND=noninteractive
regio_need=()
command -v pg_ctlcluster >/dev/null 2>&1 || regio_need+=(postgresql)
[ -x /usr/bin/chromium ] || regio_need+=(chromium)
# the council report's PDF draws with Pango (WeasyPrint); the HTML report and everything else work without it
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || regio_need+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ "${#regio_need[@]}" -gt 0 ]; then
    { apt-get update -qq && apt-get install -y -qq "${regio_need[@]}"; } >/dev/null 2>&1 \
        || echo "services: could not install ${regio_need[*]}" >&2
fi
if command -v pg_ctlcluster >/dev/null 2>&1; then
    regio_pg=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    pg_lsclusters -h 2>/dev/null | grep -q . || pg_createcluster "$regio_pg" main >/dev/null 2>&1
    pg_ctlcluster "$regio_pg" main start >/dev/null 2>&1 || true
    if su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1; then
        su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname='regio'\"" | grep -q 1 \
            || su postgres -c "psql -qc \"create role regio login password 'regio'\"" >/dev/null
        su postgres -c "psql -qtAc \"select 1 from pg_database where datname='regio_test'\"" | grep -q 1 \
            || su postgres -c "createdb -O regio regio_test"
        export REGIO_TEST_POSTGRES_URL="postgresql+psycopg://regio:regio@127.0.0.1:5432/regio_test"
    else
        echo "services: PostgreSQL did not start; its test will be skipped" >&2
    fi
fi
