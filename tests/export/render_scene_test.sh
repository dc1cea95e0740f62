#!/bin/sh
# Export check for `tmx render-scene`: 2 s of a scene at 30 fps and 640x360 must come out as an
# H.264/yuv420p MP4 that ffprobe reads as 60 frames, ~2 s, 640x360, and not a flat image.
# One short range of each scene listed at the end.
# Usage: render_scene_test.sh path/to/tmx OUT_DIR
set -eu
TMX=$1
OUT=$2
if ! command -v ffmpeg >/dev/null 2>&1 || ! command -v ffprobe >/dev/null 2>&1; then
  echo "SKIP: ffmpeg/ffprobe not installed (apt-get install ffmpeg)"
  exit 77
fi
mkdir -p "$OUT"
fail() { echo "FAIL: $*"; exit 1; }
# check SLUG FROM TO: one scene, 2 s from FROM.
check() {
  F="$OUT/$1-2s.mp4"
  rm -f "$F"
  "$TMX" render-scene "$1" --out "$F" --fps 30 --size 640x360 --from "$2" --to "$3"
  [ -s "$F" ] || fail "no output file"
  probe() { ffprobe -v error -select_streams v:0 -count_frames -show_entries "stream=$1" -of default=nw=1:nk=1 "$F"; }
  frames=$(probe nb_read_frames)
  width=$(probe width)
  height=$(probe height)
  codec=$(probe codec_name)
  pix=$(probe pix_fmt)
  dur=$(ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$F")
  echo "$1: frames=$frames size=${width}x$height codec=$codec pix_fmt=$pix duration=$dur"
  [ "$frames" = 60 ] || fail "expected 60 frames, got $frames"
  [ "$width" = 640 ] && [ "$height" = 360 ] || fail "expected 640x360, got ${width}x$height"
  [ "$codec" = h264 ] || fail "expected h264, got $codec"
  [ "$pix" = yuv420p ] || fail "expected yuv420p, got $pix"
  awk -v d="$dur" 'BEGIN { exit !(d > 1.9 && d < 2.1) }' || fail "expected ~2 s, got $dur"
  # faststart: the moov atom comes before mdat.
  head -c 4096 "$F" | grep -q moov || fail "moov atom is not at the start (+faststart missing)"
  # The picture is not flat: luma spans a wide range in the last frame.
  range=$(ffprobe -v error -f lavfi -i "movie=$F,signalstats" -show_entries frame_tags=lavfi.signalstats.YMIN,lavfi.signalstats.YMAX \
          -of csv=p=0 | tail -1 | awk -F, '{ print ($2 > $1 ? $2 - $1 : $1 - $2) }')
  echo "luma range in the last frame: $range"
  [ "$range" -gt 100 ] || fail "the frame looks blank (luma range $range)"
}
check attention-mechanism 20 22
check ffn-swiglu 28 30
check positional-encoding 18 20
check rope 24 26
check residual-norm 20 22
check multi-head-attention 24 26
check bpe 12 14
echo "PASS"
