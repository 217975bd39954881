#!/usr/bin/env python3
"""Run a command on a pseudo-terminal, optionally resizing it mid-run.

usage: pty-run.py COLS RESIZE_AFTER_BYTES NEW_COLS -- COMMAND...

Prints JSON: {"status": exit status, "signal": signal or null, "output": what the
terminal received}. The resize (TIOCSWINSZ on the master) makes the kernel send
SIGWINCH to the command, as a terminal window being resized does.
"""
import fcntl, json, os, pty, select, struct, sys, termios, time

cols, resize_after, new_cols = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
command = sys.argv[sys.argv.index('--') + 1:]

pid, fd = pty.fork()
if pid == 0:
    os.execvp(command[0], command)

fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, cols, 0, 0))
out = b''
resized = False
deadline = time.time() + 20
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.1)
    if ready:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    if not resized and len(out) >= resize_after:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, new_cols, 0, 0))
        resized = True
_, status = os.waitpid(pid, 0)
print(json.dumps({
    'status': os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
    'signal': os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
    'output': out.decode('utf-8', 'replace'),
}))
