#!/usr/bin/python3
"""Straightforward reference byte-level BPE trainer, to check the C++ trainer merge for merge.

Deliberately naive: after every merge it recounts all pairs from scratch and rewrites every
word. Same rules as src/core/tokenizer/bpe_tokenizer.h:
  - words come from the GPT-2 pre-tokenization pattern (written here char by char with
    unicodedata, independently of the C++ code) or the whole text is one word ("none");
  - each merge takes the most frequent adjacent pair (weighted by word count); ties go to the
    smallest left id, then the smallest right id; new ids are 256, 257, ...;
  - stop at vocab_size or when the best pair occurs fewer than min_count times.

usage: bpe_reference.py TEXT_FILE VOCAB_SIZE gpt2|none [MIN_COUNT=2] > merges.txt
Output: one merge per line, "left right count".
"""
import sys
import unicodedata
from collections import Counter

JS_SPACE = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0xFEFF, 0x2028, 0x2029}


def char_class(ch):
    cat = unicodedata.category(ch)
    if cat[0] == "L":
        return "L"
    if cat[0] == "N":
        return "N"
    if cat == "Zs" or ord(ch) in JS_SPACE:
        return "S"
    return "O"


def gpt2_pieces(text):
    """'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"""
    pieces, i, n = [], 0, len(text)
    while i < n:
        for c in ("'s", "'t", "'re", "'ve", "'m", "'ll", "'d"):
            if text.startswith(c, i):
                j = i + len(c)
                break
        else:
            start = i + 1 if text[i] == " " and i + 1 < n and char_class(text[i + 1]) != "S" else i
            cls = char_class(text[start])
            if cls != "S":
                j = start
                while j < n and char_class(text[j]) == cls:
                    j += 1
            else:
                j = i
                while j < n and char_class(text[j]) == "S":
                    j += 1
                if j < n and j - i >= 2:
                    j -= 1  # leave the last space to the following word
        pieces.append(text[i:j])
        i = j
    return pieces


def train(text, vocab_size, pre, min_count=2):
    words = Counter(gpt2_pieces(text) if pre == "gpt2" else ([text] if text else []))
    words = {tuple(w.encode("utf-8")): c for w, c in words.items()}
    merges = []
    for new_id in range(256, vocab_size):
        pairs = Counter()
        for w, c in words.items():
            for p in zip(w, w[1:]):
                pairs[p] += c
        if not pairs:
            break
        (a, b), count = min(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
        if count < min_count:
            break
        merges.append((a, b, count))
        new_words = {}
        for w, c in words.items():
            out, i = [], 0
            while i < len(w):
                if i + 1 < len(w) and w[i] == a and w[i + 1] == b:
                    out.append(new_id)
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            new_words[tuple(out)] = new_words.get(tuple(out), 0) + c
        words = new_words
    return merges


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8", newline="") as f:
        text = f.read()
    min_count = int(sys.argv[4]) if len(sys.argv) == 5 else 2
    for a, b, c in train(text, int(sys.argv[2]), sys.argv[3], min_count):
        print(a, b, c)


if __name__ == "__main__":
    main()
