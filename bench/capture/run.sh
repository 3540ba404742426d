#!/usr/bin/env bash
# Capture data plane benchmark: our `packetcapture capture` vs tcpdump on the same veth traffic.
#
#   sudo bench/capture/run.sh [RUNS] [SECONDS] [PPS]
#
# For every run and mode, a bounded sendmmsg sender (bench/capture/pctsend.c: UDP, 64-byte
# payloads, --count and --seconds limits, optional --pps pacing) sends from a pod namespace
# over a veth pair; the capturer listens on the host end in this namespace. Modes:
#   ours        packetcapture capture -i IF --dir D --max-size-bytes 10^9 --max-files 0 (one file)
#   tcpdump     tcpdump -i IF -w FILE -B 4096 -s 65536 -p
#   ours-rot    packetcapture capture ... --max-size-bytes 1000000 --max-files 1000 (nothing deleted)
#   tcpdump-rot tcpdump ... -C 1 (1,000,000-byte files)
#   ours-8if    one packetcapture process capturing 8 veths (8 paced senders at PPS/8)
#   tcpdump-8if 8 tcpdump processes, one per veth (CPU summed)
# Offered = frames the sender sent; captured = packets tcpdump -r reads back from the files;
# dropped = the capturer's kernel drop counter; CPU = utime+stime of the capturer(s) from
# /proc from SETTLE (default 2) seconds after "ready" to the end of sending (+0.5 s drain), so
# process start-up (and .NET's background re-JIT of start-up code) is excluded for both tools.
# Prints one line per run and a Markdown table of medians. Removes its namespaces on exit.
set -euo pipefail

RUNS="${1:-5}"
SECONDS_PER_RUN="${2:-5}"
PPS="${3:-0}"
SETTLE="${SETTLE:-2}"
COUNT=$(( SECONDS_PER_RUN * 400000 ))
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d /tmp/pct-bench-XXXXXX)"
tag="$$"
links=()

