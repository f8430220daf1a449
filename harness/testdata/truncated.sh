#!/bin/sh
# A suite that exits cleanly but reports fewer results than planned.
echo "TAP version 13"; echo "1..4"; echo "ok 1 a.anon.first"; echo "ok 2 a.anon.second # SKIP no swap"
exit 0
