#!/usr/bin/env python3
"""Training throughput of the same classifier in PyTorch eager and in Hugging Face transformers (outside the
test suite; compared with `lnctrain bench` in docs/performance.md).

Same work per step as lnctrain bench (trainer/bench/training_throughput.cpp, the training run's own step): a
randomly initialised *ForSequenceClassification of the preset's size with dropout --dropout (0.1, lnctrain's
presets and HF's default) on hidden states and attention probabilities, a fixed random batch of --batch rows x
--length tokens (vocabulary 69 = DNABERT 3-mers, no padding), cross-entropy (sum / batch), backward, gradient
clipping at norm 1.0, AdamW (lr 1e-4, weight decay 0.01 except biases and LayerNorm weights: transformers'
Trainer groups); --optimizer default = torch.optim.AdamW's default implementation (on CPU the per-parameter loop),
fused = fused=True; --warmup untimed steps then --steps timed ones; torch.set_num_threads(--threads).
Before 2026-12 the eager model had no dropout, no clipping and one AdamW group: less work than lnctrain's step.

Two more columns, as lnctrain bench's (trainer/bench/op_counter.h), from torch.profiler over 2 untimed steps
after the timed ones: "aten ops per step" (events named aten::*, nested ones included) and "host syncs per step"
(aten::item, _local_scalar_dense, is_nonzero, equal, nonzero, masked_select, _unique2 events that no aten op
encloses). On CPU torch.optim.AdamW's default implementation reads every parameter's step count with .item()
(CPU tensors also on CUDA, so no device sync there): counted, since the profiler cannot tell them apart.

  eager         a hand-written BERT (HF BertForSequenceClassification layout: post-LN blocks, erf GELU, tanh
                pooler) using F.scaled_dot_product_attention, as lnctrain's BERT does; ESM shape for --family esm
                (pre-LN blocks, rotary off: learned absolute positions as NT v1, classifier on <cls> via dense+tanh
                -> ESM's EsmClassificationHead)
                DNABERT-2 shape for --family dnabert2 (MosaicBERT: no position embeddings, ALiBi bias added to the
                attention scores, fused Wqkv, post-LN, a GLU feed-forward gated_layers -> gelu(gate) * value ->
                wo, tanh pooler), as lnctrain's padded path (trainer/models/dnabert2/dnabert2_model.cpp)
  transformers  BertForSequenceClassification / EsmForSequenceClassification from a config of the same size,
                attn_implementation="sdpa" (none for dnabert2: its model code is not part of transformers)
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
    """Adapters on query/key/value/attention-output/intermediate/output (DNABERT-2: Wqkv, dense, gated_layers, wo)
    and BERT's pooler (PEFT's "dense" matches it); the head (ESM: dense + out_proj, BERT: the final projection)
    trained in full."""
    for p in model.parameters():
        p.requires_grad_(False)
    for blk in model.blocks:
        if model.family == "dnabert2":
            blk.wqkv, blk.attn_out = LoraLinear(blk.wqkv), LoraLinear(blk.attn_out)
            blk.gated, blk.wo = LoraLinear(blk.gated), LoraLinear(blk.wo)
            continue
        blk.qkv = nn.ModuleList([LoraLinear(lin) for lin in blk.qkv])
        blk.attn_out, blk.up, blk.down = LoraLinear(blk.attn_out), LoraLinear(blk.up), LoraLinear(blk.down)
    head = [model.pool, model.cls] if model.family == "esm" else [model.cls]
    if model.family != "esm":
        model.pool = LoraLinear(model.pool)
    for module in head:
        for p in module.parameters():
            p.requires_grad_(True)
    return model


def alibi_slopes(n):
    """ALiBi's head slopes (Press et al.; MosaicBERT's _get_alibi_head_slopes), any head count."""
    def power_of_two(k):
        start = 2 ** (-2 ** -(math.log2(k) - 3))
        return [start * start ** i for i in range(k)]
    if math.log2(n).is_integer():
        return power_of_two(n)
    closest = 2 ** math.floor(math.log2(n))
    return power_of_two(closest) + alibi_slopes(2 * closest)[0::2][: n - closest]


class Dnabert2Block(nn.Module):
    """MosaicBERT layer: fused Wqkv, attention with an additive (padding + ALiBi) bias, post-LN, GLU MLP."""

    def __init__(self, h, heads, inter, p):
        super().__init__()
        self.heads, self.inter, self.p = heads, inter, p
        self.wqkv, self.attn_out, self.ln1 = nn.Linear(h, 3 * h), nn.Linear(h, h), nn.LayerNorm(h, eps=1e-12)
        self.gated, self.wo = nn.Linear(h, 2 * inter, bias=False), nn.Linear(inter, h)
        self.ln2 = nn.LayerNorm(h, eps=1e-12)

    def forward(self, x, bias, keep):
        b, n, h = x.shape
        qkv = (self.wqkv(x) * keep).view(b, n, 3, self.heads, h // self.heads).permute(2, 0, 3, 1, 4)
        ctx = F.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], attn_mask=bias,
                                             dropout_p=self.p if self.training else 0.0)
        x = self.ln1(x + F.dropout(self.attn_out(ctx.transpose(1, 2).reshape(b, n, h)), self.p, self.training))
        g = self.gated(x)
        y = F.gelu(g[..., : self.inter]) * g[..., self.inter:]
        return self.ln2(x + F.dropout(self.wo(y), self.p, self.training))


class Block(nn.Module):
    def __init__(self, h, heads, inter, pre_ln, p):
        super().__init__()
        self.heads, self.pre_ln, self.p = heads, pre_ln, p
        self.qkv = nn.ModuleList([nn.Linear(h, h) for _ in range(3)])
        self.attn_out, self.ln1 = nn.Linear(h, h), nn.LayerNorm(h, eps=1e-12)
        self.up, self.down, self.ln2 = nn.Linear(h, inter), nn.Linear(inter, h), nn.LayerNorm(h, eps=1e-12)

    def attention(self, x, mask):
        b, n, h = x.shape
        q, k, v = (lin(x).view(b, n, self.heads, h // self.heads).transpose(1, 2) for lin in self.qkv)
        ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=self.p if self.training else 0.0)
        return F.dropout(self.attn_out(ctx.transpose(1, 2).reshape(b, n, h)), self.p, self.training)

    def forward(self, x, mask):
        if self.pre_ln:  # ESM
            x = x + self.attention(self.ln1(x), mask)
            return x + F.dropout(self.down(F.gelu(self.up(self.ln2(x)))), self.p, self.training)
        x = self.ln1(x + self.attention(x, mask))  # BERT
        return self.ln2(x + F.dropout(self.down(F.gelu(self.up(x))), self.p, self.training))


class EagerClassifier(nn.Module):
    def __init__(self, family, h, layers, heads, inter, max_len, p=0.1):
        super().__init__()
        self.family, self.heads, self.p = family, heads, p
        self.tok = nn.Embedding(VOCAB, h, padding_idx=0)
        self.pos = nn.Embedding(max_len, h) if family != "dnabert2" else None  # DNABERT-2: ALiBi instead
        self.typ = nn.Embedding(2, h) if family != "esm" else None
        self.ln_emb = nn.LayerNorm(h, eps=1e-12) if family != "esm" else None
        if family == "dnabert2":
            self.blocks = nn.ModuleList([Dnabert2Block(h, heads, inter, p) for _ in range(layers)])
            self.register_buffer("slopes", torch.tensor(alibi_slopes(heads)), persistent=False)
        else:
            self.blocks = nn.ModuleList([Block(h, heads, inter, family == "esm", p) for _ in range(layers)])
        self.ln_final = nn.LayerNorm(h, eps=1e-12) if family == "esm" else None
        self.pool, self.cls = nn.Linear(h, h), nn.Linear(h, 2)

    def forward(self, ids, attention_mask):
        x = self.tok(ids)
        if self.pos is not None:
            x = x + self.pos(torch.arange(ids.shape[1], device=ids.device))
        if self.typ is not None:
            x = self.ln_emb(x + self.typ.weight[0])
        x = F.dropout(x, self.p, self.training) if self.family != "esm" else x
        if self.family == "dnabert2":
            n = ids.shape[1]
            pos = torch.arange(n, device=ids.device)
            alibi = -self.slopes.view(-1, 1, 1) * (pos[None, :] - pos[:, None]).abs()  # [heads, n, n]
            mask = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -10000.0 + alibi[None]
            keep = attention_mask[:, :, None].to(x.dtype)  # q/k/v of padding zeroed, as lnctrain's padded path
            for blk in self.blocks:
                x = blk(x, mask, keep)
        else:
            mask = attention_mask[:, None, None, :].bool()
            for blk in self.blocks:
                x = blk(x, mask)
        if self.ln_final is not None:
            x = self.ln_final(x)
        return self.cls(F.dropout(torch.tanh(self.pool(x[:, 0])), self.p, self.training))


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


SYNC_OPS = {"aten::item", "aten::_local_scalar_dense", "aten::is_nonzero", "aten::equal", "aten::nonzero",
            "aten::masked_select", "aten::_unique2"}


def count_ops(step, n=2):
    """aten ops and host syncs per step over n profiled steps (the rules of lnctrain's trainer/bench/op_counter.h)."""
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU], acc_events=True) as prof:
        for _ in range(n):
            step()
    ops = syncs = 0
    for e in prof.events():
        if not e.name.startswith("aten::"):
            continue
        ops += 1
        if e.name in SYNC_OPS:
            parent = e.cpu_parent
            while parent is not None and not parent.name.startswith("aten::"):
                parent = parent.cpu_parent
            syncs += parent is None
    return ops / n, syncs / n


