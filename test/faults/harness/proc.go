package harness

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Proc is a restartable child process with a fixed command line and
// environment, logging to a file. Its methods are safe for concurrent use.
type Proc struct {
	Name string
	Path string
	Args []string
	Env  []string
	// Log receives stdout and stderr, appended across restarts.
	Log string
	// ReadyURL, when set, answers 200 once the process is ready.
	ReadyURL string
	// Cred, when set, runs the process as another user.
	Cred *syscall.Credential

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
	err  error
	// Stats accumulate the resource use of earlier runs.
	cpu   time.Duration
	hwmKB int64
}

// Start starts the process. It is an error to start a running one.
func (p *Proc) Start() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd != nil {
		return fmt.Errorf("%s already running", p.Name)
	}
	logf, err := os.OpenFile(p.Log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	cmd := exec.Command(p.Path, p.Args...)
	cmd.Env = append(os.Environ(), p.Env...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: p.Cred}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return fmt.Errorf("start %s: %w", p.Name, err)
	}
	done := make(chan struct{})
	p.cmd, p.done = cmd, done
	go func() {
		err := cmd.Wait()
		logf.Close()
		p.mu.Lock()
		p.err = err
		if st := cmd.ProcessState; st != nil {
			p.cpu += st.UserTime() + st.SystemTime()
			// A process that exits by itself is never sampled at its
			// peak: its rusage has the peak resident set (kB on Linux).
			if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
				p.hwmKB = max(p.hwmKB, ru.Maxrss)
			}
		}
		p.mu.Unlock()
		close(done)
	}()
	return nil
}

// Running reports whether the process is running.
func (p *Proc) Running() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done == nil {
		return false
	}
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// Pid returns the running process's id, or 0.
func (p *Proc) Pid() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd == nil {
		return 0
	}
	return p.cmd.Process.Pid
}

// Signal sends sig and waits up to wait for the process to exit (0: does
// not wait). It returns the exit error, or an error if it did not exit.
func (p *Proc) Signal(sig syscall.Signal, wait time.Duration) error {
	p.mu.Lock()
	cmd, done := p.cmd, p.done
	p.mu.Unlock()
	if cmd == nil {
		return nil
	}
	p.sampleHWM()
	_ = cmd.Process.Signal(sig)
	if wait == 0 {
		return nil
	}
	select {
	case <-done:
	case <-time.After(wait):
		_ = cmd.Process.Kill()
		<-done
		p.reset()
		return fmt.Errorf("%s did not exit within %s of %s; killed", p.Name, wait, sig)
	}
	return p.reset()
}

func (p *Proc) reset() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	err := p.err
	p.cmd, p.done, p.err = nil, nil, nil
	return err
}

// Kill sends SIGKILL and waits for the process to die.
func (p *Proc) Kill() {
	_ = p.Signal(syscall.SIGKILL, time.Minute)
}

// Term sends SIGTERM and waits up to grace for a clean exit.
func (p *Proc) Term(grace time.Duration) error {
	return p.Signal(syscall.SIGTERM, grace)
}

// WaitReady polls ReadyURL until it answers 200, the process exits or
// within passes.
func (p *Proc) WaitReady(within time.Duration) error {
	if p.ReadyURL == "" {
		return nil
	}
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(within)
	for {
		resp, err := client.Get(p.ReadyURL)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if !p.Running() {
			return fmt.Errorf("%s exited before it was ready (log %s):\n%s", p.Name, p.Log, LogTail(p.Log, 20))
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready after %s (log %s)", p.Name, within, p.Log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Usage is the resource use of a process over all its runs.
type Usage struct {
	CPU   time.Duration
	HWMKB int64
}

// Usage returns the CPU time of finished runs plus the running one, and
// the highest resident set seen (VmHWM, sampled now and before each
// signal).
func (p *Proc) Usage() Usage {
	p.sampleHWM()
	p.mu.Lock()
	defer p.mu.Unlock()
	u := Usage{CPU: p.cpu, HWMKB: p.hwmKB}
	if p.cmd != nil {
		u.CPU += procCPU(p.cmd.Process.Pid)
	}
	return u
}

func (p *Proc) sampleHWM() {
	pid := p.Pid()
	if pid == 0 {
		return
	}
	kb := procHWM(pid)
	p.mu.Lock()
	p.hwmKB = max(p.hwmKB, kb)
	p.mu.Unlock()
}

// procHWM reads VmHWM (kB) from /proc/<pid>/status.
func procHWM(pid int) int64 {
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n
			}
		}
	}
	return 0
}

// clockTicks is USER_HZ, 100 on Linux.
const clockTicks = 100

// procCPU reads utime+stime from /proc/<pid>/stat.
func procCPU(pid int) time.Duration {
	f := procStat(pid)
	return ticks(f, 11) + ticks(f, 12)
}

// TreeCPU returns the CPU time (user and system) of process pid, of its
// children that have exited and been waited for, and of its living
// children: a PostgreSQL server's whole work, backends included.
func TreeCPU(pid int) time.Duration {
	f := procStat(pid)
	cpu := ticks(f, 11) + ticks(f, 12) + ticks(f, 13) + ticks(f, 14)
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil || child == pid {
			continue
		}
		if cf := procStat(child); len(cf) > 1 && cf[1] == strconv.Itoa(pid) {
			cpu += ticks(cf, 11) + ticks(cf, 12)
		}
	}
	return cpu
}

// procStat returns the fields of /proc/<pid>/stat after the command name
// (state first, then ppid), or nil.
func procStat(pid int) []string {
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return nil
	}
	// The command name may hold spaces: fields start after the last ')'.
	i := strings.LastIndexByte(string(data), ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(string(data[i+1:]))
}

// ticks reads field i of procStat's fields as clock ticks.
func ticks(f []string, i int) time.Duration {
	if i >= len(f) {
		return 0
	}
	n, err := strconv.ParseInt(f[i], 10, 64)
	if err != nil {
		return 0
	}
	return time.Duration(n) * time.Second / clockTicks
}

// LogTail returns the last n lines of the log at path, for an error that
// must say why a process stopped (CI keeps the test output, not the logs).
func LogTail(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return "(" + err.Error() + ")"
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
