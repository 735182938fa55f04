# shell_jobs.sh — busybox sh: background jobs with wait and their exit statuses, traps on
# signals and on EXIT, kill to self. Background output goes to files so ordering is fixed.
set -u
T=/tmp/nk_bb_jobs_$$
mkdir -p "$T"

echo "== background jobs"
( sleep 0.2; echo slow > "$T/a" ) &
A=$!
( echo fast > "$T/b"; exit 3 ) &
B=$!
wait $B; echo "job B exited $?"
wait $A; echo "job A exited $?"
cat "$T/a" "$T/b"
for n in 1 2 3 4; do ( echo "worker $n" > "$T/w$n" ) & done
wait
cat "$T"/w* | sort
sleep 5 &
K=$!
kill $K
wait $K; echo "killed job status: $? (128+15)"

echo "== traps"
trap 'echo "caught USR1"' USR1
kill -USR1 $$
trap 'echo "caught TERM"' TERM
kill -TERM $$
trap - USR1
trap '' USR2
kill -USR2 $$
echo "USR2 ignored, still running"
(
  trap 'echo "subshell EXIT trap"' EXIT
  echo "in subshell"
)
sh -c 'trap "echo child got INT; exit 9" INT; kill -INT $$; echo not reached'
echo "child shell exit: $?"

trap 'echo "EXIT trap runs last"; rm -rf "$T"' EXIT
echo "shell_jobs: PASS"
