"""Execute one workbook notebook in a fresh tslab kernel and summarise the run.

Usage (run by the Python that `npm run setup` recorded in .jupyter/python.txt):

    python scripts/execute.py NOTEBOOK --output EXECUTED.ipynb [--summary SUMMARY.json]
                              [--timeout 120] [--kernel tslab]

Every cell runs (errors do not stop the run); the executed copy has the project's absolute
path replaced by a relative one; the summary (JSON, to --summary or stdout) lists each code
cell with its index, id, duration and error (name, value) if any.
"""

import argparse
import asyncio
import contextlib
import json
import math
import os
import re
import sys
import time

from workbook_kernel import PROJECT_ROOT, kernel_start_lock, scrub_text  # noqa: E402  (also sets JUPYTER_PATH)

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import DeadKernelError  # noqa: E402

# tslab rejects ('abort') execute requests that arrive within 200 ms of a failed cell.
AFTER_ERROR_PAUSE = 0.3
ABORT_RETRIES = 3
# A kernel that dies before answering (a port taken meanwhile by a process outside the start
# lock: the kernel preload then exits) is started again on new ports, this many times.
START_ATTEMPTS = 3

TS_DIAGNOSTIC = re.compile(r"^(?:\S+ )?\d+:\d+ - (.*)$")
JS_ERROR = re.compile(r"^(?:Uncaught )?([A-Z]\w*(?:Error|Exception))(?: \[[^\]]*\])?:? ?(.*)$")


def rel(path):
    return os.path.relpath(os.path.abspath(path), PROJECT_ROOT).replace(os.sep, "/")


def scrub(value):
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, dict):
        return value.__class__({k: scrub(v) for k, v in value.items()})
    return value


def stderr_of(cell):
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stderr")


def describe_error(cell, reply_content):
    """(name, value) of a failed cell. tslab sends no ename/evalue: read its stderr."""
    for o in cell.get("outputs", []):
        if o.get("output_type") == "error":
            return o.get("ename", "Error"), o.get("evalue", "")
    if reply_content.get("ename"):
        return reply_content["ename"], reply_content.get("evalue", "")
    lines = [l.strip() for l in scrub_text(stderr_of(cell)).splitlines() if l.strip()]
    diagnostics = [m.group(1) for m in map(TS_DIAGNOSTIC.match, lines) if m]
    if diagnostics:
        return "CompileError", "; ".join(diagnostics)
    for line in lines:
        m = JS_ERROR.match(line)
        if m:
            return m.group(1), m.group(2)
    return "Error", lines[0] if lines else "the kernel reported an error without a message"


def count_figures(cell):
    """Display outputs holding an inline <svg> (a figure), as the notebook metadata counts them."""
    n = 0
    for o in cell.get("outputs", []):
        if o.get("output_type") not in ("display_data", "execute_result"):
            continue
        data = o.get("data", {})
        if "image/svg+xml" in data or "<svg" in "".join(data.get("text/html", "")):
            n += 1
    return n


