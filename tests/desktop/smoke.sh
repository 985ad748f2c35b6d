#!/usr/bin/env bash
# Desktop smoke test: the app's argument handling, then 30 frames under Xvfb (Mesa's
# software OpenGL) with a screenshot that must exit 0 and not be blank.
# Usage: tests/desktop/smoke.sh [BINARY]   (default build/native/infercalc-desktop)
set -uo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/native/infercalc-desktop}
shot=build/screenshots/desktop.png
passed=0 failed=0
check() {  # check NAME COMMAND...: one line per check
  local name=$1; shift
  if out=$("$@" 2>&1); then echo "ok   $name"; passed=$((passed + 1))
  else echo "FAIL $name"; printf '%s\n' "$out" | tail -n 5 | sed 's/^/     /'; failed=$((failed + 1)); fi
}
exit_code_is() { local want=$1; shift; "$@" >/dev/null 2>&1; local got=$?; [ "$got" = "$want" ] || { echo "exit code $got, expected $want"; return 1; }; }
not_blank() {
  [ -s "$shot" ] || { echo "no screenshot at $shot"; return 1; }
  local size sd
  size=$(identify -format '%wx%h' "$shot") || return 1
  [ "$size" = 1280x800 ] || { echo "screenshot is $size, expected 1280x800"; return 1; }
  sd=$(convert "$shot" -colorspace Gray -format '%[fx:int(standard_deviation*255)]' info:) || return 1
  echo "luminance standard deviation $sd"
  [ "$sd" -gt 10 ] || { echo "the window looks blank"; return 1; }
}

mkdir -p build/screenshots
rm -f "$shot"
check "--help exits 0" exit_code_is 0 "$bin" --help
check "an unknown argument exits 2" exit_code_is 2 "$bin" --no-such-flag
check "--frames without a number exits 2" exit_code_is 2 "$bin" --frames
check "30 frames under Xvfb exit 0" \
  xvfb-run -a -s "-screen 0 1280x800x24" "$bin" --frames 30 --screenshot "$shot"
check "the screenshot is not blank" not_blank
echo "desktop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
