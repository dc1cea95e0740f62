#!/usr/bin/env python3
"""scripts/subreaper.py CMD [ARG...]: runs CMD as a child subreaper (Linux prctl), so processes its
descendants leave behind are re-parented to this one and reaped here. That puts their CPU time into
this process's children's rusage, which the stage table of scripts/test.sh reads (env.sh): Chromium's
renderer and GPU processes are orphaned when a browser closes, and without this most of the browser
stage's CPU went uncounted (3 page loads: 3.2 s counted, 9.4 s used). Descendants still alive 20 s
after CMD ended are sent SIGTERM, then SIGKILL (a browser a crashed test left behind must not hang
the stage). Exits with CMD's exit code."""
import ctypes
import os
import signal
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def children():
    me = str(os.getpid())
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                s = f.read()
        except OSError:
            continue
        if s[s.rfind(")") + 2:].split()[1] == me:
            out.append(int(d))
    return out


def reap(block):
    """Reaps finished children; returns (pid, status) pairs."""
    done = []
    while True:
        try:
            pid, st = os.waitpid(-1, 0 if block else os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            break
        done.append((pid, st))
        if block:
            break
    return done


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: subreaper.py CMD [ARG...]")
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("subreaper.py: prctl failed; orphans' CPU will not be counted", file=sys.stderr)
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(sys.argv[1], sys.argv[1:])
        except OSError as e:
            print(f"subreaper.py: {sys.argv[1]}: {e}", file=sys.stderr)
            os._exit(127)
    for s in (signal.SIGINT, signal.SIGTERM):  # pass an interrupt on to CMD
        signal.signal(s, lambda n, _f: os.kill(pid, n))
    rc = None
    while rc is None:
        for p, st in reap(True):
            if p == pid:
                rc = os.waitstatus_to_exitcode(st)
    # CMD ended: wait for its orphans (a closing browser's processes), then end the stragglers.
    deadline = time.monotonic() + 20
    for sig in (None, signal.SIGTERM, signal.SIGKILL):
        if sig is not None:
            for p in children():
                try:
                    os.kill(p, sig)
                except ProcessLookupError:
                    pass
            deadline = time.monotonic() + 5
        while children() and time.monotonic() < deadline:
            reap(False)
            time.sleep(0.1)
        reap(False)
        if not children():
            break
    sys.exit(rc if rc >= 0 else 128 - rc)


if __name__ == "__main__":
    main()
