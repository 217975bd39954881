#!/usr/bin/env python3
"""Run a command on a pseudo-terminal of a given size and play a scenario.

usage: pty-session.py ROWS COLS STEPS_JSON -- COMMAND...

STEPS_JSON is a list of steps, run in order:
  ["until", TEXT]     read until the output holds TEXT (counted from the last mark)
  ["sleep", SECONDS]  read for that long
  ["type", TEXT]      write TEXT to the terminal (e.g. "\\u001a" is Ctrl-Z: the
                      line discipline sends SIGTSTP to the foreground group)
  ["stopped"]         wait until the command is stopped (waitpid WUNTRACED)
  ["signal", NAME]    send a signal to the command (e.g. "SIGCONT")
  ["mark"]            remember the output length (marks are reported)
Then it reads until the command exits (20 s at most in all).

Prints JSON: {"status", "signal", "output", "marks": [byte offsets],
"stopped": whether a "stopped" step saw the command stop, "error"}.
"""
import fcntl, json, os, pty, select, signal, struct, sys, termios, time

rows, cols, steps = int(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
command = sys.argv[sys.argv.index('--') + 1:]

pid, fd = pty.fork()
if pid == 0:
    os.execvp(command[0], command)

fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
out = b''
marks = [0]
deadline = time.time() + 20
status = None
stopped = False
error = None


def pump(timeout):
    global out
    ready, _, _ = select.select([fd], [], [], timeout)
    if ready:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        out += chunk
    return True


for step in steps:
    kind = step[0]
    if kind == 'until':
        text = step[1].encode()
        while text not in out[marks[-1]:] and time.time() < deadline:
            if not pump(0.05):
                break
        if text not in out[marks[-1]:]:
            error = 'never saw %r' % step[1]
            break
    elif kind == 'sleep':
        end = time.time() + step[1]
        while time.time() < end:
            pump(0.05)
    elif kind == 'type':
        os.write(fd, step[1].encode())
    elif kind == 'stopped':
        while time.time() < deadline:
            pump(0.05)
            wpid, st = os.waitpid(pid, os.WUNTRACED | os.WNOHANG)
            if wpid == pid and os.WIFSTOPPED(st):
                stopped = True
                break
            if wpid == pid:
                status = st
                break
        if not stopped:
            error = 'the command did not stop'
            break
    elif kind == 'signal':
        os.kill(pid, getattr(signal, step[1]))
    elif kind == 'mark':
        marks.append(len(out))

if error:
    os.kill(pid, signal.SIGKILL)
while status is None and time.time() < deadline:
    pump(0.05)
    wpid, st = os.waitpid(pid, os.WNOHANG)
    if wpid == pid:
        status = st
if status is None:
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    error = error or 'timed out'
while pump(0.05):
    pass
print(json.dumps({
    'status': os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
    'signal': os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
    'output': out.decode('utf-8', 'replace'),
    'marks': marks[1:],
    'stopped': stopped,
    'error': error,
}))
