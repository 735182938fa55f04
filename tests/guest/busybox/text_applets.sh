# text_applets.sh — busybox text tools: sort, awk, sed, grep, tr, wc, expr, printf, seq, head.
set -u
T=/tmp/nk_bb_text_$$
mkdir -p "$T"
cat > "$T/people" <<END
carol 35 lisbon
alice 30 porto
bob 25 braga
dave 40 porto
eve 22 faro
END

echo "== sort"
sort "$T/people" | head -n 2
sort -k2 -n "$T/people" | head -n 1
sort -r -k3,3 -k1,1 "$T/people"
printf '3\n1\n2\n1\n3\n' | sort -n -u | tr '\n' ' '; echo

echo "== awk"
awk '{ sum += $2 } END { printf "total age %d, mean %.2f\n", sum, sum / NR }' "$T/people"
awk '$3 == "porto" { print toupper($1) }' "$T/people"
awk -F: '{ print NF ": " $2 }' <<END
a:b:c
x:y
END
awk 'BEGIN { for (i = 1; i <= 5; i++) s = s i * i " "; print s; print length("hello"), substr("abcdef", 2, 3), index("abc", "c") }'

echo "== sed"
sed -n '2,3p' "$T/people"
sed 's/porto/PORTO/g; /faro/d' "$T/people"
echo "hello world" | sed -e 's/\(hello\) \(world\)/\2 \1/'
seq 1 5 | sed -n '$p'

echo "== grep"
grep -c porto "$T/people"
grep -v -e porto -e faro "$T/people"
grep -n '^b' "$T/people"
grep -E 'a(l|r)' "$T/people" | wc -l
grep -q nobody "$T/people" || echo "grep -q found nothing (status 1)"

echo "== tr and wc"
echo "Hello, World" | tr 'a-z' 'A-Z'
echo "a-b-c" | tr -d '-'
echo "aaabbbccc" | tr -s 'abc'
wc -l -w -c < "$T/people"

echo "== expr, printf, seq, head"
expr 7 \* 6
expr 17 / 5 + 17 % 5
expr length "busybox"
expr "abc123" : '[a-z]*'
printf '%5s|%-5s|%03d|%x|%o|%c|%%\n' ab cd 7 255 8 Z
printf '%s and %s\n' one two three four
seq 3; seq 10 -3 1 | tr '\n' ' '; echo; seq -s, 1 4
seq 100 | head -n 3 | tr '\n' ' '; echo
head -c 12 "$T/people"; echo

rm -rf "$T"
echo "text_applets: PASS"
