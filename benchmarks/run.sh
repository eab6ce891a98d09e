#!/usr/bin/env bash
# Builds and runs the JMH suite (a few minutes), then writes benchmarks/target/summary.md.
# Extra arguments go to JMH, e.g. a regexp to run one benchmark: benchmarks/run.sh GuardBenchmark
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -pl benchmarks -am package -DskipTests
java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc \
    -rf json -rff benchmarks/target/jmh-result.json "$@"
{
  echo "# balance-guard benchmarks"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(java -version 2>&1 | head -n 1); load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
  echo
  java -cp benchmarks/target/benchmarks.jar dev.balanceguard.benchmarks.Summary benchmarks/target/jmh-result.json
} > benchmarks/target/summary.md
cat benchmarks/target/summary.md
