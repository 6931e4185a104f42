"""Drive one live tslab kernel from another process, one JSON request per line.

    python scripts/kernel-session.py [--kernel tslab] [--cwd notebooks]

Prints {"ready": true, "startup": seconds} once the kernel answers, then reads requests on
stdin and answers each with one JSON line on stdout:

    {"op": "execute", "code": "...", "timeout": 120}
        -> {"status": "ok"|"error", "seconds": ..., "outputs": [...], "error": {"name", "value"} | null,
            "gotReply": bool, "gotIdle": bool}   (false only when the timeout ran out first)
    {"op": "shutdown"}  -> {"status": "ok"} and exit (end of stdin does the same)

`seconds` is the time from sending the request to the kernel going idle again: what a
person re-running the cell waits for. Outputs use the notebook format (stream,
display_data, execute_result, error); display updates are reported as `update_display_data`.
"""

import argparse
import json
import os
import queue
import sys
import time

from workbook_kernel import PROJECT_ROOT, kernel_start_lock, scrub_text as scrub  # noqa: E402  (also sets JUPYTER_PATH)
from jupyter_client.manager import KernelManager  # noqa: E402

AFTER_ERROR_PAUSE = 0.3  # tslab aborts requests that arrive within 200 ms of a failed cell


def to_output(msg):
    t = msg["msg_type"]
    c = msg["content"]
    if t == "stream":
        return {"output_type": "stream", "name": c["name"], "text": scrub(c["text"])}
    if t in ("display_data", "update_display_data", "execute_result"):
        data = {k: scrub(v) if isinstance(v, str) else v for k, v in c.get("data", {}).items()}
        return {"output_type": t, "data": data, "display_id": c.get("transient", {}).get("display_id")}
    if t == "error":
        return {"output_type": "error", "ename": c.get("ename"), "evalue": c.get("evalue")}
    return None


def first_error(outputs, reply):
    for o in outputs:
        if o["output_type"] == "error":
            return {"name": o["ename"], "value": o["evalue"]}
    if reply.get("ename"):
        return {"name": reply["ename"], "value": reply.get("evalue", "")}
    err = "".join(o["text"] for o in outputs if o["output_type"] == "stream" and o["name"] == "stderr")
    lines = [l.strip() for l in err.splitlines() if l.strip()]
    return {"name": "Error", "value": "\n".join(lines[:12]) or "the kernel reported an error without a message"}


class Session:
    def __init__(self, kernel, cwd, startup_timeout):
        self.km = KernelManager(kernel_name=kernel)
        with kernel_start_lock():  # no two of the project's kernels on the same ports
            self.km.start_kernel(cwd=cwd)
            self.kc = self.km.client()
            self.kc.start_channels()
            self.kc.wait_for_ready(timeout=startup_timeout)
        self.after_error = 0.0

    def execute(self, code, timeout):
        for _ in range(4):
            wait = self.after_error - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            result = self._execute_once(code, timeout)
            if result["status"] not in ("abort", "aborted"):
                break
            self.after_error = time.monotonic() + AFTER_ERROR_PAUSE
        if result["status"] != "ok":
            self.after_error = time.monotonic() + AFTER_ERROR_PAUSE
        return result

    def _execute_once(self, code, timeout):
        started = time.monotonic()
        msg_id = self.kc.execute(code, store_history=True, stop_on_error=False)
        deadline = started + timeout
        outputs, reply, idle = [], None, False
        while not (idle and reply is not None):
            left = deadline - time.monotonic()
            if left <= 0:
                self.km.interrupt_kernel()
                missing = " and ".join(m for m, got in (("execute reply", reply is not None), ("idle status", idle)) if not got)
                return {"status": "error", "seconds": time.monotonic() - started, "outputs": outputs,
                        "gotReply": reply is not None, "gotIdle": idle,
                        "error": {"name": "CellTimeout", "value": f"no {missing} within {timeout:g} s"}}
            if reply is None:
                try:
                    msg = self.kc.get_shell_msg(timeout=0.005)
                    if msg["parent_header"].get("msg_id") == msg_id:
                        reply = msg["content"]
                except queue.Empty:
                    pass
            try:
                msg = self.kc.get_iopub_msg(timeout=0.005 if reply is None else min(left, 1))
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
                seconds = time.monotonic() - started
                continue
            out = to_output(msg)
            if out:
                outputs.append(out)
        status = reply.get("status", "unknown")
        failed = status != "ok" or any(o["output_type"] == "error" for o in outputs)
        return {"status": ("error" if failed and status == "ok" else status), "seconds": seconds,
                "outputs": outputs, "gotReply": True, "gotIdle": True,
                "error": first_error(outputs, reply) if failed else None}

    def close(self):
        try:
            self.kc.stop_channels()
        finally:
            self.km.shutdown_kernel(now=True)


def send(obj):
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel", default="tslab")
    ap.add_argument("--cwd", default=os.path.join(PROJECT_ROOT, "notebooks"))
    ap.add_argument("--startup-timeout", type=float, default=120)
    args = ap.parse_args()
    started = time.monotonic()
    session = Session(args.kernel, os.path.abspath(args.cwd), args.startup_timeout)
    try:
        send({"ready": True, "startup": time.monotonic() - started})
        for line in sys.stdin:
            if not line.strip():
                continue
            req = json.loads(line)
            if req.get("op") == "shutdown":
                send({"status": "ok"})
                break
            if req.get("op") == "execute":
                send(session.execute(req["code"], float(req.get("timeout", 120))))
            else:
                send({"status": "error", "error": {"name": "BadRequest", "value": f"unknown op {req.get('op')!r}"}})
    finally:
        session.close()


if __name__ == "__main__":
    main()
