package bus

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
)

// handleSafely runs handle on the todo jobs of js that are not skipped
// with the consumer's one panic policy: a panic is a permanent error whose
// reason carries the panic value and the stack that raised it, so the
// delivery is dead-lettered and an operator can find the bug from the dead
// letter alone. A batch that panics is handled again one delivery at a
// time, so the deliveries that do not panic alone go on (handlers are
// idempotent: a redelivery does the same).
func (c *Consumer) handleSafely(ctx context.Context, handle handleFunc, js []job, todo int) {
	perr := recovered(ctx, handle, js)
	if perr == nil {
		return
	}
	if todo == 1 {
		for i := range js {
			if !js[i].skip {
				js[i].out, js[i].err = nil, perr
			}
		}
		return
	}
	c.log.Error("handler panicked on a batch; handling its messages one at a time", "messages", todo, "err", perr)
	for i := range js {
		j := &js[i]
		if j.skip {
			continue
		}
		j.out, j.err = nil, nil // what the panicking batch may have left
		if perr := recovered(ctx, handle, js[i:i+1]); perr != nil {
			j.out, j.err = nil, perr
		}
	}
}

// recovered calls handle and turns a panic into a permanent error.
func recovered(ctx context.Context, handle handleFunc, js []job) (perr error) {
	defer func() {
		if r := recover(); r != nil {
			perr = Permanent(fmt.Errorf("handler panic: %v; stack: %s", r, panicStack()))
		}
	}()
	handle(ctx, js)
	return nil
}

// maxStackFrames bounds the frames a panic's reason lists; the dead-letter
// reason header is cut at maxReasonLen anyway.
const maxStackFrames = 16

// panicStack lists, innermost first, the frames between the panic and
// recovered, as "function (file:line)" joined by " < ": the runtime's own
// frames and the recovery's are left out, so what a dead-letter reason
// holds is the handler's code.
func panicStack() string {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(2, pcs) // skip runtime.Callers and panicStack
	frames := runtime.CallersFrames(pcs[:n])
	var parts []string
	inPanic := false
	for {
		f, more := frames.Next()
		switch {
		case f.Function == "runtime.gopanic":
			inPanic = true // frames before it are the deferred recovery
			parts = parts[:0]
		case strings.HasSuffix(f.Function, "/bus.recovered"):
			more = false
		case strings.HasPrefix(f.Function, "runtime."):
		case inPanic && len(parts) < maxStackFrames:
			parts = append(parts, fmt.Sprintf("%s (%s:%d)", shortFunc(f.Function), filepath.Base(f.File), f.Line))
		}
		if !more {
			break
		}
	}
	return strings.Join(parts, " < ")
}

// shortFunc drops a function name's import path but its last element:
// "github.com/x/y/pkg.(*T).M" is "pkg.(*T).M".
func shortFunc(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		return name[i+1:]
	}
	return name
}