class WorkbookClient(NotebookClient):
    """NotebookClient that times cells, survives tslab's post-error abort window and records replies."""

    def __init__(self, nb, **kw):
        super().__init__(nb, **kw)
        self.cell_reports = []
        self.code_cell_count = sum(1 for c in nb.cells if c.cell_type == "code" and c.source.strip())
        self._reply = None
        self.on_cell_executed = self._remember_reply

    def _remember_reply(self, cell, cell_index, execute_reply):
        self._reply = execute_reply

    async def async_start_new_kernel(self, **kw):
        """Start the kernel and wait for its answer under the project's start lock, so no two
        of the project's kernels are given the same ports; retry a kernel that died starting."""
        with kernel_start_lock():
            for attempt in range(1, START_ATTEMPTS + 1):
                if self.km is None:
                    self.km = self.create_kernel_manager()
                try:
                    await super().async_start_new_kernel(**kw)
                    await self.async_start_new_kernel_client()  # waits until the kernel answers
                    return
                except Exception as e:  # noqa: BLE001  (any start failure: retried, then raised)
                    if attempt == START_ATTEMPTS:
                        raise
                    print(f"kernel start failed ({type(e).__name__}: {e}); starting it again", file=sys.stderr, flush=True)
                    if self.km is not None:  # the client's own clean-up may have run already
                        with contextlib.suppress(Exception):
                            await self._async_cleanup_kernel()
                    self.km, self.kc = None, None

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type != "code" or not cell.source.strip():
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        started = time.monotonic()
        for attempt in range(ABORT_RETRIES + 1):
            self._reply = None
            started = time.monotonic()
            cell = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
            content = (self._reply or {}).get("content", {})
            status = content.get("status", "unknown")
            if status not in ("abort", "aborted") or attempt == ABORT_RETRIES:
                break
            await asyncio.sleep(AFTER_ERROR_PAUSE)
        duration = time.monotonic() - started
        has_error_output = any(o.get("output_type") == "error" for o in cell.outputs)
        failed = status != "ok" or has_error_output
        expected = "raises-exception" in cell.metadata.get("tags", [])
        error = None
        if failed:
            name, value = describe_error(cell, content)
            if status in ("abort", "aborted"):
                name, value = "Aborted", "the kernel did not run the cell (aborted after an earlier error)"
            error = {"name": name, "value": value}
            await asyncio.sleep(AFTER_ERROR_PAUSE)
        cell.execution_count = len(self.cell_reports) + 1
        self.cell_reports.append({
            "index": cell_index,
            "id": cell.get("id"),
            "duration": round(duration, 4),
            "status": "error" if failed else "ok",
            "error": error,
            "expectedError": expected,
            "figures": count_figures(cell),
            "stderr": scrub_text(stderr_of(cell))[:2000],
        })
        # One line per finished cell on stdout, for live progress (scripts/execute.mjs reads it).
        print("@cell " + json.dumps({"index": cell_index, "done": len(self.cell_reports), "of": self.code_cell_count,
                                     "status": "error" if failed else "ok"}), flush=True)
        return cell


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("notebook")
    ap.add_argument("--output", required=True, help="where to write the executed notebook")
    ap.add_argument("--summary", help="where to write the JSON summary (default: stdout)")
    ap.add_argument("--timeout", type=float, default=120, help="seconds per cell")
    ap.add_argument("--startup-timeout", type=float, default=120, help="seconds for the kernel to start")
    ap.add_argument("--kernel", default="tslab")
    ap.add_argument("--cwd", help="kernel working directory (default: the notebook's folder)")
    args = ap.parse_args()

    nb_path = os.path.abspath(args.notebook)
    nb = nbformat.read(nb_path, as_version=4)
    cwd = os.path.abspath(args.cwd or os.path.dirname(nb_path))
    client = WorkbookClient(
        nb,
        kernel_name=args.kernel,
        timeout=max(1, math.ceil(args.timeout)),
        startup_timeout=max(1, math.ceil(args.startup_timeout)),
        allow_errors=True,
        interrupt_on_timeout=True,
        error_on_timeout={"ename": "CellTimeout", "evalue": f"the cell ran longer than {args.timeout:g} s"},
        record_timing=False,
        resources={"metadata": {"path": cwd}},
    )

    started = time.monotonic()
    fatal = None
    try:
        client.execute()
    except DeadKernelError as e:
        fatal = f"the kernel died: {e}"
    except Exception as e:  # a kernel that never started, a timeout without interrupt, ...
        fatal = f"{type(e).__name__}: {scrub_text(str(e)).strip().splitlines()[0] if str(e).strip() else ''}"
    total = time.monotonic() - started

    code_cells = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
    if fatal and code_cells:
        done = {r["index"] for r in client.cell_reports}
        pending = [(i, c) for i, c in code_cells if i not in done]
        if pending:
            i, c = pending[0]
            fatal = f"{fatal} (at cell {i}, id {c.get('id')})"

    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = scrub(cell.outputs)
    out_path = os.path.abspath(args.output)
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    nbformat.write(nb, out_path)

    reports = client.cell_reports
    errors = [dict(index=r["index"], id=r["id"], **r["error"]) for r in reports if r["error"] and not r["expectedError"]]
    summary = {
        "notebook": rel(nb_path),
        "executed": rel(out_path),
        "kernel": args.kernel,
        "ok": fatal is None and not errors,
        "fatal": fatal,
        "total": round(total, 3),
        "codeCells": len(code_cells),
        "executedCells": len(reports),
        "figures": sum(r["figures"] for r in reports),
        "expectedFigures": nb.metadata.get("optim_workbook", {}).get("figures"),
        "errors": errors,
        "cells": reports,
    }
    text = json.dumps(summary, indent=1, ensure_ascii=False)
    if args.summary:
        os.makedirs(os.path.dirname(os.path.abspath(args.summary)), exist_ok=True)
        with open(args.summary, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        print(text)
    return 0 if fatal is None else 1


if __name__ == "__main__":
    sys.exit(main())
