#!/usr/bin/env python3
"""lnctrain against Python transformers on randomly drawn small BERT (DNABERT v1) and ESM (Nucleotide Transformer)
models. Outside ctest (needs `pip install transformers safetensors numpy`); CI runs it after building lnctrain.

For each trial: draw a configuration (layers, heads, head size, FFN size, k-mer size / ESM position type,
token_dropout, emb_layer_norm_before, labels), build the transformers *ForSequenceClassification with seeded random
weights of a realistic scale, save it with save_pretrained(safe_serialization=True) plus its tokenizer files
(the vocab.txt of BertTokenizer on a DNABERT k-mer vocabulary / of EsmTokenizer on the Nucleotide Transformer one), write random DNA
sequences to a CSV, then
  1. `lnctrain tokenize` ids == the Python tokenizer's ids (DNABERT: seq2kmer + BertTokenizer; NT: <cls> + EsmTokenizer
     without its <eos>, as the NT models are fed);
  2. `lnctrain predict` logits and probabilities == transformers (float64 copy of the same model, same batches and
     right padding) within --atol.
Exit status 0 when every trial matches, 1 otherwise (each mismatch is printed).

    python3 tests/reference/random_hf_models.py --lnctrain build/lnctrain --trials 8 --seed 1
"""
import argparse
import csv
import math
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch
from transformers import (BertConfig, BertForSequenceClassification, BertTokenizer, EsmConfig,
                          EsmForSequenceClassification, EsmTokenizer)

REPO = Path(__file__).resolve().parents[2]
DNABERT_VOCABS = REPO / "data/assets/dnabert_vocab"
NT_VOCAB_CANDIDATES = [REPO / "tests/fixtures/tokenizers/nucleotide_transformer/v2/vocab.txt",
                       REPO / "tests/fixtures/tokenizers/nucleotide_transformer/v1/vocab.txt"]


def nt_vocab_path(workdir: Path) -> Path:
    for p in NT_VOCAB_CANDIDATES:
        if p.exists():
            return p
    # The NT v2 id order: specials, the 4096 6-mers over ATCG in product order, then single letters.
    import itertools
    tokens = ["<unk>", "<pad>", "<mask>", "<cls>", "<eos>", "<bos>"]
    tokens += ["".join(t) for t in itertools.product("ATCG", repeat=6)] + list("ATCGN")
    path = workdir / "nt_vocab.txt"
    path.write_text("\n".join(tokens) + "\n")
    return path


def random_dna(rng: random.Random, min_len: int, max_len: int, n_rate: float) -> str:
    length = rng.randint(min_len, max_len)
    return "".join("N" if rng.random() < n_rate else rng.choice("ACGT") for _ in range(length))


