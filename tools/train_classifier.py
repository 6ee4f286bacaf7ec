"""Rebuild the event classifier from the labelled data in train/ (``make train``).

    python tools/train_classifier.py [--rebuild-static] [--out src/sitrep/data/classifier]

Steps, all deterministic (fixed seeds, sorted inputs):

1. static word-piece vectors distilled from all-MiniLM-L6-v2 (each of the
   30,522 vocabulary entries encoded alone, mean-pooled, PCA to 256
   dimensions, float16) -- only with --rebuild-static or when missing, since
   they depend on the pinned encoder alone, not on the labelled data;
2. the n-gram vocabulary of the training snippets;
3. a multinomial logistic regression (L-BFGS, L2) on the training passes,
   its regularisation chosen on the dev data;
4. calibration (temperature and the no-event prior) on the real VOA dev
   sentences;
5. figures on every split, the confusion table, and near-duplicates between
   the test split and the training passes; the model files and their sha256
   in model.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import optimize, sparse
from tokenizers import Tokenizer

from sitrep.classifier import NO_EVENT, EventClassifier, Featurizer, Head, ngrams
from sitrep.encoder import SentenceEncoder, model_dir
from sitrep.evaluate_snippets import Labelled, confusion_table, decide, scores
from sitrep.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT / "train"
OUT = ROOT / "src" / "sitrep" / "data" / "classifier"
SEED = 20261202
#: Static vector size: model2vec's default; 256 of MiniLM's 384 dimensions
#: keep 95%+ of the variance of the vocabulary's vectors.
STATIC_DIMS = 256
#: n-grams seen fewer times than this in training are dropped (noise, names).
MIN_COUNT = 2
#: ... and n-grams in more than this share of them (function words).
MAX_SHARE = 0.05
#: L2 strengths tried (per example); the one with the best dev weighted F1 wins.
L2_GRID = (1e-6, 1e-5, 1e-4, 1e-3)
#: Weight of the dense block relative to the n-gram block (both L2-normalised).
DENSE_SCALE = 2.0


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def snippets(pattern: str) -> list[Labelled]:
    found = []
    for path in sorted((TRAIN / "snippets").glob(pattern)):
        for r in read_jsonl(path):
            found.append(Labelled(str(r["id"]), str(r["text"]), r["sub_event_type"]))  # type: ignore[arg-type]
    return found


def articles() -> list[Labelled]:
    """Sentences of the team's sentence-labelled articles (train/articles/)."""
    found = []
    for path in sorted((TRAIN / "articles").glob("articles-*.jsonl")):
        for r in read_jsonl(path):
            found.append(Labelled(str(r["id"]), str(r["text"]), r["sub_event_type"]))  # type: ignore[arg-type]
    return found


def voa_splits() -> tuple[list[Labelled], list[Labelled]]:
    """The labelled VOA sentences: dev (gold dev documents) and test (the rest).
    Also written to train/voa/voa-{dev,test}.jsonl for ``sitrep eval --classify``."""
    sentences = {str(r["id"]): r for r in read_jsonl(TRAIN / "voa" / "sentences.jsonl")}
    labels = {}
    for path in sorted((TRAIN / "voa").glob("labels-*.jsonl")):
        for r in read_jsonl(path):
            labels[str(r["id"])] = r
    dev, test = [], []
    for sid, sentence in sentences.items():
        if sid not in labels:
            continue
        item = Labelled(sid, str(sentence["text"]), labels[sid]["sub_event_type"])  # type: ignore[arg-type]
        (dev if sentence["split"] == "dev" else test).append(item)
    for name, items in (("dev", dev), ("test", test)):
        with open(TRAIN / "voa" / f"voa-{name}.jsonl", "w", encoding="utf-8") as out:
            for item in items:
                line = {**sentences[item.id], **labels[item.id]}
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return dev, test


def build_static(out: Path) -> None:
    """Distil per-word-piece vectors from the pinned MiniLM encoder."""
    encoder = SentenceEncoder()
    vocab_size = encoder.word.shape[0]
    vectors = np.zeros((vocab_size, encoder.dimensions), dtype=np.float32)
    batch = 512
    for start in range(0, vocab_size, batch):
        ids = [[101, i, 102] for i in range(start, min(start + batch, vocab_size))]
        vectors[start : start + len(ids)] = encoder.encode_ids(ids)
    mean = vectors.mean(axis=0)
    _, _, vt = np.linalg.svd(vectors - mean, full_matrices=False)
    reduced = (vectors - mean) @ vt[:STATIC_DIMS].T
    np.save(out / "static.npy", reduced.astype(np.float16))
    shutil.copy(model_dir() / "tokenizer.json", out / "tokenizer.json")


