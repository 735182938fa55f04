# shell_pipes.sh — busybox sh: pipelines, redirections, subshells, here-docs, command
# substitution and exit statuses. Output is deterministic; scratch files live in /tmp.
set -u
T=/tmp/nk_bb_pipes_$$
mkdir -p "$T"

echo "== pipelines"
echo "one two three four" | tr ' ' '\n' | sort | head -n 3
printf 'x\ny\nz\n' | wc -l
false | true; echo "status of false|true: $?"
true | false; echo "status of true|false: $?"

echo "== redirections"
echo first > "$T/f"
echo second >> "$T/f"
cat < "$T/f"
ls "$T/missing" 2>/dev/null || echo "ls of missing file failed quietly"
( echo to-stdout; echo to-stderr >&2 ) > "$T/both" 2>&1
sort "$T/both"
exec 3> "$T/fd3"
echo "via fd 3" >&3
exec 3>&-
cat "$T/fd3"
: > "$T/f"
echo "truncated size: $(wc -c < "$T/f")"

echo "== subshells"
X=outer
( X=inner; echo "in subshell X=$X"; exit 7 )
echo "subshell exit: $? and X=$X"
( cd "$T" && echo "cd inside subshell ok" )
[ "$(pwd)" != "$T" ] && echo "parent cwd unchanged"
{ echo grouped-a; echo grouped-b; } | sed 's/grouped-/group /'

echo "== here-docs"
NAME=world
cat <<END
hello $NAME
sum: $((2 + 3 * 4))
END
cat <<'END'
literal $NAME $((1+1))
END
while read -r a b; do echo "read: $a / $b"; done <<END
k1 v1
k2 v2 extra
END

echo "== substitution and arithmetic"
N=$(seq 1 10 | wc -l)
echo "lines: $N"
echo "nested: $(echo "$(echo inner)")"
i=0; while [ $i -lt 5 ]; do i=$((i + 1)); done; echo "loop ended at $i"
for w in alpha beta gamma; do printf '%s:%d ' "$w" "${#w}"; done; echo
case "file.tar.gz" in *.tar.gz) echo "case matched tarball" ;; *) echo "no match" ;; esac
S="path/to/file.txt"; echo "${S##*/} ${S%.txt} ${S#path/}"

rm -rf "$T"
echo "shell_pipes: PASS"
