"""What the project's Python scripts share about Jupyter: the project's kernelspec on
JUPYTER_PATH, scrubbing the project's path out of outputs, and one kernel start at a time.

Why one at a time: a Jupyter client picks a kernel's five ports by binding port 0 and
closing it; tslab binds them seconds later. Two kernels started in that window can be given
the same port, and the second client then talks to the first kernel ("Invalid Signature").
Every kernel this project starts (executor, kernel sessions, stress) therefore holds an
exclusive lock on .jupyter/kernel-start.lock from starting the kernel until it has answered.
OPTIM_KERNEL_START_LOCK=0 turns the lock off (only `npm run stress` does, to measure the race).
"""

import contextlib
import os

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JUPYTER_DIR = os.path.join(PROJECT_ROOT, ".jupyter")
START_LOCK = os.path.join(JUPYTER_DIR, "kernel-start.lock")

# The project's kernelspec first, also when a script is run by hand.
if JUPYTER_DIR not in os.environ.get("JUPYTER_PATH", "").split(os.pathsep):
    os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (JUPYTER_DIR, os.environ.get("JUPYTER_PATH")) if p)
os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")

try:
    import fcntl
except ImportError:  # Windows: no flock; kernel starts are then not serialised.
    fcntl = None


@contextlib.contextmanager
def kernel_start_lock():
    """Held from starting a kernel until it answers; released when the process dies, too."""
    if fcntl is None or os.environ.get("OPTIM_KERNEL_START_LOCK") == "0":
        yield
        return
    os.makedirs(JUPYTER_DIR, exist_ok=True)
    with open(START_LOCK, "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def scrub_text(text):
    """Replace the project's absolute path (plain or file:// URL) by a relative one."""
    root = PROJECT_ROOT
    for prefix in ("file://" + root + "/", root + "/"):
        text = text.replace(prefix, "")
    return text.replace("file://" + root, ".").replace(root, ".")