def randomize_weights(model: torch.nn.Module, seed: int) -> None:
    """Weights of a realistic scale (HF's 0.02 init makes every logit nearly equal, which would test little)."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("inv_freq"):
                continue
            if "LayerNorm" in name or "layer_norm" in name:
                p.copy_((1.0 if name.endswith("weight") else 0.0) + 0.1 * torch.randn(p.shape, generator=g))
            elif "embeddings" in name:
                p.copy_(0.5 * torch.randn(p.shape, generator=g))
            elif name.endswith("bias"):
                p.copy_(0.05 * torch.randn(p.shape, generator=g))
            else:
                p.copy_(torch.randn(p.shape, generator=g) * (1.2 / math.sqrt(p.shape[-1])))


def draw_bert(rng: random.Random, workdir: Path):
    k = rng.choice([3, 4, 5, 6])
    vocab = DNABERT_VOCABS / str(k) / "vocab.txt"
    heads = rng.choice([1, 2, 3, 4])
    config = BertConfig(vocab_size=sum(1 for _ in open(vocab)), hidden_size=heads * rng.choice([4, 8]),
                        num_hidden_layers=rng.randint(1, 3), num_attention_heads=heads,
                        intermediate_size=rng.choice([16, 32, 48]), max_position_embeddings=128,
                        num_labels=rng.choice([2, 3]), pad_token_id=0, hidden_act="gelu")
    tokenizer = BertTokenizer.from_pretrained(str(vocab.parent), do_lower_case=False)

    def python_ids(seq: str):
        kmers = [seq[i:i + k] for i in range(len(seq) + 1 - k)]
        return tokenizer.encode(" ".join(kmers), add_special_tokens=True)

    return f"bert k={k}", BertForSequenceClassification(config), vocab, python_ids, 0.02


def draw_esm(rng: random.Random, workdir: Path):
    vocab = nt_vocab_path(workdir)
    heads = rng.choice([1, 2, 4])
    position = rng.choice(["absolute", "rotary"])
    config = EsmConfig(vocab_size=sum(1 for _ in open(vocab)), hidden_size=heads * rng.choice([4, 8]),
                       num_hidden_layers=rng.randint(1, 3), num_attention_heads=heads,
                       intermediate_size=rng.choice([16, 32, 48]), max_position_embeddings=64,
                       position_embedding_type=position, token_dropout=rng.random() < 0.5,
                       emb_layer_norm_before=rng.random() < 0.3, pad_token_id=1, mask_token_id=2,
                       num_labels=rng.choice([2, 3]), hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    vocab_dir = workdir / "nt_vocab"
    vocab_dir.mkdir(exist_ok=True)
    shutil.copy(vocab, vocab_dir / "vocab.txt")
    tokenizer = EsmTokenizer.from_pretrained(str(vocab_dir))
    cls = tokenizer.convert_tokens_to_ids("<cls>")

    def python_ids(seq: str):
        return [cls] + tokenizer.encode(seq, add_special_tokens=False)

    name = f"esm {position} token_dropout={config.token_dropout} ln_before={config.emb_layer_norm_before}"
    return name, EsmForSequenceClassification(config), vocab, python_ids, 0.0


def read_tsv(path: Path):
    with open(path) as f:
        rows = list(csv.reader(f, delimiter="\t"))
    return rows[0], rows[1:]


def run(cmd):
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{proc.stderr}")
    return proc


def trial(index: int, args, workdir: Path) -> list:
    rng = random.Random(args.seed * 1000 + index)
    family_name, model, vocab, python_ids, n_rate = (draw_bert if rng.random() < 0.5 else draw_esm)(rng, workdir)
    model.eval()
    randomize_weights(model, args.seed * 1000 + index)
    model_dir = workdir / f"trial{index}"
    model.save_pretrained(model_dir, safe_serialization=True)
    # Only vocab.txt: transformers 5 saves a tokenizer.json even for BERT, which would read as DNABERT-2's BPE.
    shutil.copy(vocab, model_dir / "vocab.txt")

    sequences = [random_dna(rng, 1, 55, n_rate) for _ in range(rng.randint(3, 9))]
    sequences[0] = random_dna(rng, 50, 55, 0.0)  # one long row, so the others are padded
    input_csv = model_dir / "input.csv"
    input_csv.write_text("sequence,label\n" + "".join(f"{s},0\n" for s in sequences))
    failures = []
    label = f"trial {index} ({family_name}, layers={model.config.num_hidden_layers}, heads={model.config.num_attention_heads}, hidden={model.config.hidden_size}, labels={model.config.num_labels})"

    # 1. token ids
    run([args.lnctrain, "tokenize", "--model", model_dir, "--input", input_csv, "--out", model_dir / "tokens.tsv"])
    _, rows = read_tsv(model_dir / "tokens.tsv")
    ids = []
    for (i, text), seq in zip(rows, sequences):
        ours = [int(t) for t in text.split()]
        theirs = python_ids(seq)
        ids.append(theirs)
        if ours != theirs:
            failures.append(f"{label}: token ids differ for sequence {i} {seq!r}:\n  lnctrain {ours}\n  python   {theirs}")
    if len(rows) != len(sequences):
        failures.append(f"{label}: lnctrain tokenized {len(rows)} sequences, expected {len(sequences)}")

    # 2. logits, with the same batches and padding as lnctrain predict
    run([args.lnctrain, "predict", "--model", model_dir, "--input", input_csv, "--out", model_dir / "pred.tsv",
         "--batch-size", args.batch_size])
    header, rows = read_tsv(model_dir / "pred.tsv")
    n = model.config.num_labels
    expected_header = ["index"] + [f"logit_{i}" for i in range(n)] + [f"prob_{i}" for i in range(n)]
    if header != expected_header:
        failures.append(f"{label}: predict header {header} != {expected_header}")
    reference = model.double()
    pad = model.config.pad_token_id
    worst = 0.0
    for start in range(0, len(ids), args.batch_size):
        batch = ids[start:start + args.batch_size]
        longest = max(len(x) for x in batch)
        input_ids = torch.tensor([x + [pad] * (longest - len(x)) for x in batch])
        mask = torch.tensor([[1] * len(x) + [0] * (longest - len(x)) for x in batch])
        with torch.no_grad():
            logits = reference(input_ids=input_ids, attention_mask=mask).logits
        probs = torch.softmax(logits, -1)
        for b in range(len(batch)):
            row = rows[start + b]
            ours = np.array([float(v) for v in row[1:]])
            theirs = np.concatenate([logits[b].numpy(), probs[b].numpy()])
            diff = float(np.abs(ours - theirs).max())
            worst = max(worst, diff)
            if not diff <= args.atol:
                failures.append(f"{label}: sequence {start + b}: max |lnctrain - transformers| = {diff:.3g} > {args.atol}"
                                f"\n  lnctrain {ours.tolist()}\n  python   {theirs.tolist()}")
    print(f"{label}: {len(sequences)} sequences, max abs diff {worst:.2e}, "
          f"{'OK' if not failures else f'{len(failures)} FAILURES'}", flush=True)
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lnctrain", default=str(REPO / "build/lnctrain"))
    parser.add_argument("--trials", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--atol", type=float, default=1e-4)
    parser.add_argument("--keep", help="keep the generated models in this folder")
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="lnc_random_hf_"))
    workdir.mkdir(parents=True, exist_ok=True)
    failures = []
    try:
        for i in range(args.trials):
            failures += trial(i, args, workdir)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    for f in failures:
        print("FAIL " + f, file=sys.stderr)
    print(f"{args.trials} trials, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
