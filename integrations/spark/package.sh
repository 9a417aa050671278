#!/usr/bin/env bash
# Builds gazette-linux-<arch>.tar.gz, a gazette that runs on Spark executors
# where Swift is not installed:
#
#   bin/gazette   release build, Swift runtime linked statically, RUNPATH $ORIGIN/../lib
#   lib/          the ICU, libstdc++ and libgcc_s libraries it was linked against
#   Lexicons/     the bundled lexicons (gazette finds them beside bin/)
#   LICENSE, licenses/
#
# Ship it with `spark-submit --archives gazette-linux-x86_64.tar.gz#gazette`;
# the job's default --gazette is gazette/bin/gazette. It needs glibc no older
# than the build machine's (2.35 features on Debian 12): build it on the
# cluster's OS (or a container of it) when that is older.
#
# Usage: integrations/spark/package.sh [OUT.tar.gz]
#   GAZETTE_SPARK_SCRATCH  the Swift scratch path (default: .build-spark in the checkout)
#   GAZETTE_SPARK_PACKAGE  the checkout to build (default: the one holding this script)
# Prints the path of the archive on stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
repo=${GAZETTE_SPARK_PACKAGE:-$here}
scratch=${GAZETTE_SPARK_SCRATCH:-$here/.build-spark}
out=${1:-$scratch/gazette-linux-$(uname -m).tar.gz}

build=(swift build -c release --product gazette --package-path "$repo" --scratch-path "$scratch"
       --static-swift-stdlib -Xlinker -rpath -Xlinker '$ORIGIN/../lib')
"${build[@]}" >&2
bin="$("${build[@]}" --show-bin-path)/gazette"

stage="$scratch/bundle"
rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/lib" "$stage/licenses"
cp "$bin" "$stage/bin/gazette"
if command -v strip >/dev/null; then strip "$stage/bin/gazette"; fi
# Every shared library outside glibc that gazette needs. They are all direct
# dependencies of the executable, so its RUNPATH finds them.
ldd "$bin" | awk '$3 ~ /^\// {print $3}' | while read -r lib; do
    case "$(basename "$lib")" in
        libicu*|libstdc++*|libgcc_s*) cp -L "$lib" "$stage/lib/$(basename "$lib")" ;;
    esac
done
cp -R "$repo/Lexicons" "$stage/Lexicons"
cp "$repo/LICENSE" "$stage/LICENSE"
for pkg in libicu72 libstdc++6 libgcc-s1; do
    if [ -f "/usr/share/doc/$pkg/copyright" ]; then cp "/usr/share/doc/$pkg/copyright" "$stage/licenses/$pkg"; fi
done

# The bundle must run with an empty environment and no Swift installed;
# gazette looks for Lexicons beside its executable before anywhere else.
probe=$(printf '{"id":"probe","text":"Zelensky visited Kyiv."}\n' |
        env -i PATH=/usr/bin:/bin "$stage/bin/gazette" tag --input-format jsonl)
case $probe in
    *person/volodymyr-zelensky*) ;;
    *) echo "package.sh: the bundled gazette does not tag: $probe" >&2; exit 1 ;;
esac

mkdir -p "$(dirname "$out")"
tar -C "$stage" -czf "$out" .
echo "$out"
