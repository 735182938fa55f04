# archive_hash.sh — busybox md5sum, sha256sum, tar (create + list in /tmp) and a gzip/gunzip
# round trip. Only names and digests of contents are printed (no mtimes, owners or sizes of
# compressed streams, which carry timestamps).
set -u
T=/tmp/nk_bb_archive_$$
mkdir -p "$T/src/sub"
cd "$T"
printf 'abc' > src/abc.txt
seq 1 2000 > src/numbers.txt
echo "nested file" > src/sub/nested.txt
: > src/empty

echo "== digests"
md5sum src/abc.txt
sha256sum src/abc.txt
printf '' | md5sum
md5sum src/numbers.txt src/sub/nested.txt
sha256sum src/numbers.txt > sums
sha256sum -c sums

echo "== tar"
tar -cf archive.tar src
tar -tf archive.tar | sort
mkdir out
tar -xf archive.tar -C out
cmp src/numbers.txt out/src/numbers.txt && echo "extracted numbers.txt identical"
cat out/src/sub/nested.txt
[ -f out/src/empty ] && [ ! -s out/src/empty ] && echo "empty file restored empty"

echo "== gzip"
cp src/numbers.txt n.txt
gzip n.txt
[ -f n.txt.gz ] && [ ! -f n.txt ] && echo "gzip replaced n.txt by n.txt.gz"
gunzip n.txt.gz
cmp n.txt src/numbers.txt && echo "gunzip round trip identical"
gzip -c src/numbers.txt | gunzip -c | md5sum
# tar -z would exec a "gzip" found on PATH; a pipe keeps every step inside busybox's applets.
tar -cf - src | gzip -c > archive.tgz
gunzip -c archive.tgz | tar -tf - | sort | head -n 2
zcat archive.tgz | tar -tf - | wc -l

cd /
rm -rf "$T"
echo "archive_hash: PASS"
