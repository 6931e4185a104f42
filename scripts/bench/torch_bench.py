"""PyTorch column of `npm run bench`: the same workloads with torch.optim, timed here.

    python3 scripts/bench/torch_bench.py < config.json > results.json

Reads one JSON config from stdin (threads, sampling, the 2-D and large workloads with their
hyperparameters) and prints one JSON object: torch's version, the thread count used, and per
workload the per-step times in seconds (median, min, max over samples, after warm-up).
Gradients are analytic, computed by torch ops outside autograd and put in p.grad, as the
tf.js raw loops do; `step` rows time optimizer.step() alone, `grad+step` rows both.
"""
import json
import sys
import time

try:
    import torch
except Exception as err:  # the caller reports the column as skipped
    print(json.dumps({"available": False, "reason": f"import torch failed: {type(err).__name__}: {err}"}))
    sys.exit(0)


def make_opt(name, params, hp):
    if name == "gd":
        return torch.optim.SGD(params, lr=hp["lr"])
    if name == "momentum":
        return torch.optim.SGD(params, lr=hp["lr"], momentum=hp["momentum"])
    if name == "rmsprop":
        # torch adds eps outside the root, as the library's rmsprop() does with δ.
        return torch.optim.RMSprop(params, lr=hp["lr"], alpha=hp["rho"], eps=hp.get("delta", 1e-6))
    if name == "adam":
        return torch.optim.Adam(params, lr=hp["lr"], betas=(hp.get("beta1", 0.9), hp.get("beta2", 0.999)),
                                eps=hp.get("delta", 1e-7))
    raise ValueError(name)


def grad_2d(problem, p):
    x, y = p[0], p[1]
    if problem == "bowl":
        return 2 * p
    if problem == "rosenbrock":
        return torch.stack((-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)))
    raise ValueError(problem)


def measure(prepare, run, steps, cfg):
    """Per-step seconds: warm-up calls, then samples of enough calls to last min_sample_ms."""
    clock = time.perf_counter
    ctx = prepare()
    t0 = clock(); run(ctx, steps); once = clock() - t0
    reps = max(1, min(10000, int(cfg["min_sample_ms"] / 1000 / max(once, 1e-9)) + 1))
    for _ in range(cfg["warmup"]):
        ctx = prepare(); run(ctx, steps)
    samples, cpus = [], []
    for _ in range(cfg["samples"]):
        total = cpu = 0.0
        for _ in range(reps):
            ctx = prepare()
            c0 = time.process_time()  # CPU time of the whole process: all torch threads
            t0 = clock(); run(ctx, steps); total += clock() - t0
            cpu += time.process_time() - c0
        samples.append(total / (reps * steps))
        cpus.append(cpu / (reps * steps))
    return {"median": median(samples), "min": min(samples), "max": max(samples), "samples": len(samples),
            "steps": reps * steps, "cpuMedian": median(cpus)}


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def bench_2d(cfg, w):
    start = w["start"]

    def prepare():
        p = torch.tensor(start, dtype=torch.float32, requires_grad=True)
        return p, make_opt(w["optimizer"], [p], w["hp"])

    def run(ctx, steps):
        p, opt = ctx
        for _ in range(steps):
            with torch.no_grad():
                p.grad = grad_2d(w["problem"], p)
            opt.step()

    return measure(prepare, run, w["steps"], cfg)


def bench_large(cfg, w, grad_too):
    n = w["n"]
    c = torch.linspace(0, 1, n, dtype=torch.float32)
    c = w["cmin"] * (w["cmax"] / w["cmin"]) ** c  # curvatures spaced geometrically, as in the JS rows

    def prepare():
        p = torch.ones(n, dtype=torch.float32, requires_grad=True)
        p.grad = torch.empty_like(p)
        with torch.no_grad():
            torch.mul(c, p, out=p.grad)
        return p, make_opt(w["optimizer"], [p], w["hp"])

    def run(ctx, steps):
        p, opt = ctx
        if grad_too:
            for _ in range(steps):
                with torch.no_grad():
                    torch.mul(c, p, out=p.grad)
                opt.step()
        else:
            for _ in range(steps):
                opt.step()

    return measure(prepare, run, w["steps"], cfg)


def main():
    cfg = json.load(sys.stdin)
    torch.set_num_threads(int(cfg["threads"]))
    out = {"available": True, "version": torch.__version__, "threads": torch.get_num_threads(), "results": {}}
    with torch.no_grad():
        pass
    for w in cfg.get("two_d", []):
        out["results"][w["key"]] = bench_2d(cfg, w)
    for w in cfg.get("large", []):
        out["results"][w["key"] + "/step"] = bench_large(cfg, w, False)
        out["results"][w["key"] + "/grad+step"] = bench_large(cfg, w, True)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
