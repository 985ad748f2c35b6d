#!/usr/bin/env bash
# Desktop tests under one Xvfb server (Mesa's software OpenGL): argument handling, a link from
# the command line, scenario files saved and reopened through the same code as
# File > Save / Open, a corrupt file refused without changing anything, an atomic save
# killed half-way, the settings file, and screenshots that must not be blank.
# Usage: tests/desktop/smoke.sh [BINARY]   (default build/native/infercalc-desktop)
set -uo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-build/native/infercalc-desktop}")
shots=build/screenshots
shot=$shots/desktop.png
tmp=$(mktemp -d)
xvfb_pid=
trap '[ -z "$xvfb_pid" ] || kill "$xvfb_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME=$tmp/config  # never the user's own settings

# One X server for every check, on a display number it picks itself (-displayfd):
# no races with other xvfb-run users over display numbers and lock files.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 1 100); do [ -s "$tmp/display" ] && break; sleep 0.1; done
[ -s "$tmp/display" ] || { echo "FAIL Xvfb did not start"; cat "$tmp/xvfb.log"; exit 1; }
export DISPLAY=":$(cat "$tmp/display")"
passed=0 failed=0
check() {  # check NAME COMMAND...: one line per check
  local name=$1; shift
  if out=$("$@" 2>&1); then echo "ok   $name"; passed=$((passed + 1))
  else echo "FAIL $name"; printf '%s\n' "$out" | tail -n 8 | sed 's/^/     /'; failed=$((failed + 1)); fi
}
app() { "$bin" "$@"; }
exit_code_is() { local want=$1; shift; "$@" >/dev/null 2>&1; local got=$?; [ "$got" = "$want" ] || { echo "exit code $got, expected $want"; return 1; }; }
not_blank() {  # not_blank FILE
  [ -s "$1" ] || { echo "no screenshot at $1"; return 1; }
  local stats size sd
  stats=$(python3 tests/desktop/png_stats.py "$1") || return 1
  size=${stats% *} sd=${stats#* }
  [ "$size" = 1280x800 ] || { echo "screenshot is $size, expected 1280x800"; return 1; }
  echo "luminance standard deviation $sd"
  [ "$sd" -gt 10 ] || { echo "the window looks blank"; return 1; }
}

link_a='#v=1&model=llama-3.1-70b&gpu=h200-sxm&gpus=2&tp=2'
link_b='#v=1&model=deepseek-v3&gpu=h100-sxm&gpus=16&tp=16&batch=max'
file=$tmp/scenario.json

prints_link() {  # prints_link WANT ARGS...: the app's final link is WANT
  local want=$1; shift
  local got
  got=$(app "$@" --print-link 2>"$tmp/stderr") || { echo "exit code $?"; cat "$tmp/stderr"; return 1; }
  [ "$got" = "$want" ] || { echo "printed '$got', expected '$want'"; return 1; }
}
save_then_open() {
  rm -f "$file"
  app --link "$link_a" --save "$file" --note "two H200" >/dev/null 2>&1 || { echo "--save exited $?"; return 1; }
  grep -q '"format": "infercalc-scenario"' "$file" && grep -q '"note": "two H200"' "$file" || { cat "$file"; return 1; }
  [ ! -e "$file.tmp" ] || { echo "left $file.tmp behind"; return 1; }
  prints_link "$link_a" --open "$file"
}
recent_files() {
  local settings=$XDG_CONFIG_HOME/infercalc/settings.json
  [ -s "$settings" ] || { echo "no $settings"; return 1; }
  grep -q "\"$file\"" "$settings" || { cat "$settings"; return 1; }
  # Nine more files: the list keeps the 8 most recent, newest first.
  for i in 1 2 3 4 5 6 7 8 9; do app --link "$link_a" --save "$tmp/s$i.json" >/dev/null 2>&1 || return 1; done
  python3 - "$settings" "$tmp" <<'PY'
import json, sys
recent = json.load(open(sys.argv[1]))["recent"]
want = [f"{sys.argv[2]}/s{i}.json" for i in range(9, 1, -1)]
assert recent == want, recent
PY
}
settings_kept() {  # language and theme chosen earlier survive a run that rewrites the file
  local settings=$XDG_CONFIG_HOME/infercalc/settings.json
  printf '{"language": "ko", "theme": "light", "recent": []}\n' >"$settings"
  app --link "$link_a" --save "$file" >/dev/null 2>&1 || return 1
  python3 - "$settings" "$file" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["language"] == "ko" and s["theme"] == "light" and s["recent"] == [sys.argv[2]], s
PY
}
corrupt_refused() {  # corrupt_refused CONTENT: exit 1, a message, the --link state kept
  printf '%s' "$1" >"$tmp/corrupt.json"
  local out rc
  out=$(app --link "$link_b" --open "$tmp/corrupt.json" --print-link 2>"$tmp/stderr")
  rc=$?
  [ "$rc" = 1 ] || { echo "exit code $rc, expected 1"; return 1; }
  [ "$out" = "$link_b" ] || { echo "state changed to '$out'"; return 1; }
  grep -q "cannot open $tmp/corrupt.json" "$tmp/stderr" || { cat "$tmp/stderr"; return 1; }
  echo "message: $(cat "$tmp/stderr")"
}
killed_mid_save() {
  app --link "$link_a" --save "$file" --note "the old file" >/dev/null 2>&1 || return 1
  cp "$file" "$tmp/old.json"
  local note
  note=$(head -c 3000 /dev/zero | tr '\0' 'x')
  INFERCALC_TEST_SAVE_PAUSE_MS=20000 "$bin" --link "$link_b" --save "$file" --note "$note" >/dev/null 2>&1 &
  local writer=$! i
  for i in $(seq 1 200); do [ -s "$file.tmp" ] && break; sleep 0.1; done
  [ -s "$file.tmp" ] || { kill "$writer"; echo "the save never wrote $file.tmp"; return 1; }
  kill -KILL "$writer"
  wait "$writer" 2>/dev/null
  cmp -s "$file" "$tmp/old.json" || { echo "the old file changed"; diff "$tmp/old.json" "$file" | head; return 1; }
  prints_link "$link_a" --open "$file" || return 1
  # The next save replaces the stale temporary file.
  app --link "$link_b" --save "$file" >/dev/null 2>&1 && prints_link "$link_b" --open "$file"
}

mkdir -p "$shots" "$XDG_CONFIG_HOME"
rm -f "$shot" "$shots/desktop-corrupt.png"
check "--help exits 0" exit_code_is 0 "$bin" --help
check "an unknown argument exits 2" exit_code_is 2 "$bin" --no-such-flag
check "--frames without a number exits 2" exit_code_is 2 "$bin" --frames
check "--open without a file exits 2" exit_code_is 2 "$bin" --open
check "30 frames under Xvfb exit 0" app --frames 30 --screenshot "$shot"
check "the screenshot is not blank" not_blank "$shot"
check "a link on the command line is the app's state" prints_link "$link_b" --link "$link_b"
check "a bare '#...' argument works as --link" prints_link "$link_a" "$link_a"
check "the Cluster tab's keys round-trip (defaults left out)" prints_link '#v=1&model=llama-3.1-70b&gpu=h100-sxm&tab=cluster&fleet=h100-sxm:4,a100-sxm4-80gb:8&rate=3&ttft_slo=500&tpot_slo=50&pct=50&in_cv=0.5&out_cv=1&plink=roce-200&plink_gbps=100' \
  --link '#v=1&model=llama-3.1-70b&gpu=h100-sxm&tab=cluster&fleet=h100-sxm:4,a100-sxm4-80gb:8&rate=3&ttft_slo=500&tpot_slo=50&pct=50&in_cv=0.5&out_cv=1&plink=roce-200&plink_gbps=100&plink_lat=20' --frames 3
check "a compare link (vs=) and targets round-trip" prints_link \
  '#v=1&model=llama-3.1-70b&gpu=h200-sxm&target_tpot=50&vs=v%3D1%26model%3Dllama-3.1-70b%26gpu%3Dh100-sxm%26gpus%3D2%26tp%3D2' \
  --link '#v=1&model=llama-3.1-70b&gpu=h200-sxm&target_tpot=50&vs=v%3D1%26model%3Dllama-3.1-70b%26gpu%3Dh100-sxm%26gpus%3D2%26tp%3D2' --frames 3
check "an invalid link keeps the defaults" prints_link '#v=1&model=llama-3.1-8b&gpu=h100-sxm' --link '#v=1&gpu=no-such-gpu'
check "--save writes a scenario file that --open restores" save_then_open
check "saved files go to the recent list (8 at most) in the settings file" recent_files
check "language and theme in the settings file survive a rewrite" settings_kept
check "a file that is not JSON is refused, state unchanged" corrupt_refused 'not json at all {'
check "a foreign JSON file is refused, state unchanged" corrupt_refused '{"format": "something-else", "version": 1}'
check "a scenario file with a bad link is refused, state unchanged" \
  corrupt_refused '{"format": "infercalc-scenario", "version": 1, "link": "#v=1&gpus=0"}'
check "a missing file is refused, state unchanged" exit_code_is 1 app --open "$tmp/no-such-file.json"
check "the refusal is shown in a modal (screenshot desktop-corrupt.png)" \
  exit_code_is 1 app --link "$link_b" --open "$tmp/corrupt.json" --screenshot "$shots/desktop-corrupt.png"
check "the modal screenshot is not blank" not_blank "$shots/desktop-corrupt.png"
check "a save killed between write and rename leaves the old file intact" killed_mid_save
echo "desktop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
