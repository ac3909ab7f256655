#!/bin/sh
# Print the first two members (outlet, title, lead) of 30 pseudo-random near-duplicate groups of
# a naba corpus, for checking duplicate precision by hand.
# Usage: scripts/sample_dup_groups.sh DB_DIR
set -eu
sqlite3 "$1/store.sqlite" "
WITH g AS (SELECT dup FROM docs GROUP BY dup HAVING COUNT(*) > 1
           ORDER BY (dup * 2654435761) % 1000003 LIMIT 30)
SELECT d.dup, d.seq, d.outlet, substr(d.title, 1, 70), substr(replace(d.text, char(10), ' '), 1, 90)
FROM docs d JOIN g ON g.dup = d.dup
WHERE d.seq IN (SELECT seq FROM docs x WHERE x.dup = d.dup ORDER BY seq LIMIT 2)
ORDER BY d.dup, d.seq"