cleanup() {
  for n in "${links[@]}"; do ip netns del "pct-$tag-b$n" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

"$root/scripts/ensure-deps" --tests
gcc -O2 -o "$work/pctsend" "$root/bench/capture/pctsend.c"
( cd "$root" && ./packetcapture --help >/dev/null )
dll="$root/artifacts/packetcapture/packetcapture.dll"
hz=$(getconf CLK_TCK)

# link N: namespace pct-<pid>-bN, host end pcb<pid>hN (captured), pod end pcb<pid>pN, 198.19.N.0/30.
make_link() {
  local n=$1 ns="pct-$tag-b$1" h="pcb${tag}h$1" p="pcb${tag}p$1"
  ip netns add "$ns"; links+=("$n")
  ip link add "$h" type veth peer name "$p"
  ip link set "$p" netns "$ns"
  sysctl -qw "net.ipv6.conf.$h.disable_ipv6=1"
  ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$p.disable_ipv6=1"
  ip addr add "198.19.$n.1/30" dev "$h"
  ip -n "$ns" addr add "198.19.$n.2/30" dev "$p"
  ip link set "$h" up; ip -n "$ns" link set "$p" up
}
hostif() { echo "pcb${tag}h$1"; }

send() { # link count pps -> prints frames sent
  local n=$1
  ip netns exec "pct-$tag-b$n" "$work/pctsend" "pcb${tag}p$n" "198.19.$n.2" "198.19.$n.1" 02:00:5e:c6:12:01 \
    --proto udp --dport 9 --payload 64 --count "$2" --seconds "$SECONDS_PER_RUN" --pps "$3" | cut -d= -f2
}

cpu_ticks() { local t=0; for pid in "$@"; do t=$(( t + $(awk '{print $14 + $15}' "/proc/$pid/stat") )); done; echo "$t"; }

wait_ready() { # file pattern count
  for _ in $(seq 1 200); do
    [ "$(grep -c "$2" "$1" 2>/dev/null || true)" -ge "$3" ] && return 0
    sleep 0.05
  done
  echo "capturer did not become ready: $(cat "$1")" >&2; return 1
}

count_packets() { local c=0; for f in "$@"; do c=$(( c + $(tcpdump -r "$f" -nn 2>/dev/null | wc -l) )); done; echo "$c"; }

# One run of one mode; prints: mode offered captured dropped cpu_s cpu_per_M alloc
run_mode() {
  local mode=$1 out="$work/$1" pids=() ifs=() nlinks=1 pps=$PPS count=$COUNT
  rm -rf "$out"; mkdir -p "$out"
  case $mode in *8if) nlinks=8; pps=$(( ${PPS:-0} > 0 ? PPS / 8 : 25000 )); count=$(( COUNT / 8 ));; esac
  for n in $(seq 0 $(( nlinks - 1 ))); do ifs+=("$(hostif "$n")"); done
  case $mode in
    ours|ours-rot|ours-8if)
      local size=1000000000 files=0 args=()
      [ "$mode" = ours-rot ] && size=1000000 files=1000
      for i in "${ifs[@]}"; do args+=(--interface "$i"); done
      dotnet "$dll" capture "${args[@]}" --dir "$out" --max-size-bytes "$size" --max-files "$files" \
        --filters-file "$work/udp.yaml" --rotation-seconds 0 --report-allocations >"$out/json" 2>"$out/err" &
      pids+=($!)
      wait_ready "$out/err" "capturing on" 1 ;;
    tcpdump|tcpdump-rot|tcpdump-8if)
      local k=0
      for i in "${ifs[@]}"; do
        local extra=()
        [ "$mode" = tcpdump-rot ] && extra=(-C 1 -Z root)
        tcpdump -i "$i" -w "$out/t$k.pcap" -B 4096 -s 65536 -p -n "${extra[@]}" udp 2>"$out/err$k" &
        pids+=($!); k=$(( k + 1 ))
      done
      for k in $(seq 0 $(( nlinks - 1 ))); do wait_ready "$out/err$k" "listening on" 1; done ;;
  esac
  # Let start-up settle (the .NET runtime re-JITs its start-up code in the background for a
  # moment after start); the same pause for tcpdump. CPU is measured from here.
  sleep "$SETTLE"
  local c0; c0=$(cpu_ticks "${pids[@]}")
  local sent=0 spids=() n
  for n in $(seq 0 $(( nlinks - 1 ))); do send "$n" "$count" "$pps" >"$out/sent$n" & spids+=($!); done
  wait "${spids[@]}"
  for n in $(seq 0 $(( nlinks - 1 ))); do sent=$(( sent + $(cat "$out/sent$n") )); done
  sleep 0.5
  local c1; c1=$(cpu_ticks "${pids[@]}")
  kill -TERM "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true
  local dropped=0 alloc=-
  case $mode in
    ours*) dropped=$(grep -o '"dropped":[0-9]*' "$out/json" | cut -d: -f2)
           alloc=$(grep -o '"allocatedBytes":[0-9]*' "$out/json" | cut -d: -f2) ;;
    *) for f in "$out"/err*; do dropped=$(( dropped + $(grep -o '^[0-9]* packets dropped by kernel' "$f" | cut -d' ' -f1) )); done ;;
  esac
  mapfile -t files < <(find "$out" -name '*.pcap*' -type f)
  local captured; captured=$(count_packets "${files[@]}")
  local cpu; cpu=$(awk -v t=$(( c1 - c0 )) -v hz="$hz" 'BEGIN{printf "%.2f", t/hz}')
  local per; per=$(awk -v s="$cpu" -v c="$captured" 'BEGIN{ if (c>0) printf "%.3f", s/c*1e6; else print "inf"}')
  echo "$mode $sent $captured $dropped $cpu $per $alloc ${#files[@]}"
  rm -rf "$out"
}

printf -- '- protocol: UDP\n' >"$work/udp.yaml"
for n in $(seq 0 7); do make_link "$n"; done
# Warm the page cache and JIT paths once; not reported.
run_mode ours >/dev/null; run_mode tcpdump >/dev/null

echo "# runs=$RUNS seconds=$SECONDS_PER_RUN pps=${PPS:-0} (0 = as fast as the sender goes; 8if: PPS/8 or 25000 per link)"
echo "# mode offered captured dropped cpu_s cpu_s_per_M_captured allocated_bytes files"
results="$work/results"
: >"$results"
for r in $(seq 1 "$RUNS"); do
  for mode in ours tcpdump ours-rot tcpdump-rot ours-8if tcpdump-8if; do
    line=$(run_mode "$mode"); echo "run $r: $line"; echo "$line" >>"$results"
  done
done

# A short run: allocations must not grow with packets (compare with the full runs' column).
short=$(COUNT=20000 run_mode ours); echo "short run (20k packets): $short"

median() { sort -n | awk '{a[NR]=$1} END{ if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2 }'; }
echo
echo "| mode | offered | captured | dropped | CPU s | CPU s per 1M captured | managed bytes allocated |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for mode in ours tcpdump ours-rot tcpdump-rot ours-8if tcpdump-8if; do
  row="| $mode |"
  for col in 2 3 4 5 6 7; do
    if [ "$col" = 7 ] && [[ $mode != ours* ]]; then row="$row - |"; continue; fi
    row="$row $(awk -v m="$mode" -v c="$col" '$1==m {print $c}' "$results" | median) |"
  done
  echo "$row"
done