def vocabulary(texts: list[str]) -> list[str]:
    """n-grams seen at least MIN_COUNT times and in at most MAX_SHARE of texts:
    the commonest words ("the", "in the") mostly measure a sentence's length,
    and long sentences are rarer in snippets than in articles."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(ngrams(text)))
    limit = MAX_SHARE * len(texts)
    return sorted(g for g, c in counts.items() if MIN_COUNT <= c <= limit)


def features(featurizer: Featurizer, texts: list[str]) -> sparse.csr_matrix:
    return featurizer(texts)


def fit(
    x: sparse.csr_matrix, y: np.ndarray, classes: int, l2: float
) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression, L-BFGS, class-balanced loss."""
    n, d = x.shape
    counts = np.bincount(y, minlength=classes).astype(np.float64)
    # Non-events weigh as much as all events together, and the 25 types alike
    # among themselves whatever their share of the data (ACLED's rarer types
    # are the ones users look for).
    present = max(int((counts[1:] > 0).sum()), 1)
    class_weight = np.where(counts > 0, n / (2 * present * np.maximum(counts, 1)), 0.0)
    class_weight[0] = n / (2 * max(counts[0], 1))
    sample_weight = class_weight[y] / class_weight[y].sum() * n
    onehot = np.zeros((n, classes))
    onehot[np.arange(n), y] = 1.0
    xt = x.T.tocsr()

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w = theta[: d * classes].reshape(d, classes)
        b = theta[d * classes :]
        z = np.asarray(x @ w) + b
        z -= z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        value = -(sample_weight * (onehot * logp).sum(axis=1)).sum() / n
        value += 0.5 * l2 * float((w * w).sum())
        g = (np.exp(logp) - onehot) * sample_weight[:, None] / n
        grad_w = np.asarray(xt @ g) + l2 * w
        return value, np.concatenate([grad_w.ravel(), g.sum(axis=0)])

    rng = np.random.default_rng(SEED)
    theta0 = rng.normal(0.0, 1e-3, d * classes + classes)
    result = optimize.minimize(loss, theta0, jac=True, method="L-BFGS-B", options={"maxiter": 500})
    theta = result.x
    return theta[: d * classes].reshape(d, classes).astype(np.float32), theta[d * classes :].astype(
        np.float32
    )


def _nll(z: np.ndarray, y: np.ndarray) -> float:
    z = z - z.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-logp[np.arange(len(y)), y].mean())


def calibrate_temperature(head: Head, x: sparse.csr_matrix, y: np.ndarray) -> float:
    """The temperature minimising NLL on held-out snippets."""
    z = head.logits(x).astype(np.float64)
    grid = np.arange(0.3, 3.01, 0.05)
    return round(float(min(grid, key=lambda t: _nll(z / t, y))), 2)


def calibrate_shift(head: Head, x: sparse.csr_matrix, y: np.ndarray) -> float:
    """The no-event prior shift minimising NLL on real article sentences."""
    z = head.logits(x).astype(np.float64) / head.temperature

    def shifted(shift: float) -> np.ndarray:
        s = z.copy()
        s[:, 0] += shift
        return s

    grid = np.arange(-2.0, 8.01, 0.1)
    return round(float(min(grid, key=lambda s: _nll(shifted(s), y))), 2)


def figures(
    head: Head,
    featurizer: Featurizer,
    items: list[Labelled],
    types: tuple[str, ...],
    context: str = "snippet",
) -> dict[str, object]:
    if not items:
        return {"n": 0}
    # The same decision as `sitrep eval --classify`: one rule, one threshold.
    found = EventClassifier(featurizer, head).score([i.text for i in items], context=context)
    result = scores([i.gold for i in items], [decide(s) for s in found], types)
    out = result.as_dict()
    out["top_confusions"] = confusion_table(result)
    return out


