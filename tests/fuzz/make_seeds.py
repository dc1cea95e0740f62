#!/usr/bin/env python3
"""Writes the small seed corpora in tests/fuzz/corpus/NAME/ (committed; rerun after a format change).
Seeds are valid or nearly valid inputs, so the fuzzer starts from deep inside each parser."""
import json, os, struct, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")
G = os.path.join(ROOT, "tests", "golden")


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def st(tensors, meta=None):
    """safetensors bytes from [(name, dtype, shape, raw bytes)]."""
    h, off, blob = {}, 0, b""
    if meta:
        h["__metadata__"] = meta
    for name, dt, shape, raw in tensors:
        h[name] = {"dtype": dt, "shape": shape, "data_offsets": [off, off + len(raw)]}
        off += len(raw)
        blob += raw
    hj = json.dumps(h, separators=(",", ":")).encode()
    hj += b" " * ((8 - (8 + len(hj)) % 8) % 8)
    return struct.pack("<Q", len(hj)) + hj + blob


def rd(p):
    with open(os.path.join(G, p), "rb") as f:
        return f.read()


# safetensors
put("safetensors", "f32", st([("a", "F32", [2, 3], struct.pack("<6f", *range(6))), ("b", "F32", [3], struct.pack("<3f", 1, 2, 3))], {"format": "pt"}))
put("safetensors", "f16_bf16", st([("h", "F16", [2], b"\x00\x3c\x00\x40"), ("b", "BF16", [1, 2], b"\x80\x3f\x00\x40")]))
put("safetensors", "empty", st([]))
put("safetensors", "gpt2_golden", rd("transformer/gpt2/model.safetensors"))

# json / config
for p in ["transformer/gpt2/config.json", "transformer/llama/config.json", "mamba/lm_hf/config.json", "mamba/lm_state_spaces/config.json"]:
    put("json", p.replace("/", "_"), rd(p))
put("json", "values", '[1, -2.5e3, "a\\u00e9\\ud83d\\ude00\xe4\xb8\xad", true, false, null, {"k": [{}]}]')

# npy
def npy(shape, vals):
    h = "{'descr': '<f4', 'fortran_order': False, 'shape': (%s%s), }" % (", ".join(str(s) for s in shape), "," if len(shape) == 1 else "")
    while (10 + len(h) + 1) % 64:
        h += " "
    h += "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h.encode() + struct.pack("<%df" % len(vals), *vals)
put("npy", "2x3", npy([2, 3], [0, 1, 2, 3, 4, 5]))
put("npy", "1d", npy([4], [1, 2, 3, 4]))

# model loader: [u16 config length][config][safetensors]
for name, d in [("gpt2", "transformer/gpt2"), ("llama", "transformer/llama"), ("mamba_hf", "mamba/lm_hf")]:
    c = rd(d + "/config.json")
    put("model_loader", name, struct.pack("<H", len(c)) + c + rd(d + "/model.safetensors"))

# .tmxbpe files (layout: core/tokenizer/bpe_file.h)
def fnv(b):
    h = 0x811C9DC5
    for x in b:
        h = ((h ^ x) * 0x01000193) & 0xFFFFFFFF
    return h
def tmxbpe(kind, pre, items, specials=()):
    b = b"TMXB" + struct.pack("<5I", 1, kind, pre, len(items), len(specials))
    for it in items:
        b += struct.pack("<2I", *it) if kind == 2 else struct.pack("<H", len(it)) + it
    for i, t in specials:
        b += struct.pack("<IH", i, len(t)) + t
    return b + struct.pack("<I", fnv(b))
put("bpe_file", "merges", tmxbpe(2, 1, [(104, 101), (256, 108), (257, 108), (32, 119)]))
put("bpe_file", "ranked", tmxbpe(1, 1, [bytes([i]) for i in range(256)] + [b"he", b"ll", b" w"], [(259, b"<|endoftext|>")]))

# texts for the tokenizers
texts = {
    "english": "Hello world! The quick brown fox jumps over the lazy dog's back, 1234 times.\n\n  indented  ",
    "cjk_emoji": "\u4e2d\u6587\u5206\u8bcd \u3053\u3093\u306b\u3061\u306f \U0001F600\U0001F44D\u200d caf\u00e9",
    "code": "int main() {\n\treturn x<<2 | y; // 's 're 've\n}\n",
}
for k, v in texts.items():
    put("gpt2_encode", k, v)
    put("bpe_train", k, bytes([40 + len(k)]) + v.encode())
put("gpt2_encode", "invalid_utf8", b"ab\xff\xfe\xc0\xaf\xed\xa0\x80 <|endoftext|>")
put("bpe_train", "repeats", b"\x81" + b"aaaaaaaabababab " * 20)

# router
for i, h in enumerate(["#/", "#/notes/attention#scaled-dot-product", "#/cinema/attention-mechanism?t=12.5&speed=0.5&loop=1",
                       "#/lab/softmax?T=0.5&logits=1,2,3", "#/embed/lab/attention?text=Hello%20%E4%B8%AD&layer=1",
                       "#/lab/bpe?text=a%2Bb+c&vocab=300"]):
    put("router", "route%d" % i, h)

# widget parameters (a query string, as the router hands it over)
for i, q in enumerate(["r=0.5&lr=0.001&i=4&b=1&v=1,2,3&t=the%20cat&c=b", "r=NaN&i=1e9&b=maybe&v=,,,&c=z",
                       "v=" + ",".join(str(k) for k in range(60)) + "&t=%E4%B8%AD%E6%96%87%FF", "unknown=1&r=-inf&r=inf"]):
    put("widget_params", "query%d" % i, q)

# markdown with directives
put("markdown", "note", """# Title

Some *emphasis*, `code`, a [link](02-ssm-mamba.md#the-scan) and math $a^2 + b^2$.

$$\\frac{QK^\\top}{\\sqrt{d_k}}$$

> [!NOTE]
> A callout with **bold**.

```widget softmax T=0.7
```

```scene attention-mechanism t=12.5 speed=0.5
```

```video grouped-query-attention.mp4 scene=grouped-query-attention
```

| a | b |
|---|---|
| 1 | 2 |

## Title

- item
  1. nested
""")
print("seeds written to", OUT)
