#!/usr/bin/env bash
# bench/gen_units.sh — create a Pacesetter database holding N synthetic units.
#
#   bash bench/gen_units.sh PACESETTER_BINARY DB_PATH [N]     (N defaults to 10000)
#
# Runs `pacesetter migrate --db DB_PATH` (schema + tenant 1), then inserts N units
# for tenant 1 with the sqlite3 CLI in one transaction. Shape of the tree (by id % 10):
#   1 town (top level, 10% of all units)   2 department (top level)   3 park (top level)
#   4 subdistrict (top level)              5..9, 0 children of the town of their group of ten
#                                          (kinds 'other' and 'department')
# Units are tenant 1's ids 1..N; id_sequences('units') is set to N + 1 when the table exists,
# units.child_count, when the column exists, to each unit's number of children, and units.path,
# when it exists, to the unit's path of ids.
# Codes are B00001…, names are Chinese, division_code is NULL, sort_order = id % 1000.
# The database file must not exist yet.
set -euo pipefail
export LC_ALL=C

if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 PACESETTER_BINARY DB_PATH [N]" >&2
  exit 2
fi
BIN=$1 DB=$2 N=${3:-10000}
[[ $N =~ ^[1-9][0-9]{0,6}$ ]] || { echo "gen_units: N must be 1..9999999" >&2; exit 2; }
[[ -e $DB ]] && { echo "gen_units: $DB already exists" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "gen_units: sqlite3 CLI missing (apt-get install sqlite3)" >&2; exit 1; }

"$BIN" migrate --db "$DB" >/dev/null

# Timestamps are stored the way the schema declares them: integer seconds when the
# column is declared INTEGER, ISO 8601 text (2026-11-25T12:00:00Z) otherwise.
ts_type=$(sqlite3 "$DB" "SELECT upper(type) FROM pragma_table_info('units') WHERE name='created_at';")
if [[ -z $ts_type ]]; then
  echo "gen_units: no table units (or no column created_at) after migrate" >&2
  exit 1
fi
if [[ $ts_type == *INT* ]]; then
  ts="CAST(strftime('%s','now') AS INTEGER)"
else
  ts="strftime('%Y-%m-%dT%H:%M:%SZ','now')"
fi

# The server hands out ids from id_sequences (next_id per tenant and table); keep it past
# the inserted ids so units created later through the API do not collide.
bump_seq=""
if [[ -n $(sqlite3 "$DB" "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'id_sequences';") ]]; then
  bump_seq="INSERT INTO id_sequences (tenant_id, name, next_id) VALUES (1, 'units', $N + 1)
  ON CONFLICT (tenant_id, name) DO UPDATE SET next_id = max(next_id, excluded.next_id);"
fi

# Schemas that keep each unit's number of children in a column get it filled in.
fill_child_count=""
if [[ -n $(sqlite3 "$DB" "SELECT name FROM pragma_table_info('units') WHERE name = 'child_count';") ]]; then
  fill_child_count="UPDATE units SET child_count = (SELECT count(*) FROM units c
  WHERE c.tenant_id = units.tenant_id AND c.parent_id = units.id) WHERE tenant_id = 1;"
fi

# Schemas that keep each unit's path ("/1/5/9/": the ids from the root down) get it filled in;
# the tree here is two levels deep.
fill_path=""
if [[ -n $(sqlite3 "$DB" "SELECT name FROM pragma_table_info('units') WHERE name = 'path';") ]]; then
  fill_path="UPDATE units SET path = CASE WHEN parent_id IS NULL THEN '/' || id || '/'
  ELSE '/' || parent_id || '/' || id || '/' END WHERE tenant_id = 1;"
fi

sqlite3 -bail "$DB" <<SQL
.timeout 5000
PRAGMA foreign_keys = ON;
BEGIN IMMEDIATE;
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $N)
INSERT INTO units (tenant_id, id, parent_id, code, name, kind, division_code, sort_order,
                   created_at, updated_at)
SELECT 1, i,
       CASE WHEN i % 10 BETWEEN 1 AND 4 THEN NULL ELSE ((i - 1) / 10) * 10 + 1 END,
       printf('B%05d', i),
       CASE i % 10 WHEN 1 THEN printf('基准镇%05d', i)
                   WHEN 2 THEN printf('基准局%05d', i)
                   WHEN 3 THEN printf('基准园区%05d', i)
                   WHEN 4 THEN printf('基准街道%05d', i)
                   ELSE printf('基准办公室%05d', i) END,
       CASE i % 10 WHEN 1 THEN 'town' WHEN 2 THEN 'department' WHEN 3 THEN 'park'
                   WHEN 4 THEN 'subdistrict' WHEN 5 THEN 'other' WHEN 6 THEN 'other'
                   ELSE 'department' END,
       NULL, i % 1000, $ts, $ts
FROM s;
$fill_child_count
$fill_path
$bump_seq
COMMIT;
SQL

got=$(sqlite3 "$DB" "SELECT count(*) FROM units WHERE tenant_id = 1;")
towns=$(sqlite3 "$DB" "SELECT count(*) FROM units WHERE tenant_id = 1 AND kind = 'town';")
if [[ $got -ne $N ]]; then
  echo "gen_units: expected $N units, found $got" >&2
  exit 1
fi
echo "gen_units: $DB: $got units ($towns towns)"