def near_duplicates(
    test: list[Labelled], train: list[Labelled], featurizer: Featurizer
) -> list[tuple[str, str, float]]:
    """Test snippets whose static vector is within cosine 0.95 of a training
    snippet, or that share 60% of their word bigrams with one."""
    a = featurizer.dense([t.text for t in test])
    b = featurizer.dense([t.text for t in train])
    found = []
    sims = a @ b.T
    grams_train = [set(g for g in ngrams(t.text) if " " in g) for t in train]
    for i, item in enumerate(test):
        j = int(np.argmax(sims[i]))
        mine = {g for g in ngrams(item.text) if " " in g}
        overlap = max(
            (len(mine & other) / max(len(mine | other), 1) for other in grams_train), default=0.0
        )
        if sims[i, j] >= 0.95 or overlap >= 0.6:
            found.append((item.id, train[j].id, round(float(max(sims[i, j], overlap)), 3)))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild-static", action="store_true")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--hold-out",
        default="",
        help="comma-separated id prefixes of training snippets to leave out (e.g. p5-,l4-): "
        "a model to measure the pipeline on them (tools/crossval_pipeline.py); its report "
        "goes to --out, not train/",
    )
    args = parser.parse_args()
    out: Path = args.out
    held = tuple(p for p in args.hold_out.split(",") if p)
    out.mkdir(parents=True, exist_ok=True)
    if args.rebuild_static or not (out / "static.npy").exists():
        print("distilling static vectors from all-MiniLM-L6-v2 ...", flush=True)
        build_static(out)
    lexicon = load_lexicon()
    types = tuple(lexicon.hierarchy)
    classes = (NO_EVENT, *types)
    index = {c: i for i, c in enumerate(classes)}
    train = [i for i in snippets("train-*.jsonl") if not (held and i.id.startswith(held))]
    train += articles()
    test = snippets("test-*.jsonl")
    voa_dev, voa_test = voa_splits()

    # A tenth of the training passes (by id hash) is dev for choosing the L2
    # strength; the final head is refitted on all of them.
    def is_dev(item: Labelled) -> bool:
        return hashlib.sha256(item.id.encode()).digest()[0] < 26

    fit_part = [i for i in train if not is_dev(i)]
    dev_part = [i for i in train if is_dev(i)]
    tokenizer = Tokenizer.from_file(str(out / "tokenizer.json"))
    static = np.load(out / "static.npy")
    featurizer = Featurizer(tokenizer, static, vocabulary([i.text for i in fit_part]), DENSE_SCALE)
    print(
        f"train {len(train)} (fit {len(fit_part)}, dev {len(dev_part)}), test {len(test)}, "
        f"VOA dev {len(voa_dev)}, VOA test {len(voa_test)}; vocabulary {len(featurizer.vocabulary)}"
    )

    def labels(items: list[Labelled]) -> np.ndarray:
        return np.array([index[i.gold or NO_EVENT] for i in items])

    x_fit = features(featurizer, [i.text for i in fit_part])
    best_l2, best_f1, temperature = L2_GRID[0], -1.0, 1.0
    for l2 in L2_GRID:
        w, b = fit(x_fit, labels(fit_part), len(classes), l2)
        head = Head(classes, w, b)
        dev_figs = figures(head, featurizer, dev_part, types)
        f1 = float(dev_figs["weighted_f1"])  # type: ignore[arg-type]
        print(
            f"  l2={l2:g}: dev weighted F1 {f1:.3f}, non-event FP {dev_figs['non_event_fp_rate']}"
        )
        if f1 > best_f1:
            best_l2, best_f1 = l2, f1
            x_dev = features(featurizer, [i.text for i in dev_part])
            temperature = calibrate_temperature(head, x_dev, labels(dev_part))
    featurizer = Featurizer(tokenizer, static, vocabulary([i.text for i in train]), DENSE_SCALE)
    x_all = features(featurizer, [i.text for i in train])
    w, b = fit(x_all, labels(train), len(classes), best_l2)
    head = Head(classes, w, b, temperature)
    shift = 0.0
    if voa_dev:
        shift = calibrate_shift(
            head, features(featurizer, [i.text for i in voa_dev]), labels(voa_dev)
        )
    head = Head(classes, w, b, temperature, {"snippet": 0.0, "article": shift})
    np.savez_compressed(
        out / "head.npz",
        classes=np.array(classes),
        vocabulary=np.array(featurizer.vocabulary),
        weights=(w * np.float32(1.0)).astype(np.float32),
        bias=b,
    )
    report = {
        "l2": best_l2,
        "dense_scale": DENSE_SCALE,
        "seed": SEED,
        "sizes": {
            "train": dict(Counter(i.gold or NO_EVENT for i in train)),
            "test": len(test),
            "voa_dev": len(voa_dev),
            "voa_test": len(voa_test),
        },
        "figures": {
            "test": figures(head, featurizer, test, types),
            "voa_dev": figures(head, featurizer, voa_dev, types, "article"),
            "voa_test": figures(head, featurizer, voa_test, types, "article"),
        },
        "near_duplicates_test_train": near_duplicates(test, train, featurizer),
    }
    files = ("tokenizer.json", "static.npy", "head.npz")
    manifest = {
        "model": "sitrep event classifier",
        "encoder": "all-MiniLM-L6-v2 (Apache-2.0), static word-piece vectors",
        "classes": list(classes),
        "dense_scale": DENSE_SCALE,
        "calibration": {
            "temperature": temperature,
            "no_event_shift": {"snippet": 0.0, "article": shift},
        },
        "sha256": {name: hashlib.sha256((out / name).read_bytes()).hexdigest() for name in files},
        "training": {k: v for k, v in report.items() if k != "figures"},
        "figures": {
            split: {
                k: v
                for k, v in figs.items()
                if k not in {"per_class", "confusion", "top_confusions"}
            }
            for split, figs in report["figures"].items()  # type: ignore[union-attr]
        },
    }
    (out / "model.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    (out if held else TRAIN).joinpath("report.json").write_text(
        json.dumps(report, indent=1, ensure_ascii=False) + "\n"
    )
    for split, figs in report["figures"].items():  # type: ignore[union-attr]
        if figs.get("n"):
            print(
                f"{split:9s} n={figs['n']:5d} weighted F1 {figs['weighted_f1']:.3f} "
                f"macro F1 {figs['macro_f1']:.3f} event P/R {figs['event_precision']:.3f}/"
                f"{figs['event_recall']:.3f} non-event FP {figs['non_event_fp_rate']:.3f}"
            )
    print(f"near-duplicates test/train: {len(report['near_duplicates_test_train'])}")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
