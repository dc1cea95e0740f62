#!/usr/bin/env python3
"""Colour-vision check of the UI's categorical and diverging colour sets: simulates deuteranopia
(Machado, Oliveira & Fernandes 2009, severity 1.0, applied in linear RGB) and prints each set's
smallest pairwise CIELAB distance (Delta E 1976) for normal and deuteranope vision.

  /usr/bin/python3 scripts/cvd_check.py            # the sets as src/ui/theme.cpp and
                                                   # src/anim/colormap.cpp have them
  /usr/bin/python3 scripts/cvd_check.py --check 12 # exit 1 if a set's closest pair under
                                                   # deuteranopia is nearer than Delta E 12 (ctest)

"""
import itertools
import re
import sys
from pathlib import Path

MACHADO_DEUTAN = [[0.367322, 0.860646, -0.227968],
                  [0.280085, 0.672501, 0.047413],
                  [-0.011820, 0.042940, 0.968881]]


def lin(c):
    c /= 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def unlin(c):
    c = min(1.0, max(0.0, c))
    return 255.0 * (12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055)


def deutan(rgb):
    l = [lin(float(v)) for v in rgb]
    return tuple(unlin(sum(MACHADO_DEUTAN[i][j] * l[j] for j in range(3))) for i in range(3))


def lab(rgb):
    r, g, b = (lin(float(v)) for v in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    f = lambda t: t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116
    fx, fy, fz = f(x), f(y), f(z)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def de(a, b):
    return sum((p - q) ** 2 for p, q in zip(lab(a), lab(b))) ** 0.5


def rgb(h):
    return ((h >> 16) & 255, (h >> 8) & 255, h & 255)


def min_pair(colors, sim):
    cs = [deutan(c) if sim else c for c in colors]
    return min((de(a, b), i, j) for (i, a), (j, b) in itertools.combinations(enumerate(cs), 2))


def theme_sets():
    src = (Path(__file__).resolve().parent.parent / "src/ui/theme.cpp").read_text()
    out = {}
    for name in ("series_dark", "series_light"):
        m = re.search(name + r"\[6\] = \{([^}]*)\}", src)
        out[name] = [rgb(int(h, 16)) for h in re.findall(r"0x([0-9a-fA-F]{6})", m.group(1))]
    return out


def colormap_sets():
    """The diverging colours as src/anim/colormap.cpp has them: the scale's two ends and neutral
    (kDiverging), and the matrix tint's negative, positive and each theme's neutral."""
    src = (Path(__file__).resolve().parent.parent / "src/anim/colormap.cpp").read_text()
    f = r"\{(-?[0-9.]+)f, (-?[0-9.]+)f, (-?[0-9.]+)f\}"
    to_rgb = lambda t: tuple(round(255 * float(v)) for v in t)
    stops = [to_rgb(t) for t in re.findall(f, re.search(r"kDiverging\[\] = \{(.*?)\};", src, re.S).group(1))]
    m = re.search(r"dark \? Rgb" + f + r" : Rgb" + f, src).groups()
    mid_dark, mid_light = to_rgb(m[0:3]), to_rgb(m[3:6])
    neg = to_rgb(re.search(r"neg" + f, src).groups())
    pos = to_rgb(re.search(r"pos" + f, src).groups())
    return {"diverging ends + neutral": [stops[0], stops[-1], stops[len(stops) // 2]],
            "matrix tint, dark": [neg, pos, mid_dark],
            "matrix tint, light": [neg, pos, mid_light]}


def main():
    sets = theme_sets()
    sets.update(colormap_sets())
    floor = float(sys.argv[sys.argv.index("--check") + 1]) if "--check" in sys.argv else None
    worst = None
    for name, cs in sets.items():
        n, i, j = min_pair(cs, False)
        d, k, l = min_pair(cs, True)
        print(f"{name:28s} normal min dE {n:5.1f} ({i},{j})   deuteranopia min dE {d:5.1f} ({k},{l})")
        worst = d if worst is None else min(worst, d)
    if floor is not None and worst < floor:
        print(f"a colour set has a pair nearer than Delta E {floor:g} under deuteranopia ({worst:.1f})")
        sys.exit(1)


if __name__ == "__main__":
    main()
