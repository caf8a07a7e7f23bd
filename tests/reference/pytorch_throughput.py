#!/usr/bin/env python3
"""Training throughput of the same classifier in PyTorch eager and in Hugging Face transformers (outside the
test suite; compared with `lnctrain bench` in docs/performance.md).

Same work per step as lnctrain bench (trainer/bench/training_throughput.cpp): a randomly initialised
*ForSequenceClassification of the preset's size, a fixed random batch of --batch rows x --length tokens
(vocabulary 69 = DNABERT 3-mers, no padding), cross-entropy (sum / batch), backward, AdamW (lr 1e-4,
weight decay 0.01); --warmup untimed steps then --steps timed ones; torch.set_num_threads(--threads).

  eager         a hand-written BERT (HF BertForSequenceClassification layout: post-LN blocks, erf GELU, tanh
                pooler) using F.scaled_dot_product_attention, as lnctrain's BERT does; ESM shape for --family esm
                (pre-LN blocks, rotary off: learned absolute positions as NT v1, classifier on <cls> via dense+tanh
                -> ESM's EsmClassificationHead)
  transformers  BertForSequenceClassification / EsmForSequenceClassification from a config of the same size,
                attn_implementation="sdpa"
With --lora every backend fine-tunes with LoRA as lnctrain's NT recipe (`lnctrain bench --lora`): r 8, alpha 16,
dropout 0.05 on every linear named query, key, value or dense (PEFT suffix match: for BERT that includes the
pooler's dense), the classification head trained in full, everything else frozen:
  eager         the hand-written model with a hand-written LoRA (LoraLinear below, PEFT's math)
  transformers  transformers + PEFT (peft.get_peft_model, task_type SEQ_CLS)

--hidden-size/--num-layers/--num-heads/--intermediate-size/--vocab-size override the preset as lnctrain bench's
options do (NT-500M: 1280/24/20/5120, vocab 4105). Model TFLOP/s counts FLOPs as lnctrain bench does
(trainer/bench/training_throughput.h: 2 x non-embedding parameters per token + 4 x layers x hidden x length for
attention, x3 full fine-tuning, x2 LoRA); MFU = that / --peak-tflops (tests/reference/matmul_peak.py).

Prints one markdown table row per backend; --csv FILE appends the same rows in lnctrain bench's CSV columns
(launcher/commands/bench_command.cpp) so that both tools build one table. Presets match
config/run_config_parser.cpp.
"""
import argparse
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

PRESETS = {"tiny": (64, 2, 4, 256), "mini": (128, 4, 4, 512), "small": (256, 4, 8, 1024), "base": (768, 12, 12, 3072)}
VOCAB = 69  # DNABERT 3-mers; --vocab-size changes it


class LoraLinear(nn.Module):
    """y = base(x) + dropout(x) A^T B^T * alpha / r with the base frozen (PEFT's lora.Linear)."""

    def __init__(self, base, r=8, alpha=16, dropout=0.05):
        super().__init__()
        self.base, self.scaling = base, alpha / r
        self.lora_A, self.lora_B = nn.Linear(base.in_features, r, bias=False), nn.Linear(r, base.out_features, bias=False)
        nn.init.kaiming_uniform_(self.lora_A.weight, a=math.sqrt(5))
        nn.init.zeros_(self.lora_B.weight)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        return self.base(x) + self.lora_B(self.lora_A(self.dropout(x))) * self.scaling


def eager_lora(model):
    """Adapters on query/key/value/attention-output/intermediate/output (and BERT's pooler: PEFT's "dense" matches
    it); the head (ESM: dense + out_proj, BERT: the final projection) trained in full."""
    for p in model.parameters():
        p.requires_grad_(False)
    for blk in model.blocks:
        blk.qkv = nn.ModuleList([LoraLinear(lin) for lin in blk.qkv])
        blk.attn_out, blk.up, blk.down = LoraLinear(blk.attn_out), LoraLinear(blk.up), LoraLinear(blk.down)
    head = [model.cls] if model.family == "bert" else [model.pool, model.cls]
    if model.family == "bert":
        model.pool = LoraLinear(model.pool)
    for module in head:
        for p in module.parameters():
            p.requires_grad_(True)
    return model


