# Golden for tests/core/tokenizer/test_token_labels.cpp: how each token of a byte-level split is
# shown (tok::token_labels), computed by an independent peer that finds the characters with
# Python's own UTF-8 decoder (errors="surrogateescape": each byte that is not part of a valid
# character decodes to U+DC80+byte), not by re-running the C++ rules.
# Run: /usr/bin/python3 scripts/golden/token_labels.py > tests/golden/tokenizer/token_labels.json
#
# The rules: a character entirely inside a token is shown as itself (space -> ·, newline -> ↵,
# tab -> →); the bytes of a character that the token holds only part of are shown as hex in
# angle quotes, "‹E4 B8›" (bytes separated by a thin space; a run of such bytes and of bytes that
# are no character at all is one group); the token holding a character's last byte, when the
# character began in an earlier token, shows "‹AD›…中" (its bytes of it, then the character).
# An empty token is "∅".
import json
import random

THIN = "\u2009"
MARK = {" ": "\u00b7", "\n": "\u21b5", "\t": "\u2192"}


def units(text: bytes):
    """(start, end, char or None) for every character / undecodable byte of the text."""
    out, pos = [], 0
    for ch in text.decode("utf-8", errors="surrogateescape"):
        if 0xDC80 <= ord(ch) <= 0xDCFF:
            out.append((pos, pos + 1, None))
            pos += 1
        else:
            n = len(ch.encode("utf-8"))
            out.append((pos, pos + n, ch))
            pos += n
    assert pos == len(text)
    return out


def labels(text: bytes, cuts):
    us = units(text)
    bounds = [0] + cuts + [len(text)]
    res = []
    for b, e in zip(bounds, bounds[1:]):
        parts, hexrun = [], []

        def flush():
            if hexrun:
                parts.append("\u2039" + THIN.join(f"{x:02X}" for x in hexrun) + "\u203a")
                hexrun.clear()

        for s, t, ch in us:
            if t <= b or s >= e:
                continue
            if ch is not None and s >= b and t <= e:
                flush()
                parts.append(MARK.get(ch, ch))
            elif ch is not None and s < b and b < t <= e:  # completes a character begun earlier
                flush()
                parts.append("\u2039" + THIN.join(f"{x:02X}" for x in text[b:t]) + "\u203a\u2026" + ch)
            else:
                hexrun.extend(text[max(s, b):min(t, e)])
        flush()
        res.append("".join(parts) if parts else "\u2205")
    return res


def case(text: bytes, cuts):
    return {"text_hex": text.hex(), "cuts": cuts, "labels": labels(text, cuts)}


cases = []
zh = "中文".encode()  # E4 B8 AD E6 96 87
cases.append(case(zh, [2, 5]))         # ‹E4 B8›, ‹AD›…中‹E6 96›, ‹87›…文
cases.append(case(zh, [3]))            # whole characters
cases.append(case("a 中".encode(), [1, 3]))
cases.append(case("😀".encode(), [1, 2, 3]))  # a 4-byte emoji over four tokens
cases.append(case(b"", []))
cases.append(case(b"\xe4\xb8", []))     # truncated at the end of the text
cases.append(case(b"\xed\xa0\x80x", [1]))  # a surrogate is no character
cases.append(case(b"\xc0\x80 \xff", [2]))  # overlong, invalid
rng = random.Random(20261201)
pool = ["a", "b", " ", "\n", "\t", "é", "中", "文", "字", "。", "😀", "€"]
bad = [b"\xff", b"\xe4", b"\xc0\x80", b"\xed\xa0\x80", b"\x80", b"\xf0\x9f"]
for _ in range(300):
    parts = []
    for _ in range(rng.randint(0, 12)):
        parts.append(rng.choice(bad) if rng.random() < 0.12 else rng.choice(pool).encode())
    text = b"".join(parts)
    k = rng.randint(0, max(0, len(text) - 1))
    cuts = sorted(rng.sample(range(1, len(text)), min(k, max(0, len(text) - 1)))) if len(text) > 1 else []
    cases.append(case(text, cuts))
print("[\n" + ",\n".join(json.dumps(c, ensure_ascii=False) for c in cases) + "\n]")
