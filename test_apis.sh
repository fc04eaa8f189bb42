#!/usr/bin/env bash
# Smoke-test running APIs with curl: every endpoint answers as the source contract says.
# Exits non-zero on the first failure. Start the APIs first (./dev.sh).
set -uo pipefail
IETA_SCRIPT=test_apis
source "$(dirname "$0")/scripts/lib.sh"

failures=0
check() {  # check EXPECTED_STATUS URL [JSON_SUBSTRING]
  local want="$1" url="$2" needle="${3:-}" body status
  body=$(curl -sS --max-time 10 -w $'\n%{http_code}' ${API_TOKEN:+-H "Authorization: Bearer $API_TOKEN"} "$url" 2>&1)
  status="${body##*$'\n'}"; body="${body%$'\n'*}"
  if [ "$status" != "$want" ] || { [ -n "$needle" ] && [[ "$body" != *"$needle"* ]]; }; then
    printf 'FAIL %s -> %s (wanted %s%s)\n     %s\n' "$url" "$status" "$want" "${needle:+ with $needle}" "${body:0:200}"
    failures=$((failures + 1))
  else
    printf 'ok   %s -> %s\n' "$url" "$status"
  fi
}

check 200 "$SIS_API_URL/" '"status":"healthy"'
# Each says which data it serves; the fingerprint is null when a data file cannot be read.
check 200 "$SIS_API_URL/" '"fingerprint":"'
check 200 "$LMS_API_URL/" '"fingerprint":"'
check 200 "$STATE_API_URL/" '"fingerprint":"'
check 200 "$SIS_API_URL/students?limit=1" '"total":'
check 200 "$SIS_API_URL/attendance?limit=1" '"data":[{'
check 200 "$LMS_API_URL/" '"system":"LMS"'
check 200 "$LMS_API_URL/assignments?limit=1" '"due_date"'
check 200 "$LMS_API_URL/gradebook?limit=1" '"current_grade"'
check 200 "$STATE_API_URL/" '"system":"State"'
check 200 "$STATE_API_URL/isat?limit=1" '"eduid"'

# By-id look-ups use the first ids the list endpoints return.
student_id=$(curl -sS ${API_TOKEN:+-H "Authorization: Bearer $API_TOKEN"} "$SIS_API_URL/students?limit=1" | grep -o '"student_id":[0-9]*' | head -1 | cut -d: -f2)
eduid=$(curl -sS ${API_TOKEN:+-H "Authorization: Bearer $API_TOKEN"} "$STATE_API_URL/isat?limit=1" | grep -o '"eduid":"[^"]*"' | head -1 | cut -d'"' -f4)
check 200 "$SIS_API_URL/students/$student_id" "\"student_id\":$student_id"
check 200 "$SIS_API_URL/attendance/$student_id" "\"student_id\":$student_id"
check 200 "$LMS_API_URL/gradebook/$student_id" "\"student_id\":$student_id"
check 200 "$STATE_API_URL/isat/$eduid" "\"eduid\":\"$eduid\""

# Errors: bad parameters 422, unknown ids 404.
check 422 "$LMS_API_URL/gradebook?limit=0"
check 422 "$SIS_API_URL/students?limit=1001"
check 422 "$SIS_API_URL/attendance?offset=-1"
check 404 "$SIS_API_URL/students/999999999"
check 404 "$STATE_API_URL/isat/NO-SUCH-ID"

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed"; exit 1
fi
echo "all API checks passed"