class Block(nn.Module):
    def __init__(self, h, heads, inter, pre_ln):
        super().__init__()
        self.heads, self.pre_ln = heads, pre_ln
        self.qkv = nn.ModuleList([nn.Linear(h, h) for _ in range(3)])
        self.attn_out, self.ln1 = nn.Linear(h, h), nn.LayerNorm(h, eps=1e-12)
        self.up, self.down, self.ln2 = nn.Linear(h, inter), nn.Linear(inter, h), nn.LayerNorm(h, eps=1e-12)

    def attention(self, x, mask):
        b, n, h = x.shape
        q, k, v = (lin(x).view(b, n, self.heads, h // self.heads).transpose(1, 2) for lin in self.qkv)
        ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        return self.attn_out(ctx.transpose(1, 2).reshape(b, n, h))

    def forward(self, x, mask):
        if self.pre_ln:  # ESM
            x = x + self.attention(self.ln1(x), mask)
            return x + self.down(F.gelu(self.up(self.ln2(x))))
        x = self.ln1(x + self.attention(x, mask))  # BERT
        return self.ln2(x + self.down(F.gelu(self.up(x))))


class EagerClassifier(nn.Module):
    def __init__(self, family, h, layers, heads, inter, max_len):
        super().__init__()
        self.family = family
        self.tok, self.pos = nn.Embedding(VOCAB, h, padding_idx=0), nn.Embedding(max_len, h)
        self.typ = nn.Embedding(2, h) if family == "bert" else None
        self.ln_emb = nn.LayerNorm(h, eps=1e-12) if family == "bert" else None
        self.blocks = nn.ModuleList([Block(h, heads, inter, family == "esm") for _ in range(layers)])
        self.ln_final = nn.LayerNorm(h, eps=1e-12) if family == "esm" else None
        self.pool, self.cls = nn.Linear(h, h), nn.Linear(h, 2)

    def forward(self, ids, attention_mask):
        pos = torch.arange(ids.shape[1], device=ids.device)
        x = self.tok(ids) + self.pos(pos)
        if self.typ is not None:
            x = self.ln_emb(x + self.typ.weight[0])
        mask = attention_mask[:, None, None, :].bool()
        for blk in self.blocks:
            x = blk(x, mask)
        if self.ln_final is not None:
            x = self.ln_final(x)
        return self.cls(torch.tanh(self.pool(x[:, 0])))


def transformers_model(family, h, layers, heads, inter, max_len):
    import transformers as tf
    common = dict(vocab_size=VOCAB, hidden_size=h, num_hidden_layers=layers, num_attention_heads=heads,
                  intermediate_size=inter, max_position_embeddings=max_len + (2 if family == "esm" else 0), num_labels=2, pad_token_id=0)
    if family == "bert":
        cfg = tf.BertConfig(**common)
        cfg._attn_implementation = "sdpa"
        return tf.BertForSequenceClassification(cfg)
    cfg = tf.EsmConfig(**common, position_embedding_type="absolute", mask_token_id=1, token_dropout=False)
    cfg._attn_implementation = "sdpa"
    return tf.EsmForSequenceClassification(cfg)


def measure(model, call, args, device):
    model.to(device).train()
    trainable = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(trainable, lr=1e-4, weight_decay=0.01)
    g = torch.Generator().manual_seed(100)
    ids = torch.randint(5, args.vocab_size, (args.batch, args.length), generator=g).to(device)
    mask = torch.ones_like(ids)
    labels = torch.randint(0, 2, (args.batch,), generator=g).to(device)

    def step():
        opt.zero_grad(set_to_none=True)
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=args.precision == "bf16"):
            logits = call(model, ids, mask)
        loss = F.cross_entropy(logits.float(), labels, reduction="sum") / args.batch
        loss.backward()
        opt.step()
        return loss

    for _ in range(args.warmup):
        step()
    if device.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(args.steps):
        loss = step()
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    non_embedding = sum(p.numel() for n, p in model.named_parameters()
                        if "embed" not in n and n.split(".")[0] not in ("tok", "pos", "typ"))
    return seconds, float(loss.detach()), sum(p.numel() for p in trainable), non_embedding


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--family", choices=["bert", "esm"], default="bert")
    ap.add_argument("--preset", choices=list(PRESETS), default="tiny")
    ap.add_argument("--length", type=int, required=True)
    ap.add_argument("--batch", type=int, required=True)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--precision", choices=["fp32", "bf16"], default="fp32")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--backends", default="eager,transformers")
    ap.add_argument("--lora", action="store_true",
                    help="LoRA fine-tuning in every backend (eager: hand-written; transformers: + PEFT, needs peft)")
    ap.add_argument("--csv", help="append the rows to this CSV file (lnctrain bench's columns)")
    ap.add_argument("--hidden-size", type=int)
    ap.add_argument("--num-layers", type=int)
    ap.add_argument("--num-heads", type=int)
    ap.add_argument("--intermediate-size", type=int)
    ap.add_argument("--vocab-size", type=int, default=VOCAB)
    ap.add_argument("--peak-tflops", type=float, default=0.0, help="measured peak of the device (adds MFU)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    globals()["VOCAB"] = args.vocab_size  # the model builders read it
    h, layers, heads, inter = PRESETS[args.preset]
    h, layers = args.hidden_size or h, args.num_layers or layers
    heads, inter = args.num_heads or heads, args.intermediate_size or inter
    max_len = max(512, args.length)

    rows = []
    for backend in args.backends.split(","):
        torch.manual_seed(1)
        if backend == "eager":
            model = EagerClassifier(args.family, h, layers, heads, inter, max_len)
            if args.lora:
                model, backend = eager_lora(model), "eager+lora"
            call = lambda m, i, a: m(i, a)
        elif backend == "transformers":
            model = transformers_model(args.family, h, layers, heads, inter, max_len)
            if args.lora:
                import peft
                model = peft.get_peft_model(model, peft.LoraConfig(
                    r=8, lora_alpha=16, lora_dropout=0.05, target_modules=["query", "key", "value", "dense"],
                    task_type="SEQ_CLS"))
                backend = "transformers+peft-lora"
            call = lambda m, i, a: m(input_ids=i, attention_mask=a).logits
        else:
            raise SystemExit(f"unknown backend {backend}")
        rows.append((backend,) + measure(model, call, args, device))

    print("| backend | family | preset | trainable params | length | batch | threads | precision | steps | s/step |"
          " samples/s | tokens/s | final loss | model TFLOP/s | MFU |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    lines = []
    for backend, seconds, loss, params, non_embedding in rows:
        s_step, samples, tokens = seconds / args.steps, args.batch * args.steps / seconds, \
            args.batch * args.length * args.steps / seconds
        forward = 2.0 * non_embedding * args.batch * args.length + 4.0 * layers * h * args.batch * args.length ** 2
        tflops = forward * (2 if args.lora else 3) * args.steps / seconds / 1e12
        mfu = f"{tflops / args.peak_tflops:.3f}" if args.peak_tflops > 0 else ""
        print(f"| {backend} | {args.family} | {args.preset} | {params} | {args.length} | {args.batch} | {args.threads} |"
              f" {args.precision} | {args.steps} | {s_step:.4f} | {samples:.2f} | {tokens:.0f} | {loss:.4f} | {tflops:.4f} |"
              f" {mfu} |")
        lines.append(f"python,training,{backend},{args.family},{args.preset},{'yes' if args.lora else 'no'},{params},"
                     f"{args.length},{args.length},{args.batch},1,{args.threads},{args.device},{args.precision},padded,,"
                     f"{args.steps},{s_step:.4f},{samples:.2f},{tokens:.0f},,{loss:.4f},{tflops:.4f},{mfu}\n")
    if args.csv:
        import os
        header = ("tool,kind,backend,family,preset,lora,trainable_params,length,min_length,batch_per_rank,ranks,"
                  "threads_per_rank,device,precision,padding_path,allreduce,steps,s_per_step,samples_per_s,tokens_per_s,"
                  "comm_wait_share,final_loss,model_tflops_per_s,mfu\n")
        old = open(args.csv).read() if os.path.exists(args.csv) else ""
        tmp = f"{args.csv}.tmp.{os.getpid()}"
        with open(tmp, "w") as f:
            f.write((old or header) + "".join(lines))
        os.replace(tmp, args.csv)


if __name__ == "__main__":
    main()