def adamw_groups(model):
    """transformers' Trainer groups, as lnctrain's optimizer_builder: no decay for biases and LayerNorm weights."""
    norms = {id(p) for m in model.modules() if isinstance(m, nn.LayerNorm) for p in m.parameters()}
    decay, plain = [], []
    for name, p in model.named_parameters():
        if p.requires_grad:
            (plain if name.endswith("bias") or id(p) in norms else decay).append(p)
    return [{"params": decay, "weight_decay": 0.01}, {"params": plain, "weight_decay": 0.0}]


def measure(model, call, args, device):
    model.to(device).train()
    trainable = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(adamw_groups(model), lr=1e-4, fused=True if args.optimizer == "fused" else None)
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
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
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
    ops, syncs = count_ops(step)
    non_embedding = sum(p.numel() for n, p in model.named_parameters()
                        if "embed" not in n and n.split(".")[0] not in ("tok", "pos", "typ"))
    return seconds, float(loss.detach()), sum(p.numel() for p in trainable), non_embedding, ops, syncs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--family", choices=["bert", "esm", "dnabert2"], default="bert")
    ap.add_argument("--preset", choices=list(PRESETS), default="tiny")
    ap.add_argument("--length", type=int, required=True)
    ap.add_argument("--batch", type=int, required=True)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--precision", choices=["fp32", "bf16"], default="fp32")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--backends", default="eager,transformers")
    ap.add_argument("--optimizer", choices=["default", "fused"], default="default",
                    help="torch.optim.AdamW's default implementation or fused=True")
    ap.add_argument("--dropout", type=float, default=0.1, help="hidden and attention dropout (eager)")
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
            model = EagerClassifier(args.family, h, layers, heads, inter, max_len, args.dropout)
            if args.lora:
                model, backend = eager_lora(model), "eager+lora"
            call = lambda m, i, a: m(i, a)
        elif backend == "transformers":
            if args.family == "dnabert2":
                raise SystemExit("no transformers backend for dnabert2 (its model code is not part of transformers)")
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
        if args.optimizer == "fused":
            backend += "+fused-adamw"
        rows.append((backend,) + measure(model, call, args, device))

    print("| backend | family | preset | trainable params | length | batch | threads | precision | steps | s/step |"
          " samples/s | tokens/s | final loss | model TFLOP/s | MFU | aten ops per step | host syncs per step |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    lines = []
    for backend, seconds, loss, params, non_embedding, ops, syncs in rows:
        s_step, samples, tokens = seconds / args.steps, args.batch * args.steps / seconds, \
            args.batch * args.length * args.steps / seconds
        forward = 2.0 * non_embedding * args.batch * args.length + 4.0 * layers * h * args.batch * args.length ** 2
        tflops = forward * (2 if args.lora else 3) * args.steps / seconds / 1e12
        mfu = f"{tflops / args.peak_tflops:.3f}" if args.peak_tflops > 0 else ""
        print(f"| {backend} | {args.family} | {args.preset} | {params} | {args.length} | {args.batch} | {args.threads} |"
              f" {args.precision} | {args.steps} | {s_step:.4f} | {samples:.2f} | {tokens:.0f} | {loss:.4f} | {tflops:.4f} |"
              f" {mfu} | {ops:.1f} | {syncs:.1f} |")
        lines.append(f"python,training,{backend},{args.family},{args.preset},{'yes' if args.lora else 'no'},{params},"
                     f"{args.length},{args.length},{args.batch},1,{args.threads},{args.device},{args.precision},padded,,"
                     f"{args.steps},{s_step:.4f},{samples:.2f},{tokens:.0f},,{loss:.4f},{tflops:.4f},{mfu},{ops:.1f},{syncs:.1f}\n")
    if args.csv:
        import os
        header = ("tool,kind,backend,family,preset,lora,trainable_params,length,min_length,batch_per_rank,ranks,"
                  "threads_per_rank,device,precision,padding_path,allreduce,steps,s_per_step,samples_per_s,tokens_per_s,"
                  "comm_wait_share,final_loss,model_tflops_per_s,mfu,aten_ops_per_step,host_syncs_per_step\n")
        old = open(args.csv).read() if os.path.exists(args.csv) else ""
        tmp = f"{args.csv}.tmp.{os.getpid()}"
        with open(tmp, "w") as f:
            f.write((old or header) + "".join(lines))
        os.replace(tmp, args.csv)


if __name__ == "__main__":
    main()
