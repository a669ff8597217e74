#!/usr/bin/env bash
# Checks that every C++ file of the project is formatted as .clang-format says (run by ctest as `format`).
# Usage: scripts/check-format.sh [PROJECT_ROOT]   To reformat: git ls-files '*.cpp' '*.h' | xargs clang-format -i
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
unformatted=()
while IFS= read -r f; do
    clang-format --style=file "$f" | cmp -s - "$f" || unformatted+=("$f")
done < <(find engine data server layers ui tests -name '*.cpp' -o -name '*.h' | sort)
if [ ${#unformatted[@]} -gt 0 ]; then
    echo "not formatted as .clang-format says (${#unformatted[@]} files):"
    printf '  %s\n' "${unformatted[@]}"
    echo "fix: clang-format -i ${unformatted[*]}"
    exit 1
fi
echo "format: every C++ file as .clang-format says"
